using System;
using System.Globalization;
using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Parameters;

namespace TinyNets.Serialization.Onnx.Export;

/// <summary>
/// Writes the nodes of one layer. float32 uses ONNX's own operators (as torch.onnx writes them); float64 writes LeakyReLU, SELU and Softplus as
/// compositions of operators ONNX Runtime's CPU provider has float64 kernels for, which compute what TinyNets computes
/// (ONNX's float attributes are float32 and could not carry the exact slope or constants anyway).
/// </summary>
internal static class OnnxLayerExporter
{
    // The argument the layers come from, for the errors of a layer that cannot be exported.
    private const string NetworkArgument = "network";

    /// <summary>Whether the layer's type is one this exporter writes.</summary>
    public static bool IsSupported(Layer layer) =>
        layer is Linear or ReLU or Sigmoid or Tanh or Identity or Softmax or LogSoftmax or LeakyReLU or Selu or Softplus or Dropout;

    /// <summary>Writes layer <paramref name="k"/> reading <paramref name="x"/>; returns the name of its output.</summary>
    /// <exception cref="NotSupportedException">A layer type the exporter does not know.</exception>
    /// <exception cref="ArgumentException">float32 and a parameter beyond float32's range.</exception>
    public static string Write(OnnxGraphBuilder b, int k, Layer layer, string x)
    {
        string p = string.Create(CultureInfo.InvariantCulture, $"/{k}/");
        bool f64 = b.ElementType == OnnxElementType.F64;
        return layer switch
        {
            Linear linear => WriteLinear(b, k, linear, x),
            ReLU => b.Node(p + "Relu", "Relu", x),
            Sigmoid => b.Node(p + "Sigmoid", "Sigmoid", x),
            Tanh => b.Node(p + "Tanh", "Tanh", x),
            Identity => b.Node(p + "Identity", "Identity", x),
            Softmax => b.Node(p + "Softmax", "Softmax", "axis", -1, x),
            LogSoftmax => b.Node(p + "LogSoftmax", "LogSoftmax", "axis", -1, x),
            LeakyReLU leaky when f64 => WriteLeakyReLU64(b, k, leaky, x),
            LeakyReLU leaky => b.Node(p + "LeakyRelu", "LeakyRelu", [("alpha", ToFloat(leaky.NegativeSlope, k, leaky, "negative slope", NetworkArgument))], x),
            Selu when f64 => WriteSelu64(b, k, x),
            Selu => b.Node(p + "Selu", "Selu", [("alpha", (float)Selu.Alpha), ("gamma", (float)Selu.Lambda)], x),
            Softplus softplus when f64 => WriteSoftplus64(b, k, softplus, x),
            Softplus softplus => WriteSoftplus32(b, k, softplus, x),
            Dropout dropout => WriteDropout(b, k, dropout, x),
            _ => throw Unsupported(k, layer),
        };
    }

