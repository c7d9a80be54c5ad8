using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TinyNets.Internal;
using TinyNets.Tests.Support;

namespace TinyNets.Tests.Internal;

/// <summary>
/// Gemm (C ← α·op(A)·op(B) + β·C, column-major) against a compensated triple loop written here, on every path, all four
/// transpose combinations, odd sizes, padded leading dimensions, α/β variants and the BLAS special cases. Padding of A
/// and B is filled with NaN (a read of it would poison the result) and padding of C with a sentinel (a write would show).
/// Tolerance: 1e-12 relative to |α|·Σ_p |op(A)_ip·op(B)_pj| + |β·C_ij|, the error scale of any summation order.
/// </summary>
public class GemmTests
{
    private const double Sentinel = -12345.678;

    private static readonly int[] Sizes = { 1, 2, 3, 7, 17, 31, 64, 65, 129, 200 };

    // Paths travel as names (GemmPath is internal, and a public test method cannot take it), given by GemmPathData,
    // which skips the rows of a path this processor cannot run.

    /// <summary>Every size of the list appears as m, as n and as k, with the other two varied; plus cubes up to 129.</summary>
    private static IEnumerable<(int M, int N, int K)> Shapes()
    {
        for (int s = 0; s < Sizes.Length; s++)
        {
            int size = Sizes[s];
            yield return (size, Sizes[(s + 3) % Sizes.Length], Sizes[(s + 5) % Sizes.Length]);
            yield return (Sizes[(s + 4) % Sizes.Length], size, Sizes[(s + 7) % Sizes.Length]);
            yield return (Sizes[(s + 6) % Sizes.Length], Sizes[(s + 2) % Sizes.Length], size);
            if (size <= 129)
            {
                yield return (size, size, size);
            }
        }
    }

