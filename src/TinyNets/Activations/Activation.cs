using System;
using TinyNets.Layers;

namespace TinyNets.Activations;

/// <summary>
/// An element-wise activation: a parameter-free, shape-preserving layer. Subclasses write y = f(x) and
/// ∂L/∂x = ∂L/∂y ⊙ f′(x) side by side.
/// </summary>
public abstract class Activation : Layer
{
    /// <inheritdoc/>
    protected sealed override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns) => Apply(x, y);

    /// <inheritdoc/>
    protected sealed override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns)
    {
        // No parameters: when ∂L/∂x is not wanted there is nothing to compute.
        if (!dx.IsEmpty)
        {
            ApplyBackward(x, y, dy, dx);
        }
    }

    /// <summary>y = f(x) for a network's single-sample path.</summary>
    internal void ApplyForward(ReadOnlySpan<double> x, Span<double> y) => Apply(x, y);

    /// <summary>dx = dy ⊙ f′(x) for a network's single-sample path.</summary>
    internal void ApplyBackwardPass(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx) =>
        ApplyBackward(x, y, dy, dx);

    /// <summary>y = f(x), element by element.</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output of the same length.</param>
    protected abstract void Apply(ReadOnlySpan<double> x, Span<double> y);

    /// <summary>dx = dy ⊙ f′(x), element by element; <paramref name="y"/> = f(x) is available to save recomputation.</summary>
    /// <param name="x">Forward input.</param>
    /// <param name="y">Forward output.</param>
    /// <param name="dy">∂L/∂y.</param>
    /// <param name="dx">∂L/∂x, to fill.</param>
    protected abstract void ApplyBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx);
}