    /// <summary>The error for a layer type the exporter does not know (a user's own <see cref="Layer"/> subclass).</summary>
    public static NotSupportedException Unsupported(int k, Layer layer) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"Layer {k} ({layer.GetType().FullName}: {layer}) cannot be exported to ONNX; the exporter writes Linear, ReLU, LeakyReLU, Sigmoid, Tanh, Selu, Softplus, Identity, Softmax, LogSoftmax and Dropout layers."));

    // Gemm(x, W [out, in], b [out]) with transB = 1: x·Wᵀ + b, PyTorch's nn.Linear on rows as samples.
    private static string WriteLinear(OnnxGraphBuilder b, int k, Linear linear, string x)
    {
        string prefix = string.Create(CultureInfo.InvariantCulture, $"{k}.");
        Parameter w = linear.Weight;
        string weight = b.Initializer(prefix + w.Name, [w.Rows, w.Columns], RowMajor(w), $"Parameter \"{prefix}{w.Name}\"", NetworkArgument);
        if (linear.Bias is not Parameter bias)
        {
            return b.Node(string.Create(CultureInfo.InvariantCulture, $"/{k}/Gemm"), "Gemm", "transB", 1, x, weight);
        }

        string biasName = b.Initializer(prefix + bias.Name, [bias.Rows], bias.Data, $"Parameter \"{prefix}{bias.Name}\"", NetworkArgument);
        return b.Node(string.Create(CultureInfo.InvariantCulture, $"/{k}/Gemm"), "Gemm", "transB", 1, x, weight, biasName);
    }

    // TinyNets: x > 0 ? x : slope·x.
    private static string WriteLeakyReLU64(OnnxGraphBuilder b, int k, LeakyReLU leaky, string x)
    {
        string p = string.Create(CultureInfo.InvariantCulture, $"/{k}/LeakyReLU/");
        string c = b.Node(p + "Greater", "Greater", x, Constant(b, k, "zero", 0.0));
        string m = b.Node(p + "Mul", "Mul", x, Constant(b, k, "negative_slope", leaky.NegativeSlope));
        return b.Node(p + "Where", "Where", c, x, m);
    }

    // TinyNets: x > 0 ? λ·x : (λ·α)·expm1(x), with expm1 by Kahan's trick as in ScalarMath.ExpM1: u = eˣ;
    // u == 1 ? x : (u − 1 == −1 ? −1 : (u − 1)·x / log(u)). The branch Where does not take may be NaN (eˣ = ∞); it is dropped.
    private static string WriteSelu64(OnnxGraphBuilder b, int k, string x)
    {
        string p = string.Create(CultureInfo.InvariantCulture, $"/{k}/Selu/");
        string c = b.Node(p + "Greater", "Greater", x, Constant(b, k, "zero", 0.0));
        string u = b.Node(p + "Exp", "Exp", x);
        string one = Constant(b, k, "one", 1.0);
        string um1 = b.Node(p + "Sub", "Sub", u, one);
        string product = b.Node(p + "Mul", "Mul", um1, x);
        string log = b.Node(p + "Log", "Log", u);
        string kahan = b.Node(p + "Div", "Div", product, log);
        string saturated = b.Node(p + "Equal", "Equal", um1, Constant(b, k, "minus_one", -1.0));
        string small = b.Node(p + "Where", "Where", saturated, um1, kahan);
        string exact = b.Node(p + "Equal", "Equal", u, one);
        string em1 = b.Node(p + "Where", "Where", exact, x, small);
        string pos = b.Node(p + "Mul", "Mul", x, Constant(b, k, "lambda", Selu.Lambda));
        string neg = b.Node(p + "Mul", "Mul", em1, Constant(b, k, "lambda_alpha", Selu.Lambda * Selu.Alpha));
        return b.Node(p + "Where", "Where", c, pos, neg);
    }

    // TinyNets: β·x > threshold ? x : max(x, 0) + log1p(e^(−|β·x|)) / β, with log1p by Goldberg's trick as in
    // ScalarMath.Log1P: u = 1 + t; u == 1 ? t : t·log(u) / (u − 1). Mul and Div by β = 1 are exact.
    private static string WriteSoftplus64(OnnxGraphBuilder b, int k, Softplus softplus, string x)
    {
        string p = string.Create(CultureInfo.InvariantCulture, $"/{k}/Softplus/");
        string beta = Constant(b, k, "beta", softplus.Beta);
        string bx = b.Node(p + "Mul", "Mul", x, beta);
        string a = b.Node(p + "Abs", "Abs", bx);
        string negA = b.Node(p + "Neg", "Neg", a);
        string t = b.Node(p + "Exp", "Exp", negA);
        string one = Constant(b, k, "one", 1.0);
        string u = b.Node(p + "Add", "Add", t, one);
        string log = b.Node(p + "Log", "Log", u);
        string product = b.Node(p + "Mul", "Mul", t, log);
        string um1 = b.Node(p + "Sub", "Sub", u, one);
        string g = b.Node(p + "Div", "Div", product, um1);
        string exact = b.Node(p + "Equal", "Equal", u, one);
        string l = b.Node(p + "Where", "Where", exact, t, g);
        string scaled = b.Node(p + "Div", "Div", l, beta);
        string relu = b.Node(p + "Relu", "Relu", x);
        string formula = b.Node(p + "Add", "Add", relu, scaled);
        string linear = b.Node(p + "Greater", "Greater", bx, Constant(b, k, "threshold", softplus.Threshold));
        return b.Node(p + "Where", "Where", linear, x, formula);
    }

    // torch.onnx's form: Softplus, or Mul(β), Softplus, Div(β) for β ≠ 1. ONNX's Softplus has no threshold; from 20 on
    // the linear branch differs from it by less than 2.1e-9 absolute, 1e-10 relative, far below float32's rounding,
    // so only a lower threshold adds the Where(Greater(β·x, threshold), x, ·) that makes it visible.
    private static string WriteSoftplus32(OnnxGraphBuilder b, int k, Softplus softplus, string x)
    {
        string p = string.Create(CultureInfo.InvariantCulture, $"/{k}/");
        float beta = ToPositiveFloat(softplus.Beta, k, softplus, "beta", NetworkArgument);

        string bx = x, betaName = "";
        if (beta != 1)
        {
            betaName = Constant(b, k, "beta", beta);
            bx = b.Node(p + "Mul", "Mul", x, betaName);
        }

        string y = b.Node(p + "Softplus", "Softplus", bx);
        if (beta != 1)
        {
            y = b.Node(p + "Div", "Div", y, betaName);
        }

        if (softplus.Threshold >= Softplus.DefaultThreshold)
        {
            return y;
        }

        // A threshold below float32's range becomes its lowest float, which only −float.MaxValue itself does not exceed.
        string threshold = Constant(b, k, "threshold", Math.Max(softplus.Threshold, -float.MaxValue));
        string linear = b.Node(p + "Greater", "Greater", bx, threshold);
        return b.Node(p + "Where", "Where", linear, x, y);
    }

    // Dropout(x, ratio) in inference mode (training_mode absent: false), the identity, as torch.onnx writes nn.Dropout
    // when it keeps it; the ratio (an input since opset 12) carries p for an import.
    private static string WriteDropout(OnnxGraphBuilder b, int k, Dropout dropout, string x) =>
        b.Node(string.Create(CultureInfo.InvariantCulture, $"/{k}/Dropout"), "Dropout", x, Constant(b, k, "ratio", dropout.P));

    private static string Constant(OnnxGraphBuilder b, int k, string name, double value) =>
        b.Scalar(string.Create(CultureInfo.InvariantCulture, $"{k}.{name}"), value, $"Constant \"{k}.{name}\"", NetworkArgument);

    private static float ToFloat(double value, int k, Layer layer, string what, string paramName)
    {
        float f = (float)value;
        if (float.IsInfinity(f))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"Layer {k} ({layer}) has a {what} of {value:R}, beyond float32's range (±{float.MaxValue:R}); export as {nameof(OnnxElementType.F64)}."),
                paramName);
        }

        return f;
    }

    // A divisor: beyond float32's range, or so small that it rounds to 0, it cannot be exported as float32.
    private static float ToPositiveFloat(double value, int k, Layer layer, string what, string paramName)
    {
        float f = ToFloat(value, k, layer, what, paramName);
        if (f == 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"Layer {k} ({layer}) has a {what} of {value:R}, which rounds to 0 in float32; export as {nameof(OnnxElementType.F64)}."),
                paramName);
        }

        return f;
    }

    // A weight is out×in column-major (entry [r, c] at c·out + r); ONNX's [out, in] is row-major (at r·in + c).
    private static double[] RowMajor(Parameter w)
    {
        ReadOnlySpan<double> data = w.Data;
        var rowMajor = new double[w.Length];
        for (int r = 0; r < w.Rows; r++)
        {
            for (int c = 0; c < w.Columns; c++)
            {
                rowMajor[(r * w.Columns) + c] = data[(c * w.Rows) + r];
            }
        }

        return rowMajor;
    }
}
