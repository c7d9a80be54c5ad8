using System;
using System.Globalization;
using TinyNets.Serialization.Onnx.Protos;

namespace TinyNets.Serialization.Onnx.Import;

/// <summary>
/// The two kinds of refusal of an import, both naming the file and the place: <see cref="ModelFormatException"/> for
/// bytes that are not a valid ONNX model (malformed protobuf, a tensor whose data does not fit its shape, a graph out
/// of order), <see cref="NotSupportedException"/> for a valid model that TinyNets cannot represent.
/// </summary>
internal sealed class OnnxErrors(string? source)
{
    /// <summary>The file's path, or null for a stream or bytes.</summary>
    public string? Source { get; } = source;

    /// <summary>The place of a node: its index in <c>graph.node</c>, its name and its operator.</summary>
    public static string Node(int index, NodeProto node) =>
        string.Create(CultureInfo.InvariantCulture, $"graph.node[{index}] '{node.Name}' ({node.OpType})");

    /// <summary>A model that is not valid ONNX.</summary>
    public ModelFormatException Format(string location, string problem, Exception? inner = null) =>
        new(Source, location, problem, inner);

    /// <summary>A valid model that TinyNets cannot represent.</summary>
    public NotSupportedException NotSupported(string location, string problem) =>
        new(Source is null
            ? string.Create(CultureInfo.InvariantCulture, $"At {location}: {problem}")
            : string.Create(CultureInfo.InvariantCulture, $"{Source}, at {location}: {problem}"));
}
