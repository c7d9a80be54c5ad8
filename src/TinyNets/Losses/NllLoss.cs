using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;

namespace TinyNets.Losses;

/// <summary>
/// Negative log-likelihood on log-probabilities, PyTorch's <c>nn.NLLLoss</c>: for each sample (column) x with target
/// class c the term is −x_c. Targets are class indices, or probability (one-hot or soft) columns t with the term
/// −Σᵢ tᵢ·xᵢ. <see cref="Reduction.Mean"/> averages over samples (PyTorch's mean without class weights).
/// After a <c>LogSoftmax</c> layer it is <see cref="CrossEntropyLoss"/> on the logits, which fuses the two.
/// PyTorch's class weights w scale class k's terms by w_k; <see cref="Reduction.Mean"/> then divides by Σ w_c over the
/// samples' target classes (class-index targets, PyTorch's rule) or by the number of samples (probability targets, as
/// <see cref="CrossEntropyLoss"/>).
/// </summary>
public sealed class NllLoss : Loss, IClassIndexLoss
{
    private readonly double[]? _weight;

    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean over samples (default, as PyTorch), Sum, or BatchMean (the sum over N samples:
    /// the same as Mean unless class weights are given).</param>
    /// <param name="scale">A positive factor.</param>
    /// <param name="weight">PyTorch's <c>weight</c>: one finite weight ≥ 0 per class (the input's rows), or null for none.</param>
    /// <exception cref="ArgumentException">A bad reduction or scale, an empty weight list, or a negative or non-finite weight (named in the message).</exception>
    public NllLoss(Reduction reduction = Reduction.Mean, double scale = 1.0, IReadOnlyList<double>? weight = null)
        : base(reduction, scale)
    {
        _weight = ClassWeights.Copy(weight, nameof(weight));
    }

    /// <summary>The class weights, or null when none were given.</summary>
    public IReadOnlyList<double>? Weight => _weight is null ? null : Array.AsReadOnly(_weight);

    /// <summary>Loss for class-index targets; stores ∂loss/∂x = −onehot(c) × factor.</summary>
    /// <param name="logProbabilities">Classes × batch (typically the output of a <c>LogSoftmax</c> layer); finite.</param>
    /// <param name="classes">One class index per column, each in [0, classes).</param>
    /// <returns>The reduced, scaled loss.</returns>
    /// <exception cref="ArgumentException">Empty, non-dense, NaN/infinity, or a count that differs from the batch size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class index outside [0, classes).</exception>
    [SuppressMessage("Naming", "CA1725:Parameter names should match base declaration", Justification = "The argument is log-probabilities, and error messages name it so.")]
    public double Forward(Matrix<double> logProbabilities, ReadOnlySpan<int> classes)
    {
        double[] x = CheckPrediction(logProbabilities, nameof(logProbabilities));
        int k = logProbabilities.RowCount, n = logProbabilities.ColumnCount;
        CheckClasses(classes, k, n, "log-probabilities", nameof(classes));
        if (_weight is not null)
        {
            return WeightedForward(x, classes, null, k, n);
        }

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
        if (_weight is not null)
        {
            return WeightedForward(x, [], t, k, n);
        }

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
    public override string ToString() =>
        _weight is null
            ? $"NllLoss({DescribeReduction()})"
            : $"NllLoss({DescribeReduction()}, weight=[{string.Join(", ", _weight.Select(w => w.ToString(CultureInfo.InvariantCulture)))}])";

    // With weights: the term of entry i of sample j is −uᵢ·xᵢ with uᵢ = wᵢ·tᵢ (tᵢ = [i = c] for class indices), its
    // gradient −uᵢ, the sum divided by D (Mean: Σ w_c or N; BatchMean: N; Sum: 1) and scaled.
    private double WeightedForward(double[] x, ReadOnlySpan<int> classes, double[]? t, int k, int n)
    {
        double[] weight = _weight!;
        ClassWeights.CheckCount(weight, k, "log-probabilities", "logProbabilities");
        (double divisor, int divisorExponent) = Reduction switch
        {
            Reduction.Sum => (1.0, 0),
            Reduction.Mean when t is null => ClassWeights.TargetWeightSum(weight, classes, nameof(classes)),
            _ => (n, 0),
        };

        Span<double> g = GradientBuffer(k, n);
        double scale = Scale, sum = 0;
        bool finite = divisorExponent == 0;
        for (int i = 0; i < x.Length; i++)
        {
            double u = Target(classes, t, i, k);
            sum -= u * x[i];
            double v = scale * (-u / divisor);
            g[i] = v;
            finite &= double.IsFinite(v);
        }

        if (!finite)
        {
            // −u/D from mantissas and powers of two: w·t or the divisor overflowed.
            double divisorMantissa = ClassWeights.Mantissa(divisor);
            int divisorPower = ClassWeights.Exponent(divisor) + divisorExponent;
            for (int i = 0; i < x.Length; i++)
            {
                (double m, int e) = SplitTarget(classes, t, i, k);
                g[i] = m == 0 ? -0.0 * scale : Unscale(scale, -m / divisorMantissa, e - divisorPower);
            }
        }

        double value = scale * (sum / divisor);
        return double.IsFinite(value) && divisorExponent == 0 ? value : WideWeightedValue(x, classes, t, k, divisor, divisorExponent);
    }

    private double Target(ReadOnlySpan<int> classes, double[]? t, int i, int k) =>
        t is null ? (i % k == classes[i / k] ? _weight![i % k] : 0.0) : _weight![i % k] * t[i];

    // wᵢ·tᵢ as (mantissa, power of two); (0, 0) when it is 0.
    private (double Mantissa, int Exponent) SplitTarget(ReadOnlySpan<int> classes, double[]? t, int i, int k)
    {
        double w = _weight![i % k];
        double ti = t is null ? (i % k == classes[i / k] ? 1.0 : 0.0) : t[i];
        return w == 0 || ti == 0
            ? (0.0, 0)
            : (ClassWeights.Mantissa(w) * ClassWeights.Mantissa(ti), ClassWeights.Exponent(w) + ClassWeights.Exponent(ti));
    }

    // The value when the plain sum, a product in it or the divisor overflowed: each non-zero term −wᵢ·tᵢ·xᵢ as a mantissa
    // times a power of two, summed relative to the largest power and scaled back once.
    private double WideWeightedValue(double[] x, ReadOnlySpan<int> classes, double[]? t, int k, double divisor, int divisorExponent)
    {
        int top = int.MinValue;
        for (int i = 0; i < x.Length; i++)
        {
            (double m, int e) = SplitTarget(classes, t, i, k);
            if (m != 0 && x[i] != 0)
            {
                top = Math.Max(top, e + ClassWeights.Exponent(x[i]));
            }
        }

        if (top == int.MinValue)
        {
            return 0.0;
        }

        double scaled = 0;
        for (int i = 0; i < x.Length; i++)
        {
            (double m, int e) = SplitTarget(classes, t, i, k);
            if (m != 0 && x[i] != 0)
            {
                scaled -= Math.ScaleB(m * ClassWeights.Mantissa(x[i]), e + ClassWeights.Exponent(x[i]) - top);
            }
        }

        return Unscale(Scale, scaled / ClassWeights.Mantissa(divisor), top - ClassWeights.Exponent(divisor) - divisorExponent);
    }

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
