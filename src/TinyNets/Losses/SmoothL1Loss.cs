using System;
using System.Globalization;
using TinyNets.Internal;

namespace TinyNets.Losses;

/// <summary>
/// PyTorch's <c>nn.SmoothL1Loss(beta)</c>: with z = |ŷ − y|, the term is 0.5·z²/β where z &lt; β and z − 0.5·β
/// elsewhere; the derivative is (ŷ − y)/β inside (−β, β) and ±1 outside (±1 at z = β, as PyTorch's backward).
/// β = 0 is <see cref="L1Loss"/> exactly, derivative sign(ŷ − y) with sign(0) = 0, as PyTorch dispatches it.
/// <see cref="HuberLoss"/> with δ = β is β times this loss.
/// </summary>
public sealed class SmoothL1Loss : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="beta">β ≥ 0, finite: where the quadratic part ends (PyTorch's default 1).</param>
    /// <param name="reduction">Mean over elements (default), Sum or BatchMean.</param>
    /// <param name="scale">A positive factor.</param>
    /// <exception cref="ArgumentOutOfRangeException">β negative or not finite, or a bad reduction or scale.</exception>
    public SmoothL1Loss(double beta = 1.0, Reduction reduction = Reduction.Mean, double scale = 1.0)
        : base(reduction, scale)
    {
        Guard.NonNegativeFinite(beta, nameof(beta));
        Beta = beta;
    }

    /// <summary>β, the width of the quadratic part.</summary>
    public double Beta { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"SmoothL1Loss(beta={Beta}, {DescribeReduction()})");

    // z = |ŷ − y|: term 0.5z²/β (z < β) or z − 0.5β; ∂/∂ŷ = −1 (ŷ − y ≤ −β), 1 (ŷ − y ≥ β), else (ŷ − y)/β
    /// <inheritdoc/>
    protected override double Term(double prediction, double target, out double derivative)
    {
        double x = prediction - target;
        double z = Math.Abs(x);
        double beta = Beta;
        if (beta == 0)
        {
            derivative = Math.Sign(x);
            return z;
        }

        derivative = x <= -beta ? -1.0 : x >= beta ? 1.0 : x / beta;
        return z < beta ? 0.5 * z * z / beta : z - (0.5 * beta);
    }

    // 0.5z² may overflow although 0.5z²/β < 0.5β does not: z is scaled by 2⁻ʰ first. Where ŷ − y overflows it is past β,
    // and z − 0.5β is twice |ŷ/2 − y/2| − 0.25β. The derivative is at most 1 in size.
    /// <inheritdoc/>
    protected override double ScaledTerm(double prediction, double target, int exponent, out double derivative)
    {
        double term = Term(prediction, target, out derivative);
        derivative = Math.ScaleB(derivative, -exponent);
        double x = prediction - target;
        double z = Math.Abs(x);
        if (!double.IsFinite(x))
        {
            return Math.ScaleB(Math.Abs((0.5 * prediction) - (0.5 * target)) - (0.25 * Beta), 1 - exponent);
        }

        if (z < Beta)
        {
            int h = exponent / 2;
            double zs = Math.ScaleB(z, -h);
            return Math.ScaleB(0.5 * zs * zs / Beta, (2 * h) - exponent);
        }

        return Math.ScaleB(term, -exponent);
    }
}
