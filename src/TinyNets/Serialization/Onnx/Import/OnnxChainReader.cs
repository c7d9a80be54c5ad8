using System;
using System.Collections.Generic;
using System.Linq;
using TinyNets.Activations;
using TinyNets.Data;
using TinyNets.Layers;
using TinyNets.Network;
using TinyNets.Serialization.Onnx.Protos;
using static TinyNets.Serialization.Onnx.Import.OnnxPattern;

namespace TinyNets.Serialization.Onnx.Import;

/// <summary>
/// Reads a checked graph as a chain: from the data input, node after node (or group of nodes, for the forms TinyNets
/// exports), each taking the previous value and constants only, to the output; builds the layers, the scalers and the
/// probabilities output. Anything else is refused with the node that breaks the chain.
/// </summary>
internal sealed partial class OnnxChainReader
{
    private static readonly (string Name, OnnxPattern Pattern)[] Composites =
    [
        ("LeakyReLU", Op("Where", Op("Greater", X, Const("zero")), X, Op("Mul", X, Const("slope")))),
        ("SELU", SeluPattern()),
        ("Softplus", SoftplusPattern()),
        ("SoftplusExact", ExactSoftplusPattern()),
        ("Softplus32", Op("Where", Op("Greater", Shared("bx", "Mul", X, Const("beta")), Const("threshold")), X,
            Op("Div", Op("Softplus", Shared("bx", "Mul", X, Const("beta"))), Const("beta_again")))),
        ("Softplus32Unscaled", Op("Where", Op("Greater", X, Const("threshold")), X, Op("Softplus", X))),
    ];

    // torch.onnx's nn.Softplus(beta) for β ≠ 1 (and TinyNets' float32 export of it).
    private static readonly OnnxPattern ScaledSoftplus =
        Op("Div", Op("Softplus", Op("Mul", X, Const("beta"))), Const("beta_again"));

    private static readonly OnnxPattern Scaler =
        Op("Add", Op("Mul", Op("Div", Op("Sub", X, Const("sub")), Const("div")), Const("mul")), Const("add"));

    private readonly OnnxGraph _graph;
    private readonly OnnxErrors _errors;
    private readonly bool[] _done;
    private readonly List<Layer> _layers = [];
    private readonly long? _batch;
    private string _value;
    private int? _width;
    private bool _first = true;
    private FeatureScaler? _inputScaler;
    private FeatureScaler? _targetScaler;
    private string _output = "";
    private OnnxProbabilities _probabilities;
    private string? _probabilitiesName;

    private OnnxChainReader(OnnxGraph graph)
    {
        _graph = graph;
        _errors = graph.Errors;
        _done = new bool[graph.Nodes.Count];
        _value = graph.Input.Name;
        if (graph.InputShape is { } shape)
        {
            string location = $"graph.input '{graph.Input.Name}'";
            if (shape.Dim.Count != 2)
            {
                throw _errors.NotSupported(location, Inv($"the input has rank {shape.Dim.Count}; a batch [N, features] (rank 2, rows as samples) was expected."));
            }

            _batch = shape.Dim[0].HasDimValue ? shape.Dim[0].DimValue : null;
            if (shape.Dim[1].HasDimValue)
            {
                long features = shape.Dim[1].DimValue;
                if (features is < 1 or > int.MaxValue)
                {
                    throw _errors.Format(location, Inv($"the input declares {features} features; a positive count was expected."));
                }

                _width = (int)features;
            }
        }
    }

    /// <summary>Reads the model into what an import hands out.</summary>
    /// <param name="model">The parsed model.</param>
    /// <param name="errors">Builds the exceptions, naming the file.</param>
    /// <returns>The import.</returns>
    public static OnnxImport Read(ModelProto model, OnnxErrors errors)
    {
        var reader = new OnnxChainReader(new OnnxGraph(model, errors));
        reader.FindOutputs();
        reader.Walk();
        return reader.Result(model);
    }

    private static string Inv(FormattableString text) => FormattableString.Invariant(text);

    private static OnnxPattern SeluPattern()
    {
        OnnxPattern u = Shared("u", "Exp", X);
        OnnxPattern um1 = Shared("um1", "Sub", u, Const("one"));
        OnnxPattern kahan = Op("Div", Op("Mul", um1, X), Op("Log", u));
        OnnxPattern small = Op("Where", Op("Equal", um1, Const("minus_one")), um1, kahan);
        OnnxPattern em1 = Op("Where", Op("Equal", u, Const("one_again")), X, small);
        return Op("Where", Op("Greater", X, Const("zero")), Op("Mul", X, Const("lambda")), Op("Mul", em1, Const("lambda_alpha")));
    }

    // The float64 form: Where(β·x > threshold, x, max(x, 0) + log1p(e^(−|β·x|)) / β).
    private static OnnxPattern SoftplusPattern()
    {
        OnnxPattern bx = Shared("bx", "Mul", X, Const("beta"));
        OnnxPattern t = Shared("t", "Exp", Op("Neg", Op("Abs", bx)));
        OnnxPattern u = Shared("u", "Add", t, Const("one"));
        OnnxPattern g = Op("Div", Op("Mul", t, Op("Log", u)), Op("Sub", u, Const("one_again")));
        OnnxPattern l = Op("Where", Op("Equal", u, Const("one_third")), t, g);
        OnnxPattern formula = Op("Add", Op("Relu", X), Op("Div", l, Const("beta_again")));
        return Op("Where", Op("Greater", bx, Const("threshold")), X, formula);
    }

