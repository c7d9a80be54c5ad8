using System;
using System.Numerics.Tensors;

namespace TinyNets.Internal;

/// <summary>
/// Dense products on column-major storage, written to allocate nothing. Products of at least <see cref="GemmWork"/>
/// multiply-adds go to the packed, cache-blocked SIMD kernel (<see cref="Gemm"/>); smaller ones, where its fixed cost
/// would dominate, run as axpy or dot loops over the contiguous columns.
/// </summary>
internal static class Kernels
{
    // Below this many rows a column is shorter than two SIMD vectors, and a plain loop beats a TensorPrimitives call.
    private const int SimdRows = 8;

    // m·n·k from which the blocked kernel wins (measured: its fixed cost is ≈ 0.1 µs; 16³ is about even).
    private const long GemmWork = 4096;

    /// <summary>Y = W·X (+ b per column). W is m×k, X is k×n, Y is m×n.</summary>
    public static void MultiplyAddBias(ReadOnlySpan<double> w, ReadOnlySpan<double> x, ReadOnlySpan<double> bias, Span<double> y, int m, int k, int n)
    {
        if ((long)m * n * k >= GemmWork)
        {
            if (bias.IsEmpty)
            {
                Gemm.MultiplyInto(w, x, y, m, k, n);
                return;
            }

            for (int j = 0; j < n; j++)
            {
                bias.CopyTo(y.Slice(j * m, m));
            }

            Gemm.MultiplyInto(w, x, y, m, k, n, beta: 1.0);
            return;
        }

        for (int j = 0; j < n; j++)
        {
            Span<double> yj = y.Slice(j * m, m);
            if (bias.IsEmpty)
            {
                yj.Clear();
            }
            else
            {
                bias.CopyTo(yj);
            }

            ReadOnlySpan<double> xj = x.Slice(j * k, k);
            for (int p = 0; p < k; p++)
            {
                double xpj = xj[p];
                if (xpj != 0.0)
                {
                    Axpy(w.Slice(p * m, m), xpj, yj);
                }
            }
        }
    }

    /// <summary>G = D·Xᵀ, overwriting G. D is m×n, X is k×n, G is m×k.</summary>
    public static void MultiplyTransposedRight(ReadOnlySpan<double> d, ReadOnlySpan<double> x, Span<double> g, int m, int k, int n)
    {
        if ((long)m * n * k >= GemmWork)
        {
            Gemm.MultiplyTransposedRightInto(d, x, g, m, k, n);
            return;
        }

        g.Clear();
        for (int j = 0; j < n; j++)
        {
            ReadOnlySpan<double> dj = d.Slice(j * m, m);
            ReadOnlySpan<double> xj = x.Slice(j * k, k);
            for (int p = 0; p < k; p++)
            {
                double xpj = xj[p];
                if (xpj != 0.0)
                {
                    Axpy(dj, xpj, g.Slice(p * m, m));
                }
            }
        }
    }

    /// <summary>R = Wᵀ·D, overwriting R. W is m×k, D is m×n, R is k×n.</summary>
    public static void MultiplyTransposedLeft(ReadOnlySpan<double> w, ReadOnlySpan<double> d, Span<double> r, int m, int k, int n)
    {
        if ((long)m * n * k >= GemmWork)
        {
            Gemm.MultiplyTransposedLeftInto(w, d, r, m, k, n);
            return;
        }

        for (int j = 0; j < n; j++)
        {
            ReadOnlySpan<double> dj = d.Slice(j * m, m);
            Span<double> rj = r.Slice(j * k, k);
            for (int p = 0; p < k; p++)
            {
                rj[p] = Dot(w.Slice(p * m, m), dj);
            }
        }
    }

    /// <summary>s = Σ_j D[:, j], overwriting s. D is m×n.</summary>
    public static void SumColumns(ReadOnlySpan<double> d, Span<double> s, int m, int n)
    {
        d.Slice(0, m).CopyTo(s);
        for (int j = 1; j < n; j++)
        {
            Axpy(d.Slice(j * m, m), 1.0, s);
        }
    }

    /// <summary>y += a·x.</summary>
    private static void Axpy(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        if (x.Length >= SimdRows)
        {
            TensorPrimitives.MultiplyAdd(x, a, y, y);
            return;
        }

        for (int i = 0; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    /// <summary>x · y.</summary>
    private static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length >= SimdRows)
        {
            return TensorPrimitives.Dot(x, y);
        }

        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }
}
