using System;
using TinyNets.Internal;

namespace TinyNets.Losses;

/// <summary>
/// The logistic loss written as ln(1 + exp((1 − 2y)·ŷ)) on a logit ŷ, exactly as sheet 004 writes it. For y ∈ {0, 1}
/// it equals binary cross-entropy on logits; the formula is evaluated literally for any finite y (the sheet uses y = −1,
/// which scales the logit by 3). Computed through a stable softplus.
/// Unlike PyTorch's <c>F.softplus</c> (and the <c>Activations.Softplus</c> layer), it has no threshold: the
/// term is the exact ln(1 + eᶻ) for every z, never z itself beyond 20 (the two differ by less than e^(−20) ≈ 2.1e-9 there,
/// and the derivative here is σ(z), not 1).
/// </summary>
public sealed class SoftplusLoss : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean over elements (default), Sum or BatchMean.</param>
    /// <param name="scale">A positive factor.</param>
    public SoftplusLoss(Reduction reduction = Reduction.Mean, double scale = 1.0)
        : base(reduction, scale)
    {
    }

    /// <inheritdoc/>
    public override string ToString() => $"SoftplusLoss({DescribeReduction()})";

    // term softplus((1 − 2y)ŷ), ∂/∂ŷ = (1 − 2y)·σ((1 − 2y)ŷ)
    /// <inheritdoc/>
    protected override double Term(double prediction, double target, out double derivative)
    {
        // sŷ as 2·((½ − y)·ŷ): the same number, and 0 rather than ∞·0 = NaN when 2y overflows and ŷ is 0.
        double s = 1.0 - (2.0 * target);
        double x = 2.0 * ((0.5 - target) * prediction);
        derivative = s * ScalarMath.Sigmoid(x);
        return ScalarMath.Softplus(x);
    }

    // s = 2(½ − y), and ½ − y cannot overflow: sŷ·2⁻ᵉ comes from scaled factors; where sŷ itself overflows,
    // softplus(sŷ) is sŷ (positive) or 0 (negative) and σ(sŷ) is 1 or 0.
    /// <inheritdoc/>
    protected override double ScaledTerm(double prediction, double target, int exponent, out double derivative)
    {
        double half = 0.5 - target;
        double x = 2.0 * (half * prediction);
        if (double.IsFinite(x))
        {
            derivative = Math.ScaleB(half, 1 - exponent) * ScalarMath.Sigmoid(x);
            return Math.ScaleB(ScalarMath.Softplus(x), -exponent);
        }

        if (x < 0)
        {
            derivative = 0.0;
            return 0.0;
        }

        int h = exponent / 2;
        derivative = Math.ScaleB(half, 1 - exponent);
        return Math.ScaleB(half, -h) * Math.ScaleB(prediction, h + 1 - exponent);
    }
}
