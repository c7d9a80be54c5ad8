using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TinyNets.Internal;
using TinyNets.Tests.Support;

namespace TinyNets.Tests.Internal;

/// <summary>
/// The micro-kernels of GemmKernels.cs, run directly on packed slivers at every tile height each kernel has, and Gemm's
/// paths on shapes whose tiles are full (the only tiles a kernel writes into C itself, and so the only ones that take its
/// β ≠ 0 branch) or ragged. Entries are small integers and α, β dyadic, so every product, sum and fused multiply-add is
/// exact in any order, and results are compared for equality with a naive triple loop written here: a wrong index,
/// column offset, missing store or wrong operator shows. β = 0 runs with NaN in C, which must not be read; rows of C
/// past the tile or past m hold a sentinel, which must not be written.
/// </summary>
public class GemmKernelsMutationTests
{
    private const double Sentinel = -12345.5;

    private static readonly (double Alpha, double Beta)[] Scales =
    {
        (1.0, 0.0), (-2.0, 0.0), (1.0, 1.0), (2.0, -3.0), (-0.5, 0.25), (3.0, 2.0),
    };

    // Step counts of a kernel call: none (C ← β·C), one, and odd and even runs.
    private static readonly int[] Steps = { 0, 1, 2, 3, 7 };

    [Theory]
    [GemmPathData("Portable")]
    [GemmPathData("Avx2")]
    [GemmPathData("Avx512")]
    public void EveryTileHeight_OfTheKernel_IsTheTripleLoop_ForEveryStepCountAlphaAndBeta(string pathName)
    {
        switch (Enum.Parse<GemmPath>(pathName))
        {
            case GemmPath.Portable:
                CheckTiles<GemmPortableKernel>(pathName);
                break;
            case GemmPath.Avx2:
                CheckTiles<GemmAvx2Kernel>(pathName);
                break;
            default:
                CheckTiles<GemmAvx512Kernel>(pathName);
                break;
        }
    }

