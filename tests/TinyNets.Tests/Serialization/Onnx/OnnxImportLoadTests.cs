using System.IO;
using TinyNets.Serialization;
using TinyNets.Serialization.Onnx;
using static TinyNets.Tests.Serialization.Onnx.OnnxImportSupport;
using static TinyNets.Tests.Serialization.Onnx.OnnxTestGraph;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>The three ways in: a file, a stream (read to its end and left open) and bytes give the same import.</summary>
public class OnnxImportLoadTests
{
    private static (byte[] Bytes, double[] Weight, double[] Bias) Model()
    {
        double[] w = Values(12, 50), b = Values(4, 51);
        var g = new OnnxTestGraph(F64, 3);
        g.Then("Gemm", "/0/Gemm", [g.Initializer("0.weight", [4, 3], w), g.Initializer("0.bias", [4], b)], Attr.Int("transB", 1)).Then("Tanh", "/1/Tanh");
        return (g.Bytes(), w, b);
    }

    private static void Same(OnnxImport imported, double[] w, double[] b)
    {
        imported.Network.LayerTypes().Should().Equal(typeof(Linear), typeof(Tanh));
        imported.Network.HasParameters(0, 4, 3, w, b);
        imported.InputName.Should().Be("input");
        imported.OutputName.Should().Be("output");
    }

    [Fact]
    public void Path_stream_and_bytes_agree()
    {
        (byte[] bytes, double[] w, double[] b) = Model();
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            File.WriteAllBytes(path, bytes);
            Same(OnnxFile.Load(path), w, b);
        }
        finally
        {
            File.Delete(path);
        }

        Same(OnnxFile.Load(bytes), w, b);
        Same(OnnxFile.Load(bytes.AsSpan()), w, b);

        using var stream = new MemoryStream(bytes);
        Same(OnnxFile.Load(stream), w, b);
        stream.CanRead.Should().BeTrue("the stream stays open");
        stream.Position.Should().Be(bytes.Length, "the stream is read to its end");
    }

    // A stream that cannot seek (a network stream, say) is read to its end in growing chunks.
    [Fact]
    public void A_non_seekable_stream_is_read_to_its_end()
    {
        (byte[] bytes, double[] w, double[] b) = Model();
        using var inner = new MemoryStream(bytes);
        Same(OnnxFile.Load(new NonSeekableStream(inner)), w, b);
        inner.Position.Should().Be(bytes.Length);
    }

    // The model is read from the stream's position: what comes before it is not part of it.
    [Fact]
    public void A_stream_is_read_from_its_position()
    {
        (byte[] bytes, double[] w, double[] b) = Model();
        using var stream = new MemoryStream([0xFF, 0xFF, 0xFF, .. bytes]);
        stream.Position = 3;
        Same(OnnxFile.Load(stream), w, b);
    }

    [Fact]
    public void A_missing_file_is_FileNotFound()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-missing-{Guid.NewGuid():N}.onnx");
        FluentActions.Invoking(() => OnnxFile.Load(path)).Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        FluentActions.Invoking(() => OnnxFile.Load("")).Should().Throw<ArgumentException>().WithParameterName("path");
        FluentActions.Invoking(() => OnnxFile.Load((Stream)null!)).Should().Throw<ArgumentNullException>().WithParameterName("stream");
        using var unreadable = new UnreadableStream();
        FluentActions.Invoking(() => OnnxFile.Load(unreadable)).Should().Throw<ArgumentException>().WithParameterName("stream");
    }

    // A stream whose bytes are not a model names no file: the place is the message's start.
    [Fact]
    public void A_stream_error_names_the_place_only()
    {
        using var stream = new MemoryStream([0x0A, 0xFF]);
        ModelFormatException e = FluentActions.Invoking(() => OnnxFile.Load(stream)).Should().Throw<ModelFormatException>().Which;
        e.SourceName.Should().BeNull();
        e.Message.Should().StartWith("At protobuf:");
    }

    private sealed class UnreadableStream : MemoryStream
    {
        public override bool CanRead => false;
    }
}
