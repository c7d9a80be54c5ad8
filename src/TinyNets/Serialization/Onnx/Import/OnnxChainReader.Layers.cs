using System;
using System.Collections.Generic;
using System.Linq;
using TinyNets.Activations;
using TinyNets.Data;
using TinyNets.Layers;
using TinyNets.Serialization.Onnx.Protos;

namespace TinyNets.Serialization.Onnx.Import;

// The single-node layers (and MatMul + Add): Gemm, MatMul, the activations, Dropout, a leading Flatten or Reshape.
internal sealed partial class OnnxChainReader
{
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

        (double[] weight, int outF, int inF) = OutByIn(b, storedOutByIn: transB, alpha);

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

        (double[] weight, int outF, int inF) = OutByIn(w, storedOutByIn: false, 1.0);

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

    // A weight matrix as Linear's [out, in] row-major, from [out, in] (Gemm's B with transB = 1) or [in, out] (MatMul's
    // B, Gemm's with transB = 0), each value times alpha (1 leaves it exact).
    private static (double[] Weight, int Out, int In) OutByIn(OnnxTensor m, bool storedOutByIn, double alpha)
    {
        int outF = (int)(storedOutByIn ? m.Dims[0] : m.Dims[1]);
        int inF = (int)(storedOutByIn ? m.Dims[1] : m.Dims[0]);
        var weight = new double[m.Count];
        for (int r = 0; r < outF; r++)
        {
            for (int c = 0; c < inF; c++)
            {
                weight[(r * inF) + c] = alpha * m.Values[storedOutByIn ? (r * inF) + c : (c * outF) + r];
            }
        }

        return (weight, outF, inF);
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
            throw _errors.NotSupported(location, Inv($"axis = {axis}; TinyNets' {node.OpType} is over each sample's features (axis 1 or -1 of [N, features])."));
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

        _layers.Add(new Dropout(DropoutRatio(node, location)));
        Advance([i], node.Output[0]);
    }

    // The ratio: the input (opset 12 on), else the attribute (before), else ONNX's default 0.5; a float32 ratio is
    // taken exactly as stored.
    private double DropoutRatio(NodeProto node, string location)
    {
        double ratio;
        if (node.Input.Count >= 2 && node.Input[1].Length > 0)
        {
            OnnxTensor t = _graph.Constant(node.Input[1]);
            if (t.Count != 1)
            {
                throw _errors.Format(location, $"the ratio at {t.Location} has dims {t.DimsText}; a scalar was expected.");
            }

            ratio = t.Values[0];
        }
        else
        {
            ratio = FloatAttribute(node, location, "ratio", 0.5f);
        }

        if (!(ratio >= 0 && ratio <= 1))
        {
            throw _errors.Format(location, Inv($"the ratio is {ratio}; a probability 0 <= ratio <= 1 was expected."));
        }

        return ratio;
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
}
