using System;
using System.IO;
using TinyNets.Network;

namespace TinyNets.Serialization.Onnx;

public static partial class OnnxFile
{
    /// <summary>Exports the network to an ONNX file (created or overwritten).</summary>
    /// <param name="network">The network.</param>
    /// <param name="path">The file's path.</param>
    /// <param name="options">How to export; the defaults (float64, <c>input</c>/<c>output</c>) unless given.</param>
    public static void SaveOnnx(this Sequential network, string path, OnnxExportOptions? options = null) =>
        throw new NotImplementedException();

    /// <summary>Writes the network as an ONNX model to a stream (the stream stays open).</summary>
    /// <param name="network">The network.</param>
    /// <param name="stream">A writable stream.</param>
    /// <param name="options">How to export; the defaults (float64, <c>input</c>/<c>output</c>) unless given.</param>
    public static void SaveOnnx(this Sequential network, Stream stream, OnnxExportOptions? options = null) =>
        throw new NotImplementedException();

    /// <summary>The network as the bytes of an ONNX model.</summary>
    /// <param name="network">The network.</param>
    /// <param name="options">How to export; the defaults (float64, <c>input</c>/<c>output</c>) unless given.</param>
    /// <returns>The serialized <c>ModelProto</c>.</returns>
    public static byte[] ToOnnx(this Sequential network, OnnxExportOptions? options = null) =>
        throw new NotImplementedException();
}
