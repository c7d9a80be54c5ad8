using System;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Internal;
using TinyNets.Layers;

namespace TinyNets.Activations;

/// <summary>
/// PyTorch's <c>nn.LogSoftmax</c> over the features of each sample (each column):
/// yᵢ = xᵢ − m − ln Σⱼ e^(xⱼ − m) with m = maxⱼ xⱼ. The sum is 1 + (the other terms), and its logarithm is taken as
/// log1p of the others, so a result near 0 keeps its digits; no input (±1e300 included) overflows. Followed by
/// <see cref="Losses.NllLoss"/> it is <see cref="Losses.CrossEntropyLoss"/>, which fuses the two.
/// </summary>
public sealed class LogSoftmax : Layer
{
    /// <summary>log-softmax of each column of a batch (features × batch), into a new matrix.</summary>
    /// <param name="x">A dense, non-empty matrix of finite values, one sample per column.</param>
    /// <returns>A new matrix of the same shape.</returns>
    /// <exception cref="ArgumentException">The matrix is not dense, is empty, or holds NaN or infinity.</exception>
    public static Matrix<double> Function(Matrix<double> x)
        => Columnwise.Map(x, Compute);

    /// <summary>log-softmax of one sample into <paramref name="y"/>, allocating nothing.</summary>
    /// <param name="x">The sample's values: at least one, all finite.</param>
    /// <param name="y">The result, of the same length; it must not overlap <paramref name="x"/> (it is used as
    /// workspace before <paramref name="x"/> is read again).</param>
    /// <exception cref="ArgumentException">Empty <paramref name="x"/>, lengths that differ, overlapping spans, or NaN or infinity.</exception>
    public static void Function(ReadOnlySpan<double> x, Span<double> y)
    {
        Columnwise.CheckSpans(x, y);
        if (x.Overlaps(y))
        {
            throw new ArgumentException("'y' must not overlap 'x': log-softmax uses it as workspace before reading 'x' again.", nameof(y));
        }

        Compute(x, y);
    }

    /// <inheritdoc/>
    public override string ToString() => "LogSoftmax(dim=features)";

    // y = x − max x − ln Σ exp(x − max x), per column
    /// <inheritdoc/>
    protected override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
    {
        for (int j = 0; j < columns; j++)
        {
            Compute(x.Slice(j * rows, rows), y.Slice(j * rows, rows));
        }
    }

    // ∂L/∂x = ∂L/∂y − exp(y)·Σ∂L/∂y, per column
    /// <inheritdoc/>
    protected override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns)
    {
        if (dx.IsEmpty)
        {
            return;
        }

        for (int j = 0; j < columns; j++)
        {
            ReadOnlySpan<double> gj = dy.Slice(j * rows, rows);
            Span<double> dxj = dx.Slice(j * rows, rows);
            // exp(y) is softmax(x), recomputed from x: exp of the rounded y would err by |y|·ε relative (700 ulp at y = −700).
            SoftmaxOf(x.Slice(j * rows, rows), dxj);
            TensorPrimitives.Multiply(dxj, TensorPrimitives.Sum(gj), dxj);
            TensorPrimitives.Subtract(gj, dxj, dxj);
        }
    }

    // softmax(x) into p as e^(xᵢ − m) / (1 + the other terms): the sum's rounding is that of the log1p in Compute (and of
    // CrossEntropyLoss, so that LogSoftmax and NllLoss give its gradient bit for bit).
    private static void SoftmaxOf(ReadOnlySpan<double> x, Span<double> p)
    {
        int argMax = TensorPrimitives.IndexOfMax(x);
        TensorPrimitives.Subtract(x, x[argMax], p);
        ElementwiseMath.ExpInPlace(p);
        p[argMax] = 0.0;
        double others = TensorPrimitives.Sum(p);
        p[argMax] = 1.0;
        TensorPrimitives.Divide(p, 1.0 + others, p);
    }

    // y = (x − m) − log1p(Σ_{i≠argmax} e^(xᵢ − m)); y serves as the exponentials' workspace first.
    private static void Compute(ReadOnlySpan<double> x, Span<double> y)
    {
        int argMax = TensorPrimitives.IndexOfMax(x);
        double max = x[argMax];
        TensorPrimitives.Subtract(x, max, y);
        ElementwiseMath.ExpInPlace(y);
        y[argMax] = 0.0;
        double logSum = ScalarMath.Log1P(TensorPrimitives.Sum(y));
        TensorPrimitives.Subtract(x, max, y);
        TensorPrimitives.Subtract(y, logSum, y);
    }
}
