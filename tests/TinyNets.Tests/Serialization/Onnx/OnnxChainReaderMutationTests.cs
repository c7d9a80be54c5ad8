using Google.Protobuf;
using TinyNets.Serialization;
using TinyNets.Serialization.Onnx;
using TinyNets.Serialization.Onnx.Protos;
using static TinyNets.Tests.Serialization.Onnx.OnnxTestGraph;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// The chain reader's own checks: the input's declared width, a chain that does not reach the output, a node off the
/// chain, values inside a layer that leave it, non-constant weights, attributes of the wrong type, the recognised
/// multi-node forms (each constant checked, a shared subexpression required to be shared), and what an import hands
/// out for a graph without nodes or without producer fields. Messages are pinned whole.
/// </summary>
public class OnnxChainReaderMutationTests
{
    private static ModelProto OneRelu(long features)
    {
        ModelProto model = new OnnxTestGraph(F64, 1).Then("Relu", "/0/Relu").Model();
        model.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimValue = features;
        return model;
    }

    // ---------------------------------------------------------------- the input's width

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(2147483648L)]
    public void An_input_width_that_is_no_positive_int_is_refused(long features) =>
        Refused<ModelFormatException>(OneRelu(features),
            $"At graph.input 'input': the input declares {features} features; a positive count was expected.");

    [Fact]
    public void An_input_width_of_int_MaxValue_is_accepted()
    {
        OnnxImport imported = OnnxFile.Load(OneRelu(int.MaxValue).ToByteArray());

        imported.Network.LayerTypes().Should().Equal(typeof(ReLU));
    }

    // ---------------------------------------------------------------- the chain

    [Fact]
    public void A_chain_that_ends_elsewhere_than_the_output_is_refused()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Relu", "/0/Relu");
        g.Current = g.InputName;

        Refused<NotSupportedException>(g.Model("input"),
            "At graph.output 'input': the chain of layers ends at '/0/Relu:0', not at this output.");
    }

    [Fact]
    public void A_node_that_does_not_take_the_chains_value_is_refused()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Current = g.Node("Relu", "/0/Relu", [g.Initializer("w", [2], [1.0, -2.0])]);

        Refused<NotSupportedException>(g.Model(),
            "At graph.node[0] '/0/Relu' (Relu): the node does not take the chain's current value 'input'; TinyNets reads a chain in which each node takes the previous node's output and constants (a branch or a second path is not supported).");
    }

    [Fact]
    public void A_graph_without_nodes_is_read_as_one_Identity()
    {
        OnnxImport imported = OnnxFile.Load(new OnnxTestGraph(F64, 3).Model("input").ToByteArray());

        imported.Network.LayerTypes().Should().Equal(typeof(Identity));
        imported.OutputName.Should().Be("input");
    }

    // The float64 LeakyReLU form (Greater, Mul, Where) with one of its inner values also used outside the form.
    private static OnnxTestGraph LeakyForm(out string cond, out string mul)
    {
        var g = new OnnxTestGraph(F64, 2);
        string x = g.Current;
        cond = g.Node("Greater", "/0/LeakyRelu/Greater", [x, g.Initializer("0.zero", [], [0.0])]);
        mul = g.Node("Mul", "/0/LeakyRelu/Mul", [x, g.Initializer("0.negative_slope", [], [0.1])]);
        g.Current = g.Node("Where", "/0/LeakyRelu/Where", [cond, x, mul]);
        return g;
    }

    [Fact]
    public void The_LeakyReLU_form_alone_is_read()
    {
        OnnxImport imported = OnnxFile.Load(LeakyForm(out _, out _).Model().ToByteArray());

        imported.Network.Single().Should().BeOfType<LeakyReLU>().Which.NegativeSlope.Should().Be(0.1);
    }

    [Fact]
    public void A_value_inside_a_form_that_is_the_graph_output_is_refused()
    {
        OnnxTestGraph g = LeakyForm(out string cond, out _);
        g.Current = cond;

        Refused<NotSupportedException>(g.Model(),
            "At graph.node[0] '/0/LeakyRelu/Greater' (Greater): its output 'output', inside a layer, is a graph output; the network's output and at most a probabilities output were expected.");
    }

    [Fact]
    public void A_value_inside_a_form_that_a_later_node_takes_is_refused()
    {
        OnnxTestGraph g = LeakyForm(out _, out string mul);
        g.Current = g.Node("Add", "/1/Add", [g.Current, mul]);

        Refused<NotSupportedException>(g.Model(),
            "At graph.node[3] '/1/Add' (Add): the node also takes '/0/LeakyRelu/Mul:0', a value that another layer consumes; TinyNets reads a chain (a branch is not supported).");
    }

    // ---------------------------------------------------------------- constants and attributes

    [Fact]
    public void A_Gemm_whose_weight_is_not_a_constant_is_refused()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Gemm", "/0/Gemm", [g.InputName]);

        Refused<NotSupportedException>(g.Model(),
            "At graph.node[0] '/0/Gemm' (Gemm): B ('input') is not a constant (an initializer or a Constant node); TinyNets reads layers with constant weights.");
    }

    [Fact]
    public void A_float_attribute_stored_as_an_int_is_refused()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("LeakyRelu", "/0/LeakyRelu", Attr.Int("alpha", 1));

        Refused<ModelFormatException>(g.Model(),
            "At graph.node[0] '/0/LeakyRelu' (LeakyRelu): the attribute 'alpha' is of type Int; FLOAT was expected.");
    }

    [Fact]
    public void An_int_attribute_stored_as_a_float_is_refused()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Softmax", "/0/Softmax", Attr.Float("axis", 1));

        Refused<ModelFormatException>(g.Model(),
            "At graph.node[0] '/0/Softmax' (Softmax): the attribute 'axis' is of type Float; INT was expected.");
    }

    // ---------------------------------------------------------------- the multi-node forms

    // SELU's float64 form, then Softplus's (β = 0.5, threshold 7): every operator and constant of both patterns.
    [Fact]
    public void The_float64_SELU_and_Softplus_forms_are_read_as_the_layers()
    {
        ModelProto model = OnnxContractGraphs.Build(new Sequential(new Selu(), new Softplus(beta: 0.5, threshold: 7)));

        OnnxImport imported = OnnxFile.Load(model.ToByteArray());

        imported.Network.LayerTypes().Should().Equal(typeof(Selu), typeof(Softplus));
        var softplus = (Softplus)imported.Network[1];
        (softplus.Beta, softplus.Threshold).Should().Be((0.5, 7.0));
    }

    [Fact]
    public void The_exact_float64_Softplus_form_is_read_as_Softplus_without_a_threshold()
    {
        var g = new OnnxTestGraph(F64, 1);
        OnnxContractGraphs.ExactSoftplus(g, 0);

        OnnxImport imported = OnnxFile.Load(g.Bytes());

        var softplus = imported.Network.Single().Should().BeOfType<Softplus>().Subject;
        (softplus.Beta, softplus.Threshold).Should().Be((1.0, double.MaxValue));
    }

    // The float64 Softplus form with 2 where it adds 1 to e^(−|βx|): the form's constants are checked.
    [Fact]
    public void The_float64_Softplus_form_with_another_one_is_refused()
    {
        ModelProto model = OnnxContractGraphs.Build(new Sequential(new Softplus(beta: 0.5, threshold: 7)));
        int k = model.Graph.Initializer.IndexOf(model.Graph.Initializer.Single(t => t.Name == "0.one"));
        model.Graph.Initializer[k] = Tensor("0.one", [], [2.0], F64, raw: true);

        Refused<NotSupportedException>(model,
            "At graph.node[15] '/0/Softplus/Where_1' (Where): the Softplus form's constant 'one' is 2; TinyNets' Softplus has 1 there (exactly, in float64).");
    }

    // float32's Softplus with β and a threshold: Where(Greater(β·x, threshold), x, Softplus(β·x) / β). The form reads
    // β·x once; a graph that computes it twice (two Mul nodes) is another graph and is refused.
    private static ModelProto Softplus32(bool shared)
    {
        var g = new OnnxTestGraph(F32, 2);
        string x = g.Current;
        string beta = g.Initializer("0.beta", [], [2.0]);
        string bx = g.Node("Mul", "/0/Mul", [x, beta]);
        string again = shared ? bx : g.Node("Mul", "/0/Mul_1", [x, beta]);
        string y = g.Node("Div", "/0/Div", [g.Node("Softplus", "/0/Softplus", [again]), beta]);
        string greater = g.Node("Greater", "/0/Greater", [bx, g.Initializer("0.threshold", [], [5.0])]);
        g.Current = g.Node("Where", "/0/Where", [greater, x, y]);
        return g.Model();
    }

    [Fact]
    public void The_float32_Softplus_form_with_beta_and_threshold_is_read()
    {
        OnnxImport imported = OnnxFile.Load(Softplus32(shared: true).ToByteArray());

        var softplus = imported.Network.Single().Should().BeOfType<Softplus>().Subject;
        (softplus.Beta, softplus.Threshold).Should().Be((2.0, 5.0));
    }

    [Fact]
    public void The_float32_Softplus_form_with_beta_times_x_computed_twice_is_refused() =>
        Refused<NotSupportedException>(Softplus32(shared: false),
            "At graph.node[0] '/0/Mul' (Mul): the chain's value 'input' feeds 3 nodes (graph.node[0] '/0/Mul' (Mul), graph.node[1] '/0/Mul_1' (Mul), graph.node[5] '/0/Where' (Where)), and they are not one of the forms of LeakyReLU, SELU or Softplus that TinyNets exports; a branch is not supported.");

    // ---------------------------------------------------------------- what the import hands out

    [Fact]
    public void Producer_fields_the_file_leaves_out_come_back_null()
    {
        ModelProto model = new OnnxTestGraph(F64, 2).Then("Relu", "/0/Relu").Model();
        model.ClearProducerName();
        model.ClearProducerVersion();
        model.ClearDocString();

        OnnxImport imported = OnnxFile.Load(model.ToByteArray());

        imported.ProducerName.Should().BeNull();
        imported.ProducerVersion.Should().BeNull();
        imported.Description.Should().BeNull();
    }
}
