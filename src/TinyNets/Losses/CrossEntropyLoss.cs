using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Linq;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using TinyNets.Internal;

namespace TinyNets.Losses;

/// <summary>
/// Softmax cross-entropy on logits, PyTorch's <c>nn.CrossEntropyLoss</c>: for each sample (column) z with target class c,
/// −ln softmax(z)_c = logsumexp(z) − z_c, with the maximum subtracted before exponentiating. Targets are class indices,
/// or probability (one-hot or soft) columns. <see cref="Reduction.Mean"/> averages over samples.
/// With PyTorch's options: class weights w scale class k's terms by w_k, and <see cref="Reduction.Mean"/> then divides
/// by Σ w_c over the samples' target classes (class-index targets) or by the number of samples (probability targets);
/// label smoothing ε replaces each target t by (1 − ε)·t + ε/C over C classes (for class indices, PyTorch's
/// (1 − ε)·nll + (ε/C)·Σₖ w_k·(−ln softmax(z)_k), divided by the same Σ w_c).
/// </summary>
public sealed class CrossEntropyLoss : Loss, IClassIndexLoss
{
    private readonly double[]? _weight;

    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean over samples (default, as PyTorch), Sum, or BatchMean (the sum over N samples:
    /// the same as Mean unless class weights are given).</param>
    /// <param name="scale">A positive factor.</param>
    /// <param name="weight">PyTorch's <c>weight</c>: one finite weight ≥ 0 per class (the logits' rows), or null for none.</param>
    /// <param name="labelSmoothing">PyTorch's <c>label_smoothing</c> ε in [0, 1]; 0 (default) leaves the targets as they are.</param>
    /// <exception cref="ArgumentException">A bad reduction or scale, an empty weight list, a negative or non-finite
    /// weight, or ε outside [0, 1] (named in the message).</exception>
    public CrossEntropyLoss(Reduction reduction = Reduction.Mean, double scale = 1.0, IReadOnlyList<double>? weight = null, double labelSmoothing = 0.0)
        : base(reduction, scale)
    {
        _weight = ClassWeights.Copy(weight, nameof(weight));
        Guard.InRange(labelSmoothing, 0, 1, upperInclusive: true, nameof(labelSmoothing));
        LabelSmoothing = labelSmoothing;
    }

    /// <summary>The class weights, or null when none were given.</summary>
    public IReadOnlyList<double>? Weight => _weight is null ? null : Array.AsReadOnly(_weight);

    /// <summary>The label smoothing ε (0: none).</summary>
    public double LabelSmoothing { get; }

    private bool Plain => _weight is null && LabelSmoothing == 0;

    /// <summary>Loss for class-index targets; stores ∂loss/∂logits = (softmax(z) − onehot(c)) × factor.</summary>
    /// <param name="logits">Classes × batch; finite.</param>
    /// <param name="classes">One class index per column, each in [0, classes).</param>
    /// <returns>The reduced, scaled loss.</returns>
    /// <exception cref="ArgumentException">Empty, non-dense, NaN/infinity, or a count that differs from the batch size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class index outside [0, classes).</exception>
    [SuppressMessage("Naming", "CA1725:Parameter names should match base declaration", Justification = "The argument is logits, and error messages name it so.")]
    public double Forward(Matrix<double> logits, ReadOnlySpan<int> classes)
    {
        double[] z = CheckPrediction(logits, nameof(logits));
        int k = logits.RowCount, n = logits.ColumnCount;
        CheckClasses(classes, k, n, "logits", nameof(classes));
        if (!Plain)
        {
            return WeightedForward(z, classes, null, k, n);
        }

        Span<double> g = GradientBuffer(k, n);
        double factor = Factor(n, n);
        double sum = 0;
        for (int j = 0; j < n; j++)
        {
            Span<double> gj = g.Slice(j * k, k);
            ReadOnlySpan<double> zj = z.AsSpan(j * k, k);
            double logSum = SoftmaxInto(zj, gj, out double max);
            int c = classes[j];
            sum += (max - zj[c]) + logSum;
            gj[c] -= 1.0;
            TensorPrimitives.Multiply(gj, factor, gj);
        }

        double value = factor * sum;
        return double.IsFinite(value) ? value : WideClassValue(z, classes, k, factor);
    }

    /// <summary>Loss for probability targets (one-hot or soft); stores ∂loss/∂logits = (softmax(z)·Σt − t) × factor.</summary>
    /// <param name="logits">Classes × batch; finite.</param>
    /// <param name="target">Target probabilities of the same shape; finite and non-negative.</param>
    /// <returns>The reduced, scaled loss.</returns>
    /// <exception cref="ArgumentException">Empty, non-dense, mismatched shapes, NaN/infinity, or a negative target.</exception>
    [SuppressMessage("Naming", "CA1725:Parameter names should match base declaration", Justification = "The argument is logits, and error messages name it so.")]
    public override double Forward(Matrix<double> logits, Matrix<double> target)
    {
        double[] z = CheckPrediction(logits, nameof(logits));
        double[] t = CheckTarget(target, logits, nameof(target));
        CheckTargets(target, nameof(target));

        int k = logits.RowCount, n = logits.ColumnCount;
        if (!Plain)
        {
            return WeightedForward(z, [], t, k, n);
        }

        Span<double> g = GradientBuffer(k, n);
        double factor = Factor(n, n);
        double sum = 0;
        for (int j = 0; j < n; j++)
        {
            Span<double> gj = g.Slice(j * k, k);
            ReadOnlySpan<double> tj = t.AsSpan(j * k, k);
            ReadOnlySpan<double> zj = z.AsSpan(j * k, k);
            double logSum = SoftmaxInto(zj, gj, out double max);
            double mass = TensorPrimitives.Sum(tj);

            // Σt overflowed (targets need only be non-negative): the gradient from targets and mass scaled by 2⁻⁶⁴.
            bool massFinite = double.IsFinite(mass);
            double scaledMass = massFinite ? 0.0 : ScaledSum(tj);
            for (int i = 0; i < k; i++)
            {
                sum += tj[i] * ((max - zj[i]) + logSum);
                gj[i] = massFinite
                    ? factor * ((gj[i] * mass) - tj[i])
                    : Unscale(factor, (gj[i] * scaledMass) - (tj[i] * SampleScale), SampleExponent);
            }
        }

        double value = factor * sum;
        return double.IsFinite(value) ? value : WideProbabilityValue(z, t, k, factor);
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

    /// <summary>Loss of one sample with a class index (convenience; allocates).</summary>
    /// <param name="logits">The sample's logits.</param>
    /// <param name="targetClass">Its class index.</param>
    /// <returns>The scaled loss −ln softmax(z)_c.</returns>
    public double Forward(Vector<double> logits, int targetClass)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if ((uint)targetClass >= (uint)logits.Count)
        {
            throw new ArgumentOutOfRangeException(
                nameof(targetClass), targetClass,
                string.Create(CultureInfo.InvariantCulture, $"Class index {targetClass} is outside [0, {logits.Count - 1}] (the logits have {logits.Count} entries)."));
        }

        return Forward(DenseMatrix.OfColumnVectors(logits), [targetClass]);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        _weight is null && LabelSmoothing == 0
            ? $"CrossEntropyLoss({DescribeReduction()})"
            : string.Create(CultureInfo.InvariantCulture,
                $"CrossEntropyLoss({DescribeReduction()}{(_weight is null ? "" : $", weight=[{string.Join(", ", _weight.Select(w => w.ToString(CultureInfo.InvariantCulture)))}]")}{(LabelSmoothing == 0 ? "" : $", label_smoothing={LabelSmoothing}")})");

    // With weights or label smoothing: sample j's effective target uₖ = wₖ·qₖ (qₖ the smoothed target), its term
    // Σₖ uₖ·(−ln pₖ) and gradient p·Σu − u, the sum divided by D (Mean: Σ w_c or N; BatchMean: N; Sum: 1) and scaled.
    private double WeightedForward(double[] z, ReadOnlySpan<int> classes, double[]? t, int k, int n)
    {
        if (_weight is not null)
        {
            ClassWeights.CheckCount(_weight, k, "logits", "logits");
        }

        (double divisor, int divisorExponent) = Reduction switch
        {
            Reduction.Sum => (1.0, 0),
            Reduction.Mean when t is null && _weight is not null => ClassWeights.TargetWeightSum(_weight, classes, nameof(classes)),
            _ => (n, 0),
        };

        Span<double> g = GradientBuffer(k, n);
        double scale = Scale, sum = 0;
        for (int j = 0; j < n; j++)
        {
            Span<double> gj = g.Slice(j * k, k);
            ReadOnlySpan<double> zj = z.AsSpan(j * k, k);
            double logSum = SoftmaxInto(zj, gj, out double max);
            double mass = 0, column = 0;
            for (int i = 0; i < k; i++)
            {
                double u = ClassWeight(i) * SmoothedTarget(classes, t, j, i, k);
                mass += u;
                column += u * ((max - zj[i]) + logSum);
            }

            sum += column;
            bool finite = divisorExponent == 0;
            for (int i = 0; i < k; i++)
            {
                double u = ClassWeight(i) * SmoothedTarget(classes, t, j, i, k);
                double v = scale * (((gj[i] * mass) - u) / divisor);
                gj[i] = v;
                finite &= double.IsFinite(v);
            }

            if (!finite)
            {
                WideWeightedGradient(zj, gj, classes, t, j, k, divisor, divisorExponent);
            }
        }

        double value = scale * (sum / divisor);
        return double.IsFinite(value) && divisorExponent == 0 ? value : WideWeightedValue(z, classes, t, k, n, divisor, divisorExponent);
    }

    private double ClassWeight(int i) => _weight is null ? 1.0 : _weight[i];

    // qₖ: (1 − ε)·tₖ + ε/C for probability targets (tₖ itself without smoothing, as PyTorch); (1 − ε)·[k = c] + ε/C for
    // class indices, which is 1 or 0 without smoothing.
    private double SmoothedTarget(ReadOnlySpan<int> classes, double[]? t, int j, int i, int k)
    {
        double epsilon = LabelSmoothing;
        if (t is not null)
        {
            double ti = t[(j * k) + i];
            return epsilon == 0 ? ti : (ti * (1.0 - epsilon)) + (epsilon / k);
        }

        return (i == classes[j] ? 1.0 - epsilon : 0.0) + (epsilon / k);
    }

    // The value when the plain sum, a product in it or the divisor overflowed: every non-zero term wₖ·qₖ·gap (all three
    // non-negative) as a mantissa times a power of two, summed relative to the largest power, and scaled back once. A
    // term lost to underflow is below 2⁻¹⁰⁷⁴ of the largest one, so it cannot change the rounding of the sum.
    private double WideWeightedValue(double[] z, ReadOnlySpan<int> classes, double[]? t, int k, int n, double divisor, int divisorExponent)
    {
        int top = int.MinValue;
        for (int pass = 0; pass < 2; pass++)
        {
            double scaled = 0;
            for (int j = 0; j < n; j++)
            {
                ReadOnlySpan<double> zj = z.AsSpan(j * k, k);
                double logSum = LogSumExpAboveMax(zj, out double max);
                for (int i = 0; i < k; i++)
                {
                    double w = ClassWeight(i), q = SmoothedTarget(classes, t, j, i, k);
                    double halfGap = ((0.5 * max) - (0.5 * zj[i])) + (0.5 * logSum);
                    if (w == 0 || q == 0 || halfGap == 0)
                    {
                        continue;
                    }

                    int e = ClassWeights.Exponent(w) + ClassWeights.Exponent(q) + ClassWeights.Exponent(halfGap) + 1;
                    if (pass == 0)
                    {
                        top = Math.Max(top, e);
                    }
                    else
                    {
                        scaled += Math.ScaleB(ClassWeights.Mantissa(w) * ClassWeights.Mantissa(q) * ClassWeights.Mantissa(halfGap), e - top);
                    }
                }
            }

            if (top == int.MinValue)
            {
                return 0.0;
            }

            if (pass == 1)
            {
                return Unscale(Scale, scaled / ClassWeights.Mantissa(divisor), top - ClassWeights.Exponent(divisor) - divisorExponent);
            }
        }

        throw new InvalidOperationException("Unreachable.");
    }

    // Sample j's gradient when an entry overflowed (or the divisor did): u = w·q as mantissas and powers of two relative
    // to the largest, so that Σu and p·Σu − u are in range, then scaled back entry by entry.
    private void WideWeightedGradient(ReadOnlySpan<double> zj, Span<double> gj, ReadOnlySpan<int> classes, double[]? t, int j, int k, double divisor, int divisorExponent)
    {
        SoftmaxInto(zj, gj, out _);
        int top = int.MinValue;
        for (int i = 0; i < k; i++)
        {
            double w = ClassWeight(i), q = SmoothedTarget(classes, t, j, i, k);
            if (w != 0 && q != 0)
            {
                top = Math.Max(top, ClassWeights.Exponent(w) + ClassWeights.Exponent(q));
            }
        }

        if (top == int.MinValue)
        {
            gj.Clear();
            return;
        }

        double mass = 0;
        for (int i = 0; i < k; i++)
        {
            mass += ScaledTarget(classes, t, j, i, k, top);
        }

        double divisorMantissa = ClassWeights.Mantissa(divisor);
        int exponent = top - ClassWeights.Exponent(divisor) - divisorExponent;
        for (int i = 0; i < k; i++)
        {
            gj[i] = Unscale(Scale, ((gj[i] * mass) - ScaledTarget(classes, t, j, i, k, top)) / divisorMantissa, exponent);
        }
    }

    // w·q × 2^−top, from the two mantissas.
    private double ScaledTarget(ReadOnlySpan<int> classes, double[]? t, int j, int i, int k, int top)
    {
        double w = ClassWeight(i), q = SmoothedTarget(classes, t, j, i, k);
        return w == 0 || q == 0
            ? 0.0
            : Math.ScaleB(ClassWeights.Mantissa(w) * ClassWeights.Mantissa(q), ClassWeights.Exponent(w) + ClassWeights.Exponent(q) - top);
    }

    // 2⁻⁶⁴: a per-sample term of finite logits is below 2¹⁰²⁶, so the scaled sum of 2³¹ of them stays in range.
    private const int SampleExponent = 64;
    private const double SampleScale = 1.0 / 18446744073709551616.0;

    // The value when the plain sum of the per-sample terms overflows: the same terms scaled by 2⁻⁶⁴. The plain sum
    // reached 2¹⁰²⁴, so the few ulps by which a term's ln Σ part may differ from Forward's cannot change its rounding.
    private static double WideClassValue(ReadOnlySpan<double> z, ReadOnlySpan<int> classes, int k, double factor)
    {
        double scaled = 0;
        for (int j = 0; j < classes.Length; j++)
        {
            ReadOnlySpan<double> zj = z.Slice(j * k, k);
            double logSum = LogSumExpAboveMax(zj, out double max);
            scaled += ((max * SampleScale) - (zj[classes[j]] * SampleScale)) + (logSum * SampleScale);
        }

        return Unscale(factor, scaled, SampleExponent);
    }

    // The same for probability targets, whose terms t·(m − z + ln Σ) reach 2²⁰⁵⁰: each factor scaled by 2⁻⁵⁵⁰.
    private static double WideProbabilityValue(ReadOnlySpan<double> z, ReadOnlySpan<double> t, int k, double factor)
    {
        const int half = WideExponent / 2;
        double scaled = 0;
        for (int j = 0; j < z.Length / k; j++)
        {
            ReadOnlySpan<double> zj = z.Slice(j * k, k);
            ReadOnlySpan<double> tj = t.Slice(j * k, k);
            double logSum = LogSumExpAboveMax(zj, out double max);
            for (int i = 0; i < k; i++)
            {
                double gap = (Math.ScaleB(max, -half) - Math.ScaleB(zj[i], -half)) + Math.ScaleB(logSum, -half);
                scaled += Math.ScaleB(tj[i], -half) * gap;
            }
        }

        return Unscale(factor, scaled, WideExponent);
    }

    private static double ScaledSum(ReadOnlySpan<double> values)
    {
        double sum = 0;
        for (int i = 0; i < values.Length; i++)
        {
            sum += values[i] * SampleScale;
        }

        return sum;
    }

    // ln Σ exp(z − m) with m = max z, as SoftmaxInto returns it, without writing the probabilities.
    private static double LogSumExpAboveMax(ReadOnlySpan<double> z, out double max)
    {
        int argMax = TensorPrimitives.IndexOfMax(z);
        max = z[argMax];
        double others = 0;
        for (int i = 0; i < z.Length; i++)
        {
            others += i == argMax ? 0.0 : Math.Exp(z[i] - max);
        }

        return ScalarMath.Log1P(others);
    }

    // softmax(z) into p; returns ln Σ exp(z − m) with m = max z, so −ln pᵢ = (m − zᵢ) + that.
    // The sum is 1 + (the other terms), and log1p of the others keeps full precision when the loss is tiny.
    private static double SoftmaxInto(ReadOnlySpan<double> z, Span<double> p, out double max)
    {
        int argMax = TensorPrimitives.IndexOfMax(z);
        max = z[argMax];
        TensorPrimitives.Subtract(z, max, p);
        ElementwiseMath.ExpInPlace(p);
        p[argMax] = 0.0;
        double others = TensorPrimitives.Sum(p);
        p[argMax] = 1.0;
        TensorPrimitives.Divide(p, 1.0 + others, p);
        return ScalarMath.Log1P(others);
    }
}
