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
internal sealed class OnnxChainReader
{
    private static readonly (string Name, OnnxPattern Pattern)[] Composites =
    [
        ("LeakyReLU", Op("Where", Op("Greater", X, Const("zero")), X, Op("Mul", X, Const("slope")))),
        ("SELU", SeluPattern()),
        ("Softplus", SoftplusPattern()),
    ];

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

    private static OnnxPattern SoftplusPattern()
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
        return new OnnxImport(new Sequential(layers), _graph.InputElementType, _graph.Input.Name, _output)
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
                    $"the operator '{node.OpType}' is not supported; TinyNets reads Gemm, MatMul (+ Add), Relu, LeakyRelu, Sigmoid, Tanh, Softmax, Selu, Softplus, Identity, Dropout, a leading Flatten or Reshape, and the forms it exports itself.");
        }
    }

    // ---------------------------------------------------------------- layers

    private void ReadGemm(int i, NodeProto node, string location)
    {
        if (node.Input.Count is < 2 or > 3 || node.Output.Count != 1)
        {
            throw _errors.Format(location, Inv($"Gemm takes 2 or 3 inputs and gives 1 output; the node has {node.Input.Count} and {node.Output.Count}."));
        }

        if (node.Input[0] != _value)
        {
            throw _errors.NotSupported(location, $"the chain's value '{_value}' is not Gemm's first input A; TinyNets reads Gemm(x, W, b) with the data [N, in] as A.");
        }

        if (IntAttribute(node, location, "transA", 0) != 0)
        {
            throw _errors.NotSupported(location,
                "transA = 1 would take the samples as the columns of A; TinyNets reads Gemm with the data [N, in] as A untransposed (rows as samples).");
        }

        bool transB = IntAttribute(node, location, "transB", 0) != 0;
        double alpha = FloatAttribute(node, location, "alpha", 1f);
        double beta = FloatAttribute(node, location, "beta", 1f);
        OnnxTensor b = RequireConstant(node, location, 1, "B");
        if (b.Dims.Length != 2)
        {
            throw _errors.Format(location, $"B has dims {b.DimsText}; a matrix was expected.");
        }

        int outF = (int)(transB ? b.Dims[0] : b.Dims[1]);
        int inF = (int)(transB ? b.Dims[1] : b.Dims[0]);
        var weight = new double[b.Count];
        for (int r = 0; r < outF; r++)
        {
            for (int c = 0; c < inF; c++)
            {
                weight[(r * inF) + c] = alpha * b.Values[transB ? (r * inF) + c : (c * outF) + r];
            }
        }

        double[]? bias = null;
        if (node.Input.Count == 3 && node.Input[2].Length > 0)
        {
            OnnxTensor c = RequireConstant(node, location, 2, "C");
            bias = Bias(c, outF, location, "C");
            for (int k = 0; k < bias.Length; k++)
            {
                bias[k] *= beta;
            }
        }

        AddLinear(location, weight, outF, inF, bias, [i], node.Output[0]);
    }

    private void ReadMatMul(int i, NodeProto node, string location)
    {
        if (node.Input.Count != 2 || node.Output.Count != 1)
        {
            throw _errors.Format(location, Inv($"MatMul takes 2 inputs and gives 1 output; the node has {node.Input.Count} and {node.Output.Count}."));
        }

        if (node.Input[0] != _value)
        {
            throw _errors.NotSupported(location, $"the chain's value '{_value}' is not MatMul's first input; TinyNets reads MatMul(x, W) with W [in, out] constant.");
        }

        OnnxTensor w = RequireConstant(node, location, 1, "B");
        if (w.Dims.Length != 2)
        {
            throw _errors.NotSupported(location, $"the weight has dims {w.DimsText}; a matrix [in, out] was expected.");
        }

        int inF = (int)w.Dims[0], outF = (int)w.Dims[1];
        var weight = new double[w.Count];
        for (int r = 0; r < outF; r++)
        {
            for (int c = 0; c < inF; c++)
            {
                weight[(r * inF) + c] = w.Values[(c * outF) + r];
            }
        }

        // PyTorch's Linear without Gemm: MatMul(x, Wᵀ) then Add with the bias, in either order.
        string product = node.Output[0];
        int[] next = [.. _graph.Consumers(product).Distinct()];
        if (next.Length == 1 && !_graph.IsGraphOutput(product) && _graph.Nodes[next[0]] is { OpType: "Add" } add
            && add.Input.Count == 2 && add.Output.Count == 1 && add.Input[0] != add.Input[1])
        {
            string other = add.Input[0] == product ? add.Input[1] : add.Input[0];
            if (_graph.IsConstant(other))
            {
                string addLocation = OnnxErrors.Node(next[0], add);
                double[] bias = Bias(_graph.Constant(other), outF, addLocation, $"the bias '{other}'");
                AddLinear(location, weight, outF, inF, bias, [i, next[0]], add.Output[0]);
                return;
            }
        }

        AddLinear(location, weight, outF, inF, null, [i], product);
    }

    private double[] Bias(OnnxTensor c, int outF, string location, string what)
    {
        bool fits = c.Dims switch
        {
            [] => true,
            [var n] => n == outF || n == 1,
            [1, var n] => n == outF || n == 1,
            _ => false,
        };
        if (!fits)
        {
            // A bias that does not broadcast over the outputs is no valid layer (ONNX Runtime refuses it too).
            throw _errors.Format(location, Inv($"{what} has dims {c.DimsText}; a bias of the {outF} outputs ([{outF}], [1, {outF}], [1] or []) was expected."));
        }

        var bias = new double[outF];
        for (int k = 0; k < outF; k++)
        {
            bias[k] = c.Values[c.Count == 1 ? 0 : k];
        }

        return bias;
    }

    private void AddLinear(string location, double[] weight, int outF, int inF, double[]? bias, int[] group, string output)
    {
        if (outF < 1 || inF < 1)
        {
            throw _errors.NotSupported(location, Inv($"the weight is {outF}×{inF} (out×in); a layer needs at least one input and one output."));
        }

        if (_width is int w && w != inF)
        {
            throw _errors.Format(location, Inv($"the weight takes {inF} input features, but the chain's value has {w}."));
        }

        CheckFinite(weight, location, "weight", inF);
        if (bias is not null)
        {
            CheckFinite(bias, location, "bias", 1);
        }

        var linear = new Linear(inF, outF, bias is not null);
        Span<double> target = linear.Weight.Data;
        for (int r = 0; r < outF; r++)
        {
            for (int c = 0; c < inF; c++)
            {
                // TinyNets stores W column-major.
                target[(c * outF) + r] = weight[(r * inF) + c];
            }
        }

        bias?.CopyTo(linear.Bias!.Data);
        _layers.Add(linear);
        _width = outF;
        Advance(group, output);
    }

    private void CheckFinite(double[] values, string location, string what, int columns)
    {
        int bad = Array.FindIndex(values, v => !double.IsFinite(v));
        if (bad >= 0)
        {
            string at = columns > 1 ? Inv($"[{bad / columns}, {bad % columns}]") : Inv($"[{bad}]");
            throw _errors.Format(location, Inv($"the {what} entry {at} is {values[bad]}; finite values were expected."));
        }
    }

    private void AddActivation(int i, NodeProto node, string location, Layer layer)
    {
        if (node.Input.Count != 1 || node.Output.Count != 1)
        {
            throw _errors.Format(location, Inv($"{node.OpType} takes 1 input and gives 1 output; the node has {node.Input.Count} and {node.Output.Count}."));
        }

        _layers.Add(layer);
        Advance([i], node.Output[0]);
    }

    private void ReadSelu(int i, NodeProto node, string location)
    {
        // ONNX's defaults are TinyNets' constants rounded to float32.
        float alpha = FloatAttribute(node, location, "alpha", (float)Selu.Alpha);
        float gamma = FloatAttribute(node, location, "gamma", (float)Selu.Lambda);
        if (alpha != (float)Selu.Alpha || gamma != (float)Selu.Lambda)
        {
            throw _errors.NotSupported(location, Inv(
                $"alpha = {alpha} and gamma = {gamma}; TinyNets' SELU has the fixed constants α = {(float)Selu.Alpha} and λ = {(float)Selu.Lambda} (as float32)."));
        }

        AddActivation(i, node, location, new Selu());
    }

    private void CheckSoftmaxAxis(int i, NodeProto node)
    {
        string location = OnnxErrors.Node(i, node);
        // Before opset 13 the default axis is 1, since then −1; either is the features of a [N, features] batch.
        long axis = IntAttribute(node, location, "axis", _graph.Opset >= 13 ? -1 : 1);
        if (axis is not (1 or -1))
        {
            throw _errors.NotSupported(location, Inv($"axis = {axis}; TinyNets' Softmax is over each sample's features (axis 1 or -1 of [N, features])."));
        }
    }

    private void ReadDropout(int i, NodeProto node, string location)
    {
        if (node.Input.Count is < 1 or > 3 || node.Output.Count is < 1 or > 2 || node.Input[0] != _value)
        {
            throw _errors.Format(location, "Dropout takes the data (then optionally ratio and training_mode) and gives the output (and optionally the mask).");
        }

        for (int k = 1; k < node.Input.Count; k++)
        {
            if (node.Input[k].Length > 0 && !_graph.IsConstant(node.Input[k]))
            {
                throw _errors.NotSupported(location, $"the input '{node.Input[k]}' is not a constant; Dropout is read as an inference no-op only.");
            }
        }

        if (node.Input.Count == 3 && node.Input[2].Length > 0 && _graph.ConstantProto(node.Input[2]) is { } mode
            && (mode.Int32Data.Any(v => v != 0) || mode.RawData.Span.IndexOfAnyExcept((byte)0) >= 0))
        {
            throw _errors.NotSupported(location, "training_mode is true: the node drops values at random; Dropout is read as an inference no-op only.");
        }

        if (node.Output.Count == 2 && node.Output[1].Length > 0
            && (_graph.Consumers(node.Output[1]).Count > 0 || _graph.IsGraphOutput(node.Output[1])))
        {
            throw _errors.NotSupported(location, $"the mask output '{node.Output[1]}' is used; Dropout is read as an inference no-op only.");
        }

        Advance([i], node.Output[0]);
    }

    private void ReadReshape(int i, NodeProto node, string location)
    {
        if (!_first || _value != _graph.Input.Name)
        {
            throw _errors.NotSupported(location, $"{node.OpType} is read only as the graph's first node, keeping the batch [N, in].");
        }

        if (node.OpType == "Flatten")
        {
            long axis = IntAttribute(node, location, "axis", 1);
            if (node.Input.Count != 1 || node.Output.Count != 1 || axis is not (1 or -1))
            {
                throw _errors.NotSupported(location, Inv($"Flatten with axis = {axis}; TinyNets reads Flatten(axis = 1) of a batch [N, in] only."));
            }

            Advance([i], node.Output[0]);
            return;
        }

        if (node.Input.Count != 2 || node.Output.Count != 1)
        {
            throw _errors.Format(location, Inv($"Reshape takes 2 inputs and gives 1 output; the node has {node.Input.Count} and {node.Output.Count}."));
        }

        if (!_graph.IsConstant(node.Input[1]))
        {
            throw _errors.NotSupported(location, $"the shape '{node.Input[1]}' is not a constant.");
        }

        OnnxTensor shape = _graph.Constant(node.Input[1], int64: true);
        bool allowZero = IntAttribute(node, location, "allowzero", 0) != 0;
        bool keeps = shape.Dims is [2] && shape.Values[1] >= 1 && shape.Values[1] <= int.MaxValue
            && (_width is null || shape.Values[1] == _width)
            && (shape.Values[0] == -1 || (shape.Values[0] == 0 && !allowZero) || (shape.Values[0] >= 1 && shape.Values[0] == _batch));
        if (!keeps)
        {
            throw _errors.NotSupported(location, Inv(
                $"the shape is [{string.Join(", ", shape.Values)}]; TinyNets reads a Reshape to [-1, in] or [0, in] (or the input's fixed batch size) that keeps the batch [N, {(_width is int w ? w.ToString(System.Globalization.CultureInfo.InvariantCulture) : "in")}]."));
        }

        _width = (int)shape.Values[1];
        Advance([i], node.Output[0]);
    }

    // ---------------------------------------------------------------- the forms TinyNets exports

    private void ReadComposite(int i, NodeProto node, string location)
    {
        int[] consumers = [.. _graph.Consumers(_value).Distinct()];
        // The form's last node is searched among the nodes that follow; a mismatch throws, so this runs once.
        for (int j = i; j < _done.Length; j++)
        {
            if (_done[j] || _graph.Nodes[j].Output.Count != 1)
            {
                continue;
            }

            foreach ((string name, OnnxPattern pattern) in Composites)
            {
                var match = new OnnxMatch(_graph, _value);
                if (match.Match(pattern, _graph.Nodes[j].Output[0]) && consumers.All(match.Nodes.Contains))
                {
                    _layers.Add(CompositeLayer(name, match, OnnxErrors.Node(j, _graph.Nodes[j])));
                    Advance(match.Nodes, _graph.Nodes[j].Output[0]);
                    return;
                }
            }
        }

        throw _errors.NotSupported(location, Inv(
            $"the chain's value '{_value}' feeds {consumers.Length} nodes ({string.Join(", ", consumers.Select(c => OnnxErrors.Node(c, _graph.Nodes[c])))}), and they are not one of the float64 forms of LeakyReLU, SELU or Softplus that TinyNets exports; a branch is not supported."));
    }

    private Layer CompositeLayer(string name, OnnxMatch match, string location)
    {
        switch (name)
        {
            case "LeakyReLU":
                Expect(match, location, name, "zero", 0);
                double slope = Scalar(match, location, "slope");
                if (!double.IsFinite(slope))
                {
                    throw _errors.NotSupported(location, Inv($"the LeakyReLU slope is {slope}; a finite slope was expected."));
                }

                return new LeakyReLU(slope);
            case "SELU":
                Expect(match, location, name, "zero", 0);
                Expect(match, location, name, "one", 1);
                Expect(match, location, name, "one_again", 1);
                Expect(match, location, name, "minus_one", -1);
                Expect(match, location, name, "lambda", Selu.Lambda);
                Expect(match, location, name, "lambda_alpha", Selu.Lambda * Selu.Alpha);
                return new Selu();
            default:
                Expect(match, location, name, "one", 1);
                Expect(match, location, name, "one_again", 1);
                Expect(match, location, name, "one_third", 1);
                return new Softplus();
        }
    }

    private void Expect(OnnxMatch match, string location, string layer, string tag, double expected)
    {
        double value = Scalar(match, location, tag);
        if (value != expected)
        {
            throw _errors.NotSupported(location, Inv(
                $"the {layer} form's constant '{tag}' is {value}; TinyNets' {layer} has {expected} there (exactly, in float64)."));
        }
    }

    private double Scalar(OnnxMatch match, string location, string tag)
    {
        OnnxTensor t = match.Constant(tag);
        if (t.Count != 1)
        {
            throw _errors.NotSupported(location, $"the constant '{tag}' at {t.Location} has dims {t.DimsText}; a scalar was expected.");
        }

        return t.Values[0];
    }

    // Sub, Div, Mul, Add with constants: TinyNets' input scaler before the first layer (vectors, then scalars) or the
    // inverse of its target scaler at the end (scalars, then vectors).
    private void ReadScaler(int i, string location)
    {
        int root = i;
        for (int k = 0; k < 3; k++)
        {
            int[] next = [.. _graph.Consumers(_graph.Nodes[root].Output.FirstOrDefault() ?? "").Distinct()];
            if (next.Length != 1)
            {
                root = -1;
                break;
            }

            root = next[0];
        }

        var match = new OnnxMatch(_graph, _value);
        if (root < 0 || _graph.Nodes[root].Output.Count != 1 || !match.Match(Scaler, _graph.Nodes[root].Output[0]) || !match.Nodes.Contains(i))
        {
            throw _errors.NotSupported(location,
                "Sub is read only as the first node of the scalers TinyNets exports (Sub, Div, Mul, Add with constants), which these nodes are not.");
        }

        string output = _graph.Nodes[root].Output[0];
        OnnxTensor sub = match.Constant("sub"), div = match.Constant("div"), mul = match.Constant("mul"), add = match.Constant("add");
        if (sub.Dims.Length >= 1 && mul.Dims.Length == 0 && _layers.Count == 0 && _inputScaler is null)
        {
            int n = Features(sub, div, location, "input");
            _inputScaler = Rebuild(sub.Values, div.Values, mul.Values[0], add.Values[0], location, "input");
            ScalarCheck(mul, add, location);
            _width = n;
        }
        else if (sub.Dims.Length == 0 && mul.Dims.Length >= 1 && output == _output && _targetScaler is null)
        {
            ScalarCheck(sub, div, location);
            Features(mul, add, location, "target");
            _targetScaler = Rebuild(add.Values, mul.Values, div.Values[0], sub.Values[0], location, "target");
        }
        else
        {
            throw _errors.NotSupported(location,
                "Sub, Div, Mul, Add are read only as TinyNets' input scaler (before the first layer: vectors, then scalars) or its target scaler's inverse (ending at the output: scalars, then vectors).");
        }

        Advance(match.Nodes, output);
    }

    private int Features(OnnxTensor first, OnnxTensor second, string location, string which)
    {
        long n = first.Dims[^1];
        bool vectors = first.Dims is [_] or [1, _] && second.Dims.SequenceEqual(first.Dims) && n >= 1;
        if (!vectors)
        {
            throw _errors.NotSupported(location, $"the {which} scaler's per-feature constants have dims {first.DimsText} and {second.DimsText}; two vectors [features] were expected.");
        }

        if (_width is int w && w != n)
        {
            throw _errors.Format(location, Inv($"the {which} scaler has {n} features, but the chain's value has {w}."));
        }

        return (int)n;
    }

    private void ScalarCheck(OnnxTensor a, OnnxTensor b, string location)
    {
        if (a.Count != 1 || b.Count != 1)
        {
            throw _errors.NotSupported(location, $"the scaler's width and low have dims {a.DimsText} and {b.DimsText}; scalars were expected.");
        }
    }

    private FeatureScaler Rebuild(double[] center, double[] scale, double width, double low, string location, string which)
    {
        try
        {
            if (width == 1 && low == 0)
            {
                return StandardScaler.FromFitted(center, scale);
            }

            double[] dataMax = [.. center.Select((c, k) => c + scale[k])];
            return MinMaxScaler.FromFitted(center, dataMax, low, low + width);
        }
        catch (ArgumentException e)
        {
            throw _errors.NotSupported(location, $"the {which} scaler's constants are not those of a fitted TinyNets scaler: {e.Message}");
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
