using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace TinyNets.Losses;

/// <summary>
/// Negative log-likelihood on log-probabilities, PyTorch's <c>nn.NLLLoss</c>: for each sample (column) x with target
/// class c the term is −x_c. Targets are class indices, or probability (one-hot or soft) columns t with the term
/// −Σᵢ tᵢ·xᵢ. <see cref="Reduction.Mean"/> averages over samples (PyTorch's mean without class weights).
/// After a <c>LogSoftmax</c> layer it is <see cref="CrossEntropyLoss"/> on the logits, which fuses the two.
/// </summary>
public sealed class NllLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean over samples (default, as PyTorch), Sum, or BatchMean (the same as Mean here).</param>
    /// <param name="scale">A positive factor.</param>
    public NllLoss(Reduction reduction = Reduction.Mean, double scale = 1.0)
        : base(reduction, scale)
    {
    }

    /// <summary>Loss for class-index targets; stores ∂loss/∂x = −onehot(c) × factor.</summary>
    /// <param name="logProbabilities">Classes × batch (typically the output of a <c>LogSoftmax</c> layer); finite.</param>
    /// <param name="classes">One class index per column, each in [0, classes).</param>
    /// <returns>The reduced, scaled loss.</returns>
    /// <exception cref="ArgumentException">Empty, non-dense, NaN/infinity, or a count that differs from the batch size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class index outside [0, classes).</exception>
    public double Forward(Matrix<double> logProbabilities, ReadOnlySpan<int> classes)
    {
        double[] x = CheckPrediction(logProbabilities, nameof(logProbabilities));
        int k = logProbabilities.RowCount, n = logProbabilities.ColumnCount;
        CheckClasses(classes, k, n, "log-probabilities", nameof(classes));

        Span<double> g = GradientBuffer(k, n);
        g.Clear();
        double factor = Factor(n, n);
        double sum = 0;
        for (int j = 0; j < n; j++)
        {
            int c = classes[j];
            sum -= x[(j * k) + c];
            g[(j * k) + c] = -factor;
        }

        double value = factor * sum;
        return double.IsFinite(value) ? value : WideClassValue(x, classes, k, factor);
    }

    /// <summary>Loss for probability targets (one-hot or soft): −Σᵢ tᵢ·xᵢ per sample; stores ∂loss/∂x = −t × factor.</summary>
    /// <param name="logProbabilities">Classes × batch; finite.</param>
    /// <param name="target">Target probabilities of the same shape; finite and non-negative.</param>
    /// <returns>The reduced, scaled loss.</returns>
    /// <exception cref="ArgumentException">Empty, non-dense, mismatched shapes, NaN/infinity, or a negative target.</exception>
    [SuppressMessage("Naming", "CA1725:Parameter names should match base declaration", Justification = "The argument is log-probabilities, and error messages name it so.")]
    public override double Forward(Matrix<double> logProbabilities, Matrix<double> target)
    {
        double[] x = CheckPrediction(logProbabilities, nameof(logProbabilities));
        double[] t = CheckTarget(target, logProbabilities, nameof(target));
        CheckTargets(target, nameof(target));

        int k = logProbabilities.RowCount, n = logProbabilities.ColumnCount;
        Span<double> g = GradientBuffer(k, n);
        double factor = Factor(n, n);
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum -= t[i] * x[i];
            g[i] = -factor * t[i];
        }

        double value = factor * sum;
        return double.IsFinite(value) ? value : WideProbabilityValue(x, t, factor);
    }

    /// <inheritdoc/>
    internal override void CheckTargets(Matrix<double> target, string paramName)
    {
        double[] t = target.AsColumnMajorArray();
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i] < 0)
            {
                throw TargetOutOfDomain(i, target.RowCount, t[i], "a non-negative probability", paramName);
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"NllLoss({DescribeReduction()})";

    // The value when the plain sum overflows (the entries need only be finite): the picked entries scaled by 2⁻⁶⁴
    // (2³¹ entries below 2¹⁰²⁴ sum below 2¹⁰⁵⁵), summed and scaled back; a gradient entry is one correctly rounded
    // product, so it needs no such care.
    private static double WideClassValue(ReadOnlySpan<double> x, ReadOnlySpan<int> classes, int k, double factor)
    {
        const int exponent = 64;
        double scaled = 0;
        for (int j = 0; j < classes.Length; j++)
        {
            scaled -= Math.ScaleB(x[(j * k) + classes[j]], -exponent);
        }

        return Unscale(factor, scaled, exponent);
    }

    // The same for probability targets, whose terms t·x reach 2²⁰⁴⁸: each factor scaled by 2⁻⁵⁵⁰. The plain sum reached
    // 2¹⁰²⁴, so terms lost to underflow (below 2²⁶ each) cannot change its rounding.
    private static double WideProbabilityValue(ReadOnlySpan<double> x, ReadOnlySpan<double> t, double factor)
    {
        const int half = WideExponent / 2;
        double scaled = 0;
        for (int i = 0; i < x.Length; i++)
        {
            scaled -= Math.ScaleB(t[i], -half) * Math.ScaleB(x[i], -half);
        }

        return Unscale(factor, scaled, WideExponent);
    }
}
