using System;
using TinyNets.Internal;

namespace TinyNets.Losses;

/// <summary>
/// The soft-margin (logistic) loss for ±1 labels, PyTorch's <c>nn.SoftMarginLoss</c>: ln(1 + exp(−y·ŷ)), computed through a stable softplus.
/// </summary>
public sealed class SoftMarginLoss : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean over elements (default), Sum or BatchMean.</param>
    /// <param name="scale">A positive factor.</param>
    public SoftMarginLoss(Reduction reduction = Reduction.Mean, double scale = 1.0)
        : base(reduction, scale)
    {
    }

    /// <inheritdoc/>
    public override string ToString() => $"SoftMarginLoss({DescribeReduction()})";

    // term softplus(−yŷ), ∂/∂ŷ = −y·σ(−yŷ)
    /// <inheritdoc/>
    protected override double Term(double prediction, double target, out double derivative)
    {
        derivative = -target * ScalarMath.Sigmoid(-target * prediction);
        return ScalarMath.Softplus(-target * prediction);
    }

    /// <inheritdoc/>
    protected override void CheckTargetDomain(ReadOnlySpan<double> target, int rows, string paramName)
    {
        for (int i = 0; i < target.Length; i++)
        {
            if (target[i] is not (1.0 or -1.0))
            {
                throw TargetOutOfDomain(i, rows, target[i], "a label of −1 or +1", paramName);
            }
        }
    }
}