    // The float64 form of TinyNets before Softplus had β and a threshold: the exact max(x, 0) + log1p(e^(−|x|)).
    private static OnnxPattern ExactSoftplusPattern()
    {
        OnnxPattern t = Shared("t", "Exp", Op("Neg", Op("Abs", X)));
        OnnxPattern u = Shared("u", "Add", t, Const("one"));
        OnnxPattern g = Op("Div", Op("Mul", t, Op("Log", u)), Op("Sub", u, Const("one_again")));
        OnnxPattern l = Op("Where", Op("Equal", u, Const("one_third")), t, g);
        return Op("Add", Op("Relu", X), l);
    }

    // One output is the network's; a second one is accepted when it is Softmax or Sigmoid of the first (probabilities).
    private void FindOutputs()
    {
        for (int i = 0; i < _done.Length; i++)
        {
            _done[i] = _graph.IsConstantNode(i);
        }

        var outputs = _graph.Graph.Output;
        if (outputs.Count > 2)
        {
            throw _errors.NotSupported("graph.output", Inv(
                $"the graph has {outputs.Count} outputs ({string.Join(", ", outputs.Select(o => "'" + o.Name + "'"))}); the network's output and at most a probabilities output were expected."));
        }

        _output = outputs[0].Name;
        if (outputs.Count == 1)
        {
            return;
        }

        for (int k = 0; k < 2; k++)
        {
            string candidate = outputs[k].Name, other = outputs[1 - k].Name;
            int p = _graph.Producer(candidate);
            if (p < 0 || _graph.Nodes[p] is not { OpType: "Softmax" or "Sigmoid" } node || node.Input.Count != 1 || node.Input[0] != other)
            {
                continue;
            }

            string location = OnnxErrors.Node(p, node);
            if (node.OpType == "Softmax")
            {
                CheckSoftmaxAxis(p, node);
            }

            if (_graph.Consumers(candidate).Count > 0)
            {
                throw _errors.NotSupported(location, $"the probabilities output '{candidate}' also feeds other nodes; it was expected to be a graph output only.");
            }

            _done[p] = true;
            _output = other;
            _probabilities = node.OpType == "Softmax" ? OnnxProbabilities.Softmax : OnnxProbabilities.Sigmoid;
            _probabilitiesName = candidate;
            return;
        }

        throw _errors.NotSupported("graph.output", Inv(
            $"the graph has two outputs, '{outputs[0].Name}' and '{outputs[1].Name}', and neither is Softmax or Sigmoid of the other; the network's output and at most its probabilities were expected."));
    }

    private void Walk()
    {
        for (int i = 0; i < _done.Length; i++)
        {
            if (!_done[i])
            {
                Step(i);
            }
        }

        if (_value != _output)
        {
            throw _errors.NotSupported($"graph.output '{_output}'", $"the chain of layers ends at '{_value}', not at this output.");
        }

        ValueInfoProto output = _graph.Graph.Output.First(o => o.Name == _output);
        if (output.Type?.TensorType?.Shape is { Dim.Count: 2 } shape && shape.Dim[1].HasDimValue && _width is int w && shape.Dim[1].DimValue != w)
        {
            throw _errors.Format($"graph.output '{_output}'", Inv($"the output declares {shape.Dim[1].DimValue} features, but the chain computes {w}."));
        }

        if (_targetScaler is not null && _probabilities != OnnxProbabilities.None)
        {
            throw _errors.NotSupported($"graph.output '{_probabilitiesName}'",
                "the probabilities are computed from the rescaled targets; TinyNets exports probabilities of logits only, never with a target scaler.");
        }
    }

