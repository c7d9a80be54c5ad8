using System;
using System.Numerics.Tensors;

namespace TinyNets.Activations;

/// <summary>The rectifier f(x) = max(x, 0), with ReLU′(0) = 0 as in PyTorch.</summary>
public sealed class ReLU : Activation
{
    /// <summary>The derivative used in backward: 1 for x &gt; 0, else 0 (including x = 0).</summary>
    /// <param name="x">The pre-activation.</param>
    /// <returns>0 or 1.</returns>
    public static double Derivative(double x) => x > 0 ? 1.0 : 0.0;

    /// <inheritdoc/>
    public override string ToString() => "ReLU()";

    // y = max(x, 0)
    /// <inheritdoc/>
    protected override void Apply(ReadOnlySpan<double> x, Span<double> y) => TensorPrimitives.Max(x, 0.0, y);

    // ∂L/∂x = ∂L/∂y ⊙ [x > 0]
    /// <inheritdoc/>
    protected override void ApplyBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx)
    {
        for (int i = 0; i < x.Length; i++)
        {
            dx[i] = x[i] > 0 ? dy[i] : 0.0;
        }
    }
}
