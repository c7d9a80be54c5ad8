using System;
using System.Globalization;

namespace TinyNets.Activations;

/// <summary>The leaky rectifier f(x) = x for x &gt; 0, else slope·x (PyTorch's <c>nn.LeakyReLU</c>, default slope 0.01).</summary>
public sealed class LeakyReLU : Activation
{
    /// <summary>Creates a leaky ReLU.</summary>
    /// <param name="negativeSlope">The slope for x ≤ 0; finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">The slope is NaN or infinite.</exception>
    public LeakyReLU(double negativeSlope = 0.01)
    {
        if (!double.IsFinite(negativeSlope))
        {
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, $"A finite slope was expected; {negativeSlope} was given.");
        }

        NegativeSlope = negativeSlope;
    }

    /// <summary>The slope for x ≤ 0.</summary>
    public double NegativeSlope { get; }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"LeakyReLU(negative_slope={NegativeSlope})");

    // y = x if x > 0 else slope·x
    /// <inheritdoc/>
    protected override void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = x[i] > 0 ? x[i] : NegativeSlope * x[i];
        }
    }

    // ∂L/∂x = ∂L/∂y ⊙ (1 if x > 0 else slope)
    /// <inheritdoc/>
    protected override void ApplyBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx)
    {
        for (int i = 0; i < x.Length; i++)
        {
            dx[i] = x[i] > 0 ? dy[i] : NegativeSlope * dy[i];
        }
    }
}
