using System.Reflection;
using System.Runtime.CompilerServices;
using TinyNets.Internal;
using TinyNets.Tests.Support;

namespace TinyNets.Tests.Internal;

/// <summary>
/// Gemm's dispatch, validation, k blocking and packing workspace at their boundaries. Products are compared with a naive
/// triple loop written here, exact where the entries are small integers; where the blocking itself is the subject, the
/// entries are chosen so that only the documented block boundaries give the exact result: k is summed in near-equal
/// blocks of at most KC (192 → one block, 194 → 97 + 97), each block's sum starting from zero, so a pair of values
/// that overflows when added inside one running sum shows where a sum was restarted.
/// </summary>
public class GemmMutationTests
{
    // Twice this overflows to +∞: a running sum that adds two of them is lost, while Big + Big − Big in the other order
    // (−Big + Big + Big, or Big then (Big − Big)) is exactly Big.
    private const double Big = 1e308;

    /// <summary>Every element of C is Σ_p v[p] (op(A) has every row equal to v, op(B) is all ones).</summary>
    private static double[] RowsOfV(bool ta, bool tb, int m, int n, double[] v, double alpha, double beta, GemmPath path)
    {
        int k = v.Length;
        double[] a = new double[m * k];
        for (int i = 0; i < m; i++)
        {
            for (int p = 0; p < k; p++)
            {
                a[ta ? p + (i * k) : i + (p * m)] = v[p];
            }
        }

        double[] b = Enumerable.Repeat(1.0, k * n).ToArray();
        double[] c = new double[m * n];
        Gemm.Multiply(ta, tb, m, n, k, alpha, a, ta ? k : m, b, tb ? n : k, beta, c, m, path);
        return c;
    }

