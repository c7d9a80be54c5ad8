using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Google.Protobuf;
using TinyNets.Serialization;
using TinyNets.Serialization.Onnx;
using TinyNets.Serialization.Onnx.Import;
using TinyNets.Serialization.Onnx.Protos;
using TinyNets.Tests.Support;
using static TinyNets.Tests.Serialization.Onnx.OnnxTestGraph;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// The import's checks of the graph, its constants, its tensors and the bytes read, each at the boundary the check
/// draws: the input it refuses (the exception type and the whole message: the place, what was expected and what was
/// given) and the input it must accept; the pattern matcher's answers; and how the reader's memory follows the bytes.
/// </summary>
public class OnnxImportMutationTests
{
    // 0x7FFFFFC7: the largest byte array .NET allocates, the reader's limit.
    private const int MaxBytes = 0x7FFFFFC7;

    // A valid model: Gemm(3 → 4) + bias, Relu, Gemm(4 → 2).
    private static ModelProto ValidModel()
    {
        var g = new OnnxTestGraph(F64, 3);
        g.Then("Gemm", "/0/Gemm", [g.Initializer("0.weight", [4, 3], new double[12]), g.Initializer("0.bias", [4], new double[4])], Attr.Int("transB", 1))
            .Then("Relu", "/1/Relu")
            .Then("Gemm", "/2/Gemm", [g.Initializer("2.weight", [2, 4], new double[8])], Attr.Int("transB", 1));
        return g.Model();
    }

    private static OnnxGraph Graph(ModelProto model) => new(model, new OnnxErrors(null));

    private static OnnxTensor Decode(TensorProto t, bool int64 = false) => OnnxTensor.Decode(t, "t", new OnnxErrors(null), int64);

    private static void DecodeRefused<T>(TensorProto t, string message, bool int64 = false)
        where T : Exception =>
        FluentActions.Invoking(() => Decode(t, int64)).Should().Throw<T>().Which.Message.Should().Be(message);

    // ---------------------------------------------------------------- the graph's inputs, outputs and opset

    [Fact]
    public void A_graph_whose_only_input_is_an_initializer_is_refused()
    {
        ModelProto model = ValidModel();
        model.Graph.Input[0].Name = "0.bias";
        Refused<ModelFormatException>(model, "At graph.input: the graph has no input other than its initializers; one data input [N, features] was expected.");
    }

    [Fact]
    public void Two_data_inputs_are_named_each_in_quotes()
    {
        ModelProto model = ValidModel();
        model.Graph.Input.Add(Value("mask", F64, null, 3));
        Refused<NotSupportedException>(model, "At graph.input: the graph has 2 data inputs ('input', 'mask'); a multilayer perceptron has one.");
    }

    [Fact]
    public void A_data_input_without_a_name_is_refused()
    {
        ModelProto model = ValidModel();
        model.Graph.Input[0].Name = "";
        Refused<ModelFormatException>(model, "At graph.input '': the graph input has no name.");
    }

    [Fact]
    public void A_data_input_without_a_tensor_type_is_refused()
    {
        ModelProto model = ValidModel();
        model.Graph.Input[0].Type = null;
        Refused<ModelFormatException>(model, "At graph.input 'input': the graph input has no tensor type; a tensor of float32 or float64 was expected.");
    }

    [Fact]
    public void A_graph_without_outputs_is_refused()
    {
        ModelProto model = ValidModel();
        model.Graph.Output.Clear();
        Refused<ModelFormatException>(model, "At graph.output: the graph has no output.");
    }

    [Fact]
    public void An_output_without_a_name_and_a_repeated_output_are_refused()
    {
        ModelProto model = ValidModel();
        model.Graph.Output[0].Name = "";
        Refused<ModelFormatException>(model, "At graph.output '': each graph output needs a name of its own.");

        model = ValidModel();
        model.Graph.Output.Add(model.Graph.Output[0].Clone());
        Refused<ModelFormatException>(model, "At graph.output 'output': each graph output needs a name of its own.");
    }

