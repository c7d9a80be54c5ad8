using System;
using System.IO;

namespace TinyNets.Serialization.Onnx;

public static partial class OnnxFile
{
    /// <summary>Imports an ONNX file holding a multilayer perceptron.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The network and what travels with it.</returns>
    public static OnnxImport Load(string path) => throw new NotImplementedException();

    /// <summary>Imports an ONNX model read from a stream (to its end; the stream stays open).</summary>
    /// <param name="stream">A readable stream.</param>
    /// <returns>The network and what travels with it.</returns>
    public static OnnxImport Load(Stream stream) => throw new NotImplementedException();

    /// <summary>Imports an ONNX model from its bytes.</summary>
    /// <param name="bytes">The serialized <c>ModelProto</c>.</param>
    /// <returns>The network and what travels with it.</returns>
    public static OnnxImport Load(ReadOnlySpan<byte> bytes) => throw new NotImplementedException();
}
