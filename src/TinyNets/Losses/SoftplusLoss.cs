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
        double s = 1.0 - (2.0 * target);
        derivative = s * ScalarMath.Sigmoid(s * prediction);
        return ScalarMath.Softplus(s * prediction);
    }
}
