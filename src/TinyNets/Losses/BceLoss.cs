using System;

namespace TinyNets.Losses;

/// <summary>
/// Binary cross-entropy on probabilities, PyTorch's <c>nn.BCELoss</c>: (y − 1)·max(ln(1 − p), −100) − y·max(ln p, −100),
/// each logarithm clamped at −100 as PyTorch does, so p = 0 or 1 gives a finite term. Its derivative is PyTorch's
/// backward, (p − y) / max((1 − p)·p, 10⁻¹²) (the 10⁻¹² of PyTorch's single-precision <c>EPSILON</c> constant), not the
/// derivative of the clamped term. Predictions and targets must lie in [0, 1] (PyTorch raises otherwise); for logits
/// <see cref="BceWithLogitsLoss"/> is exact and stable.
/// </summary>
public sealed class BceLoss : ElementwiseLoss
{
    // PyTorch's `constexpr float EPSILON = 1e-12` in its loss kernels, widened to double.
    private const double Epsilon = (double)1e-12f;

    /// <summary>Creates the loss.</summary>
    /// <param name="reduction">Mean over elements (default), Sum or BatchMean.</param>
    /// <param name="scale">A positive factor.</param>
    public BceLoss(Reduction reduction = Reduction.Mean, double scale = 1.0)
        : base(reduction, scale)
    {
    }

    /// <inheritdoc/>
    public override string ToString() => $"BceLoss({DescribeReduction()})";

    // term (y − 1)·max(ln(1 − p), −100) − y·max(ln p, −100), ∂/∂p = (p − y) / max((1 − p)p, ε)
    /// <inheritdoc/>
    protected override double Term(double prediction, double target, out double derivative)
    {
        derivative = (prediction - target) / Math.Max((1.0 - prediction) * prediction, Epsilon);
        return ((target - 1.0) * Math.Max(Internal.ScalarMath.Log1P(-prediction), -100.0))
            - (target * Math.Max(Math.Log(prediction), -100.0));
    }

    /// <inheritdoc/>
    protected override void CheckPredictionDomain(ReadOnlySpan<double> prediction, int rows, string paramName) =>
        CheckProbabilities(prediction, rows, paramName);

    /// <inheritdoc/>
    protected override void CheckTargetDomain(ReadOnlySpan<double> target, int rows, string paramName) =>
        CheckProbabilities(target, rows, paramName);

    private static void CheckProbabilities(ReadOnlySpan<double> values, int rows, string paramName)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] is < 0 or > 1)
            {
                throw TargetOutOfDomain(i, rows, values[i], "a probability in [0, 1]", paramName);
            }
        }
    }
}
