using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace TinyNets.Internal;

/// <summary>
/// The cache-blocked dgemm driver (GotoBLAS/BLIS loop nest), specialised per micro-kernel:
/// <code>
/// for jc in n by NC:                 B panel columns
///   for pc in k by KC:               pack op(B)[pc.., jc..] (kc×nc) into NR-column slivers       → L2
///     for ic in m by MC:             pack op(A)[ic.., pc..] (mc×kc) into MR-row slivers
///       for ir in mc by MR:          the A sliver (MR×kc) is loaded into L1 by its first tile…
///         for jr in nc by NR:        …and reused by every tile: C[ir.., jr..] (MR×NR) += A sliver · B sliver
/// </code>
/// The A sliver (32×kc doubles with AVX-512) stays in L1 while the B slivers stream from L2, which suits a tile that
/// loads 4 vectors of A and broadcasts 6 values of B per step. k and n are split into near-equal blocks of at most KC
/// and NC (k = 784 → 4×196, not 3×256 + 16). Packing reads memory in address order where it can (a column of A or of B
/// at a time, scattered to the slivers) and transposes 4×4 blocks with AVX where the layout turns. Edge tiles (fewer
/// than MR rows or NR columns) run the kernel into a scratch tile that is then added to C; rows are padded only to the
/// vector width (a 10-row C uses a 16-row tile with AVX-512, not a 32-row one).
/// </summary>
internal static class GemmBlocked
{
    // Block sizes for the 48 KiB L1 / 1.25 MiB L2 per core of the Xeon this was tuned on; on it, KC 128…384, MC 128…512
    // and NC 256…1024 were all within ±5 % of each other for the W3 and square shapes (GemmBenchmarks).

    /// <summary>Largest k block: a 32×KC A sliver (48 KiB at 192) fits L1 beside the streaming B slivers.</summary>
    public const int KC = 192;

    /// <summary>Largest n block: the packed B panel KC×NC (768 KiB at 192×512) stays in L2.</summary>
    public const int NC = 512;

    /// <summary>Largest m block, rounded down to a multiple of MR: the packed A block MC×KC (384 KiB).</summary>
    public const int MC = 256;