    [Theory]
    [GemmPathData("Portable", withTransposes: true)]
    [GemmPathData("Avx2", withTransposes: true)]
    [GemmPathData("Avx512", withTransposes: true)]
    public void KUpToKC_IsOneRunningSum(string pathName, bool ta, bool tb)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);

        // k = KC = 192 is one block: the running sum −Big, …, 0 (p = 96), Big (p = 97) is exact. Split in two at 96,
        // the second half alone would be Big + Big = ∞.
        double[] v = new double[GemmBlocked.KC];
        v[0] = -Big;
        v[96] = Big;
        v[97] = Big;

        // 40×7: a full 32-row tile and an 8-row edge tile, a full 6-column tile and a 1-column edge tile.
        RowsOfV(ta, tb, 40, 7, v, 1.0, 0.0, path).Should().OnlyContain(x => x == Big);
    }

    [Theory]
    [GemmPathData("Portable", withTransposes: true)]
    [GemmPathData("Avx2", withTransposes: true)]
    [GemmPathData("Avx512", withTransposes: true)]
    public void KJustAboveKC_IsTwoEqualBlocks(string pathName, bool ta, bool tb)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);

        // k = 194 is two blocks of 97: Big in the first, Big − Big in the second, exactly Big. One running sum, or a
        // first block that reaches p = 97, adds Big + Big = ∞.
        double[] v = new double[194];
        v[0] = Big;
        v[97] = Big;
        v[98] = -Big;
        RowsOfV(ta, tb, 40, 7, v, 1.0, 0.0, path).Should().OnlyContain(x => x == Big);

        // k = 193 is 97 + 96, the same boundary.
        v = new double[193];
        v[0] = Big;
        v[97] = Big;
        v[98] = -Big;
        RowsOfV(ta, tb, 40, 7, v, 1.0, 0.0, path).Should().OnlyContain(x => x == Big);
    }

    [Theory]
    [GemmPathData("Portable", withTransposes: true)]
    [GemmPathData("Avx2", withTransposes: true)]
    [GemmPathData("Avx512", withTransposes: true)]
    public void InfiniteAlpha_ScalesAPositiveProductToInfinity(string pathName, bool ta, bool tb)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);

        // α·Σ with Σ > 0 and α = +∞ is +∞ (β·C finite); a block of zero length would add ∞·0 = NaN.
        foreach (int k in new[] { 1, 5, 100, GemmBlocked.KC })
        {
            double[] v = Enumerable.Range(0, k).Select(p => 1.0 + (p % 3)).ToArray();
            RowsOfV(ta, tb, 40, 7, v, double.PositiveInfinity, 0.0, path).Should().OnlyContain(x => double.IsPositiveInfinity(x), $"k = {k}");
            RowsOfV(ta, tb, 9, 13, v, double.PositiveInfinity, 0.5, path).Should().OnlyContain(x => double.IsPositiveInfinity(x), $"k = {k}");
        }
    }

    [Theory]
    [InlineData(16, 16, 8193)]
    [InlineData(23, 1, 91181)]
    [InlineData(47, 47, 950)]
    public void ProductsAboveTheParallelThreshold_WithFewRowsAndColumns_AreComputed(int m, int n, int k)
    {
        // At least ParallelThreshold multiply-adds, but fewer than 2·24 rows and columns: no part of 24 would be left for
        // a second thread, so the product runs on the calling thread, whatever the parallelism asked for.
        ((long)m * n * k).Should().BeGreaterThanOrEqualTo(Gemm.ParallelThreshold);
        var random = new Random(m + n + k);
        double[] a = SmallIntegers(m * k, random), b = SmallIntegers(k * n, random);
        double[] expected = Naive(false, false, m, n, k, 1.0, a, m, b, k, 0.0, new double[m * n], m);
        foreach (int parallelism in new[] { 1, 2, 4 })
        {
            double[] c = Enumerable.Repeat(double.NaN, m * n).ToArray();
            Gemm.Multiply(false, false, m, n, k, 1.0, a, m, b, k, 0.0, c, m, parallelism: parallelism);
            c.Should().Equal(expected, $"parallelism {parallelism}");
        }
    }

    [Theory]
    [InlineData(2048, 2, 512)]
    [InlineData(2, 2048, 512)]
    [InlineData(1024, 3, 700)]
    public void ALongNarrowProduct_IsSplitAlongItsLongerSide(int m, int n, int k)
    {
        // 2²¹ multiply-adds or more on 4 threads, with fewer rows or columns on one side than threads: the parts must
        // cut the longer side (a cut of the shorter one would leave parts with nothing to do).
        ((long)m * n * k).Should().BeGreaterThanOrEqualTo(Gemm.ParallelThreshold);
        var random = new Random(m + (3 * n));
        double[] a = SmallIntegers(m * k, random), b = SmallIntegers(k * n, random);
        double[] c = Enumerable.Repeat(double.NaN, m * n).ToArray();
        Gemm.Multiply(false, false, m, n, k, 1.0, a, m, b, k, 0.0, c, m, parallelism: 4);
        c.Should().Equal(Naive(false, false, m, n, k, 1.0, a, m, b, k, 0.0, new double[m * n], m));
    }

    [Theory]
    [GemmPathData("Auto")]
    [GemmPathData("Avx2")]
    [GemmPathData("Avx512")]
    public void ParallelismChangesNoBit_WhereTheProductIsNotSplit(string pathName)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);

        // Below ParallelThreshold (100·64·327 = 2 092 800 < 2²¹), and above it with fewer than 48 rows and columns
        // (40·40·1311 ≥ 2²¹): one part. β = 0.3 makes β·C inexact, so a product cut into parts at other rows than the
        // serial one's tiles would round some elements differently (a tile's edge is merged as α·t + β·c, a full tile
        // stores one fused β·c + α·t).
        foreach ((int m, int n, int k) in new[] { (100, 64, 327), (40, 40, 1311), (64, 100, 327) })
        {
            var random = new Random(m * 7 + k);
            double[] a = Uniform(m * k, random), b = Uniform(k * n, random), c0 = Uniform(m * n, random);
            double[] serial = (double[])c0.Clone();
            Gemm.Multiply(false, false, m, n, k, 0.7, a, m, b, k, 0.3, serial, m, path);
            foreach (int parallelism in new[] { 2, 4 })
            {
                double[] c = (double[])c0.Clone();
                Gemm.Multiply(false, false, m, n, k, 0.7, a, m, b, k, 0.3, c, m, path, parallelism);
                c.Should().Equal(serial, $"{m}×{n}×{k} with parallelism {parallelism} is one part");
            }
        }
    }

    [Fact]
    public void AnUndefinedPath_IsUnsupported_AndRefused()
    {
        var undefined = (GemmPath)42;
        Gemm.IsSupported(undefined).Should().BeFalse();

        double[] a = { 1, 2, 3, 4 }, b = { 1, 0, 0, 1 }, c = new double[4];
        ArgumentOutOfRangeException e = FluentActions.Invoking(() => Gemm.Multiply(false, false, 2, 2, 2, 1.0, a, 2, b, 2, 0.0, c, 2, undefined))
            .Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("path");
        e.ActualValue.Should().Be(undefined);
        e.Message.Should().Be(new ArgumentOutOfRangeException("path", undefined, "Unknown GemmPath.").Message);
        e.Message.Should().StartWith("Unknown GemmPath. (Parameter 'path')");
    }

    [Fact]
    public void NegativeSizes_AreRefused_NamingTheSize()
    {
        double[] a = new double[16], b = new double[16], c = new double[16];

        ArgumentOutOfRangeException e = FluentActions.Invoking(() => Gemm.Multiply(false, false, 2, -1, 2, 1.0, a, 2, b, 2, 0.0, c, 2))
            .Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("n");
        e.ActualValue.Should().Be(-1);

        e = FluentActions.Invoking(() => Gemm.Multiply(false, false, 2, 2, -1, 1.0, a, 2, b, 2, 0.0, c, 2))
            .Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("k");
        e.ActualValue.Should().Be(-1);

        e = FluentActions.Invoking(() => Gemm.Multiply(false, false, -3, 2, 2, 1.0, a, 2, b, 2, 0.0, c, 2))
            .Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("m");
        e.ActualValue.Should().Be(-3);
    }

    [Fact]
    public void OverlapIsChecked_OnlyWhenTheProductReadsAOrB()
    {
        // k = 0: C ← β·C reads neither A nor B, so C may share A's storage.
        double[] s = { 1, 2, 3, 4, 5, 6 };
        Gemm.Multiply(false, false, 2, 2, 0, 1.0, s, 2, ReadOnlySpan<double>.Empty, 1, 2.0, s.AsSpan(2, 4), 2);
        s.Should().Equal(1, 2, 6, 8, 10, 12);

        // m = 0 or n = 0: C is empty and nothing is computed.
        s = new double[] { 1, 2, 3, 4 };
        double[] other = { 1, 2, 3, 4 };
        Gemm.Multiply(false, false, 0, 2, 2, 1.0, s.AsSpan(0, 2), 1, other, 2, 0.0, s.AsSpan(0, 2), 1);
        Gemm.Multiply(false, false, 2, 0, 2, 1.0, other, 2, s.AsSpan(0, 2), 2, 0.0, s.AsSpan(0, 2), 2);
        s.Should().Equal(1, 2, 3, 4);

        // m, n, k > 0: refused.
        FluentActions.Invoking(() => Gemm.Multiply(false, false, 1, 1, 1, 1.0, s.AsSpan(0, 1), 1, other, 1, 0.0, s.AsSpan(0, 1), 1))
            .Should().Throw<ArgumentException>().WithParameterName("c");
    }

    [Theory]
    [InlineData("Avx2")]
    [InlineData("Avx512")]
    public void AForcedPath_RunsWhereSupported_AndIsRefusedNamingTheBestPathElsewhere(string pathName)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);
        var random = new Random(4);
        const int m = 9, n = 7, k = 5;
        double[] a = SmallIntegers(m * k, random), b = SmallIntegers(k * n, random), c = new double[m * n];
        Action run = () => Gemm.Multiply(false, false, m, n, k, 1.0, a, m, b, k, 0.0, c, m, path);
        if (Gemm.IsSupported(path))
        {
            run();
            c.Should().Equal(Naive(false, false, m, n, k, 1.0, a, m, b, k, 0.0, new double[m * n], m));
        }
        else
        {
            run.Should().Throw<PlatformNotSupportedException>().WithMessage(
                $"GemmPath.{pathName} needs instructions this processor lacks; GemmPath.{Gemm.BlockedPath} is the best it runs.");
        }
    }

    // ------------------------------------------------------------------ the packing workspace

    private static long Address(ref double r) => (long)Unsafe.ByteOffset(ref Unsafe.NullRef<double>(), ref r);

    [Fact]
    public void WorkspaceBuffers_Are64ByteAligned()
    {
        for (int trial = 0; trial < 16; trial++)
        {
            var workspace = new GemmWorkspace();
            foreach (int length in new[] { 1, 7, 64, 100, 1000, 5000 })
            {
                (Address(ref workspace.PackedA(length)) % 64).Should().Be(0, $"A of {length}");
                (Address(ref workspace.PackedB(length + 3)) % 64).Should().Be(0, $"B of {length + 3}");
                (Address(ref workspace.Tile(length * 2)) % 64).Should().Be(0, $"tile of {2 * length}");
            }
        }
    }

    [Fact]
    public void WorkspaceBuffers_StayWhereTheyAre_AcrossCompactingCollections()
    {
        // Garbage allocated before the buffers leaves room that a compacting collection would move them into.
        var workspaces = new List<GemmWorkspace>();
        var addresses = new List<long>();
        for (int i = 0; i < 8; i++)
        {
            for (int g = 0; g < 64; g++)
            {
                _ = new double[64 + g];
            }

            var workspace = new GemmWorkspace();
            workspaces.Add(workspace);
            addresses.Add(Address(ref workspace.PackedA(100)));
        }

        for (int collection = 0; collection < 3; collection++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        for (int i = 0; i < workspaces.Count; i++)
        {
            Address(ref workspaces[i].PackedA(100)).Should().Be(addresses[i], "the buffer is pinned, so its alignment holds");
        }
    }

    [Fact]
    public void WorkspaceBuffers_AreReusedWhileTheRequestFits_AndRegrownWhenNot()
    {
        FieldInfo bufferField = typeof(GemmWorkspace).GetField("_a", BindingFlags.NonPublic | BindingFlags.Instance)!;
        FieldInfo startField = typeof(GemmWorkspace).GetField("_aStart", BindingFlags.NonPublic | BindingFlags.Instance)!;
        int withOffset = 0;
        for (int trial = 0; trial < 32; trial++)
        {
            var workspace = new GemmWorkspace();
            workspace.PackedA(100);
            var buffer = (double[])bufferField.GetValue(workspace)!;
            int start = (int)startField.GetValue(workspace)!;
            int available = buffer.Length - start;
            available.Should().BeGreaterThanOrEqualTo(100);
            if (start > 0)
            {
                withOffset++;
            }

            // Exactly what is left fits: the same buffer.
            workspace.PackedA(available);
            ReferenceEquals(bufferField.GetValue(workspace), buffer).Should().BeTrue("the request fits in what is left");

            // One more does not: a new buffer with room for it from its aligned start.
            workspace.PackedA(available + 1);
            var grown = (double[])bufferField.GetValue(workspace)!;
            ReferenceEquals(grown, buffer).Should().BeFalse("the request does not fit in what is left");
            (grown.Length - (int)startField.GetValue(workspace)!).Should().BeGreaterThanOrEqualTo(available + 1);
        }

        withOffset.Should().BeGreaterThan(0, "some buffers start past their first element (the aligned start)");
    }

    // ------------------------------------------------------------------ helpers

    private static double[] SmallIntegers(int length, Random random) =>
        Enumerable.Range(0, length).Select(_ => (double)random.Next(-3, 4)).ToArray();

    private static double[] Uniform(int length, Random random) =>
        Enumerable.Range(0, length).Select(_ => (2.0 * random.NextDouble()) - 1.0).ToArray();

    /// <summary>C ← α·op(A)·op(B) + β·C by the definition, summing p in order (exact for small integer entries).</summary>
    private static double[] Naive(
        bool ta, bool tb, int m, int n, int k, double alpha, double[] a, int lda, double[] b, int ldb, double beta, double[] c0, int ldc)
    {
        double[] c = (double[])c0.Clone();
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                double sum = 0.0;
                for (int p = 0; p < k; p++)
                {
                    sum += (ta ? a[p + (i * lda)] : a[i + (p * lda)]) * (tb ? b[j + (p * ldb)] : b[p + (j * ldb)]);
                }

                c[i + (j * ldc)] = (alpha * sum) + (beta == 0.0 ? 0.0 : beta * c0[i + (j * ldc)]);
            }
        }

        return c;
    }
}
