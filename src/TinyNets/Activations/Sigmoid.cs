using System;
using TinyNets.Internal;

namespace TinyNets.Activations;

/// <summary>The logistic sigmoid σ(x) = 1 / (1 + e^(−x)), evaluated so that it stays finite and exact for any |x| (800 and beyond).</summary>
public sealed class Sigmoid : Activation
{
    /// <summary>σ(x) for one value.</summary>
    /// <param name="x">Any double.</param>
    /// <returns>σ(x) in [0, 1].</returns>
    public static double Function(double x) => ScalarMath.Sigmoid(x);

    /// <inheritdoc/>
    public override string ToString() => "Sigmoid()";

    // y = σ(x)
    /// <inheritdoc/>
    protected override void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = ScalarMath.Sigmoid(x[i]);
        }
    }

    // ∂L/∂x = ∂L/∂y ⊙ y(1 − y)
    /// <inheritdoc/>
    protected override void ApplyBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx)
    {
        for (int i = 0; i < x.Length; i++)
        {
            dx[i] = dy[i] * y[i] * (1.0 - y[i]);
        }
    }
}