    [Fact]
    public void Opset_7_is_read_and_opset_6_is_not_supported()
    {
        ModelProto model = ValidModel();
        model.OpsetImport[0].Version = 7;
        Graph(model).Opset.Should().Be(7);

        model.OpsetImport[0].Version = 6;
        Refused<NotSupportedException>(model, "At model.opset_import: the default domain's opset is 6; opset 7 or later was expected.");
    }

    // ---------------------------------------------------------------- optional (empty) inputs and outputs

    // ONNX writes an omitted optional input or output as the empty name: it is no value, read or written.
    [Fact]
    public void Empty_optional_inputs_and_outputs_are_no_values()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Graph.Node.Add(new NodeProto { OpType = "Dropout", Name = "/0/Dropout", Input = { "input", "" }, Output = { "d", "" } });
        g.Graph.Node.Add(new NodeProto { OpType = "Dropout", Name = "/1/Dropout", Input = { "d", "" }, Output = { "e", "" } });
        g.Current = "e";
        OnnxGraph graph = Graph(g.Model());

        graph.Producer("").Should().Be(-1);
        graph.Consumers("").Should().BeEmpty();
        graph.Producer("d").Should().Be(0);
        graph.Producer("output").Should().Be(1);
        graph.Consumers("d").Should().Equal(1);
        graph.Producer("input").Should().Be(-1, "the data input is no node's output");
        graph.Producer("nowhere").Should().Be(-1);
    }

    // ---------------------------------------------------------------- Constant nodes

    [Fact]
    public void A_Constant_node_with_an_input_two_outputs_or_an_empty_output_is_refused()
    {
        foreach ((string[] inputs, string[] outputs) in new[]
        {
            (new[] { "input" }, new[] { "c" }),
            (Array.Empty<string>(), new[] { "c", "c2" }),
            (Array.Empty<string>(), new[] { "" }),
        })
        {
            var g = new OnnxTestGraph(F64, 2);
            var node = new NodeProto { OpType = "Constant", Name = "/0/Constant", Input = { inputs }, Output = { outputs } };
            node.Attribute.Add(Attr.Float("value_float", 1f));
            g.Graph.Node.Add(node);
            g.Then("Relu", "/1/Relu");
            Refused<ModelFormatException>(g.Model(), "At graph.node[0] '/0/Constant' (Constant): a Constant node has no input and one output.");
        }
    }

    // Constant nodes: [0] value_float 2.5, [1] value_floats [1, 2, 3], [2] value (a tensor [2]), [3] two attributes,
    // [4] a value with a negative dim; an initializer "w"; then Relu.
    private static OnnxGraph ConstantGraph()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Node("Constant", "/0/vf", [], Attr.Float("value_float", 2.5f));
        g.Node("Constant", "/1/vfs", [], new AttributeProto { Name = "value_floats", Type = AttributeProto.Types.AttributeType.Floats, Floats = { 1f, 2f, 3f } });
        g.Constant("/2/v", [2], [4.0, 5.0]);
        g.Node("Constant", "/3/two", [], Attr.Float("value_float", 1f), Attr.Float("value_float", 2f));
        g.Node("Constant", "/4/bad", [], Attr.Tensor("value", new TensorProto { DataType = F64, Dims = { -1 } }));
        g.Initializer("w", [1], [7.0]);
        g.Then("Relu", "/5/Relu");
        return Graph(g.Model());
    }

    [Fact]
    public void Constant_value_float_is_a_scalar_and_value_floats_a_vector()
    {
        OnnxGraph graph = ConstantGraph();
        OnnxTensor scalar = graph.Constant("/0/vf:0");
        scalar.Dims.Should().BeEmpty();
        scalar.Values.Should().Equal(2.5);
        OnnxTensor vector = graph.Constant("/1/vfs:0");
        vector.Dims.Should().Equal(3L);
        vector.Values.Should().Equal(1.0, 2.0, 3.0);
        OnnxTensor tensor = graph.Constant("/2/v:0");
        tensor.Dims.Should().Equal(2L);
        tensor.Values.Should().Equal(4.0, 5.0);
    }

    [Fact]
    public void Constants_are_decoded_once()
    {
        OnnxGraph graph = ConstantGraph();
        graph.Constant("w").Should().BeSameAs(graph.Constant("w"));
        graph.Constant("/2/v:0").Should().BeSameAs(graph.Constant("/2/v:0"));
    }

    [Fact]
    public void Float_attributes_of_a_Constant_are_not_read_as_an_int64_shape()
    {
        FluentActions.Invoking(() => ConstantGraph().Constant("/1/vfs:0", int64: true)).Should().Throw<NotSupportedException>().Which.Message.Should().Be(
            "At graph.node[1] '/1/vfs' (Constant): a Constant with the attribute 'value_floats' is not read; 'value' (a tensor), 'value_float' or 'value_floats' was expected.");
        FluentActions.Invoking(() => ConstantGraph().Constant("/0/vf:0", int64: true)).Should().Throw<NotSupportedException>().Which.Message.Should().Be(
            "At graph.node[0] '/0/vf' (Constant): a Constant with the attribute 'value_float' is not read; 'value' (a tensor), 'value_float' or 'value_floats' was expected.");
    }

    [Fact]
    public void A_Constant_with_two_attributes_is_refused()
    {
        FluentActions.Invoking(() => ConstantGraph().Constant("/3/two:0")).Should().Throw<ModelFormatException>().Which.Message.Should().Be(
            "At graph.node[3] '/3/two' (Constant): a Constant node has exactly one attribute (its value); this one has 2.");
    }

    [Fact]
    public void A_Constant_tensor_that_lies_is_named_by_its_node_and_attribute()
    {
        FluentActions.Invoking(() => ConstantGraph().Constant("/4/bad:0")).Should().Throw<ModelFormatException>().Which.Message.Should().Be(
            "At graph.node[4] '/4/bad' (Constant) attribute 'value': dims[0] is -1; dims must not be negative.");
    }

    [Fact]
    public void ConstantProto_is_the_stored_tensor_or_null()
    {
        OnnxGraph graph = ConstantGraph();
        graph.ConstantProto("/2/v:0").Should().BeSameAs(graph.Nodes[2].Attribute[0].T);
        graph.ConstantProto("w").Should().BeSameAs(graph.Graph.Initializer.Single(t => t.Name == "w"));
        graph.ConstantProto("/0/vf:0").Should().BeNull("a value_float Constant stores no tensor");
        graph.ConstantProto("input").Should().BeNull();
    }

    // ---------------------------------------------------------------- the pattern matcher

    // input → [0] Relu → [1] Relu(·, input) (two inputs) → [2] Sigmoid → output; initializers c1, c2.
    private static OnnxGraph MatchGraph()
    {
        var g = new OnnxTestGraph(F64, 2);
        g.Initializer("c1", [], [1.0]);
        g.Initializer("c2", [], [2.0]);
        string r0 = g.Node("Relu", "/0/Relu", ["input"]);
        string r1 = g.Node("Relu", "/1/Relu", [r0, "input"]);
        g.Current = g.Node("Sigmoid", "/2/Sigmoid", [r1]);
        return Graph(g.Model());
    }

    [Fact]
    public void An_operation_matches_only_a_node_of_its_operator_arity_and_inputs()
    {
        OnnxGraph graph = MatchGraph();
        OnnxPattern relu = OnnxPattern.Op("Relu", OnnxPattern.X);

        var m = new OnnxMatch(graph, "input");
        m.Match(relu, "/0/Relu:0").Should().BeTrue();
        m.Nodes.Should().Equal(0);

        new OnnxMatch(graph, "input").Match(relu, "input").Should().BeFalse("no node produces the data input");
        new OnnxMatch(graph, "/1/Relu:0").Match(relu, "output").Should().BeFalse("the node is a Sigmoid");
        new OnnxMatch(graph, "/0/Relu:0").Match(relu, "/1/Relu:0").Should().BeFalse("the node takes two inputs");
        new OnnxMatch(graph, "other").Match(relu, "/0/Relu:0").Should().BeFalse("the node's input is not the chain's value");
        new OnnxMatch(graph, "input").Match(null!, "input").Should().BeFalse("no pattern");
    }

    [Fact]
    public void A_constant_tag_binds_one_value()
    {
        var m = new OnnxMatch(MatchGraph(), "input");
        m.Match(OnnxPattern.Const("c"), "c1").Should().BeTrue();
        m.Match(OnnxPattern.Const("c"), "c1").Should().BeTrue("the tag is bound to this very value");
        m.Match(OnnxPattern.Const("c"), "c2").Should().BeFalse("the tag is bound to another value");
        m.Constant("c").Values.Should().Equal(1.0);
    }

    // ---------------------------------------------------------------- tensors

    private static TensorProto Tensor(int dataType, params long[] dims)
    {
        var t = new TensorProto { Name = "t", DataType = dataType };
        t.Dims.AddRange(dims);
        return t;
    }

    [Fact]
    public void DimsText_lists_the_dims()
    {
        TensorProto t = Tensor(F64, 2, 3);
        t.DoubleData.AddRange(new double[6]);
        Decode(t).DimsText.Should().Be("[2, 3]");
    }

    [Fact]
    public void External_data_is_not_supported_by_either_mark()
    {
        const string Message = "At t: the tensor's data is stored in an external file; TinyNets reads self-contained models only (save the model with its weights inside, under 2 GiB).";
        TensorProto located = Tensor(F64, 1);
        located.DoubleData.Add(1.0);
        located.DataLocation = TensorProto.Types.DataLocation.External;
        DecodeRefused<NotSupportedException>(located, Message);

        TensorProto listed = Tensor(F64, 1);
        listed.DoubleData.Add(1.0);
        listed.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
        DecodeRefused<NotSupportedException>(listed, Message);
    }

    [Fact]
    public void A_zero_dim_is_an_empty_tensor()
    {
        OnnxTensor empty = Decode(Tensor(F64, 0));
        empty.Dims.Should().Equal(0L);
        empty.Count.Should().Be(0);
    }

    // (2⁶³ − 1) div 2 · 2 = 2⁶³ − 2 does not overflow: the dims are refused only for the data they lack.
    [Fact]
    public void Dims_whose_product_just_fits_are_checked_against_the_data()
    {
        DecodeRefused<ModelFormatException>(Tensor(F64, long.MaxValue / 2, 2),
            "At t: the dims [4611686018427387903, 2] declare 9223372036854775806 elements, but the tensor holds 0.");
        DecodeRefused<ModelFormatException>(Tensor(F64, 1L << 40, 1L << 40),
            "At t: the dims [1099511627776, 1099511627776] multiply to more than 9223372036854775807 elements.");
    }

    [Fact]
    public void Data_types_at_the_ends_of_ONNXs_range_are_not_supported_and_beyond_it_refused()
    {
        DecodeRefused<NotSupportedException>(Tensor((int)TensorProto.Types.DataType.Float, 1),
            "At t: the data_type is Float (1); an int64 tensor (7) was expected.", int64: true);
        DecodeRefused<NotSupportedException>(Tensor(23, 1),
            "At t: the data_type is 23 (23); float32 (1) or float64 (11) was expected.");
        DecodeRefused<ModelFormatException>(Tensor(24, 1), "At t: the data_type is 24, which is not an ONNX data type.");
        DecodeRefused<ModelFormatException>(Tensor(0, 1), "At t: the data_type is 0, which is not an ONNX data type.");
    }

    [Fact]
    public void Values_in_a_field_of_another_type_are_refused()
    {
        TensorProto floatWithDouble = Tensor(F32, 1);
        floatWithDouble.DoubleData.Add(1.0);
        DecodeRefused<ModelFormatException>(floatWithDouble,
            "At t: a Float tensor holds values in a field of another type (int32_data, float_data, double_data or int64_data).");

        TensorProto floatWithLong = Tensor(F32, 1);
        floatWithLong.Int64Data.Add(1);
        DecodeRefused<ModelFormatException>(floatWithLong,
            "At t: a Float tensor holds values in a field of another type (int32_data, float_data, double_data or int64_data).");

        TensorProto doubleWithFloat = Tensor(F64, 1);
        doubleWithFloat.FloatData.Add(1f);
        DecodeRefused<ModelFormatException>(doubleWithFloat,
            "At t: a Double tensor holds values in a field of another type (int32_data, float_data, double_data or int64_data).");

        TensorProto doubleWithInt = Tensor(F64, 1);
        doubleWithInt.Int32Data.Add(1);
        DecodeRefused<ModelFormatException>(doubleWithInt,
            "At t: a Double tensor holds values in a field of another type (int32_data, float_data, double_data or int64_data).");

        TensorProto longWithFloat = Tensor((int)TensorProto.Types.DataType.Int64, 1);
        longWithFloat.FloatData.Add(1f);
        DecodeRefused<ModelFormatException>(longWithFloat,
            "At t: a Int64 tensor holds values in a field of another type (int32_data, float_data, double_data or int64_data).", int64: true);

        TensorProto longs = Tensor((int)TensorProto.Types.DataType.Int64, 2);
        longs.Int64Data.AddRange([-1, 3]);
        Decode(longs, int64: true).Values.Should().Equal(-1.0, 3.0);
    }

    [Fact]
    public void Data_short_of_a_matrix_names_its_dims()
    {
        TensorProto t = Tensor(F64, 2, 3);
        t.DoubleData.AddRange(new double[5]);
        DecodeRefused<ModelFormatException>(t, "At t: the dims [2, 3] declare 6 elements, but the tensor holds 5.");
    }

    // ---------------------------------------------------------------- the bytes read

    [Fact]
    public void Bytes_that_are_no_protobuf_are_refused_with_the_parser_s_reason()
    {
        ModelFormatException e = FluentActions.Invoking(() => OnnxFile.Load(new byte[] { 0xFF, 0xFF })).Should().Throw<ModelFormatException>().Which;
        e.InnerException.Should().BeOfType<InvalidProtocolBufferException>();
        e.Message.Should().Be("At protobuf: the bytes are not a valid ONNX model (a serialized ModelProto): " + e.InnerException!.Message);
    }

    [Fact]
    public void A_seekable_stream_longer_than_2_GiB_is_refused_before_reading()
    {
        using var stream = new ClaimedLengthStream(3_000_000_000);
        ModelFormatException e = FluentActions.Invoking(() => OnnxFile.Load(stream)).Should().Throw<ModelFormatException>().Which;
        e.Message.Should().Be("At byte 0: the input is 3000000000 bytes; an ONNX model is at most 2 GiB (protobuf's limit).");
        e.Location.Should().Be("byte 0");
        stream.Reads.Should().Be(0);
    }

    // A stream positioned far into its data: the buffer is the bytes that remain, not the stream's whole length.
    [Fact]
    public void A_positioned_stream_costs_the_memory_of_the_bytes_that_remain()
    {
        byte[] model = ValidModel().ToByteArray();
        const int Skipped = 32 << 20;
        var stream = new MemoryStream(Skipped + model.Length);
        stream.Write(new byte[Skipped]);
        stream.Write(model);
        stream.Position = Skipped;

        long before = GC.GetAllocatedBytesForCurrentThread();
        OnnxFile.Load(stream).Network.Count.Should().Be(3);
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(8 << 20);
    }

    // A seekable stream is read into a buffer of its length at once: one more byte asked shows the end.
    [Fact]
    public void A_seekable_stream_is_read_into_a_buffer_of_its_length()
    {
        byte[] data = new byte[200_000];
        new Random(3).NextBytes(data);
        using var stream = new CountingStream(data, seekable: true, chunk: int.MaxValue);
        OnnxModelReader.ReadAll(stream, new OnnxErrors(null)).ToArray().Should().Equal(data);
        stream.ByteReads.Should().Be(1);
        stream.Reads.Should().Be(1);
    }

    // An unseekable stream past the first 64 KiB, whose next byte is 0 (a byte, not the end), read in chunks.
    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(1000)]
    public void An_unseekable_stream_is_read_whole_whatever_its_bytes_and_chunks(int chunk)
    {
        byte[] data = new byte[100_000];
        new Random(5).NextBytes(data);
        data[65_536] = 0;
        using var stream = new CountingStream(data, seekable: false, chunk);

        long before = GC.GetAllocatedBytesForCurrentThread();
        ReadOnlyMemory<byte> read = OnnxModelReader.ReadAll(stream, new OnnxErrors(null));
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(1 << 20, "the buffer doubles from 64 KiB to 128 KiB");
        read.ToArray().Should().Equal(data);
    }

    // Spans over unmanaged memory that is reserved, not touched: the parser reads only the first (zero) byte.
    [ReservedMemoryFact]
    public void A_span_of_the_limit_is_parsed_and_one_byte_more_is_refused()
    {
        IntPtr p = Marshal.AllocHGlobal((nint)MaxBytes + 1);
        try
        {
            Marshal.Copy(new byte[4096], 0, p, 4096);
            FluentActions.Invoking(() => OnnxFile.Load(Span(p, MaxBytes + 1L))).Should().Throw<ModelFormatException>().Which.Message.Should().Be(
                "At byte 0: the input is 2147483592 bytes; an ONNX model is at most 2 GiB (protobuf's limit).");
            FluentActions.Invoking(() => OnnxFile.Load(Span(p, MaxBytes))).Should().Throw<ModelFormatException>().Which.Location.Should().Be("protobuf");
        }
        finally
        {
            Marshal.FreeHGlobal(p);
        }

        static ReadOnlySpan<byte> Span(IntPtr p, long length) =>
            MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AddByteOffset(ref Unsafe.NullRef<byte>(), p), (int)Math.Min(length, int.MaxValue));
    }

    // ---------------------------------------------------------------- the public entry points

    [Fact]
    public void Load_names_a_null_or_empty_path_and_an_unreadable_stream()
    {
        FluentActions.Invoking(() => OnnxFile.Load((string)null!)).Should().Throw<ArgumentNullException>().Which.Message.Should().Be("Value cannot be null. (Parameter 'path')");
        FluentActions.Invoking(() => OnnxFile.Load("")).Should().Throw<ArgumentException>().Which.Message.Should().Be("The value cannot be an empty string. (Parameter 'path')");
        using var unreadable = new UnreadableStream();
        FluentActions.Invoking(() => OnnxFile.Load(unreadable)).Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "The stream cannot be read; a readable stream was expected. (Parameter 'stream')");
    }

    /// <summary>A seekable stream claiming a length it does not hold (nothing is read from it).</summary>
    private sealed class ClaimedLengthStream(long length) : Stream
    {
        public int Reads { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Reads++;
            return 0;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A stream over bytes, seekable or not, giving at most <c>chunk</c> bytes a read, counting the reads.</summary>
    private sealed class CountingStream(byte[] data, bool seekable, int chunk) : Stream
    {
        private int _position;

        public int Reads { get; private set; }

        public int ByteReads { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => seekable;

        public override bool CanWrite => false;

        public override long Length => seekable ? data.Length : throw new NotSupportedException();

        public override long Position
        {
            get => seekable ? _position : throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            ValidateBufferArguments(buffer, offset, count);
            Reads++;
            int n = Math.Min(Math.Min(count, chunk), data.Length - _position);
            data.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
            _position += n;
            return n;
        }

        public override int ReadByte()
        {
            ByteReads++;
            return _position < data.Length ? data[_position++] : -1;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class UnreadableStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
        }
    }
}
