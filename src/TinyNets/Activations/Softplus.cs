using System;
using TinyNets.Internal;

namespace TinyNets.Activations;

/// <summary>The softplus f(x) = ln(1 + eˣ), computed as max(x, 0) + log1p(e^(−|x|)) so it neither overflows nor loses digits.</summary>
public sealed class Softplus : Activation
{
    /// <summary>softplus(x) for one value.</summary>
    /// <param name="x">Any finite double.</param>
    /// <returns>ln(1 + eˣ).</returns>
    public static double Function(double x) => ScalarMath.Softplus(x);

    /// <inheritdoc/>
    public override string ToString() => "Softplus()";

    // y = ln(1 + eˣ)
    /// <inheritdoc/>
    protected override void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = ScalarMath.Softplus(x[i]);
        }
    }

    // ∂L/∂x = ∂L/∂y ⊙ σ(x)
    /// <inheritdoc/>
    protected override void ApplyBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx)
    {
        for (int i = 0; i < x.Length; i++)
        {
            dx[i] = dy[i] * ScalarMath.Sigmoid(x[i]);
        }
    }
}
