using TinyNets.Internal;
using TinyNets.Losses;
using TinyNets.Tests.Support;

namespace TinyNets.Tests.Internal;

/// <summary>
/// Opt-in parallelism: a product split across threads must equal the single-threaded one bit for bit (every element of C
/// sees the same operations in the same order), on every transpose combination, padded leading dimensions, both split
/// directions (rows when m ≥ n, columns otherwise) and uneven splits; and the network-level switch must leave training
/// bit-identical.
/// </summary>
public class GemmParallelTests
{
    public static TheoryData<bool, bool, int, int, int, int> Cases()
    {
        var data = new TheoryData<bool, bool, int, int, int, int>();
        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                data.Add(ta, tb, 128, 64, 300, 2);   // split by rows (m ≥ n)
                data.Add(ta, tb, 37, 301, 200, 3);   // split by columns, uneven parts
                data.Add(ta, tb, 257, 129, 65, 4);   // split by rows, uneven parts
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SplitProductIsBitIdenticalToTheSingleThreadedOne(bool ta, bool tb, int m, int n, int k, int threads)
    {
        ((long)m * n * k).Should().BeGreaterThanOrEqualTo(Gemm.ParallelThreshold, "the case must take the parallel path");
        var random = new Random(m * 31 + n);
        int aRows = ta ? k : m, aColumns = ta ? m : k, bRows = tb ? n : k, bColumns = tb ? k : n;
        int lda = aRows + 3, ldb = bRows + 1, ldc = m + 2;
        double[] a = Filled(lda * aColumns, random), b = Filled(ldb * bColumns, random), c0 = Filled(ldc * n, random);

        double[] serial = (double[])c0.Clone(), split = (double[])c0.Clone();
        Gemm.Multiply(ta, tb, m, n, k, 0.75, a, lda, b, ldb, 0.5, serial, ldc);
        Gemm.Multiply(ta, tb, m, n, k, 0.75, a, lda, b, ldb, 0.5, split, ldc, parallelism: threads);

        split.Should().Equal(serial, $"op(A)={(ta ? "Aᵀ" : "A")} op(B)={(tb ? "Bᵀ" : "B")} {m}×{n}×{k} on {threads} threads");
        // and the split result is right, not merely equal: one element against its definition
        double expected = 0.5 * c0[(n - 1) * ldc];
        for (int p = 0; p < k; p++)
        {
            double ai = ta ? a[p] : a[p * lda];
            double bj = tb ? b[(n - 1) + (p * ldb)] : b[p + ((n - 1) * ldb)];
            expected += 0.75 * ai * bj;
        }

        split[(n - 1) * ldc].Should().BeApproximately(expected, 1e-12 * k);
    }

    /// <summary>
    /// With β = 0.3, β·C is inexact, so the store's rounding shows: a split puts some rows of a full tile into an edge
    /// tile (merged from a scratch tile), and the merge must round as the kernel's full tile does (one fused
    /// multiply-add on the AVX paths, a product and a sum on the portable one), or those elements differ in the last bit.
    /// </summary>
    [Theory]
    [GemmPathData("Portable", withTransposes: true)]
    [GemmPathData("Avx2", withTransposes: true)]
    [GemmPathData("Avx512", withTransposes: true)]
    public void SplitProductIsBitIdentical_WhenBetaTimesCIsInexact(string pathName, bool ta, bool tb)
    {
        GemmPath path = Enum.Parse<GemmPath>(pathName);
        foreach ((int m, int n, int k, int threads) in new[] { (100, 40, 600, 4), (257, 129, 65, 3), (37, 301, 200, 3) })
        {
            ((long)m * n * k).Should().BeGreaterThanOrEqualTo(Gemm.ParallelThreshold, "the case must take the parallel path");
            var random = new Random((m * 31) + n);
            int aRows = ta ? k : m, aColumns = ta ? m : k, bRows = tb ? n : k, bColumns = tb ? k : n;
            double[] a = Filled(aRows * aColumns, random), b = Filled(bRows * bColumns, random), c0 = Filled(m * n, random);

            double[] serial = (double[])c0.Clone(), split = (double[])c0.Clone();
            Gemm.Multiply(ta, tb, m, n, k, 0.7, a, aRows, b, bRows, 0.3, serial, m, path);
            Gemm.Multiply(ta, tb, m, n, k, 0.7, a, aRows, b, bRows, 0.3, split, m, path, threads);
            split.Should().Equal(serial, $"{pathName} {m}×{n}×{k} on {threads} threads");
        }
    }

    [Fact]
    public void TrainingWithTwoThreadsIsBitIdenticalToOneThread()
    {
        Sequential one = Net(), two = Net();
        two.MaxDegreeOfParallelism = 2;
        two.MaxDegreeOfParallelism.Should().Be(2);

        var random = new Random(3);
        Matrix<double> x = Matrix<double>.Build.Dense(784, 64, (_, _) => random.NextDouble());
        int[] labels = Enumerable.Range(0, 64).Select(i => i % 10).ToArray();
        foreach (Sequential net in new[] { one, two })
        {
            var loss = new CrossEntropyLoss();
            var sgd = new Sgd(net, 0.05);
            for (int step = 0; step < 3; step++)
            {
                loss.Forward(net.Forward(x), labels);
                net.Backward(loss.Backward(), computeInputGradient: false);
                sgd.Step();
            }
        }

        foreach (KeyValuePair<string, Parameter> kv in one.NamedParameters)
        {
            two.GetParameter(kv.Key).Value.ToColumnMajorArray().Should().Equal(kv.Value.Value.ToColumnMajorArray(), kv.Key);
        }

        two.Forward(x).ToColumnMajorArray().Should().Equal(one.Forward(x).ToColumnMajorArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void DegreeBelowOneIsRefusedAndTheOldValueStays(int value)
    {
        Sequential net = Net();
        net.MaxDegreeOfParallelism = 3;
        Action set = () => net.MaxDegreeOfParallelism = value;
        set.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("MaxDegreeOfParallelism");
        net.MaxDegreeOfParallelism.Should().Be(3);
        ((Linear)net[0]).Parallelism.Should().Be(3);
    }

    private static Sequential Net() => new Sequential(new Linear(784, 128), new ReLU(), new Linear(128, 10)).Initialize(11);

    private static double[] Filled(int length, Random random)
    {
        double[] values = new double[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (2.0 * random.NextDouble()) - 1.0;
        }

        return values;
    }
}