    public static void Run<TKernel>(
        bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        ref double a, nint lda, ref double b, nint ldb, double beta, ref double c, nint ldc, bool simdPacking)
        where TKernel : struct, IGemmKernel
    {
        int w = TKernel.Width;
        int mr = TKernel.MaxVectors * w;
        int nr = TKernel.NR;
        GemmWorkspace workspace = GemmWorkspace.Current;
        bool simd = simdPacking && Avx.IsSupported;

        int kcMax = EvenBlock(k, KC);
        int ncMax = EvenBlock(n, NC);
        int mcMax = Math.Min(Math.Max(mr, MC / mr * mr), RoundUp(m, w));
        ref double packedA = ref workspace.PackedA(RoundUp(mcMax, mr) * kcMax);
        ref double packedB = ref workspace.PackedB(RoundUp(ncMax, nr) * kcMax);
        ref double tile = ref workspace.Tile(mr * nr);

        for (int jc = 0; jc < n; jc += ncMax)
        {
            int nc = Math.Min(ncMax, n - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                double betaBlock = pc == 0 ? beta : 1.0;
                if (transposeB)
                {
                    // op(B)(pc + p, jc + j) = b[(jc + j) + (pc + p)·ldb]: rows of the panel are contiguous.
                    PackCopied(ref Unsafe.Add(ref b, jc + (pc * ldb)), ldb, nc, kc, nr, nr, ref packedB, simd);
                }
                else
                {
                    PackTransposed(ref Unsafe.Add(ref b, pc + (jc * ldb)), ldb, nc, kc, nr, nr, ref packedB, simd);
                }

                for (int ic = 0; ic < m; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, m - ic);
                    int lastRows = mc - ((mc - 1) / mr * mr);
                    int lastPadded = RoundUp(lastRows, w);
                    if (transposeA)
                    {
                        // op(A)(ic + i, pc + p) = a[(pc + p) + (ic + i)·lda]: rows of op(A) are columns of A.
                        PackTransposed(ref Unsafe.Add(ref a, pc + (ic * lda)), lda, mc, kc, mr, lastPadded, ref packedA, simd);
                    }
                    else
                    {
                        PackCopied(ref Unsafe.Add(ref a, ic + (pc * lda)), lda, mc, kc, mr, lastPadded, ref packedA, simd);
                    }

                    for (int ir = 0; ir < mc; ir += mr)
                    {
                        int rows = Math.Min(mr, mc - ir);
                        int vectors = (rows + w - 1) / w;
                        int rowsPadded = vectors * w;
                        ref double aSliver = ref Unsafe.Add(ref packedA, ir * kc);
                        for (int jr = 0; jr < nc; jr += nr)
                        {
                            int columns = Math.Min(nr, nc - jr);
                            ref double bSliver = ref Unsafe.Add(ref packedB, jr * kc);
                            ref double cTile = ref Unsafe.Add(ref c, ic + ir + ((jc + jr) * ldc));
                            if (rows == rowsPadded && columns == nr)
                            {
                                TKernel.Run(vectors, kc, ref aSliver, ref bSliver, ref cTile, ldc, alpha, betaBlock);
                            }
                            else
                            {
                                TKernel.Run(vectors, kc, ref aSliver, ref bSliver, ref tile, rowsPadded, 1.0, 0.0);
                                MergeTile(ref tile, rowsPadded, ref cTile, ldc, rows, columns, alpha, betaBlock, TKernel.FusesBeta);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Blocks of near-equal size, none larger than <paramref name="limit"/>: the size of the first.</summary>
    private static int EvenBlock(int total, int limit)
    {
        int blocks = (total + limit - 1) / limit;
        return (total + blocks - 1) / blocks;
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    /// <summary>
    /// C[0..rows, 0..columns] ← α·T + β·C (β = 0 ignores C), rounded as the kernel rounds a full tile (<paramref name="fused"/>:
    /// one fused multiply-add), so that where a split of C puts a tile's edge changes no bit.
    /// </summary>
    private static void MergeTile(ref double t, nint ldt, ref double c, nint ldc, int rows, int columns, double alpha, double beta, bool fused)
    {
        for (int j = 0; j < columns; j++)
        {
            ref double tj = ref Unsafe.Add(ref t, j * ldt);
            ref double cj = ref Unsafe.Add(ref c, j * ldc);
            for (int i = 0; i < rows; i++)
            {
                ref double cij = ref Unsafe.Add(ref cj, i);
                double at = alpha * Unsafe.Add(ref tj, i);
                cij = beta == 0.0 ? at : fused ? Math.FusedMultiplyAdd(beta, cij, at) : at + (beta * cij);
            }
        }
    }

    /// <summary>
    /// Packs a panel whose slivers are rows of the source: sliver t holds dst[t·width·kc + p·stride + r] =
    /// src[(t·width + r) + p·ld] for r &lt; count − t·width, p &lt; kc; stride = width, or <paramref name="lastStride"/>
    /// for the last sliver, whose rows past the count are zero. The source is read column by column, in address order.
    /// </summary>
    private static void PackCopied(ref double src, nint ld, int count, int kc, int width, int lastStride, ref double dst, bool simd)
    {
        int full = count / width;
        int rest = count - (full * width);
        ref double restDst = ref Unsafe.Add(ref dst, full * width * kc);
        for (int p = 0; p < kc; p++)
        {
            ref double column = ref Unsafe.Add(ref src, p * ld);
            ref double d = ref Unsafe.Add(ref dst, p * width);
            for (int t = 0; t < full; t++)
            {
                Copy(ref Unsafe.Add(ref column, t * width), ref Unsafe.Add(ref d, t * width * kc), width, simd);
            }

            if (rest > 0)
            {
                ref double r = ref Unsafe.Add(ref restDst, p * lastStride);
                Copy(ref Unsafe.Add(ref column, full * width), ref r, rest, simd);
                for (int i = rest; i < lastStride; i++)
                {
                    Unsafe.Add(ref r, i) = 0.0;
                }
            }
        }
    }

    /// <summary>
    /// Packs a panel whose slivers are columns of the source, transposing: sliver t holds dst[t·width·kc + p·stride + r]
    /// = src[p + (t·width + r)·ld] for r &lt; count − t·width, p &lt; kc; stride and zero padding as in <see cref="PackCopied"/>.
    /// Each sliver reads its source columns (contiguous in p) four at a time.
    /// </summary>
    private static void PackTransposed(ref double src, nint ld, int count, int kc, int width, int lastStride, ref double dst, bool simd)
    {
        for (int t = 0; t * width < count; t++)
        {
            int rows = Math.Min(width, count - (t * width));
            int stride = rows == width ? width : lastStride;
            ref double origin = ref Unsafe.Add(ref src, t * width * ld);
            ref double sliver = ref Unsafe.Add(ref dst, t * width * kc);
            int r0 = 0;
            if (simd)
            {
                for (; r0 + 4 <= rows; r0 += 4)
                {
                    ref double s0 = ref Unsafe.Add(ref origin, r0 * ld);
                    ref double s1 = ref Unsafe.Add(ref s0, ld);
                    ref double s2 = ref Unsafe.Add(ref s1, ld);
                    ref double s3 = ref Unsafe.Add(ref s2, ld);
                    int p = 0;
                    for (; p + 4 <= kc; p += 4)
                    {
                        Transpose4x4(
                            ref Unsafe.Add(ref s0, p), ref Unsafe.Add(ref s1, p), ref Unsafe.Add(ref s2, p), ref Unsafe.Add(ref s3, p),
                            ref Unsafe.Add(ref sliver, (p * stride) + r0), stride);
                    }

                    for (; p < kc; p++)
                    {
                        ref double d = ref Unsafe.Add(ref sliver, (p * stride) + r0);
                        d = Unsafe.Add(ref s0, p);
                        Unsafe.Add(ref d, 1) = Unsafe.Add(ref s1, p);
                        Unsafe.Add(ref d, 2) = Unsafe.Add(ref s2, p);
                        Unsafe.Add(ref d, 3) = Unsafe.Add(ref s3, p);
                    }
                }

                for (; r0 + 2 <= rows; r0 += 2)
                {
                    ref double s0 = ref Unsafe.Add(ref origin, r0 * ld);
                    ref double s1 = ref Unsafe.Add(ref s0, ld);
                    int p = 0;
                    for (; p + 2 <= kc; p += 2)
                    {
                        Vector128<double> x0 = Vector128.LoadUnsafe(ref Unsafe.Add(ref s0, p));
                        Vector128<double> x1 = Vector128.LoadUnsafe(ref Unsafe.Add(ref s1, p));
                        Sse2.UnpackLow(x0, x1).StoreUnsafe(ref Unsafe.Add(ref sliver, (p * stride) + r0));
                        Sse2.UnpackHigh(x0, x1).StoreUnsafe(ref Unsafe.Add(ref sliver, ((p + 1) * stride) + r0));
                    }

                    if (p < kc)
                    {
                        Unsafe.Add(ref sliver, (p * stride) + r0) = Unsafe.Add(ref s0, p);
                        Unsafe.Add(ref sliver, (p * stride) + r0 + 1) = Unsafe.Add(ref s1, p);
                    }
                }
            }

            for (int r = r0; r < rows; r++)
            {
                ref double s = ref Unsafe.Add(ref origin, r * ld);
                for (int p = 0; p < kc; p++)
                {
                    Unsafe.Add(ref sliver, (p * stride) + r) = Unsafe.Add(ref s, p);
                }
            }

            if (rows < stride)
            {
                for (int p = 0; p < kc; p++)
                {
                    ref double d = ref Unsafe.Add(ref sliver, p * stride);
                    for (int r = rows; r < stride; r++)
                    {
                        Unsafe.Add(ref d, r) = 0.0;
                    }
                }
            }
        }
    }

    /// <summary>dst[0..count] = src[0..count].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(ref double src, ref double dst, int count, bool simd)
    {
        int i = 0;
        if (simd)
        {
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i + 8 <= count; i += 8)
                {
                    Vector512.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
                }
            }

            for (; i + 4 <= count; i += 4)
            {
                Vector256.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
            }

            if (i + 2 <= count)
            {
                Vector128.LoadUnsafe(ref src, (nuint)i).StoreUnsafe(ref dst, (nuint)i);
                i += 2;
            }
        }

        for (; i < count; i++)
        {
            Unsafe.Add(ref dst, i) = Unsafe.Add(ref src, i);
        }
    }

    /// <summary>
    /// Four rows of four contiguous values (s0…s3 = a, b, c, d, each at p..p+3) become four rows of four:
    /// d[q·stride + r] = s_r[q]. Built from 128-bit loads so that only four of the eight steps need the shuffle unit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4x4(ref double s0, ref double s1, ref double s2, ref double s3, ref double d, nint stride)
    {
        Vector256<double> t0 = Vector256.Create(Vector128.LoadUnsafe(ref s0), Vector128.LoadUnsafe(ref s2));                          // a0 a1 | c0 c1
        Vector256<double> t1 = Vector256.Create(Vector128.LoadUnsafe(ref s1), Vector128.LoadUnsafe(ref s3));                          // b0 b1 | d0 d1
        Vector256<double> t2 = Vector256.Create(Vector128.LoadUnsafe(ref s0, 2), Vector128.LoadUnsafe(ref s2, 2));                    // a2 a3 | c2 c3
        Vector256<double> t3 = Vector256.Create(Vector128.LoadUnsafe(ref s1, 2), Vector128.LoadUnsafe(ref s3, 2));                    // b2 b3 | d2 d3
        Avx.UnpackLow(t0, t1).StoreUnsafe(ref d);                                   // a0 b0 c0 d0
        Avx.UnpackHigh(t0, t1).StoreUnsafe(ref Unsafe.Add(ref d, stride));          // a1 b1 c1 d1
        Avx.UnpackLow(t2, t3).StoreUnsafe(ref Unsafe.Add(ref d, 2 * stride));       // a2 b2 c2 d2
        Avx.UnpackHigh(t2, t3).StoreUnsafe(ref Unsafe.Add(ref d, 3 * stride));      // a3 b3 c3 d3
    }
}
