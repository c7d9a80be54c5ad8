using System;
using System.IO;
using Google.Protobuf;
using TinyNets.Network;
using TinyNets.Serialization.Onnx.Export;

namespace TinyNets.Serialization.Onnx;

public static partial class OnnxFile
{
    /// <summary>
    /// Exports the network to an ONNX file (created or overwritten). Everything is checked and the model built before the
    /// file is opened: on any error the file is not touched.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="path">The file's path.</param>
    /// <param name="options">How to export; the defaults (float64, <c>input</c>/<c>output</c>) unless given.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or as for <see cref="ToOnnx"/>.</exception>
    /// <exception cref="NotSupportedException">As for <see cref="ToOnnx"/>.</exception>
    public static void SaveOnnx(this Sequential network, string path, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = network.ToOnnx(options);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Writes the network as an ONNX model to a stream, at its position (the stream stays open). Nothing is written on an error.</summary>
    /// <param name="network">The network.</param>
    /// <param name="stream">A writable stream.</param>
    /// <param name="options">How to export; the defaults (float64, <c>input</c>/<c>output</c>) unless given.</param>
    /// <exception cref="ArgumentException">The stream cannot be written, or as for <see cref="ToOnnx"/>.</exception>
    /// <exception cref="NotSupportedException">As for <see cref="ToOnnx"/>.</exception>
    public static void SaveOnnx(this Sequential network, Stream stream, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream cannot be written; a writable stream was expected.", nameof(stream));
        }

        byte[] bytes = network.ToOnnx(options);
        stream.Write(bytes);
    }

    /// <summary>
    /// The network as the bytes of an ONNX model (IR version <see cref="IrVersion"/>, opset <see cref="OpsetVersion"/>):
    /// one input <c>[N, in]</c>, one output <c>[N, out]</c> (rows as samples, N dynamic), each Linear layer a <c>Gemm</c>
    /// with its state_dict's tensors (<c>"0.weight"</c> <c>[out, in]</c>, <c>"0.bias"</c>) as initializers. In float64
    /// the model computes what <see cref="Sequential.Forward(MathNet.Numerics.LinearAlgebra.Matrix{double})"/> computes;
    /// see <c>docs/onnx.md</c> for the operators of each layer. The same network and options give the same bytes.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="options">How to export; the defaults (float64, <c>input</c>/<c>output</c>) unless given.</param>
    /// <returns>The serialized <c>ModelProto</c>.</returns>
    /// <exception cref="ArgumentException">An element type other than F32 or F64 or an undefined probabilities value; an
    /// input, output or probabilities name that is empty, repeats another, or is the name of one of the graph's own
    /// tensors; probabilities together with a target scaler (probabilities are of logits, not of rescaled targets); a
    /// scaler not fitted, or fitted on another number of features than the network's input (output) size; a null metadata
    /// value; a NaN or infinite parameter (named with its entry); with F32, a parameter, a LeakyReLU slope or a scaler value
    /// beyond float32's range (the message names it).</exception>
    /// <exception cref="NotSupportedException">A layer type the exporter does not know (a user's own <c>Layer</c> subclass);
    /// the message names the layer's index and type.</exception>
    public static byte[] ToOnnx(this Sequential network, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        return OnnxModelExporter.Build(network, options ?? new OnnxExportOptions()).ToByteArray();
    }
}
