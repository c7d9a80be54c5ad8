using System.IO;
using Google.Protobuf;
using TinyNets.Serialization;
using TinyNets.Serialization.Onnx;
using TinyNets.Serialization.Onnx.Protos;
using static TinyNets.Tests.Serialization.Onnx.OnnxTestGraph;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// Files that are malformed (<see cref="ModelFormatException"/>) or valid but beyond a chain of supported layers
/// (<see cref="NotSupportedException"/>): each refusal names the place (the node, its operator, the tensor) and what was
/// expected; sizes a file claims are never allocated before the bytes are there.
/// </summary>
public class OnnxImportHostileFileTests
{
    // A valid model: Gemm(3 → 4) + bias, Relu, Gemm(4 → 2).
    private static OnnxTestGraph Valid(out string[] initializers)
    {
        var g = new OnnxTestGraph(F64, 3);
        initializers = ["0.weight", "0.bias", "2.weight"];
        g.Then("Gemm", "/0/Gemm", [g.Initializer("0.weight", [4, 3], new double[12]), g.Initializer("0.bias", [4], new double[4])], Attr.Int("transB", 1))
            .Then("Relu", "/1/Relu")
            .Then("Gemm", "/2/Gemm", [g.Initializer("2.weight", [2, 4], new double[8])], Attr.Int("transB", 1));
        return g;
    }

    private static ModelProto ValidModel() => Valid(out _).Model();

    private static T Refused<T>(byte[] bytes, params string[] fragments)
        where T : Exception
    {
        T e = FluentActions.Invoking(() => OnnxFile.Load(bytes)).Should().Throw<T>().Which;
        foreach (string f in fragments)
        {
            e.Message.Should().Contain(f);
        }

        return e;
    }

    private static T Refused<T>(ModelProto model, params string[] fragments)
        where T : Exception => Refused<T>(model.ToByteArray(), fragments);

    private static TensorProto Initializer(ModelProto model, string name) => model.Graph.Initializer.Single(t => t.Name == name);

    // ---------------------------------------------------------------- bytes that are no model

    [Fact]
    public void Empty_input_is_refused() =>
        Refused<ModelFormatException>([], "byte 0", "empty").Location.Should().Be("byte 0");

    [Fact]
    public void Truncated_protobuf_is_refused_at_every_cut()
    {
        byte[] bytes = ValidModel().ToByteArray();
        OnnxFile.Load(bytes).Network.Count.Should().Be(3);
        for (int cut = 1; cut < bytes.Length; cut++)
        {
            ModelFormatException e = FluentActions.Invoking(() => OnnxFile.Load(bytes.AsSpan(0, cut)))
                .Should().Throw<ModelFormatException>($"the model cut after {cut} of {bytes.Length} bytes").Which;
            e.Location.Should().NotBeNullOrEmpty();
        }
    }

