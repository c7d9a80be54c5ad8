using Google.Protobuf;
using TinyNets.Data;
using TinyNets.Serialization;
using TinyNets.Serialization.Onnx;
using TinyNets.Serialization.Onnx.Protos;
using static TinyNets.Tests.Serialization.Onnx.OnnxTestGraph;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// The chain reader's single-node layers (Gemm, MatMul, the activations, Dropout, a leading Flatten or Reshape) and its
/// multi-node forms (the float64 composites, the Softplus forms, the scalers): each check of the file's data refuses the
/// input just outside it with the whole message (the node, what was found, what was expected) and accepts the input
/// just inside it.
/// </summary>
public class OnnxChainFormsMutationTests
{
    private const string ScaledSoftplusRefusal =
        "Mul is read only as the first node of Mul(x, β), Softplus, Div(β) (torch.onnx's nn.Softplus(beta)), which these nodes are not.";

    private const string ScalerRefusal =
        "Sub is read only as the first node of the scalers TinyNets exports (Sub, Div, Mul, Add with constants), which these nodes are not.";

    private static OnnxImport Loads(ModelProto model) => OnnxFile.Load(model.ToByteArray());

    private static int IndexOf(ModelProto model, string nodeName) => model.Graph.Node.ToList().FindIndex(n => n.Name == nodeName);

    // Points input [index] of the named node at a new float64 scalar initializer holding value.
    private static void Replace(ModelProto model, string nodeName, int index, double value)
    {
        string name = nodeName + "/replaced";
        model.Graph.Initializer.Add(Tensor(name, [], [value], F64, raw: true));
        model.Graph.Node.Single(n => n.Name == nodeName).Input[index] = name;
    }

    // A node added by hand, with exactly these inputs and outputs (none, or several).
    private static void Add(OnnxTestGraph g, string op, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        g.Graph.Node.Add(node);
    }

    private static TensorProto BoolTensor(string name, params int[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Bool };
        t.Int32Data.AddRange(values);
        return t;
    }

    // ================================================================ Gemm

