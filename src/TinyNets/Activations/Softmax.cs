using System;
using System.Globalization;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Internal;
using TinyNets.Layers;

namespace TinyNets.Activations;

/// <summary>
/// Softmax over the features of each sample (each column): yᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m) with m = maxⱼ xⱼ,
/// so inputs in the thousands do not overflow. For training a classifier prefer
/// <see cref="Losses.CrossEntropyLoss"/> on the logits, which fuses softmax and log.
/// </summary>
public sealed class Softmax : Layer
{
    /// <summary>Softmax of each column of a batch (features × batch), into a new matrix; the same values as the layer's.</summary>
    /// <param name="x">A dense, non-empty matrix of finite values, one sample per column.</param>
    /// <returns>A new matrix of the same shape, each column summing to 1.</returns>
    /// <exception cref="ArgumentException">The matrix is not dense, is empty, or holds NaN or infinity.</exception>
    public static Matrix<double> Function(Matrix<double> x)
        => Columnwise.Map(x, Compute);

    /// <summary>Softmax of one sample into <paramref name="y"/>, allocating nothing; the same values as the layer's.</summary>
    /// <param name="x">The sample's values: at least one, all finite.</param>
    /// <param name="y">The result, of the same length; it may be <paramref name="x"/>'s own memory (in place), but not
    /// overlap it partially.</param>
    /// <exception cref="ArgumentException">Empty <paramref name="x"/>, lengths that differ, or NaN or infinity.</exception>
    public static void Function(ReadOnlySpan<double> x, Span<double> y)
    {
        Columnwise.CheckSpans(x, y);
        if (x.Overlaps(y, out int offset) && offset != 0)
        {
            throw new ArgumentException("'y' overlaps 'x' partially; it may be the same memory (in place) or separate memory.", nameof(y));
        }

        Compute(x, y);
    }

    /// <inheritdoc/>
    public override string ToString() => "Softmax(dim=features)";

    // y = exp(x − max x) / Σ exp(x − max x), per column
    /// <inheritdoc/>
    protected override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
    {
        for (int j = 0; j < columns; j++)
        {
            Compute(x.Slice(j * rows, rows), y.Slice(j * rows, rows));
        }
    }

    // ∂L/∂x = y ⊙ (∂L/∂y − (∂L/∂y · y)), per column (the Jacobian diag(y) − y·yᵀ applied to ∂L/∂y)
    /// <inheritdoc/>
    protected override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns)
    {
        for (int j = 0; j < columns; j++)
        {
            ReadOnlySpan<double> yj = y.Slice(j * rows, rows);
            ReadOnlySpan<double> gj = dy.Slice(j * rows, rows);
            Span<double> dxj = dx.Slice(j * rows, rows);
            double dot = TensorPrimitives.Dot(gj, yj);
            TensorPrimitives.Subtract(gj, dot, dxj);
            TensorPrimitives.Multiply(dxj, yj, dxj);
        }
    }

    // The layer's forward on one column: y = exp(x − max x) / Σ exp(x − max x).
    private static void Compute(ReadOnlySpan<double> x, Span<double> y)
    {
        TensorPrimitives.Subtract(x, TensorPrimitives.Max(x), y);
        ElementwiseMath.ExpInPlace(y);
        TensorPrimitives.Divide(y, TensorPrimitives.Sum(y), y);
    }
}