    [Fact]
    public void A_truncated_model_mid_graph_is_named_as_protobuf()
    {
        byte[] bytes = ValidModel().ToByteArray();
        Refused<ModelFormatException>(bytes[..(bytes.Length / 2)], "protobuf").Location.Should().Be("protobuf");
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 100)]
    [InlineData(3, 1000)]
    [InlineData(4, 4096)]
    [InlineData(5, 7)]
    public void Random_bytes_are_refused(int seed, int length)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        Refused<ModelFormatException>(bytes);
    }

    [Fact]
    public void Missing_graph_is_refused() =>
        Refused<ModelFormatException>(new ModelProto { IrVersion = 10, OpsetImport = { new OperatorSetIdProto { Version = 21 } } }, "model.graph", "no graph");

    [Fact]
    public void Missing_opset_is_refused()
    {
        ModelProto model = ValidModel();
        model.OpsetImport.Clear();
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "ai.onnx.ml", Version = 3 });
        Refused<ModelFormatException>(model, "model.opset_import", "default ONNX domain");
    }

    [Fact]
    public void Opset_below_7_is_not_supported()
    {
        ModelProto model = ValidModel();
        model.OpsetImport[0].Version = 6;
        Refused<NotSupportedException>(model, "model.opset_import", "opset is 6", "7");
    }

    // ---------------------------------------------------------------- tensors that lie

    // 10^12 elements declared over 8 bytes of data: refused from the dims and the bytes present, without allocating.
    [Fact]
    public void A_tensor_declaring_10_to_the_12_elements_is_refused_without_allocating()
    {
        ModelProto model = ValidModel();
        TensorProto w = Initializer(model, "0.weight");
        w.Dims.Clear();
        w.Dims.AddRange([1_000_000, 1_000_000]);
        w.RawData = ByteString.CopyFrom(new byte[8]);
        byte[] bytes = model.ToByteArray();

        long before = GC.GetAllocatedBytesForCurrentThread();
        Refused<ModelFormatException>(bytes, "graph.initializer '0.weight'", "1000000000000 elements", "holds 1");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan((16L * bytes.Length) + 1_000_000);
    }

    [Fact]
    public void Dims_whose_product_overflows_are_refused_without_allocating()
    {
        ModelProto model = ValidModel();
        TensorProto w = Initializer(model, "0.weight");
        w.Dims.Clear();
        w.Dims.AddRange([1L << 40, 1L << 40]);
        byte[] bytes = model.ToByteArray();

        long before = GC.GetAllocatedBytesForCurrentThread();
        Refused<ModelFormatException>(bytes, "graph.initializer '0.weight'", "multiply to more than");
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan((16L * bytes.Length) + 1_000_000);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(13)]
    public void Data_shorter_or_longer_than_the_dims_is_refused(int values)
    {
        ModelProto model = ValidModel();
        Initializer(model, "0.weight").RawData = ByteString.CopyFrom(new byte[values * 8]);
        Refused<ModelFormatException>(model, "graph.initializer '0.weight'", "declare 12 elements", $"holds {values}");
    }

    [Fact]
    public void Typed_data_shorter_than_the_dims_is_refused()
    {
        ModelProto model = ValidModel();
        TensorProto w = Initializer(model, "0.weight");
        w.ClearRawData();
        w.DoubleData.AddRange(new double[5]);
        Refused<ModelFormatException>(model, "graph.initializer '0.weight'", "declare 12 elements", "holds 5");
    }

    [Fact]
    public void Raw_data_not_a_multiple_of_the_element_size_is_refused()
    {
        ModelProto model = ValidModel();
        Initializer(model, "0.bias").RawData = ByteString.CopyFrom(new byte[31]);
        Refused<ModelFormatException>(model, "graph.initializer '0.bias'", "31 bytes", "element size 8");
    }

    [Fact]
    public void Negative_dims_are_refused()
    {
        ModelProto model = ValidModel();
        TensorProto w = Initializer(model, "0.weight");
        w.Dims[0] = -4;
        Refused<ModelFormatException>(model, "graph.initializer '0.weight'", "dims[0] is -4");
    }

    [Fact]
    public void An_unknown_data_type_is_refused_and_an_integer_one_is_not_supported()
    {
        ModelProto model = ValidModel();
        Initializer(model, "0.weight").DataType = 99;
        Refused<ModelFormatException>(model, "graph.initializer '0.weight'", "data_type is 99");

        model = ValidModel();
        Initializer(model, "0.weight").DataType = (int)TensorProto.Types.DataType.Int32;
        Refused<NotSupportedException>(model, "graph.initializer '0.weight'", "Int32", "float32 (1) or float64 (11)");
    }

    [Fact]
    public void External_data_is_not_supported()
    {
        ModelProto model = ValidModel();
        TensorProto w = Initializer(model, "0.weight");
        w.ClearRawData();
        w.DataLocation = TensorProto.Types.DataLocation.External;
        w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
        Refused<NotSupportedException>(model, "graph.initializer '0.weight'", "external file");
    }

    [Fact]
    public void A_missing_initializer_is_refused()
    {
        ModelProto model = ValidModel();
        model.Graph.Initializer.Remove(Initializer(model, "2.weight"));
        Refused<ModelFormatException>(model, "graph.node[2] '/2/Gemm' (Gemm)", "'2.weight'", "no graph input, initializer or node output");
    }

    // ---------------------------------------------------------------- graphs out of order

    [Fact]
    public void A_cycle_is_refused()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Graph.Node.Add(new NodeProto { OpType = "Add", Name = "a", Input = { "input", "b:0" }, Output = { "a:0" } });
        g.Graph.Node.Add(new NodeProto { OpType = "Relu", Name = "b", Input = { "a:0" }, Output = { "b:0" } });
        g.Current = "b:0";
        // The builder renames the last value to the graph output "output".
        Refused<ModelFormatException>(g.Model(), "graph.node[0] 'a' (Add)", "the input 'output'", "used before", "topological order");
    }

    [Fact]
    public void Nodes_out_of_order_are_refused()
    {
        ModelProto model = ValidModel();
        NodeProto relu = model.Graph.Node[1];
        model.Graph.Node.RemoveAt(1);
        model.Graph.Node.Add(relu);
        Refused<ModelFormatException>(model, "graph.node[1] '/2/Gemm' (Gemm)", "used before");
    }

    [Fact]
    public void A_value_produced_twice_is_refused()
    {
        ModelProto model = ValidModel();
        model.Graph.Node[1].Output[0] = model.Graph.Node[0].Output[0];
        Refused<ModelFormatException>(model, "graph.node[1] '/1/Relu' (Relu)", "produced a second time");
    }

    // ---------------------------------------------------------------- valid graphs TinyNets cannot represent

    [Fact]
    public void A_branch_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Gemm", "/0/Gemm", [g.Initializer("0.weight", [2, 2], new double[4])], Attr.Int("transB", 1));
        string y = g.Current;
        string r = g.Node("Relu", "/1/Relu", [y]);
        string s = g.Node("Sigmoid", "/2/Sigmoid", [y]);
        g.Current = g.Node("Add", "/3/Add", [r, s]);
        Refused<NotSupportedException>(g.Model(), "graph.node[1] '/1/Relu' (Relu)", "feeds 2 nodes", "branch");
    }

    [Fact]
    public void A_node_beside_the_chain_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Relu", "/0/Relu");
        string a = g.Current;
        g.Current = "input";
        g.Then("Relu", "/1/Relu");
        g.Current = g.Node("Add", "/2/Add", [a, g.Current]);
        Refused<NotSupportedException>(g.Model(), "branch");
    }

    [Fact]
    public void An_unsupported_operator_is_named()
    {
        ModelProto model = ValidModel();
        model.Graph.Node[1].OpType = "Conv";
        Refused<NotSupportedException>(model, "graph.node[1] '/1/Relu' (Conv)", "'Conv' is not supported");
    }

    [Fact]
    public void An_operator_of_another_domain_is_not_supported()
    {
        ModelProto model = ValidModel();
        model.Graph.Node[1].Domain = "com.microsoft";
        Refused<NotSupportedException>(model, "graph.node[1] '/1/Relu' (Relu)", "com.microsoft");
    }

    [Fact]
    public void Gemm_with_transA_is_not_supported()
    {
        ModelProto model = ValidModel();
        model.Graph.Node[0].Attribute.Add(Attr.Int("transA", 1));
        Refused<NotSupportedException>(model, "graph.node[0] '/0/Gemm' (Gemm)", "transA = 1", "columns");
    }

    [Fact]
    public void MatMul_with_the_data_second_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Current = g.Node("MatMul", "/0/MatMul", [g.Initializer("w", [2, 2], new double[4]), "input"]);
        Refused<NotSupportedException>(g.Model(), "graph.node[0] '/0/MatMul' (MatMul)", "first input");
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-2L)]
    public void Softmax_over_another_axis_is_not_supported(long axis)
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Softmax", "/0/Softmax", Attr.Int("axis", axis));
        Refused<NotSupportedException>(g.Model(), "graph.node[0] '/0/Softmax' (Softmax)", $"axis = {axis}");
    }

    [Fact]
    public void Selu_with_other_constants_is_not_supported()
    {
        var g = new OnnxTestGraph(F32, 2);
        g.Then("Selu", "/0/Selu", Attr.Float("alpha", 1.5f));
        Refused<NotSupportedException>(g.Model(), "graph.node[0] '/0/Selu' (Selu)", "alpha = 1.5", "fixed constants");
    }

    [Fact]
    public void A_composite_with_other_constants_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        string x = g.Current;
        string c = g.Node("Greater", "/0/LeakyRelu/Greater", [x, g.Initializer("0.zero", [], [1.0])]);
        string m = g.Node("Mul", "/0/LeakyRelu/Mul", [x, g.Initializer("0.negative_slope", [], [0.1])]);
        g.Current = g.Node("Where", "/0/LeakyRelu/Where", [c, x, m]);
        Refused<NotSupportedException>(g.Model(), "(Where)", "'zero' is 1");
    }

    [Fact]
    public void Mismatched_widths_are_refused()
    {
        ModelProto model = ValidModel();
        TensorProto w = Initializer(model, "2.weight");
        w.Dims[1] = 5;
        w.Dims[0] = 2;
        w.RawData = ByteString.CopyFrom(new byte[10 * 8]);
        Refused<ModelFormatException>(model, "graph.node[2] '/2/Gemm' (Gemm)", "takes 5 input features", "has 4");
    }

    [Fact]
    public void A_bias_of_the_wrong_length_is_refused()
    {
        ModelProto model = ValidModel();
        TensorProto b = Initializer(model, "0.bias");
        b.Dims[0] = 3;
        b.RawData = ByteString.CopyFrom(new byte[3 * 8]);
        Refused<ModelFormatException>(model, "graph.node[0] '/0/Gemm' (Gemm)", "dims [3]", "4 outputs");
    }

    [Fact]
    public void An_input_width_that_does_not_match_the_first_layer_is_refused()
    {
        ModelProto model = ValidModel();
        model.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimValue = 7;
        Refused<ModelFormatException>(model, "graph.node[0] '/0/Gemm' (Gemm)", "takes 3 input features", "has 7");
    }

    [Fact]
    public void Two_data_inputs_are_not_supported()
    {
        ModelProto model = ValidModel();
        model.Graph.Input.Add(Value("mask", F64, null, 3));
        Refused<NotSupportedException>(model, "graph.input", "2 data inputs", "'mask'");
    }

    [Fact]
    public void An_integer_input_is_not_supported()
    {
        ModelProto model = ValidModel();
        model.Graph.Input[0].Type.TensorType.ElemType = (int)TensorProto.Types.DataType.Int64;
        Refused<NotSupportedException>(model, "graph.input 'input'", "element type is 7");
    }

    [Fact]
    public void An_intermediate_value_as_an_output_is_not_supported()
    {
        ModelProto model = ValidModel();
        model.Graph.Output.Add(Value("/1/Relu:0", F64, null, 4));
        Refused<NotSupportedException>(model, "graph.output", "neither is Softmax or Sigmoid of the other");
    }

    [Fact]
    public void A_used_Dropout_mask_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Graph.Node.Add(new NodeProto { OpType = "Dropout", Name = "/0/Dropout", Input = { "input" }, Output = { "d:0", "d:1" } });
        g.Current = g.Node("Where", "/1/Where", ["d:1", "d:0", g.Initializer("zero", [], [0.0])]);
        Refused<NotSupportedException>(g.Model(), "graph.node[0] '/0/Dropout' (Dropout)", "mask");
    }

    [Fact]
    public void Reshape_after_the_first_node_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Relu", "/0/Relu").Then("Reshape", "/1/Reshape", [g.Int64Initializer("shape", -1, 2)]);
        Refused<NotSupportedException>(g.Model(), "graph.node[1] '/1/Reshape' (Reshape)", "first node");
    }

    [Fact]
    public void Reshape_that_changes_the_batch_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 4);
        g.Then("Reshape", "/0/Reshape", [g.Int64Initializer("shape", -1, 2)]);
        Refused<NotSupportedException>(g.Model(), "graph.node[0] '/0/Reshape' (Reshape)", "[-1, 2]");
    }

    [Fact]
    public void Probabilities_with_a_target_scaler_are_not_supported()
    {
        var network = new Sequential(new Linear(2, 2)).Initialize(1);
        var target = TinyNets.Data.StandardScaler.FromFitted([1.0, 2.0], [3.0, 4.0]);
        ModelProto model = OnnxContractGraphs.Build(network, targetScaler: target, probabilities: OnnxProbabilities.Softmax);
        Refused<NotSupportedException>(model, "graph.output 'probabilities'", "target scaler");
    }

    [Fact]
    public void A_failing_file_is_named_in_the_message()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            ModelProto model = ValidModel();
            model.Graph.Node[1].OpType = "Conv";
            File.WriteAllBytes(path, model.ToByteArray());
            FluentActions.Invoking(() => OnnxFile.Load(path)).Should().Throw<NotSupportedException>().Which.Message.Should().StartWith(path + ", at graph.node[1]");
        }
        finally
        {
            File.Delete(path);
        }
    }
    [Fact]
    public void Dropout_in_training_mode_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        var mode = new TensorProto { Name = "training_mode", DataType = (int)TensorProto.Types.DataType.Bool, RawData = ByteString.CopyFrom([1]) };
        g.Graph.Initializer.Add(mode);
        g.Then("Dropout", "/0/Dropout", [g.Initializer("ratio", [], [0.5]), "training_mode"]);
        Refused<NotSupportedException>(g.Model(), "graph.node[0] '/0/Dropout' (Dropout)", "training_mode is true");
    }

    [Fact]
    public void A_non_finite_weight_is_refused()
    {
        ModelProto model = ValidModel();
        Initializer(model, "0.weight").RawData = ByteString.CopyFrom([.. new byte[40], .. BitConverter.GetBytes(double.NaN), .. new byte[48]]);
        Refused<ModelFormatException>(model, "graph.node[0] '/0/Gemm' (Gemm)", "weight entry [1, 2] is NaN");
    }

    [Fact]
    public void Raw_and_typed_data_together_are_refused()
    {
        ModelProto model = ValidModel();
        Initializer(model, "0.bias").DoubleData.AddRange(new double[4]);
        Refused<ModelFormatException>(model, "graph.initializer '0.bias'", "both raw_data and typed values");
    }

    [Fact]
    public void Duplicate_initializers_are_refused()
    {
        ModelProto model = ValidModel();
        model.Graph.Initializer.Add(Initializer(model, "0.bias").Clone());
        Refused<ModelFormatException>(model, "graph.initializer[3] '0.bias'", "not given to another initializer");
    }

    [Fact]
    public void A_Constant_with_an_unread_attribute_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        string c = g.Node("Constant", "/0/Constant", [], Attr.Int("value_int", 3));
        g.Then("Gemm", "/0/Gemm", [c], Attr.Int("transB", 1));
        Refused<NotSupportedException>(g.Model(), "graph.node[0] '/0/Constant' (Constant)", "'value_int'");
    }

    [Fact]
    public void An_input_of_rank_3_is_not_supported()
    {
        ModelProto model = ValidModel();
        model.Graph.Input[0].Type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 2 });
        Refused<NotSupportedException>(model, "graph.input 'input'", "rank 3");
    }

    [Fact]
    public void A_Sub_outside_the_scaler_forms_is_not_supported()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Then("Relu", "/0/Relu").Then("Sub", "/1/Sub", [g.Initializer("c", [2], [1.0, 2.0])]);
        Refused<NotSupportedException>(g.Model(), "graph.node[1] '/1/Sub' (Sub)", "scalers");
    }

    [Fact]
    public void Repeated_metadata_keys_are_refused()
    {
        ModelProto model = ValidModel();
        model.MetadataProps.Add(new StringStringEntryProto { Key = "k", Value = "1" });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "k", Value = "2" });
        Refused<ModelFormatException>(model, "model.metadata_props[1] 'k'", "repeated");
    }

    [Fact]
    public void An_output_width_that_does_not_match_the_last_layer_is_refused()
    {
        ModelProto model = Valid(out _).Model(features: 5);
        Refused<ModelFormatException>(model, "graph.output 'output'", "declares 5 features", "computes 2");
    }

    [Fact]
    public void A_graph_output_no_node_produces_is_refused()
    {
        ModelProto model = ValidModel();
        model.Graph.Output[0].Name = "elsewhere";
        Refused<ModelFormatException>(model, "graph.output 'elsewhere'", "no node produces");
    }
}
