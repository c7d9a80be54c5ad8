using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using Google.Protobuf;
using TinyNets.Serialization.Onnx.Protos;

namespace TinyNets.Serialization.Onnx.Export;

/// <summary>
/// Builds the graph of an export: nodes named <c>/k/Op</c> (a repeated name gets <c>_1</c>, <c>_2</c>, … as PyTorch's
/// exporter does), each writing one value named after the node (<c>/k/Op:0</c>), and initializers in the export's
/// element type, raw little-endian. A float32 export rounds every value to nearest and refuses one beyond float32's range.
/// </summary>
internal sealed class OnnxGraphBuilder
{
    private readonly GraphProto _graph = new() { Name = "tinynets" };
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _valueNames = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(OnnxElementType elementType) => ElementType = elementType;

    /// <summary>The element type of every tensor of the graph.</summary>
    public OnnxElementType ElementType { get; }

    /// <summary>The graph built so far.</summary>
    public GraphProto Graph => _graph;

    /// <summary>Whether a value (an initializer or a node's output) already has this name.</summary>
    public bool IsUsed(string valueName) => _valueNames.Contains(valueName);

    /// <summary>Adds a node with one output and returns the output's name.</summary>
    /// <param name="name">The node's name; made unique with a <c>_n</c> suffix if taken.</param>
    /// <param name="op">The ONNX operator.</param>
    /// <param name="inputs">The names of its inputs, in the operator's order.</param>
    /// <returns>The name of the value the node writes.</returns>
    public string Node(string name, string op, params string[] inputs) => Add(name, op, inputs).Output[0];

    /// <summary>Adds a node with one output and one integer attribute.</summary>
    public string Node(string name, string op, string attribute, long value, params string[] inputs)
    {
        NodeProto node = Add(name, op, inputs);
        node.Attribute.Add(new AttributeProto { Name = attribute, Type = AttributeProto.Types.AttributeType.Int, I = value });
        return node.Output[0];
    }

    /// <summary>Adds a node with one output and float attributes (ONNX float attributes are float32).</summary>
    public string Node(string name, string op, (string Name, float Value)[] attributes, params string[] inputs)
    {
        NodeProto node = Add(name, op, inputs);
        foreach ((string attribute, float value) in attributes)
        {
            node.Attribute.Add(new AttributeProto { Name = attribute, Type = AttributeProto.Types.AttributeType.Float, F = value });
        }

        return node.Output[0];
    }

    /// <summary>Renames the value <paramref name="from"/> (a node's output, not yet read by any node) to <paramref name="to"/>.</summary>
    public void RenameOutput(string from, string to)
    {
        for (int i = _graph.Node.Count - 1; i >= 0; i--)
        {
            NodeProto node = _graph.Node[i];
            if (node.Output[0] == from)
            {
                node.Output[0] = to;
                _valueNames.Remove(from);
                _valueNames.Add(to);
                return;
            }
        }

        throw new InvalidOperationException($"No node writes {from}.");
    }

    /// <summary>Adds a scalar initializer (dims []).</summary>
    /// <param name="name">Its name.</param>
    /// <param name="value">Its value.</param>
    /// <param name="what">What it is, for the error of a value beyond float32's range.</param>
    /// <param name="paramName">The argument it comes from, for that error.</param>
    /// <returns>Its name.</returns>
    public string Scalar(string name, double value, string what, string paramName) =>
        Initializer(name, [], [value], what, paramName);

    /// <summary>Adds an initializer of the given dims from values in row-major order.</summary>
    /// <param name="name">Its name.</param>
    /// <param name="dims">Its dims.</param>
    /// <param name="values">Its values, row-major.</param>
    /// <param name="what">What it is, for the error of a value beyond float32's range (an entry index is appended).</param>
    /// <param name="paramName">The argument it comes from, for that error.</param>
    /// <returns>Its name.</returns>
    /// <exception cref="ArgumentException">A NaN or infinite value; a float32 export and a value that rounds to infinity.</exception>
    public string Initializer(string name, long[] dims, ReadOnlySpan<double> values, string what, string paramName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            // A NaN or infinite weight (a diverged training) would give a model that outputs NaN for every input.
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"{what}{FormatIndex(i, dims)} is {values[i]}; only finite values can be exported."),
                    paramName);
            }
        }

        byte[] raw;
        if (ElementType == OnnxElementType.F32)
        {
            raw = new byte[values.Length * sizeof(float)];
            for (int i = 0; i < values.Length; i++)
            {
                float f = (float)values[i];
                if (float.IsInfinity(f))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture,
                            $"{what}{FormatIndex(i, dims)} is {values[i]:R}, beyond float32's range (±{float.MaxValue:R}); export as {nameof(OnnxElementType.F64)} or keep the values within that range."),
                        paramName);
                }

                BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), f);
            }
        }
        else
        {
            raw = new byte[values.Length * sizeof(double)];
            for (int i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(raw.AsSpan(i * sizeof(double)), values[i]);
            }
        }

        var tensor = new TensorProto { Name = Claim(name), DataType = (int)ElementType, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A tensor type of the export's element type, <c>[N, features]</c>; a null feature count is the symbolic <c>features</c>.</summary>
    public TypeProto BatchType(int? features)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.Add(features is int n
            ? new TensorShapeProto.Types.Dimension { DimValue = n }
            : new TensorShapeProto.Types.Dimension { DimParam = "features" });
        return new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)ElementType, Shape = shape } };
    }

    private NodeProto Add(string name, string op, string[] inputs)
    {
        string unique = name;
        for (int n = 1; !_nodeNames.Add(unique); n++)
        {
            unique = string.Create(CultureInfo.InvariantCulture, $"{name}_{n}");
        }

        var node = new NodeProto { Name = unique, OpType = op };
        node.Input.AddRange(inputs);
        node.Output.Add(Claim(unique + ":0"));
        _graph.Node.Add(node);
        return node;
    }

    private string Claim(string valueName)
    {
        if (!_valueNames.Add(valueName))
        {
            throw new InvalidOperationException($"The value name {valueName} is used twice.");
        }

        return valueName;
    }

    // " entry [r, c]" for a matrix, " entry [i]" for a vector, nothing for a scalar.
    private static string FormatIndex(int flat, long[] dims) => dims.Length switch
    {
        0 => string.Empty,
        1 => string.Create(CultureInfo.InvariantCulture, $" entry [{flat}]"),
        _ => string.Create(CultureInfo.InvariantCulture, $" entry [{flat / dims[1]}, {flat % dims[1]}]"),
    };
}
