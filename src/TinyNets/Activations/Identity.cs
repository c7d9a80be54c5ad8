using System;

namespace TinyNets.Activations;

/// <summary>The identity f(x) = x (a linear output unit), PyTorch's <c>nn.Identity</c>.</summary>
public sealed class Identity : Activation
{
    /// <inheritdoc/>
    public override string ToString() => "Identity()";

    // y = x
    /// <inheritdoc/>
    protected override void Apply(ReadOnlySpan<double> x, Span<double> y) => x.CopyTo(y);

    // ∂L/∂x = ∂L/∂y
    /// <inheritdoc/>
    protected override void ApplyBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx) => dy.CopyTo(dx);
}
