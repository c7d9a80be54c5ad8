using System.Collections;
using System.IO;
using TinyNets.Data;
using TinyNets.Serialization.Onnx;
using TinyNets.Serialization.Onnx.Export;
using TinyNets.Serialization.Onnx.Protos;
using static TinyNets.Tests.Serialization.Onnx.OnnxExportTestSupport;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// The exporter's argument checks and their order (the first wrong argument is the one named), its messages pinned
/// whole, the graph builder's renaming and naming rules, and proto fields the runtime cannot tell apart (Softmax's
/// axis −1 and Dropout's ratio input) pinned in the file.
/// </summary>
public class OnnxExportMutationTests
{
    private static Sequential Net() => new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2)).Initialize(1);

    private static ModelProto Model(Sequential network, OnnxExportOptions? options = null) => ModelProto.Parser.ParseFrom(network.ToOnnx(options));

    // ---------------------------------------------------------------- argument checks and their order

    [Fact]
    public void SaveOnnx_names_the_network_first_then_the_path_or_stream_before_exporting()
    {
        FluentActions.Invoking(() => ((Sequential)null!).SaveOnnx("")).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("network");
        FluentActions.Invoking(() => ((Sequential)null!).SaveOnnx((Stream)null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("network");

        // The path is checked before the network is exported (which would refuse the unknown layer).
        var unsupported = new Sequential(new Linear(2, 2), new OnnxExportErrorTests.Doubler());
        FluentActions.Invoking(() => unsupported.SaveOnnx("")).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("path");
    }

    [Fact]
    public void Build_names_a_null_network_or_options()
    {
        FluentActions.Invoking(() => OnnxModelExporter.Build(null!, new OnnxExportOptions())).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("network");
        FluentActions.Invoking(() => OnnxModelExporter.Build(Net(), null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("options");
    }

    // Every layer is checked before the scalers: the unknown layer is the error named, not the scaler's size.
    [Fact]
    public void An_unknown_layer_is_named_before_a_wrong_scaler()
    {
        var net = new Sequential(new Linear(3, 4), new OnnxExportErrorTests.Doubler());
        var options = new OnnxExportOptions { InputScaler = StandardScaler.FromFitted(new double[5], [1, 1, 1, 1, 1]) };
        FluentActions.Invoking(() => net.ToOnnx(options)).Should().Throw<NotSupportedException>().Which.Message.Should().Be(
            "Layer 1 (TinyNets.Tests.Serialization.Onnx.OnnxExportErrorTests+Doubler: Doubler()) cannot be exported to ONNX; the exporter writes Linear, ReLU, LeakyReLU, Sigmoid, Tanh, Selu, Softplus, Identity, Softmax, LogSoftmax and Dropout layers.");
    }

    [Fact]
    public void A_probabilities_name_taken_by_a_weight_is_refused()
    {
        var options = new OnnxExportOptions { Probabilities = OnnxProbabilities.Softmax, ProbabilitiesName = "0.weight" };
        ArgumentException e = FluentActions.Invoking(() => Net().ToOnnx(options)).Should().Throw<ArgumentException>().Which;
        e.Message.Should().Be("ProbabilitiesName \"0.weight\" is the name of a tensor of the exported graph (an initializer or an intermediate value); choose another name. (Parameter 'options')");
    }

    // The output took the last layer's value: its old name is free again for the probabilities.
    [Fact]
    public void A_probabilities_name_freed_by_the_output_s_renaming_is_accepted()
    {
        Sequential net = Net();
        var options = new OnnxExportOptions { Probabilities = OnnxProbabilities.Sigmoid, ProbabilitiesName = "/2/Gemm:0" };
        byte[] bytes = net.ToOnnx(options);
        Matrix<double> x = RandomBatch(3, 5, 11);
        using var runner = new OnnxRuntimeRunner(bytes);
        Matrix<double> p = RunF64(runner, x, output: "/2/Gemm:0");
        ShouldMatchExactly(p, net.Forward(x).Map(v => 1.0 / (1.0 + Math.Exp(-v))), "sigmoid probabilities");
    }

    [Fact]
    public void A_metadata_entry_with_a_null_key_is_refused()
    {
        var options = new OnnxExportOptions { Metadata = new NullKeyDictionary() };
        FluentActions.Invoking(() => Net().ToOnnx(options)).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Metadata entry \"(null)\" has a null key or value; strings were expected. (Parameter 'options')");
    }

    // ---------------------------------------------------------------- proto fields

    // On [N, classes] axis 1 and axis −1 compute the same: the file's attribute is what tells them apart.
    [Fact]
    public void The_probabilities_Softmax_is_over_axis_minus_1()
    {
        ModelProto model = Model(Net(), new OnnxExportOptions { Probabilities = OnnxProbabilities.Softmax });
        NodeProto softmax = model.Graph.Node.Single(n => n.OpType == "Softmax");
        softmax.Name.Should().Be("/probabilities/Softmax");
        softmax.Input.Should().Equal("output");
        softmax.Output.Should().Equal("probabilities");
        softmax.Attribute.Should().ContainSingle();
        softmax.Attribute[0].Name.Should().Be("axis");
        softmax.Attribute[0].Type.Should().Be(AttributeProto.Types.AttributeType.Int);
        softmax.Attribute[0].I.Should().Be(-1);
    }

    // Dropout(x, ratio) with the ratio as the initializer "k.ratio": the runtime ignores the ratio in inference.
    [Fact]
    public void Dropout_is_a_Dropout_node_reading_its_ratio_initializer()
    {
        var net = new Sequential(new Linear(2, 3), new Dropout(0.25)).Initialize(2);
        ModelProto model = Model(net);
        NodeProto dropout = model.Graph.Node[1];
        dropout.OpType.Should().Be("Dropout");
        dropout.Name.Should().Be("/1/Dropout");
        dropout.Input.Should().Equal("/0/Gemm:0", "1.ratio");
        TensorProto ratio = model.Graph.Initializer.Single(t => t.Name == "1.ratio");
        ratio.Dims.Should().BeEmpty();
        ratio.DataType.Should().Be((int)TensorProto.Types.DataType.Double);
        BitConverter.ToDouble(ratio.RawData.ToByteArray()).Should().Be(0.25);
    }

    // ---------------------------------------------------------------- float32 Softplus β

    [Fact]
    public void F32_a_Softplus_beta_beyond_float32_or_rounding_to_0_is_refused()
    {
        var f32 = new OnnxExportOptions { ElementType = OnnxElementType.F32 };
        var huge = new Sequential(new Linear(2, 2), new Softplus(beta: 1e300));
        FluentActions.Invoking(() => huge.ToOnnx(f32)).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Layer 1 (Softplus(beta=1E+300, threshold=20)) has a beta of 1E+300, beyond float32's range (±3.4028235E+38); export as F64. (Parameter 'network')");
        var tiny = new Sequential(new Linear(2, 2), new Softplus(beta: 1e-50));
        FluentActions.Invoking(() => tiny.ToOnnx(f32)).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Layer 1 (Softplus(beta=1E-50, threshold=20)) has a beta of 1E-50, which rounds to 0 in float32; export as F64. (Parameter 'network')");
    }

    [Fact]
    public void F32_a_scaler_width_beyond_float32_is_named()
    {
        var options = new OnnxExportOptions { ElementType = OnnxElementType.F32, InputScaler = MinMaxScaler.FromFitted([0.0, 0.0, 0.0], [1.0, 1.0, 1.0], 0.0, 1e39) };
        FluentActions.Invoking(() => Net().ToOnnx(options)).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "InputScaler value \"input_scaler.width\" is 1E+39, beyond float32's range (±3.4028235E+38); export as F64 or keep the values within that range. (Parameter 'options')");
    }

    // ---------------------------------------------------------------- the graph builder

    [Fact]
    public void RenameOutput_renames_any_node_s_output_and_moves_the_name()
    {
        var b = new OnnxGraphBuilder(OnnxElementType.F64);
        string a = b.Node("/a", "Relu", "x");
        string c = b.Node("/c", "Relu", a);
        b.RenameOutput(a, "y");
        b.Graph.Node[0].Output.Should().Equal("y");
        b.Graph.Node[1].Output.Should().Equal(c);
        b.IsUsed(a).Should().BeFalse();
        b.IsUsed("y").Should().BeTrue();
        b.Node("/a", "Relu", "y").Should().Be("/a_1:0");
        b.Node("/a", "Relu", "y").Should().Be("/a_2:0");
        FluentActions.Invoking(() => b.Scalar("y", 1.0, "Scalar \"y\"", "p")).Should().Throw<InvalidOperationException>().Which.Message.Should().Be("The value name y is used twice.");
        FluentActions.Invoking(() => b.RenameOutput("missing", "z")).Should().Throw<InvalidOperationException>().Which.Message.Should().Be("No node writes missing.");
    }

    [Fact]
    public void A_non_finite_scalar_is_named_without_an_entry()
    {
        var b = new OnnxGraphBuilder(OnnxElementType.F64);
        FluentActions.Invoking(() => b.Scalar("s", double.NaN, "Scalar \"s\"", "p")).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "Scalar \"s\" is NaN; only finite values can be exported. (Parameter 'p')");
    }

    /// <summary>A read-only dictionary whose one entry has a null key (a plain Dictionary cannot hold one).</summary>
    private sealed class NullKeyDictionary : IReadOnlyDictionary<string, string>
    {
        public string this[string key] => throw new KeyNotFoundException();

        public IEnumerable<string> Keys => [null!];

        public IEnumerable<string> Values => ["v"];

        public int Count => 1;

        public bool ContainsKey(string key) => false;

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator()
        {
            yield return new KeyValuePair<string, string>(null!, "v");
        }

        public bool TryGetValue(string key, out string value)
        {
            value = "";
            return false;
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
