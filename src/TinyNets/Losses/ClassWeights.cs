using System;
using System.Collections.Generic;
using System.Globalization;

namespace TinyNets.Losses;

/// <summary>
/// PyTorch's per-class <c>weight</c> of <see cref="CrossEntropyLoss"/> and <see cref="NllLoss"/>: its checks, and the
/// pieces their overflow-safe paths share (a positive number split into a mantissa in [1, 2) and a power of two).
/// </summary>
internal static class ClassWeights
{
    /// <summary>A copy of the weights, each finite and ≥ 0; null stays null.</summary>
    /// <param name="weight">The weights, one per class, or null.</param>
    /// <param name="paramName">The argument's name.</param>
    /// <returns>The copy, or null.</returns>
    /// <exception cref="ArgumentException">An empty list, or a weight that is negative or not finite.</exception>
    public static double[]? Copy(IReadOnlyList<double>? weight, string paramName)
    {
        if (weight is null)
        {
            return null;
        }

        if (weight.Count == 0)
        {
            throw new ArgumentException($"'{paramName}' must hold one weight per class; an empty list was given.", paramName);
        }

        var copy = new double[weight.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            double w = weight[i];
            if (!(w >= 0) || !double.IsFinite(w))
            {
                throw new ArgumentOutOfRangeException(
                    paramName, w, string.Create(CultureInfo.InvariantCulture, $"'{paramName}' entry {i} (class {i}) must be finite and ≥ 0; {w} was given."));
            }

            copy[i] = w;
        }

        return copy;
    }

    /// <summary>Checks that there is one weight per class (the prediction's rows).</summary>
    /// <param name="weight">The weights.</param>
    /// <param name="classes">The prediction's rows.</param>
    /// <param name="rowsWhat">What the prediction is ("logits").</param>
    /// <param name="paramName">The prediction argument's name.</param>
    public static void CheckCount(double[] weight, int classes, string rowsWhat, string paramName)
    {
        if (weight.Length != classes)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"'{paramName}' has {classes} rows (classes), but the loss has {weight.Length} class weights; {rowsWhat} of {weight.Length} rows were expected."),
                paramName);
        }
    }

    /// <summary>Σ of the targets' weights, which PyTorch's weighted <see cref="Reduction.Mean"/> divides by, as
    /// mantissa × 2^exponent: the plain sum with exponent 0, or the sum of the weights scaled by 2⁻⁶⁴ if that overflowed.</summary>
    /// <param name="weight">The class weights.</param>
    /// <param name="classes">The targets' class indices, already checked.</param>
    /// <param name="paramName">The class indices' argument name.</param>
    /// <returns>The sum as (mantissa, exponent).</returns>
    /// <exception cref="ArgumentException">The weights of the targets sum to 0 (PyTorch's mean would be 0/0).</exception>
    public static (double Value, int Exponent) TargetWeightSum(double[] weight, ReadOnlySpan<int> classes, string paramName)
    {
        double sum = 0;
        foreach (int c in classes)
        {
            sum += weight[c];
        }

        if (sum == 0)
        {
            throw new ArgumentException(
                $"'{paramName}': every target's class weight is 0, and Reduction.Mean divides by their sum (PyTorch's would give NaN); give a sample of a weighted class, or use Reduction.Sum.",
                paramName);
        }

        if (double.IsFinite(sum))
        {
            return (sum, 0);
        }

        double scaled = 0;
        foreach (int c in classes)
        {
            scaled += Math.ScaleB(weight[c], -64);
        }

        return (scaled, 64);
    }

    /// <summary>The power of two of a non-zero finite number (its binary exponent).</summary>
    public static int Exponent(double x) => Math.ILogB(x);

    /// <summary>A non-zero finite number divided by 2^<see cref="Exponent"/>: its mantissa, of magnitude in [1, 2), with its sign.</summary>
    public static double Mantissa(double x) => Math.ScaleB(x, -Math.ILogB(x));
}