    private OnnxImport Result(ModelProto model)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < model.MetadataProps.Count; i++)
        {
            StringStringEntryProto entry = model.MetadataProps[i];
            if (!metadata.TryAdd(entry.Key, entry.Value))
            {
                throw _errors.Format(Inv($"model.metadata_props[{i}] '{entry.Key}'"), "the key is repeated; ONNX requires distinct keys.");
            }
        }

        Layer[] layers = _layers.Count == 0 ? [new Identity()] : [.. _layers];
        // An inference graph: the network comes in eval mode (Dropout layers are the identity, as in the graph).
        return new OnnxImport(new Sequential(layers).Eval(), _graph.InputElementType, _graph.Input.Name, _output)
        {
            InputScaler = _inputScaler,
            TargetScaler = _targetScaler,
            Probabilities = _probabilities,
            ProbabilitiesName = _probabilitiesName,
            ProducerName = model.HasProducerName ? model.ProducerName : null,
            ProducerVersion = model.HasProducerVersion ? model.ProducerVersion : null,
            Description = model.HasDocString ? model.DocString : null,
            ModelVersion = model.ModelVersion,
            Metadata = metadata.AsReadOnly(),
        };
    }

    private void Step(int i)
    {
        NodeProto node = _graph.Nodes[i];
        string location = OnnxErrors.Node(i, node);
        if (!node.Input.Contains(_value))
        {
            throw _errors.NotSupported(location,
                $"the node does not take the chain's current value '{_value}'; TinyNets reads a chain in which each node takes the previous node's output and constants (a branch or a second path is not supported).");
        }

        if (_graph.Consumers(_value).Distinct().Count() > 1)
        {
            ReadComposite(i, node, location);
            return;
        }

        switch (node.OpType)
        {
            case "Gemm":
                ReadGemm(i, node, location);
                break;
            case "MatMul":
                ReadMatMul(i, node, location);
                break;
            case "Relu":
                AddActivation(i, node, location, new ReLU());
                break;
            case "Sigmoid":
                AddActivation(i, node, location, new Sigmoid());
                break;
            case "Tanh":
                AddActivation(i, node, location, new Tanh());
                break;
            case "Identity":
                AddActivation(i, node, location, new Identity());
                break;
            case "Softplus":
                AddActivation(i, node, location, new Softplus());
                break;
            case "LeakyRelu":
                float alpha = FloatAttribute(node, location, "alpha", 0.01f);
                if (!float.IsFinite(alpha))
                {
                    throw _errors.NotSupported(location, Inv($"alpha is {alpha}; a finite slope was expected."));
                }

                AddActivation(i, node, location, new LeakyReLU(alpha));
                break;
            case "Selu":
                ReadSelu(i, node, location);
                break;
            case "Softmax":
                CheckSoftmaxAxis(i, node);
                AddActivation(i, node, location, new Softmax());
                break;
            case "LogSoftmax":
                CheckSoftmaxAxis(i, node);
                AddActivation(i, node, location, new LogSoftmax());
                break;
            case "Mul":
                ReadScaledSoftplus(i, location);
                break;
            case "Dropout":
                ReadDropout(i, node, location);
                break;
            case "Flatten":
            case "Reshape":
                ReadReshape(i, node, location);
                break;
            case "Sub":
                ReadScaler(i, location);
                break;
            default:
                throw _errors.NotSupported(location,
                    $"the operator '{node.OpType}' is not supported; TinyNets reads Gemm, MatMul (+ Add), Relu, LeakyRelu, Sigmoid, Tanh, Softmax, LogSoftmax, Selu, Softplus (also as Mul, Softplus, Div), Identity, Dropout, a leading Flatten or Reshape, and the forms it exports itself.");
        }
    }

    // ---------------------------------------------------------------- helpers

    private void Advance(IEnumerable<int> group, string output)
    {
        var nodes = new HashSet<int>(group);
        foreach (int consumer in _graph.Consumers(_value))
        {
            if (!nodes.Contains(consumer))
            {
                throw Branch(consumer, _value);
            }
        }

        foreach (int index in nodes)
        {
            foreach (string value in _graph.Nodes[index].Output.Where(o => o.Length > 0 && o != output))
            {
                if (_graph.IsGraphOutput(value))
                {
                    throw _errors.NotSupported(OnnxErrors.Node(index, _graph.Nodes[index]),
                        $"its output '{value}', inside a layer, is a graph output; the network's output and at most a probabilities output were expected.");
                }

                int outside = _graph.Consumers(value).FirstOrDefault(c => !nodes.Contains(c), -1);
                if (outside >= 0)
                {
                    throw Branch(outside, value);
                }
            }

            _done[index] = true;
        }

        _value = output;
        _first = false;
    }

    private NotSupportedException Branch(int consumer, string value) =>
        _errors.NotSupported(OnnxErrors.Node(consumer, _graph.Nodes[consumer]),
            $"the node also takes '{value}', a value that another layer consumes; TinyNets reads a chain (a branch is not supported).");

    private OnnxTensor RequireConstant(NodeProto node, string location, int input, string name)
    {
        string value = node.Input[input];
        if (!_graph.IsConstant(value))
        {
            throw _errors.NotSupported(location, $"{name} ('{value}') is not a constant (an initializer or a Constant node); TinyNets reads layers with constant weights.");
        }

        return _graph.Constant(value);
    }

    private float FloatAttribute(NodeProto node, string location, string name, float fallback)
    {
        AttributeProto? a = node.Attribute.FirstOrDefault(x => x.Name == name);
        if (a is null)
        {
            return fallback;
        }

        if (a.HasType && a.Type != AttributeProto.Types.AttributeType.Float)
        {
            throw _errors.Format(location, $"the attribute '{name}' is of type {a.Type}; FLOAT was expected.");
        }

        return a.F;
    }

    private long IntAttribute(NodeProto node, string location, string name, long fallback)
    {
        AttributeProto? a = node.Attribute.FirstOrDefault(x => x.Name == name);
        if (a is null)
        {
            return fallback;
        }

        if (a.HasType && a.Type != AttributeProto.Types.AttributeType.Int)
        {
            throw _errors.Format(location, $"the attribute '{name}' is of type {a.Type}; INT was expected.");
        }

        return a.I;
    }
}
