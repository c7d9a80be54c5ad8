using System;
using System.Collections.Generic;
using System.Linq;
using TinyNets.Activations;
using TinyNets.Data;
using TinyNets.Layers;
using TinyNets.Serialization.Onnx.Protos;

namespace TinyNets.Serialization.Onnx.Import;

// The multi-node forms TinyNets exports: the float64 composites of LeakyReLU, SELU and Softplus, float32's Softplus
// with β or a threshold below 20, and the scalers.
internal sealed partial class OnnxChainReader
{
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
            $"the chain's value '{_value}' feeds {consumers.Length} nodes ({string.Join(", ", consumers.Select(c => OnnxErrors.Node(c, _graph.Nodes[c])))}), and they are not one of the forms of LeakyReLU, SELU or Softplus that TinyNets exports; a branch is not supported."));
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
            case "SoftplusExact":
                Expect(match, location, "Softplus", "one", 1);
                Expect(match, location, "Softplus", "one_again", 1);
                Expect(match, location, "Softplus", "one_third", 1);
                // What the graph computes: the exact formula for every finite x.
                return new Softplus(1, double.MaxValue);
            case "Softplus32Unscaled":
                return new Softplus(1, Threshold(match, location));
            default: // Softplus, Softplus32
                if (name == "Softplus")
                {
                    Expect(match, location, name, "one", 1);
                    Expect(match, location, name, "one_again", 1);
                    Expect(match, location, name, "one_third", 1);
                }

                return new Softplus(Beta(match, location), Threshold(match, location));
        }
    }

    // β of a Softplus form: positive and finite, the same constant where the form multiplies and where it divides.
    private double Beta(OnnxMatch match, string location)
    {
        double beta = Scalar(match, location, "beta");
        if (!(beta > 0) || !double.IsFinite(beta))
        {
            throw _errors.NotSupported(location, Inv($"the Softplus form's beta is {beta}; a positive finite beta was expected."));
        }

        Expect(match, location, "Softplus", "beta_again", beta);
        return beta;
    }

    private double Threshold(OnnxMatch match, string location)
    {
        double threshold = Scalar(match, location, "threshold");
        if (!double.IsFinite(threshold))
        {
            throw _errors.NotSupported(location, Inv($"the Softplus form's threshold is {threshold}; a finite threshold was expected."));
        }

        return threshold;
    }

    // Mul(x, β), Softplus, Div(β): torch.onnx's nn.Softplus(beta) with β ≠ 1, read as PyTorch's layer (threshold 20).
    private void ReadScaledSoftplus(int i, string location)
    {
        int root = i;
        for (int k = 0; k < 2 && root >= 0; k++)
        {
            int[] next = [.. _graph.Consumers(_graph.Nodes[root].Output.FirstOrDefault() ?? "").Distinct()];
            root = next.Length == 1 ? next[0] : -1;
        }

        var match = new OnnxMatch(_graph, _value);
        if (root < 0 || _graph.Nodes[root].Output.Count != 1 || !match.Match(ScaledSoftplus, _graph.Nodes[root].Output[0]) || !match.Nodes.Contains(i))
        {
            throw _errors.NotSupported(location,
                "Mul is read only as the first node of Mul(x, β), Softplus, Div(β) (torch.onnx's nn.Softplus(beta)), which these nodes are not.");
        }

        _layers.Add(new Softplus(Beta(match, location), Softplus.DefaultThreshold));
        Advance(match.Nodes, _graph.Nodes[root].Output[0]);
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
}
