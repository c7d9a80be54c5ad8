using System;
using System.Runtime.CompilerServices;
using TinyNets.Layers;

namespace TinyNets.Activations;

/// <summary>
/// An element-wise activation: a parameter-free, shape-preserving layer. Subclasses write y = f(x) and
/// ∂L/∂x = ∂L/∂y ⊙ f′(x) side by side.
/// </summary>
public abstract class Activation : Layer
{
    /// <inheritdoc/>
    protected sealed override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
    {
        CheckLengths(x.Length, y.Length, x.Length, y.Length);
        Apply(x, y);
    }

    /// <inheritdoc/>
    protected sealed override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns)
    {
        // No parameters: when ∂L/∂x is not wanted there is nothing to compute.
        if (!dx.IsEmpty)
        {
            ApplyBackwardPass(x, y, dy, dx);
        }
    }

    /// <summary>y = f(x) for a network's single-sample path.</summary>
    internal void ApplyForward(ReadOnlySpan<double> x, Span<double> y)
    {
        CheckLengths(x.Length, y.Length, x.Length, y.Length);
        Apply(x, y);
    }

    /// <summary>dx = dy ⊙ f′(x) for a network's single-sample path.</summary>
    internal void ApplyBackwardPass(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx)
    {
        CheckLengths(x.Length, y.Length, dy.Length, dx.Length);
        ApplyBackward(x, y, dy, dx);
    }

    // Every span an element-wise function gets has one length, so that Apply and ApplyBackward (ours or a subclass's)
    // may rely on it; a layer misused from several threads at once fails here instead of writing out of bounds.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckLengths(int x, int y, int dy, int dx)
    {
        if (x != y || x != dy || x != dx)
        {
            throw PassTorn(this);
        }
    }

    /// <summary>y = f(x), element by element; <paramref name="x"/> and <paramref name="y"/> have one length.</summary>
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