    [Fact]
    public void Gemm_with_the_data_as_its_second_input_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Current = g.Node("Gemm", "/0/Gemm", [g.Initializer("w", [2, 2], new double[4]), "input"]);
        Refused<NotSupportedException>(g.Model(),
            "At graph.node[0] '/0/Gemm' (Gemm): the chain's value 'input' is not Gemm's first input A; TinyNets reads Gemm(x, W, b) with the data [N, in] as A.");
    }

    [Fact]
    public void Gemm_whose_B_or_C_is_not_a_constant_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Gemm", "/0/Gemm", ["input"]);
        Refused<NotSupportedException>(g.Model(),
            "At graph.node[0] '/0/Gemm' (Gemm): B ('input') is not a constant (an initializer or a Constant node); TinyNets reads layers with constant weights.");

        var h = new OnnxTestGraph(F64, 2);
        h.Then("Gemm", "/0/Gemm", [h.Initializer("w", [2, 2], new double[4]), "input"], Attr.Int("transB", 1));
        Refused<NotSupportedException>(h.Model(),
            "At graph.node[0] '/0/Gemm' (Gemm): C ('input') is not a constant (an initializer or a Constant node); TinyNets reads layers with constant weights.");
    }

    [Fact]
    public void Gemm_whose_B_is_not_a_matrix_is_refused()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Gemm", "/0/Gemm", [g.Initializer("w", [4], new double[4])]);
        Refused<ModelFormatException>(g.Model(), "At graph.node[0] '/0/Gemm' (Gemm): B has dims [4]; a matrix was expected.");
    }

    // An optional input left out is named "" (ONNX's convention): Gemm(x, W, "") has no bias.
    [Fact]
    public void Gemm_with_an_empty_C_has_no_bias()
    {
        double[] w = [1, 2, 3, 4, 5, 6];
        var g = new OnnxTestGraph(F64, 3);
        g.Then("Gemm", "/0/Gemm", [g.Initializer("w", [2, 3], w), ""], Attr.Int("transB", 1));

        Loads(g.Model()).Network.HasParameters(0, 2, 3, w, null);
    }

    // C broadcasts over the outputs as [out], [1, out], [1] or []: [1, 1] is one value for every output, [1, 3] fits 3
    // outputs but not 4.
    [Fact]
    public void A_bias_of_dims_1_by_1_broadcasts_and_one_of_dims_1_by_3_is_refused_for_4_outputs_naming_C()
    {
        double[] w = [.. Enumerable.Range(1, 8).Select(v => (double)v)];
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Gemm", "/0/Gemm", [g.Initializer("w", [4, 2], w), g.Initializer("c", [1, 1], [0.25])], Attr.Int("transB", 1));
        Loads(g.Model()).Network.HasParameters(0, 4, 2, w, [0.25, 0.25, 0.25, 0.25]);

        var h = new OnnxTestGraph(F64, 2);
        h.Then("Gemm", "/0/Gemm", [h.Initializer("w", [4, 2], w), h.Initializer("c", [1, 3], [1.0, 2.0, 3.0])], Attr.Int("transB", 1));
        Refused<ModelFormatException>(h.Model(),
            "At graph.node[0] '/0/Gemm' (Gemm): C has dims [1, 3]; a bias of the 4 outputs ([4], [1, 4], [1] or []) was expected.");
    }

    [Fact]
    public void A_weight_with_no_outputs_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 3);
        g.Then("Gemm", "/0/Gemm", [g.Initializer("w", [0, 3], [])], Attr.Int("transB", 1));
        Refused<NotSupportedException>(g.Model(),
            "At graph.node[0] '/0/Gemm' (Gemm): the weight is 0×3 (out×in); a layer needs at least one input and one output.");
    }

    // The first entry of the weight is checked like any other; a bias entry is named by its index alone.
    [Fact]
    public void A_non_finite_first_weight_or_bias_entry_is_refused_with_its_index()
    {
        var g = new OnnxTestGraph(F64, 3);
        g.Then("Gemm", "/0/Gemm", [g.Initializer("w", [2, 3], [double.NegativeInfinity, 0, 0, 0, 0, 0])], Attr.Int("transB", 1));
        Refused<ModelFormatException>(g.Model(), "At graph.node[0] '/0/Gemm' (Gemm): the weight entry [0, 0] is -Infinity; finite values were expected.");

        var h = new OnnxTestGraph(F64, 3);
        h.Then("Gemm", "/0/Gemm", [h.Initializer("w", [4, 3], new double[12]), h.Initializer("b", [4], [0, 1, double.NaN, 3])], Attr.Int("transB", 1));
        Refused<ModelFormatException>(h.Model(), "At graph.node[0] '/0/Gemm' (Gemm): the bias entry [2] is NaN; finite values were expected.");
    }

    // ================================================================ MatMul

    [Fact]
    public void MatMul_with_three_inputs_is_refused()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("MatMul", "/0/MatMul", [g.Initializer("w", [2, 2], new double[4]), g.Initializer("v", [2, 2], new double[4])]);
        Refused<ModelFormatException>(g.Model(), "At graph.node[0] '/0/MatMul' (MatMul): MatMul takes 2 inputs and gives 1 output; the node has 3 and 1.");
    }

    [Fact]
    public void MatMul_whose_weight_is_not_a_constant_matrix_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("MatMul", "/0/MatMul", ["input"]);
        Refused<NotSupportedException>(g.Model(),
            "At graph.node[0] '/0/MatMul' (MatMul): B ('input') is not a constant (an initializer or a Constant node); TinyNets reads layers with constant weights.");

        var h = new OnnxTestGraph(F64, 2);
        h.Then("MatMul", "/0/MatMul", [h.Initializer("w", [4], new double[4])]);
        Refused<NotSupportedException>(h.Model(), "At graph.node[0] '/0/MatMul' (MatMul): the weight has dims [4]; a matrix [in, out] was expected.");
    }

    // The product feeds the Add and a Relu: MatMul is a layer alone, and its output then feeds two nodes, which are no
    // form TinyNets reads (the Add is not taken into the layer, which would leave the Relu on a value inside it).
    [Fact]
    public void A_MatMul_product_that_feeds_an_Add_and_another_node_is_a_branch()
    {
        var g = new OnnxTestGraph(F64, 2);
        string p = g.Node("MatMul", "/0/MatMul", ["input", g.Initializer("w", [2, 2], new double[4])]);
        string a = g.Node("Add", "/1/Add", [p, g.Initializer("b", [2], new double[2])]);
        string r = g.Node("Relu", "/2/Relu", [p]);
        g.Current = g.Node("Add", "/3/Add", [a, r]);
        Refused<NotSupportedException>(g.Model(),
            "At graph.node[1] '/1/Add' (Add): the chain's value '/0/MatMul:0' feeds 2 nodes (graph.node[1] '/1/Add' (Add), graph.node[2] '/2/Relu' (Relu)), "
            + "and they are not one of the forms of LeakyReLU, SELU or Softplus that TinyNets exports; a branch is not supported.");
    }

    [Fact]
    public void MatMul_then_Add_with_a_bias_that_does_not_broadcast_names_the_bias()
    {
        var g = new OnnxTestGraph(F64, 3);
        g.Then("MatMul", "/0/MatMul", [g.Initializer("w", [3, 4], new double[12])]).Then("Add", "/1/Add", [g.Initializer("b", [3], new double[3])]);
        Refused<ModelFormatException>(g.Model(),
            "At graph.node[1] '/1/Add' (Add): the bias 'b' has dims [3]; a bias of the 4 outputs ([4], [1, 4], [1] or []) was expected.");
    }

    // ================================================================ activations

    [Fact]
    public void An_activation_with_two_inputs_is_refused()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Relu", "/0/Relu", [g.Initializer("c", [], [1.0])]);
        Refused<ModelFormatException>(g.Model(), "At graph.node[0] '/0/Relu' (Relu): Relu takes 1 input and gives 1 output; the node has 2 and 1.");
    }

    // ONNX's Selu defaults are α = 1.67326319217681884765625 and γ = 1.05070102214813232421875 (TinyNets' constants to
    // float32, printed shortest as 1.6732632 and 1.050701); another γ is another function.
    [Fact]
    public void Selu_with_another_gamma_is_not_supported()
    {
        var g = new OnnxTestGraph(F32, 2);
        g.Then("Selu", "/0/Selu", Attr.Float("gamma", 1.5f));
        Refused<NotSupportedException>(g.Model(),
            "At graph.node[0] '/0/Selu' (Selu): alpha = 1.6732632 and gamma = 1.5; TinyNets' SELU has the fixed constants α = 1.6732632 and λ = 1.050701 (as float32).");
    }

    // ================================================================ Dropout

    private const string DropoutShape =
        "At graph.node[0] '/0/Dropout' (Dropout): Dropout takes the data (then optionally ratio and training_mode) and gives the output (and optionally the mask).";

    [Fact]
    public void Dropout_with_four_inputs_or_three_outputs_is_refused()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Graph.Initializer.Add(BoolTensor("mode", 0));
        g.Then("Dropout", "/0/Dropout", [g.Initializer("ratio", [], [0.5]), "mode", g.Initializer("extra", [], [0.0])]);
        Refused<ModelFormatException>(g.Model(), DropoutShape);

        var h = new OnnxTestGraph(F64, 2);
        Add(h, "Dropout", "/0/Dropout", ["input"], ["d:0", "d:1", "d:2"]);
        h.Current = "d:0";
        Refused<ModelFormatException>(h.Model(), DropoutShape);
    }

    [Fact]
    public void Dropout_with_a_computed_ratio_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Dropout", "/0/Dropout", ["input"]);
        Refused<NotSupportedException>(g.Model(),
            "At graph.node[0] '/0/Dropout' (Dropout): the input 'input' is not a constant; Dropout is read as an inference no-op only.");
    }

    // Optional inputs left out ("") are the defaults: ratio 0.5 (ONNX's default) and no training mode.
    [Fact]
    public void Dropout_with_its_optional_inputs_named_empty_has_the_default_ratio()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Dropout", "/0/Dropout", [""]);
        Loads(g.Model()).Network[0].Should().BeOfType<Dropout>().Which.P.Should().Be(0.5);

        var h = new OnnxTestGraph(F64, 2);
        h.Then("Dropout", "/0/Dropout", ["", ""]);
        Loads(h.Model()).Network[0].Should().BeOfType<Dropout>().Which.P.Should().Be(0.5);
    }

    // A bool tensor may hold its values in int32_data: 0 is false (an inference no-op), anything else true.
    [Fact]
    public void Training_mode_in_int32_data_is_read_false_or_true()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Graph.Initializer.Add(BoolTensor("mode", 0));
        g.Then("Dropout", "/0/Dropout", [g.Initializer("ratio", [], [0.25]), "mode"]);
        Loads(g.Model()).Network[0].Should().BeOfType<Dropout>().Which.P.Should().Be(0.25);

        var h = new OnnxTestGraph(F64, 2);
        h.Graph.Initializer.Add(BoolTensor("mode", 1));
        h.Then("Dropout", "/0/Dropout", [h.Initializer("ratio", [], [0.25]), "mode"]);
        Refused<NotSupportedException>(h.Model(),
            "At graph.node[0] '/0/Dropout' (Dropout): training_mode is true: the node drops values at random; Dropout is read as an inference no-op only.");
    }

    // ================================================================ Flatten and Reshape

    private static string FlattenRefusal(long axis) =>
        $"At graph.node[0] '/0/Flatten' (Flatten): Flatten with axis = {axis}; TinyNets reads Flatten(axis = 1) of a batch [N, in] only.";

    [Fact]
    public void Flatten_over_axis_0_or_with_a_second_input_or_output_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Flatten", "/0/Flatten", Attr.Int("axis", 0));
        Refused<NotSupportedException>(g.Model(), FlattenRefusal(0));

        var h = new OnnxTestGraph(F64, 2);
        h.Then("Flatten", "/0/Flatten", [h.Initializer("c", [], [1.0])]);
        Refused<NotSupportedException>(h.Model(), FlattenRefusal(1));

        var k = new OnnxTestGraph(F64, 2);
        Add(k, "Flatten", "/0/Flatten", ["input"], ["f:0", "f:1"]);
        k.Current = "f:0";
        Refused<NotSupportedException>(k.Model(), FlattenRefusal(1));
    }

    // Axis −1 of a rank-2 batch is axis 1: Flatten keeps [N, in].
    [Fact]
    public void Flatten_over_axis_minus_1_keeps_the_batch()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Flatten", "/0/Flatten", Attr.Int("axis", -1)).Then("Relu", "/1/Relu");
        Loads(g.Model()).Network.LayerTypes().Should().Equal(typeof(ReLU));
    }

    [Fact]
    public void Reshape_with_three_inputs_is_refused_and_a_computed_shape_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Reshape", "/0/Reshape", [g.Int64Initializer("shape", -1, 2), g.Int64Initializer("extra", 0)]);
        Refused<ModelFormatException>(g.Model(), "At graph.node[0] '/0/Reshape' (Reshape): Reshape takes 2 inputs and gives 1 output; the node has 3 and 1.");

        var h = new OnnxTestGraph(F64, 2);
        h.Then("Reshape", "/0/Reshape", ["input"]);
        Refused<NotSupportedException>(h.Model(), "At graph.node[0] '/0/Reshape' (Reshape): the shape 'input' is not a constant.");
    }

    private static string ReshapeRefusal(string shape, string width) =>
        $"At graph.node[0] '/0/Reshape' (Reshape): the shape is {shape}; TinyNets reads a Reshape to [-1, in] or [0, in] (or the input's fixed batch size) that keeps the batch [N, {width}].";

    // With allowzero = 1, a 0 in the shape is a dimension of size 0, not "keep this one".
    [Fact]
    public void Reshape_to_0_with_allowzero_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 3);
        g.Then("Reshape", "/0/Reshape", [g.Int64Initializer("shape", 0, 3)], Attr.Int("allowzero", 1));
        Refused<NotSupportedException>(g.Model(), ReshapeRefusal("[0, 3]", "3"));
    }

    // The width is read as a positive int: 1 and int.MaxValue are the ends of the range (a symbolic input width takes
    // the shape's), 0 and int.MaxValue + 1 are outside it; a fixed first entry must be the input's fixed batch size.
    [Fact]
    public void Reshape_widths_from_1_to_int_MaxValue_keep_the_batch()
    {
        var g = new OnnxTestGraph(F64, 1);
        g.Then("Reshape", "/0/Reshape", [g.Int64Initializer("shape", -1, 1)]).Then("Relu", "/1/Relu");
        Loads(g.Model()).Network.LayerTypes().Should().Equal(typeof(ReLU));

        var h = new OnnxTestGraph(F64, null);
        h.Then("Reshape", "/0/Reshape", [h.Int64Initializer("shape", -1, int.MaxValue)]);
        Loads(h.Model(features: int.MaxValue)).Network.LayerTypes().Should().Equal(typeof(Identity));
    }

    [Fact]
    public void Reshape_to_width_0_or_above_int_MaxValue_or_to_another_batch_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, null);
        g.Then("Reshape", "/0/Reshape", [g.Int64Initializer("shape", -1, 0)]);
        Refused<NotSupportedException>(g.Model(), ReshapeRefusal("[-1, 0]", "in"));

        var h = new OnnxTestGraph(F64, null);
        h.Then("Reshape", "/0/Reshape", [h.Int64Initializer("shape", -1, 1L + int.MaxValue)]);
        Refused<NotSupportedException>(h.Model(), ReshapeRefusal("[-1, 2147483648]", "in"));

        var k = new OnnxTestGraph(F64, 2);
        k.Then("Reshape", "/0/Reshape", [k.Int64Initializer("shape", 5, 2)]);
        Refused<NotSupportedException>(k.Model(), ReshapeRefusal("[5, 2]", "2"));
    }

    // ================================================================ composites

    // A node without outputs between a composite's nodes is no part of it; it is then refused for itself.
    [Fact]
    public void A_node_without_outputs_inside_a_composite_is_refused_for_itself()
    {
        var g = new OnnxTestGraph(F64, 2);
        string x = g.Current;
        string c = g.Node("Greater", "/0/LeakyRelu/Greater", [x, g.Initializer("0.zero", [], [0.0])]);
        Add(g, "Relu", "/stray/Relu", [g.Initializer("stray", [], [1.0])], []);
        string m = g.Node("Mul", "/0/LeakyRelu/Mul", [x, g.Initializer("0.negative_slope", [], [0.1])]);
        g.Current = g.Node("Where", "/0/LeakyRelu/Where", [c, x, m]);
        Refused<NotSupportedException>(g.Model(),
            "At graph.node[1] '/stray/Relu' (Relu): the node does not take the chain's current value 'output'; TinyNets reads a chain in which each node takes the previous "
            + "node's output and constants (a branch or a second path is not supported).");
    }

    // The LeakyReLU composite matches, but x also feeds a Relu outside it: all of x's consumers must be in the form.
    [Fact]
    public void A_composite_whose_input_also_feeds_another_node_is_a_branch()
    {
        var g = new OnnxTestGraph(F64, 2);
        string x = g.Current;
        string c = g.Node("Greater", "/0/LeakyRelu/Greater", [x, g.Initializer("0.zero", [], [0.0])]);
        string m = g.Node("Mul", "/0/LeakyRelu/Mul", [x, g.Initializer("0.negative_slope", [], [0.1])]);
        string w = g.Node("Where", "/0/LeakyRelu/Where", [c, x, m]);
        g.Node("Relu", "/1/Relu", [x]);
        g.Current = w;
        Refused<NotSupportedException>(g.Model(),
            "At graph.node[0] '/0/LeakyRelu/Greater' (Greater): the chain's value 'input' feeds 4 nodes (graph.node[0] '/0/LeakyRelu/Greater' (Greater), "
            + "graph.node[1] '/0/LeakyRelu/Mul' (Mul), graph.node[2] '/0/LeakyRelu/Where' (Where), graph.node[3] '/1/Relu' (Relu)), "
            + "and they are not one of the forms of LeakyReLU, SELU or Softplus that TinyNets exports; a branch is not supported.");
    }

    [Fact]
    public void A_composite_constant_that_is_not_a_scalar_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        string x = g.Current;
        string c = g.Node("Greater", "/0/LeakyRelu/Greater", [x, g.Initializer("0.zero", [], [0.0])]);
        string m = g.Node("Mul", "/0/LeakyRelu/Mul", [x, g.Initializer("0.negative_slope", [2], [0.1, 0.1])]);
        g.Current = g.Node("Where", "/0/LeakyRelu/Where", [c, x, m]);
        Refused<NotSupportedException>(g.Model(),
            "At graph.node[2] '/0/LeakyRelu/Where' (Where): the constant 'slope' at graph.initializer '0.negative_slope' has dims [2]; a scalar was expected.");
    }

    // Each constant of the SELU composite is TinyNets' exactly: 0, 1, 1, −1, λ and λ·α in float64 (λ = 1.0507009873554805
    // and λ·α = 1.7580993408473766 printed shortest).
    [Theory]
    [InlineData("/0/Selu/Greater", "zero", "0")]
    [InlineData("/0/Selu/Sub", "one", "1")]
    [InlineData("/0/Selu/Equal_1", "one_again", "1")]
    [InlineData("/0/Selu/Equal", "minus_one", "-1")]
    [InlineData("/0/Selu/Mul_1", "lambda", "1.0507009873554805")]
    [InlineData("/0/Selu/Mul_2", "lambda_alpha", "1.7580993408473766")]
    public void Each_SELU_composite_constant_is_checked(string node, string tag, string expected)
    {
        ModelProto model = OnnxContractGraphs.Build(new Sequential(new Selu()));
        Replace(model, node, 1, 2.5);
        int last = IndexOf(model, "/0/Selu/Where_2");
        Refused<NotSupportedException>(model,
            $"At graph.node[{last}] '/0/Selu/Where_2' (Where): the SELU form's constant '{tag}' is 2.5; TinyNets' SELU has {expected} there (exactly, in float64).");
    }

    // The exact float64 Softplus of earlier versions (no β, no threshold) and the float64 form with β and a threshold
    // both hold 1 three times.
    [Theory]
    [InlineData(false, "/0/Softplus/Add", "one")]
    [InlineData(false, "/0/Softplus/Sub", "one_again")]
    [InlineData(false, "/0/Softplus/Equal", "one_third")]
    [InlineData(true, "/0/Softplus/Add", "one")]
    [InlineData(true, "/0/Softplus/Sub", "one_again")]
    [InlineData(true, "/0/Softplus/Equal", "one_third")]
    public void Each_Softplus_composite_one_is_checked(bool withBeta, string node, string tag)
    {
        ModelProto model;
        string last;
        if (withBeta)
        {
            model = OnnxContractGraphs.Build(new Sequential(new Softplus(2, 15)));
            last = "/0/Softplus/Where_1";
        }
        else
        {
            var g = new OnnxTestGraph(F64, 2);
            OnnxContractGraphs.ExactSoftplus(g, 0);
            model = g.Model();
            last = "/0/Softplus/Add_1";
        }

        Replace(model, node, 1, 2);
        string op = withBeta ? "Where" : "Add";
        Refused<NotSupportedException>(model,
            $"At graph.node[{IndexOf(model, last)}] '{last}' ({op}): the Softplus form's constant '{tag}' is 2; TinyNets' Softplus has 1 there (exactly, in float64).");
    }

    [Fact]
    public void A_Softplus_beta_of_0_or_a_different_divisor_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Mul", "/0/Mul", [g.Initializer("beta", [], [0.0])]).Then("Softplus", "/0/Softplus").Then("Div", "/0/Div", [g.Initializer("beta_div", [], [0.0])]);
        Refused<NotSupportedException>(g.Model(), "At graph.node[0] '/0/Mul' (Mul): the Softplus form's beta is 0; a positive finite beta was expected.");

        var h = new OnnxTestGraph(F64, 2);
        h.Then("Mul", "/0/Mul", [h.Initializer("beta", [], [2.0])]).Then("Softplus", "/0/Softplus").Then("Div", "/0/Div", [h.Initializer("beta_div", [], [3.0])]);
        Refused<NotSupportedException>(h.Model(),
            "At graph.node[0] '/0/Mul' (Mul): the Softplus form's constant 'beta_again' is 3; TinyNets' Softplus has 2 there (exactly, in float64).");
    }

    // float32's Where(x > threshold, x, Softplus(x)) with a NaN threshold.
    [Fact]
    public void A_Softplus_threshold_of_NaN_is_not_supported()
    {
        var g = new OnnxTestGraph(F32, 2);
        string x = g.Current;
        string gt = g.Node("Greater", "/0/Greater", [x, g.Initializer("0.threshold", [], [double.NaN])]);
        string s = g.Node("Softplus", "/0/Softplus", [x]);
        g.Current = g.Node("Where", "/0/Where", [gt, x, s]);
        Refused<NotSupportedException>(g.Model(), "At graph.node[2] '/0/Where' (Where): the Softplus form's threshold is NaN; a finite threshold was expected.");
    }

    // ================================================================ Mul, Softplus, Div and the scalers: the walk to the form's last node

    // A Mul or Sub alone (its output the graph's), or without any output (the graph's output then the input itself):
    // there is no form after it.
    [Theory]
    [InlineData("Mul", false)]
    [InlineData("Mul", true)]
    [InlineData("Sub", false)]
    [InlineData("Sub", true)]
    public void A_lone_Mul_or_Sub_is_not_supported(string op, bool noOutput)
    {
        var g = new OnnxTestGraph(F64, 2);
        string c = g.Initializer("c", [], [2.0]);
        ModelProto model;
        if (noOutput)
        {
            Add(g, op, "/0/" + op, ["input", c], []);
            model = g.Model("input");
        }
        else
        {
            g.Then(op, "/0/" + op, [c]);
            model = g.Model();
        }

        Refused<NotSupportedException>(model, $"At graph.node[0] '/0/{op}' ({op}): " + (op == "Mul" ? ScaledSoftplusRefusal : ScalerRefusal));
    }

    // The walk from the Mul reaches the Div, and Mul and Softplus match, but the divisor is computed (a Relu of a
    // constant), not a constant: the form does not match as a whole.
    [Fact]
    public void Mul_Softplus_Div_by_a_computed_value_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        string m = g.Node("Mul", "/0/Mul", ["input", g.Initializer("beta", [], [2.0])]);
        string r = g.Node("Relu", "/r/Relu", [g.Initializer("c", [], [2.0])]);
        string s = g.Node("Softplus", "/0/Softplus", [m]);
        g.Current = g.Node("Div", "/0/Div", [s, r]);
        Refused<NotSupportedException>(g.Model(), "At graph.node[0] '/0/Mul' (Mul): " + ScaledSoftplusRefusal);
    }

    [Fact]
    public void A_scaler_adding_a_computed_value_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        string a = g.Node("Sub", "/s/Sub", ["input", g.Initializer("center", [2], [1.0, 2.0])]);
        string r = g.Node("Relu", "/r/Relu", [g.Initializer("c", [], [0.0])]);
        string b = g.Node("Div", "/s/Div", [a, g.Initializer("scale", [2], [1.0, 2.0])]);
        string m = g.Node("Mul", "/s/Mul", [b, g.Initializer("width", [], [1.0])]);
        g.Current = g.Node("Add", "/s/Add", [m, r]);
        Refused<NotSupportedException>(g.Model(), "At graph.node[0] '/s/Sub' (Sub): " + ScalerRefusal);
    }

    // ================================================================ scalers

    // Sub, Div, Mul, Add with the constants of the given dims (values 1, 2, … per constant, overridable).
    private static ModelProto Scaler(int? features, string prefix, (long[] Dims, double[] Values) sub, (long[] Dims, double[] Values) div,
        (long[] Dims, double[] Values) mul, (long[] Dims, double[] Values) add)
    {
        var g = new OnnxTestGraph(F64, features);
        g.Then("Sub", prefix + "Sub", [g.Initializer("sub", sub.Dims, sub.Values)])
            .Then("Div", prefix + "Div", [g.Initializer("div", div.Dims, div.Values)])
            .Then("Mul", prefix + "Mul", [g.Initializer("mul", mul.Dims, mul.Values)])
            .Then("Add", prefix + "Add", [g.Initializer("add", add.Dims, add.Values)]);
        return g.Model();
    }

    private static (long[], double[]) S(double v) => ([], [v]);

    private static (long[], double[]) V(params double[] v) => ([v.Length], v);

    // The target scaler's inverse alone (no layer before it): Sub(low), Div(width), Mul(scale), Add(center).
    [Fact]
    public void A_target_scaler_alone_is_read()
    {
        OnnxImport imported = Loads(Scaler(2, "/target_scaler/", S(0), S(1), V(4, 0.5), V(1, -2)));

        imported.InputScaler.Should().BeNull();
        StandardScaler target = imported.TargetScaler.Should().BeOfType<StandardScaler>().Subject;
        target.Means.Should().Equal(1, -2);
        target.Scales.Should().Equal(4, 0.5);
        imported.Network.LayerTypes().Should().Equal(typeof(Identity));
    }

    // Vectors in all four places: neither the input scaler (vectors, then scalars) nor the target's (scalars, then vectors).
    [Fact]
    public void A_scaler_with_four_vectors_is_not_supported()
    {
        Refused<NotSupportedException>(Scaler(2, "/s/", V(1, 2), V(1, 2), V(1, 2), V(1, 2)),
            "At graph.node[0] '/s/Sub' (Sub): Sub, Div, Mul, Add are read only as TinyNets' input scaler (before the first layer: vectors, then scalars) "
            + "or its target scaler's inverse (ending at the output: scalars, then vectors).");
    }

    [Fact]
    public void Input_scaler_constants_that_are_matrices_or_of_another_width_are_refused()
    {
        Refused<NotSupportedException>(Scaler(2, "/input_scaler/", ([2, 2], [1, 2, 3, 4]), ([2, 2], [1, 2, 3, 4]), S(1), S(0)),
            "At graph.node[0] '/input_scaler/Sub' (Sub): the input scaler's per-feature constants have dims [2, 2] and [2, 2]; two vectors [features] were expected.");

        Refused<ModelFormatException>(Scaler(3, "/input_scaler/", V(1, 2), V(1, 2), S(1), S(0)),
            "At graph.node[0] '/input_scaler/Sub' (Sub): the input scaler has 2 features, but the chain's value has 3.");
    }

    [Fact]
    public void An_input_scaler_of_one_feature_is_read()
    {
        OnnxImport imported = Loads(Scaler(1, "/input_scaler/", V(3), V(0.5), S(1), S(0)));

        StandardScaler input = imported.InputScaler.Should().BeOfType<StandardScaler>().Subject;
        input.Means.Should().Equal(3);
        input.Scales.Should().Equal(0.5);
    }

    [Fact]
    public void Scaler_constants_no_fitted_scaler_has_are_not_supported()
    {
        Refused<NotSupportedException>(Scaler(2, "/input_scaler/", V(1, 2), V(1, -2), S(1), S(0)),
            "At graph.node[0] '/input_scaler/Sub' (Sub): the input scaler's constants are not those of a fitted TinyNets scaler: "
            + "Scales must be positive; entry 1 is -2. (Parameter 'scales')");

        Refused<NotSupportedException>(Scaler(2, "/target_scaler/", S(0), S(1), V(1, 0), V(1, 2)),
            "At graph.node[0] '/target_scaler/Sub' (Sub): the target scaler's constants are not those of a fitted TinyNets scaler: "
            + "Scales must be positive; entry 1 is 0. (Parameter 'scales')");
    }

    // The scalar places (width and low) take one value each; the target's vectors are two of one length.
    [Fact]
    public void Scaler_widths_and_lows_that_are_vectors_are_not_supported()
    {
        Refused<NotSupportedException>(Scaler(2, "/input_scaler/", V(1, 2), V(1, 2), S(1), V(0, 0)),
            "At graph.node[0] '/input_scaler/Sub' (Sub): the scaler's width and low have dims [] and [2]; scalars were expected.");

        Refused<NotSupportedException>(Scaler(2, "/target_scaler/", S(0), V(1, 1), V(1, 2), V(1, 2)),
            "At graph.node[0] '/target_scaler/Sub' (Sub): the scaler's width and low have dims [] and [2]; scalars were expected.");

        Refused<NotSupportedException>(Scaler(2, "/target_scaler/", S(0), S(1), V(1, 2), V(1, 2, 3)),
            "At graph.node[0] '/target_scaler/Sub' (Sub): the target scaler's per-feature constants have dims [2] and [3]; two vectors [features] were expected.");
    }

    // Width 2 and low 0 are a min-max scaler onto [0, 2]: data minimum = center, maximum = center + scale.
    [Fact]
    public void An_input_scaler_of_width_2_and_low_0_is_a_min_max_scaler()
    {
        OnnxImport imported = Loads(Scaler(2, "/input_scaler/", V(1, -2), V(4, 0.5), S(2), S(0)));

        MinMaxScaler input = imported.InputScaler.Should().BeOfType<MinMaxScaler>().Subject;
        input.DataMin.Should().Equal(1, -2);
        input.DataMax.Should().Equal(5, -1.5);
        input.RangeMin.Should().Be(0);
        input.RangeMax.Should().Be(2);
    }
}
