using System;
using TinyNets.Internal;

namespace TinyNets.Losses;

/// <summary>
/// Binary cross-entropy on logits, PyTorch's <c>nn.BCEWithLogitsLoss</c>: −[y ln σ(z) + (1 − y) ln(1 − σ(z))],
/// computed as softplus(z) − y·z so large |z| neither overflows nor loses digits. Targets in [0, 1].
/// </summary>
public sealed class BceWithLogitsLoss : ElementwiseLoss
{
    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean over elements (default), Sum or BatchMean.</param>
    /// <param name="scale">A positive factor.</param>
    public BceWithLogitsLoss(Reduction reduction = Reduction.Mean, double scale = 1.0)
        : base(reduction, scale)
    {
    }

    /// <inheritdoc/>
    public override string ToString() => $"BceWithLogitsLoss({DescribeReduction()})";

    // term softplus(z) − y·z, ∂/∂z = σ(z) − y
    /// <inheritdoc/>
    protected override double Term(double prediction, double target, out double derivative)
    {
        derivative = ScalarMath.Sigmoid(prediction) - target;
        return ScalarMath.Softplus(prediction) - (target * prediction);
    }

    /// <inheritdoc/>
    protected override void CheckTargetDomain(ReadOnlySpan<double> target, int rows, string paramName)
    {
        for (int i = 0; i < target.Length; i++)
        {
            if (target[i] is < 0 or > 1)
            {
                throw TargetOutOfDomain(i, rows, target[i], "a probability in [0, 1]", paramName);
            }
        }
    }
}
