using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TinyNets.Serialization.Onnx.Protos;

namespace TinyNets.Serialization.Onnx.Import;

/// <summary>
/// A model's graph checked as ONNX requires (a graph and a default-domain opset; one data input; nodes in topological
/// order, each value produced once) and indexed: which node produces each value, which nodes consume it, and which
/// values are constants (initializers and <c>Constant</c> nodes, decoded on demand).
/// </summary>
internal sealed class OnnxGraph
{
    private const string DefaultDomainAlias = "ai.onnx";

    private readonly Dictionary<string, TensorProto> _initializers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _constantNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _consumers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OnnxTensor> _decoded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _graphOutputs = new(StringComparer.Ordinal);

    /// <summary>Checks and indexes the model's graph.</summary>
    /// <param name="model">The parsed model.</param>
    /// <param name="errors">Builds the exceptions.</param>
    /// <exception cref="ModelFormatException">The model is not valid ONNX.</exception>
    /// <exception cref="NotSupportedException">A valid model outside what TinyNets reads (inputs, domains, opset).</exception>
    public OnnxGraph(ModelProto model, OnnxErrors errors)
    {
        Errors = errors;
        Graph = model.Graph ?? throw errors.Format("model.graph", "the model has no graph; a ModelProto with a GraphProto was expected.");
        Opset = ReadOpset(model, errors);
        Nodes = Graph.Node;

        for (int i = 0; i < Graph.Initializer.Count; i++)
        {
            TensorProto t = Graph.Initializer[i];
            if (string.IsNullOrEmpty(t.Name) || !_initializers.TryAdd(t.Name, t))
            {
                throw errors.Format(string.Create(CultureInfo.InvariantCulture, $"graph.initializer[{i}] '{t.Name}'"),
                    "an initializer needs a name not given to another initializer.");
            }
        }

        // Initializers may be listed among the inputs (ONNX IR before version 4): they are constants, not data.
        ValueInfoProto[] inputs = [.. Graph.Input.Where(v => !_initializers.ContainsKey(v.Name))];
        if (inputs.Length == 0)
        {
            throw errors.Format("graph.input", "the graph has no input other than its initializers; one data input [N, features] was expected.");
        }

        if (inputs.Length > 1)
        {
            throw errors.NotSupported("graph.input", string.Create(CultureInfo.InvariantCulture,
                $"the graph has {inputs.Length} data inputs ({string.Join(", ", inputs.Select(v => "'" + v.Name + "'"))}); a multilayer perceptron has one."));
        }

        Input = inputs[0];
        string inputLocation = $"graph.input '{Input.Name}'";
        if (string.IsNullOrEmpty(Input.Name))
        {
            throw errors.Format(inputLocation, "the graph input has no name.");
        }

        if (Input.Type?.TensorType is not { } inputType)
        {
            throw errors.Format(inputLocation, "the graph input has no tensor type; a tensor of float32 or float64 was expected.");
        }

        InputElementType = inputType.ElemType switch
        {
            (int)OnnxElementType.F32 => OnnxElementType.F32,
            (int)OnnxElementType.F64 => OnnxElementType.F64,
            int other => throw errors.NotSupported(inputLocation, string.Create(CultureInfo.InvariantCulture,
                $"the input's element type is {other}; float32 (1) or float64 (11) was expected.")),
        };
        InputShape = inputType.Shape;

        if (Graph.Output.Count == 0)
        {
            throw errors.Format("graph.output", "the graph has no output.");
        }

        foreach (ValueInfoProto output in Graph.Output)
        {
            if (string.IsNullOrEmpty(output.Name) || !_graphOutputs.Add(output.Name))
            {
                throw errors.Format($"graph.output '{output.Name}'", "each graph output needs a name of its own.");
            }
        }

        IndexNodes();

        foreach (ValueInfoProto output in Graph.Output)
        {
            if (output.Name != Input.Name && !_producers.ContainsKey(output.Name) && !IsConstant(output.Name))
            {
                throw errors.Format($"graph.output '{output.Name}'", "no node produces this output.");
            }
        }
    }

    /// <summary>Builds the exceptions, naming the file.</summary>
    public OnnxErrors Errors { get; }

    /// <summary>The graph.</summary>
    public GraphProto Graph { get; }

    /// <summary>The nodes in file order.</summary>
    public IReadOnlyList<NodeProto> Nodes { get; }

    /// <summary>The default domain's opset version.</summary>
    public long Opset { get; }

    /// <summary>The data input (the graph input that is no initializer).</summary>
    public ValueInfoProto Input { get; }

    /// <summary>The data input's element type.</summary>
    public OnnxElementType InputElementType { get; }

    /// <summary>The data input's shape, or null when the file gives none.</summary>
    public TensorShapeProto? InputShape { get; }

    /// <summary>Whether a value is a constant: an initializer or a <c>Constant</c> node's output.</summary>
    public bool IsConstant(string value) => _initializers.ContainsKey(value) || _constantNodes.ContainsKey(value);

    /// <summary>Whether the node at <paramref name="index"/> is a <c>Constant</c> node.</summary>
    public bool IsConstantNode(int index) => Nodes[index].OpType == "Constant";

