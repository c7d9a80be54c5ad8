using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TinyNets.Internal;

/// <summary>
/// Dense products on column-major storage, written to allocate nothing. Products of at least <see cref="GemmWork"/>
/// multiply-adds go to the packed, cache-blocked SIMD kernel (<see cref="Gemm"/>); smaller ones, where its fixed cost
/// would dominate, run as axpy or dot loops over the contiguous columns.
/// </summary>
internal static class Kernels
{
    // m·n·k from which the blocked kernel wins (measured: its fixed cost is ≈ 0.1 µs; 16³ is about even).
    internal const long GemmWork = 4096;

    /// <summary>Y = W·X (+ b per column). W is m×k, X is k×n, Y is m×n.</summary>
    public static void MultiplyAddBias(ReadOnlySpan<double> w, ReadOnlySpan<double> x, ReadOnlySpan<double> bias, Span<double> y, int m, int k, int n, int parallelism = 1)
    {
        CheckExtents(w.Length, x.Length, y.Length, m, k, n);
        if (!bias.IsEmpty && bias.Length < m)
        {
            throw TooShort(bias.Length, m, nameof(bias));
        }

        if (m == 1)
        {
            // One output (a regression or binary output layer): one dot product per sample, summed from the bias in
            // the order of the general path below, so that the result does not depend on the layer's width.
            double b = bias.IsEmpty ? 0.0 : bias[0];
            ReadOnlySpan<double> wr = w.Slice(0, k);
            ReadOnlySpan<double> xr = x.Slice(0, k * n);
            Span<double> yr = y.Slice(0, n);
            for (int j = 0; j < yr.Length; j++)
            {
                ReadOnlySpan<double> xj = xr.Slice(j * k, k);
                double sum = b;
                for (int p = 0; p < xj.Length; p++)
                {
                    sum += wr[p] * xj[p];
                }

                yr[j] = sum;
            }

            return;
        }

        if ((long)m * n * k >= GemmWork)
        {
            if (bias.IsEmpty)
            {
                Gemm.MultiplyInto(w, x, y, m, k, n, parallelism: parallelism);
                return;
            }

            for (int j = 0; j < n; j++)
            {
                bias.CopyTo(y.Slice(j * m, m));
            }

            Gemm.MultiplyInto(w, x, y, m, k, n, beta: 1.0, parallelism: parallelism);
            return;
        }

        ref double w0 = ref MemoryMarshal.GetReference(w);
        ref double x0 = ref MemoryMarshal.GetReference(x);
        ref double y0 = ref MemoryMarshal.GetReference(y);
        for (int j = 0; j < n; j++)
        {
            ref double yj = ref Unsafe.Add(ref y0, j * m);
            if (bias.IsEmpty)
            {
                MemoryMarshal.CreateSpan(ref yj, m).Clear();
            }
            else
            {
                Copy(ref MemoryMarshal.GetReference(bias), ref yj, m);
            }

            ref double xj = ref Unsafe.Add(ref x0, j * k);
            for (int p = 0; p < k; p++)
            {
                double xpj = Unsafe.Add(ref xj, p);
                if (xpj != 0.0)
                {
                    Axpy(ref Unsafe.Add(ref w0, p * m), xpj, ref yj, m);
                }
            }
        }
    }

    /// <summary>
    /// y = W·x + b for one sample (W m×k, x of length k): bit for bit <see cref="MultiplyAddBias"/> with n = 1. Outputs
    /// narrower than a vector run its loops here, row by row with no call in between (a net of a few neurons, where a
    /// call costs more than the arithmetic); wider ones call it, whose axpy loop is vectorised (about 3× faster on a
    /// 32-wide layer), as do products from <see cref="GemmWork"/> on, which take the blocked kernel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAddBiasOneColumn(ReadOnlySpan<double> w, ReadOnlySpan<double> x, ReadOnlySpan<double> bias, Span<double> y, int m, int k)
    {
        if (m >= Vector256<double>.Count || (long)m * k >= GemmWork)
        {
            MultiplyAddBias(w, x, bias, y, m, k, 1);
            return;
        }

        CheckExtents(w.Length, x.Length, y.Length, m, k, 1);
        if (!bias.IsEmpty && bias.Length < m)
        {
            throw TooShort(bias.Length, m, nameof(bias));
        }

        ref double w0 = ref MemoryMarshal.GetReference(w);
        ref double x0 = ref MemoryMarshal.GetReference(x);
        ref double y0 = ref MemoryMarshal.GetReference(y);
        ref double b0 = ref MemoryMarshal.GetReference(bias);
        bool hasBias = !bias.IsEmpty;
        if (m == 1)
        {
            // The one-output path: a dot product summed from the bias, zeros included.
            double sum = hasBias ? b0 : 0.0;
            for (int p = 0; p < k; p++)
            {
                sum += Unsafe.Add(ref w0, p) * Unsafe.Add(ref x0, p);
            }

            y0 = sum;
            return;
        }

        // The axpy path, one row at a time: y_i starts at b_i (or +0) and gains x_p·w_ip for each non-zero x_p in turn.
        for (int i = 0; i < m; i++)
        {
            double sum = hasBias ? Unsafe.Add(ref b0, i) : 0.0;
            ref double wi = ref Unsafe.Add(ref w0, i);
            for (int p = 0; p < k; p++)
            {
                double xp = Unsafe.Add(ref x0, p);
                if (xp != 0.0)
                {
                    sum += xp * Unsafe.Add(ref wi, p * m);
                }
            }

            Unsafe.Add(ref y0, i) = sum;
        }
    }

