using System.Buffers.Binary;
using Google.Protobuf;
using TinyNets.Serialization;
using TinyNets.Serialization.Onnx;
using TinyNets.Serialization.Onnx.Protos;
using static TinyNets.Tests.Serialization.Onnx.OnnxExportTestSupport;
using static TinyNets.Tests.Serialization.Onnx.OnnxTestGraph;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// Dropout in ONNX: the export writes an inference-mode Dropout node (ratio as a constant input, no training_mode), which
/// ONNX Runtime runs as the identity, so the model computes Forward in eval mode; the import reads the node back as a
/// Dropout layer with its ratio.
/// </summary>
public class OnnxDropoutTests
{
    private static Sequential Net(double p) =>
        new Sequential(new Linear(4, 6), new ReLU(), new Dropout(p), new Linear(6, 3)).Initialize(8);

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void The_export_computes_Forward_in_eval_mode_in_ONNX_Runtime(double p)
    {
        Sequential net = Net(p); // in training mode: the export is an inference graph whatever the mode
        Matrix<double> x = RandomBatch(4, 40, seed: 2);
        using OnnxRuntimeRunner runner = Load(net);

        Matrix<double> ort = RunF64(runner, x);

        net.Training.Should().BeTrue("exporting changes no mode");
        ShouldMatchExactly(ort, net.Eval().Forward(x), "Dropout in eval mode");
        if (p > 0)
        {
            Matrix<double> training = net.Train().Forward(x);
            training.Should().NotBe(ort, "in training mode Forward drops elements, which the inference graph does not");
        }
    }

    [Fact]
    public void The_float32_export_runs_as_the_identity_too()
    {
        Sequential net = Net(0.5).Eval();
        Matrix<double> x = RandomBatch(4, 40, seed: 2);
        using OnnxRuntimeRunner runner = Load(net, new OnnxExportOptions { ElementType = OnnxElementType.F32 });

        ShouldMatchWithinFloat32Rounding(RunF32(runner, x), net, x, "Dropout float32");
    }

    [Fact]
    public void The_node_is_Dropout_with_the_ratio_as_a_constant_input_and_no_training_mode()
    {
        ModelProto model = ModelProto.Parser.ParseFrom(Net(0.3).ToOnnx());

        NodeProto node = model.Graph.Node.Single(n => n.OpType == "Dropout");
        node.Name.Should().Be("/2/Dropout");
        node.Input.Should().HaveCount(2, "data and ratio; training_mode is absent (false)");
        node.Output.Should().ContainSingle("the mask output is not written");
        node.Attribute.Should().BeEmpty();
        TensorProto ratio = model.Graph.Initializer.Single(t => t.Name == node.Input[1]);
        ratio.Dims.Should().BeEmpty("a scalar");
        ratio.DataType.Should().Be(F64);
        BinaryPrimitives.ReadDoubleLittleEndian(ratio.RawData.Span).Should().Be(0.3);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Export_then_import_gives_back_the_Dropout_layer_in_eval_mode(double p)
    {
        Sequential net = Net(p);

        OnnxImport f64 = OnnxFile.Load(net.ToOnnx());
        OnnxImport f32 = OnnxFile.Load(net.ToOnnx(new OnnxExportOptions { ElementType = OnnxElementType.F32 }));

        f64.Network.ToString().Should().Be(net.ToString());
        f64.Network[2].Should().BeOfType<Dropout>().Which.P.Should().Be(p);
        f64.Network.Training.Should().BeFalse("an ONNX graph is an inference graph");
        ((Dropout)f64.Network[2]).Training.Should().BeFalse();
        f32.Network[2].Should().BeOfType<Dropout>().Which.P.Should().Be((float)p, "a float32 ratio is taken as stored");
    }

    // Before opset 12 the ratio is an attribute; without either, ONNX's default 0.5.
    [Fact]
    public void The_ratio_attribute_of_older_opsets_and_the_default_are_read()
    {
        var withAttribute = new OnnxTestGraph(F64, 2);
        withAttribute.Then("Dropout", "/0/Dropout", Attr.Float("ratio", 0.25f));
        var withNone = new OnnxTestGraph(F64, 2);
        withNone.Then("Dropout", "/0/Dropout");

        OnnxFile.Load(withAttribute.Bytes(opset: 10)).Network[0].Should().BeOfType<Dropout>().Which.P.Should().Be(0.25);
        OnnxFile.Load(withNone.Bytes()).Network[0].Should().BeOfType<Dropout>().Which.P.Should().Be(0.5);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.25)]
    public void A_ratio_outside_0_to_1_is_refused(double ratio)
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Dropout", "/0/Dropout", [g.Initializer("ratio", [], [ratio])]);

        Action act = () => OnnxFile.Load(g.Bytes());

        act.Should().Throw<ModelFormatException>()
            .WithMessage($"*graph.node[0] '/0/Dropout' (Dropout)*the ratio is {ratio.ToString(System.Globalization.CultureInfo.InvariantCulture)}; a probability 0 <= ratio <= 1 was expected*");
    }

    [Fact]
    public void A_ratio_that_is_not_a_scalar_is_refused()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Dropout", "/0/Dropout", [g.Initializer("ratio", [2], [0.5, 0.5])]);

        Action act = () => OnnxFile.Load(g.Bytes());

        act.Should().Throw<ModelFormatException>().WithMessage("*a scalar was expected*");
    }

    [Fact]
    public void A_false_training_mode_is_accepted()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Graph.Initializer.Add(new TensorProto { Name = "training_mode", DataType = (int)TensorProto.Types.DataType.Bool, RawData = ByteString.CopyFrom([0]) });
        g.Then("Dropout", "/0/Dropout", [g.Initializer("ratio", [], [0.125]), "training_mode"]);

        OnnxFile.Load(g.Bytes()).Network[0].Should().BeOfType<Dropout>().Which.P.Should().Be(0.125);
    }
}