    /// <summary>Whether a value is one of the graph's outputs.</summary>
    public bool IsGraphOutput(string value) => _graphOutputs.Contains(value);

    /// <summary>The index of the (non-constant) node producing a value, or -1.</summary>
    public int Producer(string value) => _producers.TryGetValue(value, out int i) ? i : -1;

    /// <summary>The indices of the non-constant nodes consuming a value (a node once per input it takes it as).</summary>
    public IReadOnlyList<int> Consumers(string value) => _consumers.TryGetValue(value, out List<int>? c) ? c : [];

    /// <summary>Decodes a constant value (cached).</summary>
    /// <param name="value">An initializer's or Constant node's output name; <see cref="IsConstant"/> holds.</param>
    /// <param name="int64">Whether an int64 tensor is wanted (a shape) rather than a float one.</param>
    /// <returns>The tensor.</returns>
    public OnnxTensor Constant(string value, bool int64 = false)
    {
        if (_decoded.TryGetValue(value, out OnnxTensor? done))
        {
            return done;
        }

        OnnxTensor tensor;
        if (_initializers.TryGetValue(value, out TensorProto? t))
        {
            tensor = OnnxTensor.Decode(t, $"graph.initializer '{value}'", Errors, int64);
        }
        else
        {
            int index = _constantNodes[value];
            NodeProto node = Nodes[index];
            string location = OnnxErrors.Node(index, node);
            if (node.Attribute.Count != 1)
            {
                throw Errors.Format(location, string.Create(CultureInfo.InvariantCulture,
                    $"a Constant node has exactly one attribute (its value); this one has {node.Attribute.Count}."));
            }

            AttributeProto a = node.Attribute[0];
            tensor = a.Name switch
            {
                "value" when a.T is not null => OnnxTensor.Decode(a.T, location + " attribute 'value'", Errors, int64),
                "value_float" when !int64 => OnnxTensor.FromFloats([a.F], scalar: true, location),
                "value_floats" when !int64 => OnnxTensor.FromFloats([.. a.Floats], scalar: false, location),
                _ => throw Errors.NotSupported(location, $"a Constant with the attribute '{a.Name}' is not read; 'value' (a tensor), 'value_float' or 'value_floats' was expected."),
            };
        }

        _decoded[value] = tensor;
        return tensor;
    }

    /// <summary>The stored tensor of a constant value (for a flag such as Dropout's <c>training_mode</c>), or null.</summary>
    public TensorProto? ConstantProto(string value) =>
        _initializers.TryGetValue(value, out TensorProto? t) ? t
        : _constantNodes.TryGetValue(value, out int index) ? Nodes[index].Attribute.FirstOrDefault(a => a.Name == "value")?.T
        : null;

    private static long ReadOpset(ModelProto model, OnnxErrors errors)
    {
        OperatorSetIdProto? opset = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or DefaultDomainAlias);
        if (opset is null)
        {
            throw errors.Format("model.opset_import", "the model imports no opset of the default ONNX domain; ONNX requires one.");
        }

        if (opset.Version < 7)
        {
            throw errors.NotSupported("model.opset_import", string.Create(CultureInfo.InvariantCulture,
                $"the default domain's opset is {opset.Version}; opset 7 or later was expected."));
        }

        return opset.Version;
    }

    private void IndexNodes()
    {
        var produced = new HashSet<string>(StringComparer.Ordinal);
        foreach (NodeProto node in Nodes)
        {
            produced.UnionWith(node.Output.Where(o => o.Length > 0));
        }

        var known = new HashSet<string>(_initializers.Keys, StringComparer.Ordinal) { Input.Name };
        for (int i = 0; i < Nodes.Count; i++)
        {
            NodeProto node = Nodes[i];
            string location = OnnxErrors.Node(i, node);
            if (node.Domain is not ("" or DefaultDomainAlias))
            {
                throw Errors.NotSupported(location, $"the operator's domain is '{node.Domain}'; only the default ONNX domain is read.");
            }

            foreach (string input in node.Input.Where(v => v.Length > 0))
            {
                if (!known.Contains(input))
                {
                    throw Errors.Format(location, produced.Contains(input)
                        ? $"the input '{input}' is used before the node producing it (ONNX requires the nodes in topological order: a cycle or nodes out of order)."
                        : $"the input '{input}' is no graph input, initializer or node output.");
                }
            }

            if (node.OpType == "Constant")
            {
                if (node.Input.Count != 0 || node.Output.Count != 1 || node.Output[0].Length == 0)
                {
                    throw Errors.Format(location, "a Constant node has no input and one output.");
                }

                _constantNodes[node.Output[0]] = i;
            }
            else
            {
                foreach (string input in node.Input.Where(v => v.Length > 0))
                {
                    if (!_consumers.TryGetValue(input, out List<int>? list))
                    {
                        _consumers[input] = list = [];
                    }

                    list.Add(i);
                }

                foreach (string output in node.Output.Where(o => o.Length > 0))
                {
                    _producers[output] = i;
                }
            }

            foreach (string output in node.Output.Where(o => o.Length > 0))
            {
                if (!known.Add(output))
                {
                    throw Errors.Format(location, $"the output '{output}' is produced a second time; ONNX values are assigned once.");
                }
            }
        }
    }
}
