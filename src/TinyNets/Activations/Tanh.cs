using System;
using TinyNets.Internal;

namespace TinyNets.Activations;

/// <summary>The hyperbolic tangent f(x) = tanh x.</summary>
public sealed class Tanh : Activation
{
    /// <inheritdoc/>
    public override string ToString() => "Tanh()";

    // y = tanh x
    /// <inheritdoc/>
    protected override void Apply(ReadOnlySpan<double> x, Span<double> y) => ElementwiseMath.Tanh(x, y);

    // ∂L/∂x = ∂L/∂y ⊙ (1 − y²)
    /// <inheritdoc/>
    protected override void ApplyBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx) =>
        ElementwiseMath.TanhBackward(y, dy, dx);
}