    /// <summary>G = D·Xᵀ, overwriting G. D is m×n, X is k×n, G is m×k.</summary>
    public static void MultiplyTransposedRight(ReadOnlySpan<double> d, ReadOnlySpan<double> x, Span<double> g, int m, int k, int n, int parallelism = 1)
    {
        CheckExtents(g.Length, x.Length, d.Length, m, k, n);
        if (m == 1)
        {
            // One output: g = Σ_j d_j·x_j, a sum of scaled input columns.
            Span<double> gr = g.Slice(0, k);
            gr.Clear();
            ReadOnlySpan<double> dr = d.Slice(0, n);
            ref double xr = ref MemoryMarshal.GetReference(x.Slice(0, k * n));
            for (int j = 0; j < n; j++)
            {
                if (dr[j] != 0.0)
                {
                    Axpy(ref Unsafe.Add(ref xr, j * k), dr[j], ref MemoryMarshal.GetReference(gr), k);
                }
            }

            return;
        }

        if ((long)m * n * k >= GemmWork)
        {
            Gemm.MultiplyTransposedRightInto(d, x, g, m, k, n, parallelism: parallelism);
            return;
        }

        ref double d0 = ref MemoryMarshal.GetReference(d);
        ref double x0 = ref MemoryMarshal.GetReference(x);
        ref double g0 = ref MemoryMarshal.GetReference(g);
        if (n == 1)
        {
            // One sample (a per-sample step): the outer product d·xᵀ, written without clearing first.
            for (int p = 0; p < k; p++)
            {
                double xp = Unsafe.Add(ref x0, p);
                ref double gp = ref Unsafe.Add(ref g0, p * m);
                for (int i = 0; i < m; i++)
                {
                    Unsafe.Add(ref gp, i) = xp != 0.0 ? Unsafe.Add(ref d0, i) * xp : 0.0;
                }
            }

            return;
        }

        g.Slice(0, m * k).Clear();
        for (int j = 0; j < n; j++)
        {
            ref double dj = ref Unsafe.Add(ref d0, j * m);
            ref double xj = ref Unsafe.Add(ref x0, j * k);
            for (int p = 0; p < k; p++)
            {
                double xpj = Unsafe.Add(ref xj, p);
                if (xpj != 0.0)
                {
                    Axpy(ref dj, xpj, ref Unsafe.Add(ref g0, p * m), m);
                }
            }
        }
    }

    /// <summary>R = Wᵀ·D, overwriting R. W is m×k, D is m×n, R is k×n.</summary>
    public static void MultiplyTransposedLeft(ReadOnlySpan<double> w, ReadOnlySpan<double> d, Span<double> r, int m, int k, int n, int parallelism = 1)
    {
        CheckExtents(w.Length, r.Length, d.Length, m, k, n);
        if (m == 1)
        {
            // One output: column j of the result is d_j·wᵀ.
            ReadOnlySpan<double> wr = w.Slice(0, k);
            ReadOnlySpan<double> dr = d.Slice(0, n);
            Span<double> rr = r.Slice(0, k * n);
            for (int j = 0; j < n; j++)
            {
                Span<double> rj = rr.Slice(j * k, k);
                double dj = dr[j];
                for (int p = 0; p < rj.Length; p++)
                {
                    rj[p] = wr[p] * dj;
                }
            }

            return;
        }

        if ((long)m * n * k >= GemmWork)
        {
            Gemm.MultiplyTransposedLeftInto(w, d, r, m, k, n, parallelism: parallelism);
            return;
        }

        ref double w0 = ref MemoryMarshal.GetReference(w);
        ref double d0 = ref MemoryMarshal.GetReference(d);
        ref double r0 = ref MemoryMarshal.GetReference(r);
        for (int j = 0; j < n; j++)
        {
            ref double dj = ref Unsafe.Add(ref d0, j * m);
            ref double rj = ref Unsafe.Add(ref r0, j * k);
            for (int p = 0; p < k; p++)
            {
                Unsafe.Add(ref rj, p) = Dot(ref Unsafe.Add(ref w0, p * m), ref dj, m);
            }
        }
    }

