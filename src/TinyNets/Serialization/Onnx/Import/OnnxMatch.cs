using System;
using System.Collections.Generic;

namespace TinyNets.Serialization.Onnx.Import;

/// <summary>One attempt at matching an <see cref="OnnxPattern"/>: the nodes it covers and the values bound to its tags.</summary>
internal sealed class OnnxMatch(OnnxGraph graph, string x)
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>The indices of the nodes the pattern covered.</summary>
    public SortedSet<int> Nodes { get; } = [];

    /// <summary>The decoded constant bound to <paramref name="tag"/>.</summary>
    public OnnxTensor Constant(string tag) => graph.Constant(_values[tag]);

    /// <summary>Whether <paramref name="value"/> is computed by <paramref name="pattern"/> from the chain's value.</summary>
    public bool Match(OnnxPattern pattern, string value)
    {
        switch (pattern)
        {
            case OnnxPattern.ChainValue:
                return value == x;
            case OnnxPattern.Constant c:
                return graph.IsConstant(value) && Bind(c.Tag, value);
            case OnnxPattern.Operation op:
                if (op.Tag is not null && _values.TryGetValue(op.Tag, out string? bound))
                {
                    return bound == value;
                }

                int index = graph.Producer(value);
                if (index < 0)
                {
                    return false;
                }

                var node = graph.Nodes[index];
                if (node.OpType != op.OpType || node.Output.Count != 1 || node.Input.Count != op.Inputs.Length || node.Attribute.Count != 0)
                {
                    return false;
                }

                for (int i = 0; i < op.Inputs.Length; i++)
                {
                    if (!Match(op.Inputs[i], node.Input[i]))
                    {
                        return false;
                    }
                }

                Nodes.Add(index);
                return op.Tag is null || Bind(op.Tag, value);
            default:
                return false;
        }
    }

    private bool Bind(string tag, string value) =>
        _values.TryGetValue(tag, out string? bound) ? bound == value : _values.TryAdd(tag, value);
}
