using System.Numerics;
using System.Runtime.CompilerServices;

namespace TinyNets.Internal;

/// <summary>
/// The unblocked dgemm for small products: no packing, no workspace, C read and written once. With op(A) = A, blocks of
/// Vector&lt;double&gt;.Count rows × 4 columns of C are accumulated in registers from columns of A (loaded in place,
/// stride lda) times broadcast entries of op(B); with op(A) = Aᵀ each row of op(A) is a contiguous column of A and
/// 1 × 4 blocks of C are scalar dot products. op(B)(p, j) is read in place as b[p·rs + j·cs].
/// </summary>
internal static class GemmDirect
{
    public static void Run(
        bool transposeA, bool transposeB, int m, int n, int k, double alpha,
        ref double a, nint lda, ref double b, nint ldb, double beta, ref double c, nint ldc)
    {
        nint rs = transposeB ? ldb : 1;
        nint cs = transposeB ? 1 : ldb;
        int j = 0;
        for (; j + 4 <= n; j += 4)
        {
            ref double b0 = ref Unsafe.Add(ref b, j * cs);
            ref double b1 = ref Unsafe.Add(ref b0, cs);
            ref double b2 = ref Unsafe.Add(ref b1, cs);
            ref double b3 = ref Unsafe.Add(ref b2, cs);
            ref double c0 = ref Unsafe.Add(ref c, j * ldc);
            ref double c1 = ref Unsafe.Add(ref c0, ldc);
            ref double c2 = ref Unsafe.Add(ref c1, ldc);
            ref double c3 = ref Unsafe.Add(ref c2, ldc);
            int i = 0;
            if (!transposeA && Vector.IsHardwareAccelerated)
            {
                for (; i + Vector<double>.Count <= m; i += Vector<double>.Count)
                {
                    Vector<double> s0 = Vector<double>.Zero, s1 = Vector<double>.Zero, s2 = Vector<double>.Zero, s3 = Vector<double>.Zero;
                    ref double ai = ref Unsafe.Add(ref a, i);
                    for (int p = 0; p < k; p++)
                    {
                        Vector<double> av = Vector.LoadUnsafe(ref Unsafe.Add(ref ai, p * lda));
                        nint bp = p * rs;
                        s0 += av * new Vector<double>(Unsafe.Add(ref b0, bp));
                        s1 += av * new Vector<double>(Unsafe.Add(ref b1, bp));
                        s2 += av * new Vector<double>(Unsafe.Add(ref b2, bp));
                        s3 += av * new Vector<double>(Unsafe.Add(ref b3, bp));
                    }

                    Store(ref Unsafe.Add(ref c0, i), s0, alpha, beta);
                    Store(ref Unsafe.Add(ref c1, i), s1, alpha, beta);
                    Store(ref Unsafe.Add(ref c2, i), s2, alpha, beta);
                    Store(ref Unsafe.Add(ref c3, i), s3, alpha, beta);
                }
            }

            for (; i < m; i++)
            {
                // Row i of op(A): a[i + p·lda] (op = identity) or a[p + i·lda] (op = transpose).
                ref double ai = ref transposeA ? ref Unsafe.Add(ref a, i * lda) : ref Unsafe.Add(ref a, i);
                nint step = transposeA ? 1 : lda;
                double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
                for (int p = 0; p < k; p++)
                {
                    double x = Unsafe.Add(ref ai, p * step);
                    nint bp = p * rs;
                    s0 += x * Unsafe.Add(ref b0, bp);
                    s1 += x * Unsafe.Add(ref b1, bp);
                    s2 += x * Unsafe.Add(ref b2, bp);
                    s3 += x * Unsafe.Add(ref b3, bp);
                }

                Store(ref Unsafe.Add(ref c0, i), s0, alpha, beta);
                Store(ref Unsafe.Add(ref c1, i), s1, alpha, beta);
                Store(ref Unsafe.Add(ref c2, i), s2, alpha, beta);
                Store(ref Unsafe.Add(ref c3, i), s3, alpha, beta);
            }
        }

        for (; j < n; j++)
        {
            ref double bj = ref Unsafe.Add(ref b, j * cs);
            ref double cj = ref Unsafe.Add(ref c, j * ldc);
            int i = 0;
            if (!transposeA && Vector.IsHardwareAccelerated)
            {
                for (; i + Vector<double>.Count <= m; i += Vector<double>.Count)
                {
                    Vector<double> s = Vector<double>.Zero;
                    ref double ai = ref Unsafe.Add(ref a, i);
                    for (int p = 0; p < k; p++)
                    {
                        s += Vector.LoadUnsafe(ref Unsafe.Add(ref ai, p * lda)) * new Vector<double>(Unsafe.Add(ref bj, p * rs));
                    }

                    Store(ref Unsafe.Add(ref cj, i), s, alpha, beta);
                }
            }

            for (; i < m; i++)
            {
                ref double ai = ref transposeA ? ref Unsafe.Add(ref a, i * lda) : ref Unsafe.Add(ref a, i);
                nint step = transposeA ? 1 : lda;
                double s = 0.0;
                for (int p = 0; p < k; p++)
                {
                    s += Unsafe.Add(ref ai, p * step) * Unsafe.Add(ref bj, p * rs);
                }

                Store(ref Unsafe.Add(ref cj, i), s, alpha, beta);
            }
        }
    }

    /// <summary>c ← α·s + β·c, or α·s when β = 0 (c not read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref double c, Vector<double> s, double alpha, double beta)
    {
        Vector<double> r = s * alpha;
        if (beta != 0.0)
        {
            r += Vector.LoadUnsafe(ref c) * beta;
        }

        r.StoreUnsafe(ref c);
    }

    /// <summary>c ← α·s + β·c, or α·s when β = 0 (c not read).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref double c, double s, double alpha, double beta) =>
        c = beta == 0.0 ? alpha * s : (alpha * s) + (beta * c);
}
