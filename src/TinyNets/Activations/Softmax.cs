using System;
using System.Numerics.Tensors;
using TinyNets.Layers;

namespace TinyNets.Activations;

/// <summary>
/// Softmax over the features of each sample (each column): yᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m) with m = maxⱼ xⱼ,
/// so inputs in the thousands do not overflow. For training a classifier prefer
/// <see cref="Losses.CrossEntropyLoss"/> on the logits, which fuses softmax and log.
/// </summary>
public sealed class Softmax : Layer
{
    /// <inheritdoc/>
    public override string ToString() => "Softmax(dim=features)";

    // y = exp(x − max x) / Σ exp(x − max x), per column
    /// <inheritdoc/>
    protected override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
    {
        for (int j = 0; j < columns; j++)
        {
            ReadOnlySpan<double> xj = x.Slice(j * rows, rows);
            Span<double> yj = y.Slice(j * rows, rows);
            TensorPrimitives.Subtract(xj, TensorPrimitives.Max(xj), yj);
            TensorPrimitives.Exp(yj, yj);
            TensorPrimitives.Divide(yj, TensorPrimitives.Sum(yj), yj);
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
}
