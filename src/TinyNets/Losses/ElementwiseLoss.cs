using System;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using TinyNets.Internal;

namespace TinyNets.Losses;

/// <summary>A loss that is a sum of one term per prediction entry, each depending on that entry and its target only.</summary>
public abstract class ElementwiseLoss : Loss
{
    /// <summary>Sets the reduction and scale.</summary>
    /// <param name="reduction">How terms are reduced; <see cref="Reduction.Mean"/> averages over all elements.</param>
    /// <param name="scale">A positive factor applied to value and gradient.</param>
    protected ElementwiseLoss(Reduction reduction, double scale)
        : base(reduction, scale)
    {
    }

    /// <inheritdoc/>
    public override double Forward(Matrix<double> prediction, Matrix<double> target)
    {
        double[] p = CheckPrediction(prediction, nameof(prediction));
        double[] t = CheckTarget(target, prediction, nameof(target));
        CheckPredictionDomain(p, prediction.RowCount, nameof(prediction));
        CheckTargetDomain(t, target.RowCount, nameof(target));

        Span<double> g = GradientBuffer(prediction.RowCount, prediction.ColumnCount);
        double factor = Factor(p.Length, prediction.ColumnCount);
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            sum += Term(p[i], t[i], out double d);
            g[i] = factor * d;
        }

        double value = factor * sum;
        if (!double.IsFinite(value))
        {
            value = WideValue(p, t, factor);
        }

        if (Guard.FirstNonFinite(g) >= 0)
        {
            WideGradient(p, t, g, factor);
        }

        return value;
    }

    /// <summary>Computes the loss of one sample (convenience; allocates).</summary>
    /// <param name="prediction">The sample's predictions.</param>
    /// <param name="target">Its targets.</param>
    /// <returns>The reduced, scaled loss.</returns>
    public double Forward(Vector<double> prediction, Vector<double> target)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        ArgumentNullException.ThrowIfNull(target);
        return Forward(DenseMatrix.OfColumnVectors(prediction), DenseMatrix.OfColumnVectors(target));
    }

    // The value when the plain sum is not finite: the terms scaled by 2⁻¹¹⁰⁰ (a term of finite inputs is below 2²⁰⁵²,
    // and 2³¹ of them below 2²⁰⁸³), summed and scaled back. The plain sum reached 2¹⁰²⁴, so terms lost to underflow
    // (below 2²⁶ each) cannot change its rounding.
    private double WideValue(ReadOnlySpan<double> p, ReadOnlySpan<double> t, double factor)
    {
        double scaled = 0;
        for (int i = 0; i < p.Length; i++)
        {
            scaled += ScaledTerm(p[i], t[i], WideExponent, out _);
        }

        return Unscale(factor, scaled, WideExponent);
    }

    // The gradient entries that are not finite, from derivatives scaled by 2⁻⁶⁴ (a derivative of finite inputs is
    // below 2¹⁰²⁸); one that stays infinite is beyond double's range.
    private void WideGradient(ReadOnlySpan<double> p, ReadOnlySpan<double> t, Span<double> g, double factor)
    {
        for (int i = 0; i < g.Length; i++)
        {
            if (!double.IsFinite(g[i]))
            {
                ScaledTerm(p[i], t[i], GradientExponent, out double d);
                g[i] = Unscale(factor, d, GradientExponent);
            }
        }
    }

    /// <inheritdoc/>
    internal override void CheckTargets(Matrix<double> target, string paramName) =>
        CheckTargetDomain(target.AsColumnMajorArray(), target.RowCount, paramName);

    /// <summary>One term and its derivative with respect to the prediction.</summary>
    /// <param name="prediction">ŷ.</param>
    /// <param name="target">y.</param>
    /// <param name="derivative">∂term/∂ŷ.</param>
    /// <returns>The term.</returns>
    protected abstract double Term(double prediction, double target, out double derivative);

    /// <summary>
    /// The term and its derivative, both times 2^−<paramref name="exponent"/>, used only where the plain terms, their
    /// derivatives or their sum overflow. The default scales the results of <see cref="Term"/>, which is exact wherever
    /// they are finite; a loss whose term or derivative can overflow for finite inputs computes them scaled instead.
    /// </summary>
    /// <param name="prediction">ŷ.</param>
    /// <param name="target">y.</param>
    /// <param name="exponent">The power of two to scale by: between 0 and 1100.</param>
    /// <param name="derivative">∂term/∂ŷ × 2^−<paramref name="exponent"/>.</param>
    /// <returns>The term × 2^−<paramref name="exponent"/>.</returns>
    protected virtual double ScaledTerm(double prediction, double target, int exponent, out double derivative)
    {
        double term = Term(prediction, target, out derivative);
        derivative = Math.ScaleB(derivative, -exponent);
        return Math.ScaleB(term, -exponent);
    }

    /// <summary>Checks the predictions' domain (the default accepts every finite value).</summary>
    /// <param name="prediction">Column-major predictions.</param>
    /// <param name="rows">Prediction rows.</param>
    /// <param name="paramName">The argument's name.</param>
    protected virtual void CheckPredictionDomain(ReadOnlySpan<double> prediction, int rows, string paramName)
    {
    }

    /// <summary>Checks the targets' domain (the default accepts every finite value).</summary>
    /// <param name="target">Column-major targets.</param>
    /// <param name="rows">Target rows.</param>
    /// <param name="paramName">The argument's name.</param>
    protected virtual void CheckTargetDomain(ReadOnlySpan<double> target, int rows, string paramName)
    {
    }
}
