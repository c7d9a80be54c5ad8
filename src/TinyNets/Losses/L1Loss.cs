using System;

namespace TinyNets.Losses;

/// <summary>
/// Absolute error |ŷ − y|, PyTorch's <c>nn.L1Loss</c>. The default is the mean over all elements. The derivative is
/// sign(ŷ − y) with sign(0) = 0, as PyTorch's backward of <c>abs</c>.
/// </summary>
public sealed class L1Loss : ElementwiseLoss
{
    /// <summary>Creates an absolute-error loss.</summary>
    /// <param name="reduction">Mean over elements (default, PyTorch's), Sum or BatchMean.</param>
    /// <param name="scale">A positive factor.</param>
    public L1Loss(Reduction reduction = Reduction.Mean, double scale = 1.0)
        : base(reduction, scale)
    {
    }

    /// <inheritdoc/>
    public override string ToString() => $"L1Loss({DescribeReduction()})";

    // term |ŷ − y|, ∂/∂ŷ = sign(ŷ − y), 0 at 0
    /// <inheritdoc/>
    protected override double Term(double prediction, double target, out double derivative)
    {
        double r = prediction - target;
        derivative = Math.Sign(r);
        return Math.Abs(r);
    }

    // Where ŷ − y overflows, |ŷ − y| is twice |ŷ/2 − y/2|, which cannot.
    /// <inheritdoc/>
    protected override double ScaledTerm(double prediction, double target, int exponent, out double derivative)
    {
        double r = prediction - target;
        derivative = Math.ScaleB((double)Math.Sign(r), -exponent);
        return double.IsFinite(r)
            ? Math.ScaleB(Math.Abs(r), -exponent)
            : Math.ScaleB(Math.Abs((0.5 * prediction) - (0.5 * target)), 1 - exponent);
    }
}
