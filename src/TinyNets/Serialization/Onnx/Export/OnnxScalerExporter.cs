using System;
using System.Globalization;
using System.Collections.Generic;
using TinyNets.Data;

namespace TinyNets.Serialization.Onnx.Export;

/// <summary>
/// Folds a fitted <see cref="FeatureScaler"/> into the graph. A scaler maps x ↦ ((x − center) / scale)·width + low
/// (StandardScaler: center = means, scale = scales, width 1, low 0; MinMaxScaler: center = data minimum, scale = data
/// range or 1 for a constant feature, width = RangeMax − RangeMin, low = RangeMin), in that order of operations, which the
/// nodes repeat with the scaler's own values so that the graph rounds as TinyNets does.
/// </summary>
internal static class OnnxScalerExporter
{
    private const string OptionsArgument = "options";

    /// <summary>Checks that the scaler is fitted and has <paramref name="features"/> features (when known).</summary>
    /// <exception cref="ArgumentException">Not fitted, or another feature count.</exception>
    public static void Check(FeatureScaler scaler, string option, int? features, string sizeName, string paramName)
    {
        if (!scaler.IsFitted)
        {
            throw new ArgumentException($"The {option} ({scaler.GetType().Name}) has not been fitted; fit it on the training data before exporting.", paramName);
        }

        if (features is int n && scaler.FeatureCount != n)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"The {option} was fitted on {scaler.FeatureCount} features, but the network's {sizeName} size is {n}."),
                paramName);
        }
    }

    /// <summary>Writes x ↦ ((x − center) / scale)·width + low, nodes <c>/input_scaler/…</c>; returns the output's name.</summary>
    public static string WriteTransform(OnnxGraphBuilder b, FeatureScaler scaler, string x)
    {
        (IReadOnlyList<double> center, IReadOnlyList<double> scale, double width, double low) = Affine(scaler);
        const string Option = nameof(OnnxExportOptions.InputScaler);
        string sub = b.Node("/input_scaler/Sub", "Sub", x, Vector(b, "input_scaler.center", center, Option));
        string div = b.Node("/input_scaler/Div", "Div", sub, Vector(b, "input_scaler.scale", scale, Option));
        string mul = b.Node("/input_scaler/Mul", "Mul", div, Scalar(b, "input_scaler.width", width, Option));
        return b.Node("/input_scaler/Add", "Add", mul, Scalar(b, "input_scaler.low", low, Option));
    }

    /// <summary>Writes the inverse y ↦ ((y − low) / width)·scale + center, nodes <c>/target_scaler/…</c>; returns the output's name.</summary>
    public static string WriteInverse(OnnxGraphBuilder b, FeatureScaler scaler, string y)
    {
        (IReadOnlyList<double> center, IReadOnlyList<double> scale, double width, double low) = Affine(scaler);
        const string Option = nameof(OnnxExportOptions.TargetScaler);
        string sub = b.Node("/target_scaler/Sub", "Sub", y, Scalar(b, "target_scaler.low", low, Option));
        string div = b.Node("/target_scaler/Div", "Div", sub, Scalar(b, "target_scaler.width", width, Option));
        string mul = b.Node("/target_scaler/Mul", "Mul", div, Vector(b, "target_scaler.scale", scale, Option));
        return b.Node("/target_scaler/Add", "Add", mul, Vector(b, "target_scaler.center", center, Option));
    }

    private static string Vector(OnnxGraphBuilder b, string name, IReadOnlyList<double> values, string option) =>
        b.Initializer(name, [values.Count], [.. values], $"{option} value \"{name}\"", OptionsArgument);

    private static string Scalar(OnnxGraphBuilder b, string name, double value, string option) =>
        b.Scalar(name, value, $"{option} value \"{name}\"", OptionsArgument);

    // The scaler's own map (FeatureScaler.Affine), for the two kinds whose inverse an importer can rebuild.
    private static (IReadOnlyList<double> Center, IReadOnlyList<double> Scale, double Width, double Low) Affine(FeatureScaler scaler) =>
        scaler is StandardScaler or MinMaxScaler
            ? scaler.Affine
            : throw new NotSupportedException($"A {scaler.GetType().Name} cannot be exported to ONNX; StandardScaler and MinMaxScaler can.");
}
