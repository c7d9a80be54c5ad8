using System;
using TinyNets.Internal;

namespace TinyNets.Activations;

/// <summary>The scaled exponential linear unit: λx for x &gt; 0, λα(eˣ − 1) otherwise, with the exact constants of Klambauer et al. (2017).</summary>
public sealed class Selu : Activation
{
    /// <summary>λ = 1.0507009873554805 (the scale).</summary>
    public const double Lambda = 1.0507009873554804934193349852946;

    /// <summary>α = 1.6732632423543772 (the negative saturation; λα = 1.7580993408473766).</summary>
    public const double Alpha = 1.6732632423543772848170429916717;

    /// <summary>SELU(x) for one value.</summary>
    /// <param name="x">Any finite double.</param>
    /// <returns>λx or λα(eˣ − 1).</returns>
    public static double Function(double x) => x > 0 ? Lambda * x : Lambda * Alpha * ScalarMath.ExpM1(x);

    /// <inheritdoc/>
    public override string ToString() => "SELU()";

    // y = λx (x > 0), λα(eˣ − 1) (x ≤ 0)
    /// <inheritdoc/>
    protected override void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Function(x[i]);
        }
    }

    // ∂L/∂x = ∂L/∂y ⊙ (λ if x > 0 else λαeˣ = y + λα)
    /// <inheritdoc/>
    protected override void ApplyBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx)
    {
        for (int i = 0; i < x.Length; i++)
        {
            dx[i] = dy[i] * (x[i] > 0 ? Lambda : Lambda * Alpha * Math.Exp(x[i]));
        }
    }
}
