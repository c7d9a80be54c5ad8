using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using TinyNets.Internal;

namespace TinyNets.Losses;

/// <summary>
/// Softmax cross-entropy on logits, PyTorch's <c>nn.CrossEntropyLoss</c>: for each sample (column) z with target class c,
/// −ln softmax(z)_c = logsumexp(z) − z_c, with the maximum subtracted before exponentiating. Targets are class indices,
/// or probability (one-hot or soft) columns. <see cref="Reduction.Mean"/> averages over samples.
/// </summary>
public sealed class CrossEntropyLoss : Loss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean over samples (default, as PyTorch), Sum, or BatchMean (the same as Mean here).</param>
    /// <param name="scale">A positive factor.</param>
    public CrossEntropyLoss(Reduction reduction = Reduction.Mean, double scale = 1.0)
        : base(reduction, scale)
    {
    }

    /// <summary>Loss for class-index targets; stores ∂loss/∂logits = (softmax(z) − onehot(c)) × factor.</summary>
    /// <param name="logits">Classes × batch; finite.</param>
    /// <param name="classes">One class index per column, each in [0, classes).</param>
    /// <returns>The reduced, scaled loss.</returns>
    /// <exception cref="ArgumentException">Empty, non-dense, NaN/infinity, or a count that differs from the batch size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class index outside [0, classes).</exception>
    public double Forward(Matrix<double> logits, ReadOnlySpan<int> classes)
    {
        double[] z = CheckPrediction(logits, nameof(logits));
        int k = logits.RowCount, n = logits.ColumnCount;
        CheckClasses(classes, k, n, "logits", nameof(classes));

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
    public override string ToString() => $"CrossEntropyLoss({DescribeReduction()})";

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
