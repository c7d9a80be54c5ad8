using System;
using System.IO;
using TinyNets.Serialization.Onnx.Import;

namespace TinyNets.Serialization.Onnx;

public static partial class OnnxFile
{
    /// <summary>
    /// Imports an ONNX file holding a multilayer perceptron: what TinyNets exports, and what <c>torch.onnx.export</c>
    /// writes for an <c>nn.Sequential</c> of <c>Linear</c> layers and activations (see <c>docs/onnx.md</c>).
    /// </summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The network and what travels with it.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not a valid ONNX model (malformed or truncated protobuf, a
    /// tensor whose data does not fit its dims, nodes out of order, shapes that do not chain); the message names the file
    /// and the place (<c>graph.node[3] '/0/Gemm' (Gemm)</c>, <c>graph.initializer '0.weight'</c>, <c>protobuf</c>).</exception>
    /// <exception cref="NotSupportedException">A valid model that is not a chain of supported layers (another
    /// operator, a branch, external data, …); the message names the node, its operator and why.</exception>
    public static OnnxImport Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.OpenRead(path);
        var errors = new OnnxErrors(path);
        return OnnxModelReader.Import(OnnxModelReader.ReadAll(stream, errors).Span, errors);
    }

    /// <summary>Imports an ONNX model read from a stream (from its position to its end; the stream stays open).</summary>
    /// <param name="stream">A readable stream; it need not be seekable.</param>
    /// <returns>The network and what travels with it.</returns>
    /// <exception cref="ArgumentException">The stream cannot be read.</exception>
    /// <exception cref="ModelFormatException">The bytes are not a valid ONNX model; the message names the place.</exception>
    /// <exception cref="NotSupportedException">A valid model that is not a chain of supported layers.</exception>
    public static OnnxImport Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot be read; a readable stream was expected.", nameof(stream));
        }

        var errors = new OnnxErrors(null);
        return OnnxModelReader.Import(OnnxModelReader.ReadAll(stream, errors).Span, errors);
    }

    /// <summary>Imports an ONNX model from its bytes.</summary>
    /// <param name="bytes">The serialized <c>ModelProto</c>.</param>
    /// <returns>The network and what travels with it.</returns>
    /// <exception cref="ModelFormatException">The bytes are not a valid ONNX model; the message names the place.</exception>
    /// <exception cref="NotSupportedException">A valid model that is not a chain of supported layers.</exception>
    public static OnnxImport Load(ReadOnlySpan<byte> bytes) => OnnxModelReader.Import(bytes, new OnnxErrors(null));
}