    [Theory]
    [GemmPathData("Direct", withTransposes: true)]
    [GemmPathData("Portable", withTransposes: true)]
    [GemmPathData("Avx2", withTransposes: true)]
    [GemmPathData("Avx512", withTransposes: true)]
    public void FullAndRaggedTiles_OfEveryHeight_AreTheTripleLoop_WithAndWithoutBeta(string pathName, bool ta, bool tb)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);
        (int w, int mr, int nr) = path switch
        {
            GemmPath.Avx512 => (GemmAvx512Kernel.Width, GemmAvx512Kernel.MaxVectors * GemmAvx512Kernel.Width, GemmAvx512Kernel.NR),
            GemmPath.Avx2 => (GemmAvx2Kernel.Width, GemmAvx2Kernel.MaxVectors * GemmAvx2Kernel.Width, GemmAvx2Kernel.NR),
            // Direct: Vector<double>.Count rows × 4 columns per register block.
            _ => (GemmPortableKernel.Width, GemmPortableKernel.MaxVectors * GemmPortableKernel.Width, GemmPortableKernel.NR),
        };

        // Every tile height v·w alone and after a full MR tile (full tiles), and heights that are not multiples of w.
        var rows = new SortedSet<int> { 1, w + 1, mr - 1, mr + 1 };
        for (int v = 1; v * w <= mr; v++)
        {
            rows.Add(v * w);
            rows.Add(mr + (v * w));
        }

        var random = new Random(HashCode.Combine((int)path, ta, tb));
        foreach (int m in rows)
        {
            foreach (int n in new[] { nr, (2 * nr) + 1 })
            {
                foreach (int k in new[] { 1, 2, 7 })
                {
                    foreach ((double alpha, double beta) in new[] { (2.0, -3.0), (1.0, 0.0), (-1.0, 0.5) })
                    {
                        CheckProduct(path, ta, tb, m, n, k, alpha, beta, random);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The direct path's register blocks (Vector&lt;double&gt;.Count rows × 4 columns) and its one-row and one-column
    /// tails compute an entry alike: the products summed in order of p, each rounded, then α·s + β·c. So which of them
    /// takes an entry changes no bit: on random, non-integer entries every entry is that in-order loop exactly, for m and
    /// n that are whole blocks, one less and one more.
    /// </summary>
    [Fact]
    public void Direct_BlocksAndTails_GiveTheInOrderSumsBitForBit()
    {
        int w = System.Numerics.Vector<double>.Count;
        var random = new Random(17);
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                foreach (int m in new[] { w - 1, w, w + 1, 2 * w })
                {
                    foreach (int n in new[] { 3, 4, 5, 8 })
                    {
                        foreach (int k in new[] { 1, 3, 8 })
                        {
                            foreach (double beta in new[] { 0.0, -0.75 })
                            {
                                CheckInOrder(ta, tb, m, n, k, 1.5, beta, random);
                            }
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void EachKernel_IsSupportedExactlyWhereItsInstructionsAre()
    {
        GemmPortableKernel.IsSupported.Should().BeTrue("multiply and add on Vector<double> run on any platform");
        GemmAvx2Kernel.IsSupported.Should().Be(Avx2.IsSupported && Fma.IsSupported);
        GemmAvx512Kernel.IsSupported.Should().Be(Vector512.IsHardwareAccelerated && Avx512F.IsSupported);
        GemmPortableKernel.Width.Should().Be(System.Numerics.Vector<double>.Count);
    }

    /// <summary>
    /// TKernel.Run on packed slivers (a[p·rows + i], b[p·NR + j]) for every tile height 1…MaxVectors, against
    /// C(i, j) ← α·Σ_p a[p·rows + i]·b[p·NR + j] + β·C(i, j), C with three rows of padding and a column after the tile.
    /// </summary>
    private static void CheckTiles<TKernel>(string name)
        where TKernel : struct, IGemmKernel
    {
        int w = TKernel.Width, nr = TKernel.NR;
        var random = new Random((31 * w) + nr);
        for (int vectors = 1; vectors <= TKernel.MaxVectors; vectors++)
        {
            int rows = vectors * w;
            int ldc = rows + 3;
            foreach (int kc in Steps)
            {
                foreach ((double alpha, double beta) in Scales)
                {
                    double[] a = SmallIntegers(Math.Max(1, kc * rows), random);
                    double[] b = SmallIntegers(Math.Max(1, kc * nr), random);
                    double[] c0 = new double[ldc * (nr + 1)];
                    Array.Fill(c0, Sentinel);
                    for (int j = 0; j < nr; j++)
                    {
                        for (int i = 0; i < rows; i++)
                        {
                            c0[i + (j * ldc)] = beta == 0.0 ? double.NaN : random.Next(-9, 10);
                        }
                    }

                    double[] c = (double[])c0.Clone();
                    TKernel.Run(
                        vectors, kc, ref MemoryMarshal.GetArrayDataReference(a), ref MemoryMarshal.GetArrayDataReference(b),
                        ref MemoryMarshal.GetArrayDataReference(c), ldc, alpha, beta);

                    for (int j = 0; j <= nr; j++)
                    {
                        for (int i = 0; i < ldc; i++)
                        {
                            double expected = Sentinel;
                            if (i < rows && j < nr)
                            {
                                double sum = 0.0;
                                for (int p = 0; p < kc; p++)
                                {
                                    sum += a[(p * rows) + i] * b[(p * nr) + j];
                                }

                                expected = beta == 0.0 ? alpha * sum : (alpha * sum) + (beta * c0[i + (j * ldc)]);
                            }

                            double actual = c[i + (j * ldc)];
                            if (!actual.Equals(expected))
                            {
                                Assert.Fail($"{name} kernel, {vectors} vector(s) × {nr}, kc = {kc}, α = {alpha}, β = {beta}: C({i}, {j}) = {actual:R}, expected {expected:R}");
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Gemm.Multiply on <paramref name="path"/> against the triple loop, on small integers (exact in any order).</summary>
    private static void CheckProduct(GemmPath path, bool ta, bool tb, int m, int n, int k, double alpha, double beta, Random random) =>
        CheckAgainstLoop(path, ta, tb, m, n, k, alpha, beta, () => random.Next(-4, 5), () => random.Next(-9, 10));

    /// <summary>GemmPath.Direct against Σ_p op(A)(i, p)·op(B)(p, j) summed in order of p, then α·s + β·c, bit for bit.</summary>
    private static void CheckInOrder(bool ta, bool tb, int m, int n, int k, double alpha, double beta, Random random)
    {
        CheckAgainstLoop(GemmPath.Direct, ta, tb, m, n, k, alpha, beta, Uniform, Uniform);

        double Uniform() => (2.0 * random.NextDouble()) - 1.0;
    }

    /// <summary>
    /// Gemm.Multiply on <paramref name="path"/> against the loop that sums op(A)(i, p)·op(B)(p, j) in order of p, then
    /// α·s + β·c, bit for bit; A's and B's padding is NaN, C's a sentinel that must stay.
    /// </summary>
    private static void CheckAgainstLoop(GemmPath path, bool ta, bool tb, int m, int n, int k, double alpha, double beta, Func<double> entry, Func<double> cEntry)
    {
        int aRows = ta ? k : m, aColumns = ta ? m : k;
        int bRows = tb ? n : k, bColumns = tb ? k : n;
        int lda = aRows + 1, ldb = bRows + 2, ldc = m + 2;
        double[] a = Padded(aRows, aColumns, lda, double.NaN, entry);
        double[] b = Padded(bRows, bColumns, ldb, double.NaN, entry);
        double[] c0 = Padded(m, n, ldc, Sentinel, () => beta == 0.0 ? double.NaN : cEntry());
        double[] c = (double[])c0.Clone();
        Gemm.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, path);

        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < ldc; i++)
            {
                double expected = Sentinel;
                if (i < m)
                {
                    double sum = 0.0;
                    for (int p = 0; p < k; p++)
                    {
                        double x = ta ? a[p + (i * lda)] : a[i + (p * lda)];
                        double y = tb ? b[j + (p * ldb)] : b[p + (j * ldb)];
                        sum += x * y;
                    }

                    expected = beta == 0.0 ? alpha * sum : (alpha * sum) + (beta * c0[i + (j * ldc)]);
                }

                double actual = c[i + (j * ldc)];
                if (!actual.Equals(expected))
                {
                    Assert.Fail($"{path} op(A)={(ta ? "Aᵀ" : "A")} op(B)={(tb ? "Bᵀ" : "B")} m={m} n={n} k={k} α={alpha} β={beta}: C({i}, {j}) = {actual:R}, expected {expected:R}");
                }
            }
        }
    }

    /// <summary>Integers in [−4, 4]: products and sums of a few of them are exact.</summary>
    private static double[] SmallIntegers(int length, Random random)
    {
        double[] values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.Next(-4, 5);
        }

        return values;
    }

    private static double[] Padded(int rows, int columns, int ld, double padding, Func<double> entry)
    {
        double[] values = new double[ld * columns];
        Array.Fill(values, padding);
        for (int j = 0; j < columns; j++)
        {
            for (int i = 0; i < rows; i++)
            {
                values[i + (j * ld)] = entry();
            }
        }

        return values;
    }
}
