using System;

namespace TinyNets.Losses;

/// <summary>
/// Squared error (ŷ − y)², PyTorch's <c>nn.MSELoss</c>. The default is the mean over all elements;
/// <see cref="Sse"/>, <see cref="HalfSse"/> and <see cref="HalfMse"/> give the forms the exercise sheets use.
/// </summary>
public sealed class MseLoss : ElementwiseLoss
{
    /// <summary>Creates a squared-error loss.</summary>
    /// <param name="reduction">Mean over elements (default, PyTorch's MSE), Sum (SSE) or BatchMean (1/N Σ over samples).</param>
    /// <param name="scale">A positive factor; 0.5 gives the halved forms.</param>
    public MseLoss(Reduction reduction = Reduction.Mean, double scale = 1.0)
        : base(reduction, scale)
    {
    }

    /// <summary>SSE = Σ (ŷ − y)².</summary>
    /// <returns>A loss with <see cref="Reduction.Sum"/>.</returns>
    public static MseLoss Sse() => new(Reduction.Sum);

    /// <summary>½ Σ (ŷ − y)², whose gradient is ŷ − y.</summary>
    /// <returns>A loss with <see cref="Reduction.Sum"/> and scale ½.</returns>
    public static MseLoss HalfSse() => new(Reduction.Sum, 0.5);

    /// <summary>1/(2N) Σ (ŷ − y)² with N the number of samples (what some sheets call "MSE").</summary>
    /// <returns>A loss with <see cref="Reduction.BatchMean"/> and scale ½.</returns>
    public static MseLoss HalfMse() => new(Reduction.BatchMean, 0.5);

    /// <inheritdoc/>
    public override string ToString() => $"MseLoss({DescribeReduction()})";

    // term (ŷ − y)², ∂/∂ŷ = 2(ŷ − y)
    /// <inheritdoc/>
    protected override double Term(double prediction, double target, out double derivative)
    {
        double r = prediction - target;
        derivative = 2.0 * r;
        return r * r;
    }

    // r·2⁻ʰ from halved operands cannot overflow; (r·2⁻ʰ)² = r²·2⁻²ʰ and 2r·2⁻ᵉ are then in range.
    /// <inheritdoc/>
    protected override double ScaledTerm(double prediction, double target, int exponent, out double derivative)
    {
        int h = exponent / 2;
        double r = Math.ScaleB(prediction, -h) - Math.ScaleB(target, -h);
        derivative = Math.ScaleB(2.0 * r, h - exponent);
        return r * Math.ScaleB(r, (2 * h) - exponent);
    }
}