    [Theory]
    [GemmPathData("Auto", withTransposes: true)]
    [GemmPathData("Direct", withTransposes: true)]
    [GemmPathData("Portable", withTransposes: true)]
    [GemmPathData("Avx2", withTransposes: true)]
    [GemmPathData("Avx512", withTransposes: true)]
    public void MatchesTheReferenceOnOddShapesPaddedLeadingDimensionsAndAlphaBetaVariants(string pathName, bool ta, bool tb)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);

        var random = new Random(HashCode.Combine((int)path, ta, tb));
        (double Alpha, double Beta)[] scales = { (1.0, 0.0), (-0.75, 1.0), (2.5, -0.5), (1.0, 1.0), (0.5, 0.3) };
        int variant = 0;
        foreach ((int m, int n, int k) in Shapes())
        {
            (double alpha, double beta) = scales[variant % scales.Length];
            int pad = variant % 3 == 0 ? 0 : variant % 3 == 1 ? 1 : 5;
            variant++;
            Check(path, ta, tb, m, n, k, alpha, beta, pad, random);
        }
    }

    // The blocked paths only (Direct has no blocks; Auto takes the best blocked path for a product this size).
    [Theory]
    [GemmPathData("Portable", withTransposes: true)]
    [GemmPathData("Avx2", withTransposes: true)]
    [GemmPathData("Avx512", withTransposes: true)]
    public void CoversSeveralBlocksInEveryDimension(string pathName, bool ta, bool tb)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);

        // m > MC, n > NC, k > KC: two A blocks, two B panels and two k blocks (β applied in the first k block only),
        // with edge tiles in m (5 rows) and n.
        Check(path, ta, tb, GemmBlocked.MC + 5, GemmBlocked.NC + 7, GemmBlocked.KC + 9, 1.25, -0.5, 3, new Random(7));
    }

    [Theory]
    [GemmPathData("Auto")]
    [GemmPathData("Direct")]
    [GemmPathData("Portable")]
    [GemmPathData("Avx2")]
    [GemmPathData("Avx512")]
    public void BetaZeroOverwritesCWithoutReadingIt_NaNInCDoesNotPropagate(string pathName)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);

        foreach ((int m, int n, int k) in new[] { (3, 2, 4), (40, 13, 70), (65, 31, 200) })
        {
            var random = new Random(m);
            double[] a = RandomArray(m * k, random);
            double[] b = RandomArray(k * n, random);
            double[] c = Enumerable.Repeat(double.NaN, m * n).ToArray();
            Gemm.Multiply(false, false, m, n, k, 1.5, a, m, b, k, 0.0, c, m, path);
            double[] expected = Reference(false, false, m, n, k, 1.5, a, m, b, k, 0.0, new double[m * n], m, out double[] scale);
            AssertClose(c, expected, scale, m, n, m, $"{path} {m}×{n}×{k}");
        }
    }

    [Theory]
    [GemmPathData("Auto")]
    [GemmPathData("Direct")]
    [GemmPathData("Portable")]
    [GemmPathData("Avx2")]
    [GemmPathData("Avx512")]
    public void AlphaZeroOrKZeroOnlyScalesC_AAndBAreNotRead(string pathName)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);

        const int m = 5, n = 4, k = 3;
        double[] nanA = Enumerable.Repeat(double.NaN, m * k).ToArray();
        double[] nanB = Enumerable.Repeat(double.NaN, k * n).ToArray();
        double[] c0 = Enumerable.Range(0, m * n).Select(i => i - 7.5).ToArray();

        double[] c = (double[])c0.Clone();
        Gemm.Multiply(false, false, m, n, k, 0.0, nanA, m, nanB, k, -2.0, c, m, path);
        c.Should().Equal(c0.Select(x => -2.0 * x), "α = 0 gives C ← β·C without reading A or B");

        c = (double[])c0.Clone();
        Gemm.Multiply(false, false, m, n, 0, 3.0, ReadOnlySpan<double>.Empty, m, ReadOnlySpan<double>.Empty, 1, 0.5, c, m, path);
        c.Should().Equal(c0.Select(x => 0.5 * x), "k = 0 gives C ← β·C");

        c = Enumerable.Repeat(double.NaN, m * n).ToArray();
        Gemm.Multiply(false, false, m, n, k, 0.0, nanA, m, nanB, k, 0.0, c, m, path);
        c.Should().OnlyContain(x => x == 0.0, "α = 0 and β = 0 clear C, NaN in C included");
    }

    [Theory]
    [GemmPathData("Auto")]
    [GemmPathData("Direct")]
    [GemmPathData("Portable")]
    [GemmPathData("Avx2")]
    [GemmPathData("Avx512")]
    public void EmptyProductsDoNothing(string pathName)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);

        double[] c = { 1.0, 2.0 };
        Gemm.Multiply(false, false, 0, 2, 3, 1.0, ReadOnlySpan<double>.Empty, 1, new double[6], 3, 0.0, c, 1, path);
        Gemm.Multiply(true, true, 2, 0, 3, 1.0, new double[6], 3, ReadOnlySpan<double>.Empty, 1, 0.0, c, 2, path);
        c.Should().Equal(1.0, 2.0);
    }

    [Theory]
    [GemmPathData("Auto")]
    [GemmPathData("Direct")]
    [GemmPathData("Portable")]
    [GemmPathData("Avx2")]
    [GemmPathData("Avx512")]
    public void NaNInAPropagatesEvenAgainstZerosInB_AsInBlas(string pathName)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);

        const int m = 40, n = 9, k = 30;
        var random = new Random(3);
        double[] a = RandomArray(m * k, random);
        double[] b = new double[k * n];
        a[5 + (7 * m)] = double.NaN; // A(5, 7)
        double[] c = new double[m * n];
        Gemm.Multiply(false, false, m, n, k, 1.0, a, m, b, k, 0.0, c, m, path);
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                if (i == 5)
                {
                    double.IsNaN(c[i + (j * m)]).Should().BeTrue($"NaN·0 = NaN reaches C(5, {j})");
                }
                else
                {
                    c[i + (j * m)].Should().Be(0.0);
                }
            }
        }
    }

    [Fact]
    public void DenseLayerWrappersMatchTheReference()
    {
        var random = new Random(11);
        foreach ((int m, int k, int n) in new[] { (128, 784, 64), (10, 128, 64), (13, 37, 9), (1, 1, 1), (16, 16, 32) })
        {
            double[] w = RandomArray(m * k, random);
            double[] x = RandomArray(k * n, random);
            double[] d = RandomArray(m * n, random);

            // Y = W·X (m×n).
            double[] y = RandomArray(m * n, random);
            Gemm.MultiplyInto(w, x, y, m, k, n);
            AssertClose(y, Reference(false, false, m, n, k, 1.0, w, m, x, k, 0.0, new double[m * n], m, out double[] s1), s1, m, n, m, $"W·X {m}×{k}·{k}×{n}");

            // G = D·Xᵀ (m×k), and accumulated: G ← D·Xᵀ + G.
            double[] g0 = RandomArray(m * k, random);
            double[] g = (double[])g0.Clone();
            Gemm.MultiplyTransposedRightInto(d, x, g, m, k, n, beta: 1.0);
            AssertClose(g, Reference(false, true, m, k, n, 1.0, d, m, x, k, 1.0, g0, m, out double[] s2), s2, m, k, m, $"D·Xᵀ + G {m}×{n}·({k}×{n})ᵀ");

            // R = Wᵀ·D (k×n).
            double[] r = RandomArray(k * n, random);
            Gemm.MultiplyTransposedLeftInto(w, d, r, m, k, n);
            AssertClose(r, Reference(true, false, k, n, m, 1.0, w, m, d, m, 0.0, new double[k * n], k, out double[] s3), s3, k, n, k, $"Wᵀ·D ({m}×{k})ᵀ·{m}×{n}");
        }
    }

    [Theory]
    [GemmPathData("Auto")]
    [GemmPathData("Direct")]
    [GemmPathData("Portable")]
    [GemmPathData("Avx2")]
    [GemmPathData("Avx512")]
    public void AllocatesNothingAfterTheFirstCall(string pathName)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);

        var random = new Random(5);
        (bool Ta, bool Tb, int M, int N, int K)[] shapes =
        {
            (false, false, 128, 64, 784), (false, true, 128, 784, 64), (true, false, 784, 64, 128),
            (false, false, 10, 64, 128), (true, true, 17, 31, 65), (false, false, 4, 3, 2),
        };
        var operands = shapes.Select(s => (A: RandomArray(s.M * s.K, random), B: RandomArray(s.K * s.N, random), C: new double[s.M * s.N])).ToArray();

        void All()
        {
            for (int i = 0; i < shapes.Length; i++)
            {
                (bool ta, bool tb, int m, int n, int k) = shapes[i];
                Gemm.Multiply(ta, tb, m, n, k, 1.0, operands[i].A, ta ? k : m, operands[i].B, tb ? n : k, 0.5, operands[i].C, m, path);
            }
        }

        All(); // the first call of the thread sizes its packing buffers
        All();

        // The runtime may allocate now and then on this thread (tiered JIT while tests run in parallel); an allocation of
        // Gemm's own would show in every window, so the quietest window must read 0.
        long fewest = long.MaxValue;
        for (int window = 0; window < 10 && fewest > 0; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int repeat = 0; repeat < 3; repeat++)
            {
                All();
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        fewest.Should().Be(0, "the packing buffers are per thread and reused");
    }

    [Theory]
    [GemmPathData("Auto")]
    [GemmPathData("Direct")]
    [GemmPathData("Portable")]
    [GemmPathData("Avx2")]
    [GemmPathData("Avx512")]
    public void IsDeterministic(string pathName)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);

        var random = new Random(9);
        const int m = 131, n = 67, k = 300;
        double[] a = RandomArray(m * k, random);
        double[] b = RandomArray(k * n, random);
        double[] first = new double[m * n];
        double[] second = new double[m * n];
        Gemm.Multiply(true, false, m, n, k, 1.0, a, k, b, k, 0.0, first, m, path);
        // A different product in between leaves other contents in the packing buffers.
        Gemm.Multiply(false, false, 300, 50, 90, 1.0, RandomArray(300 * 90, random), 300, RandomArray(90 * 50, random), 90, 0.0, new double[300 * 50], 300, path);
        Gemm.Multiply(true, false, m, n, k, 1.0, a, k, b, k, 0.0, second, m, path);
        second.Should().Equal(first, "the same path and shape give the same bits");
    }

    [Fact]
    public void AutoTakesTheDirectPathForSmallProductsAndTheBestBlockedPathOtherwise()
    {
        Gemm.Resolve(false, 8, 8, 8).Should().Be(GemmPath.Direct);
        Gemm.Resolve(false, 16, 16, 15).Should().Be(GemmPath.Direct);
        Gemm.Resolve(true, 8, 8, 7).Should().Be(GemmPath.Direct);
        Gemm.Resolve(true, 8, 8, 8).Should().Be(Gemm.BlockedPath);
        Gemm.Resolve(false, 128, 64, 784).Should().Be(Gemm.BlockedPath);

        GemmPath best = Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? GemmPath.Avx512
            : Avx2.IsSupported && Fma.IsSupported ? GemmPath.Avx2
            : GemmPath.Portable;
        Gemm.BlockedPath.Should().Be(best);
        Gemm.IsSupported(GemmPath.Avx512).Should().Be(best == GemmPath.Avx512);
        Gemm.IsSupported(GemmPath.Portable).Should().BeTrue();
        Gemm.IsSupported(GemmPath.Direct).Should().BeTrue();
    }

    [Fact]
    public void RejectsBadArguments()
    {
        double[] a = new double[12];
        double[] b = new double[12];
        double[] c = new double[12];

        FluentActions.Invoking(() => Gemm.Multiply(false, false, -1, 2, 2, 1.0, a, 1, b, 2, 0.0, c, 1))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("m");
        FluentActions.Invoking(() => Gemm.Multiply(false, false, 3, 2, 2, 1.0, a, 2, b, 2, 0.0, c, 3))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("lda").WithMessage("*at least max(1, 3)*2 was given*");
        FluentActions.Invoking(() => Gemm.Multiply(true, false, 3, 2, 4, 1.0, a, 4, b, 3, 0.0, c, 3))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("ldb");
        FluentActions.Invoking(() => Gemm.Multiply(false, false, 3, 2, 2, 1.0, a, 3, b, 2, 0.0, c, 2))
            .Should().Throw<ArgumentOutOfRangeException>().WithParameterName("ldc");
        FluentActions.Invoking(() => Gemm.Multiply(false, false, 3, 5, 4, 1.0, a, 3, b, 4, 0.0, c, 3))
            .Should().Throw<ArgumentException>().WithParameterName("b").WithMessage("*holds 12 values*needs 20*");
        FluentActions.Invoking(() => Gemm.Multiply(false, false, 3, 2, 2, 1.0, a, 3, b, 2, 0.0, a.AsSpan(6), 3))
            .Should().Throw<ArgumentException>().WithParameterName("c").WithMessage("*overlaps*");
    }

    private static void Check(GemmPath path, bool ta, bool tb, int m, int n, int k, double alpha, double beta, int pad, Random random)
    {
        int aRows = ta ? k : m, aColumns = ta ? m : k;
        int bRows = tb ? n : k, bColumns = tb ? k : n;
        int lda = Math.Max(1, aRows + pad), ldb = Math.Max(1, bRows + (2 * pad)), ldc = Math.Max(1, m + pad);
        double[] a = Padded(aRows, aColumns, lda, random, double.NaN);
        double[] b = Padded(bRows, bColumns, ldb, random, double.NaN);
        double[] c0 = Padded(m, n, ldc, random, Sentinel);
        if (beta == 0.0)
        {
            for (int j = 0; j < n; j++)
            {
                for (int i = 0; i < m; i++)
                {
                    c0[i + (j * ldc)] = double.NaN; // must be ignored
                }
            }
        }

        double[] expected = Reference(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c0, ldc, out double[] scale);
        double[] c = (double[])c0.Clone();
        Gemm.Multiply(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, path);
        string what = $"{path} op(A)={(ta ? "Aᵀ" : "A")} op(B)={(tb ? "Bᵀ" : "B")} m={m} n={n} k={k} α={alpha} β={beta} lda={lda} ldb={ldb} ldc={ldc}";
        AssertClose(c, expected, scale, m, n, ldc, what);
        for (int j = 0; j < n; j++)
        {
            for (int i = m; i < ldc; i++)
            {
                if (c[i + (j * ldc)] != Sentinel)
                {
                    Assert.Fail($"{what}: padding C({i}, {j}) was written");
                }
            }
        }
    }

    /// <summary>
    /// C ← α·op(A)·op(B) + β·C by the definition, each sum compensated (Neumaier); scale[i + j·ldc] receives the
    /// error scale |α|·Σ|op(A)_ip·op(B)_pj| + |β·C_ij|.
    /// </summary>
    private static double[] Reference(
        bool ta, bool tb, int m, int n, int k, double alpha, double[] a, int lda, double[] b, int ldb, double beta, double[] c0, int ldc,
        out double[] scale)
    {
        // Row i of op(A) and column j of op(B), each copied to a contiguous run of k values.
        double[] rowsOfA = new double[m * k];
        double[] columnsOfB = new double[k * n];
        for (int p = 0; p < k; p++)
        {
            for (int i = 0; i < m; i++)
            {
                rowsOfA[p + (i * k)] = ta ? a[p + (i * lda)] : a[i + (p * lda)];
            }

            for (int j = 0; j < n; j++)
            {
                columnsOfB[p + (j * k)] = tb ? b[j + (p * ldb)] : b[p + (j * ldb)];
            }
        }

        double[] c = (double[])c0.Clone();
        scale = new double[c.Length];
        for (int j = 0; j < n; j++)
        {
            ReadOnlySpan<double> column = columnsOfB.AsSpan(j * k, k);
            for (int i = 0; i < m; i++)
            {
                ReadOnlySpan<double> row = rowsOfA.AsSpan(i * k, k);
                double sum = 0.0, compensation = 0.0, magnitude = 0.0;
                for (int p = 0; p < row.Length; p++)
                {
                    double x = row[p] * column[p];
                    double t = sum + x;
                    compensation += Math.Abs(sum) >= Math.Abs(x) ? (sum - t) + x : (x - t) + sum;
                    sum = t;
                    magnitude += Math.Abs(x);
                }

                int index = i + (j * ldc);
                double old = beta == 0.0 ? 0.0 : beta * c0[index];
                c[index] = (alpha * (sum + compensation)) + old;
                scale[index] = (Math.Abs(alpha) * magnitude) + Math.Abs(old);
            }
        }

        return c;
    }

    private static void AssertClose(double[] actual, double[] expected, double[] scale, int m, int n, int ldc, string what)
    {
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                int index = i + (j * ldc);
                double error = Math.Abs(actual[index] - expected[index]);
                if (!(error <= 1e-12 * scale[index]) && actual[index] != expected[index])
                {
                    Assert.Fail($"{what}: C({i}, {j}) = {actual[index]:R}, expected {expected[index]:R} (error {error:E2}, scale {scale[index]:E2})");
                }
            }
        }
    }

    private static double[] RandomArray(int length, Random random)
    {
        double[] values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (2.0 * random.NextDouble()) - 1.0;
        }

        return values;
    }

    /// <summary>A rows×columns matrix with leading dimension ld, random entries and the padding rows set to <paramref name="padding"/>.</summary>
    private static double[] Padded(int rows, int columns, int ld, Random random, double padding)
    {
        double[] values = new double[Math.Max(1, ld * columns)];
        Array.Fill(values, padding);
        for (int j = 0; j < columns; j++)
        {
            for (int i = 0; i < rows; i++)
            {
                // Mixed magnitudes (10⁻³…10³) so that cancellation and the relative scale are exercised.
                double magnitude = Math.Pow(10.0, (random.Next(7) - 3) / 1.0);
                values[i + (j * ld)] = ((2.0 * random.NextDouble()) - 1.0) * magnitude;
            }
        }

        return values;
    }
}
