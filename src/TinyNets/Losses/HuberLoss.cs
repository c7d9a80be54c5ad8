using System;
using System.Globalization;
using TinyNets.Internal;

namespace TinyNets.Losses;

/// <summary>
/// PyTorch's <c>nn.HuberLoss(delta)</c>: with z = |ŷ − y|, the term is 0.5·z² where z &lt; δ and δ·(z − 0.5·δ)
/// elsewhere; the derivative is ŷ − y inside (−δ, δ) and ±δ outside (±δ at z = δ, as PyTorch's backward).
/// It equals δ times <see cref="SmoothL1Loss"/> with β = δ.
/// </summary>
public sealed class HuberLoss : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="delta">δ &gt; 0, finite: where the quadratic part ends (PyTorch's default 1).</param>
    /// <param name="reduction">Mean over elements (default), Sum or BatchMean.</param>
    /// <param name="scale">A positive factor.</param>
    /// <exception cref="ArgumentOutOfRangeException">δ not positive and finite, or a bad reduction or scale.</exception>
    public HuberLoss(double delta = 1.0, Reduction reduction = Reduction.Mean, double scale = 1.0)
        : base(reduction, scale)
    {
        Guard.PositiveFinite(delta, nameof(delta));
        Delta = delta;
    }

    /// <summary>δ, the width of the quadratic part.</summary>
    public double Delta { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"HuberLoss(delta={Delta}, {DescribeReduction()})");

    // z = |ŷ − y|: term 0.5z² (z < δ) or δ(z − 0.5δ); ∂/∂ŷ = −δ (ŷ − y ≤ −δ), δ (ŷ − y ≥ δ), else ŷ − y
    /// <inheritdoc/>
    protected override double Term(double prediction, double target, out double derivative)
    {
        double x = prediction - target;
        double z = Math.Abs(x);
        double delta = Delta;
        derivative = x <= -delta ? -delta : x >= delta ? delta : x;
        return z < delta ? 0.5 * z * z : delta * (z - (0.5 * delta));
    }

    // Both branches are products of factors below 2¹⁰²⁵, scaled apart by 2⁻ʰ and 2ʰ⁻ᵉ; where ŷ − y overflows it is past δ,
    // and z − 0.5δ is twice |ŷ/2 − y/2| − 0.25δ. The derivative is at most δ in size.
    /// <inheritdoc/>
    protected override double ScaledTerm(double prediction, double target, int exponent, out double derivative)
    {
        Term(prediction, target, out derivative);
        derivative = Math.ScaleB(derivative, -exponent);
        double x = prediction - target;
        double delta = Delta;
        int h = exponent / 2;
        if (!double.IsFinite(x))
        {
            double excess = Math.Abs((0.5 * prediction) - (0.5 * target)) - (0.25 * delta);
            return Math.ScaleB(delta, -h) * Math.ScaleB(excess, h + 1 - exponent);
        }

        double z = Math.Abs(x);
        return z < delta
            ? Math.ScaleB(0.5 * z, -h) * Math.ScaleB(z, h - exponent)
            : Math.ScaleB(delta, -h) * Math.ScaleB(z - (0.5 * delta), h - exponent);
    }
}