    /// <summary>s = Σ_j D[:, j], overwriting s. D is m×n.</summary>
    public static void SumColumns(ReadOnlySpan<double> d, Span<double> s, int m, int n)
    {
        // n ≥ 1: the first column is copied, not added.
        if (m < 0 || n < 1 || s.Length < m || d.Length < (long)m * n)
        {
            throw ExtentsTooLarge(s.Length, n, d.Length, m, 1, n);
        }

        ref double d0 = ref MemoryMarshal.GetReference(d.Slice(0, m * n));
        ref double s0 = ref MemoryMarshal.GetReference(s.Slice(0, m));
        Copy(ref d0, ref s0, m);
        for (int j = 1; j < n; j++)
        {
            Axpy(ref Unsafe.Add(ref d0, j * m), 1.0, ref s0, m);
        }
    }

    /// <summary>y += a·x, element by element; x and y of equal length.</summary>
    public static void Axpy(ReadOnlySpan<double> x, double a, Span<double> y)
    {
        if (x.Length != y.Length)
        {
            throw LengthsDiffer(x.Length, y.Length, nameof(y));
        }

        Axpy(ref MemoryMarshal.GetReference(x), a, ref MemoryMarshal.GetReference(y), x.Length);
    }

    // Out of line: an inlined message would set up its string builder on every call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException LengthsDiffer(int xLength, int yLength, string paramName) =>
        new($"Lengths differ: {xLength} and {yLength}.", paramName);

    // Every product's spans are checked against its extents once, on entry: the loops below run on unchecked
    // references, so this is what keeps them inside the arrays whatever a caller (or a thread racing it) passes.
    // An m×k operand, a k×n operand and an m×n one, in whichever roles the product gives them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CheckExtents(int mkLength, int knLength, int mnLength, int m, int k, int n)
    {
        if ((m | k | n) < 0 || mkLength < (long)m * k || knLength < (long)k * n || mnLength < (long)m * n)
        {
            throw ExtentsTooLarge(mkLength, knLength, mnLength, m, k, n);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException ExtentsTooLarge(int mkLength, int knLength, int mnLength, int m, int k, int n) => new(
        string.Create(CultureInfo.InvariantCulture,
            $"A product with m = {m}, k = {k}, n = {n} needs operands of at least m·k, k·n and m·n values; {mkLength}, {knLength} and {mnLength} were given."));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException TooShort(int length, long needed, string paramName) => new(
        string.Create(CultureInfo.InvariantCulture, $"At least {needed} values were needed; {length} were given."), paramName);

    // The helpers below run on references, not spans: on nets of a few neurons the slicing and bounds checks of spans
    // cost more than the arithmetic. Callers have checked the extents.

    /// <summary>y[0..len) = x[0..len).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(ref double x, ref double y, int len)
    {
        for (int i = 0; i < len; i++)
        {
            Unsafe.Add(ref y, i) = Unsafe.Add(ref x, i);
        }
    }

    /// <summary>y[0..len) += a·x[0..len).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Axpy(ref double x, double a, ref double y, int len)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated && len >= Vector256<double>.Count)
        {
            Vector256<double> va = Vector256.Create(a);
            for (; i <= len - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                Vector256<double> vy = Vector256.LoadUnsafe(ref y, (nuint)i);
                (vy + (Vector256.LoadUnsafe(ref x, (nuint)i) * va)).StoreUnsafe(ref y, (nuint)i);
            }
        }

        for (; i < len; i++)
        {
            Unsafe.Add(ref y, i) += a * Unsafe.Add(ref x, i);
        }
    }

    /// <summary>x[0..len) · y[0..len).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Dot(ref double x, ref double y, int len)
    {
        int i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && len >= Vector256<double>.Count)
        {
            Vector256<double> acc = Vector256<double>.Zero;
            for (; i <= len - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                acc += Vector256.LoadUnsafe(ref x, (nuint)i) * Vector256.LoadUnsafe(ref y, (nuint)i);
            }

            sum = Vector256.Sum(acc);
        }

        for (; i < len; i++)
        {
            sum += Unsafe.Add(ref x, i) * Unsafe.Add(ref y, i);
        }

        return sum;
    }
}
