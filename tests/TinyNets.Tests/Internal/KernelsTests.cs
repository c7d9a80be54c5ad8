using TinyNets.Internal;

namespace TinyNets.Tests.Internal;

/// <summary>
/// The dense layer's kernels (column-major, no padding) against triple loops written here, each sum compensated
/// (Neumaier). Shapes cover the one-output (m = 1) and one-sample (n = 1) paths, tiny sizes, sizes around the SIMD width
/// and products above the GEMM threshold (m·n·k ≥ 4096). Every input is a slice of an array with NaN after it (a read
/// past the end would poison the result), every output is pre-filled with NaN (a value not written would remain) and
/// followed by a sentinel (a write past the end would show).
/// Tolerance: 1e-12 relative to Σ|terms| (+ |bias|), the error scale of any summation order.
/// </summary>
public class KernelsTests
{
    private const double Sentinel = -12345.678;
    private const int Tail = 5;

    private static readonly int[] SmallSizes = { 1, 2, 3, 4, 5, 7, 8, 9, 17 };

    /// <summary>(m, k, n) as in a dense layer: W m×k, X k×n, Y = W·X m×n. Every combination of the small sizes (m = 1,
    /// n = 1, tiny, around the SIMD width of 4; 9·17·17 and up already reach the GEMM threshold), then larger products.</summary>
    private static IEnumerable<(int M, int K, int N)> Shapes()
    {
        foreach (int m in SmallSizes)
        {
            foreach (int k in SmallSizes)
            {
                foreach (int n in SmallSizes)
                {
                    yield return (m, k, n);
                }
            }
        }

        // Above the GEMM threshold, each in all orders; 16·16·16 = 4096 is exactly on it and 16·16·15 just below.
        foreach ((int a, int b, int c) in new[] { (17, 129, 3), (16, 16, 32), (33, 65, 17) })
        {
            yield return (a, b, c);
            yield return (a, c, b);
            yield return (b, a, c);
            yield return (b, c, a);
            yield return (c, a, b);
            yield return (c, b, a);
        }

        yield return (16, 16, 16);
        yield return (16, 16, 15);
        yield return (15, 16, 16);
        yield return (1, 129, 200); // one output, large
        yield return (200, 129, 1); // one sample, large
        yield return (64, 1, 100); // one input, large
    }

    // ------------------------------------------------------------------ Y = W·X (+ b)

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MultiplyAddBias_MatchesTheReference_WithoutBiasYIsOverwrittenToo(bool withBias)
    {
        var random = new Random(withBias ? 1 : 2);
        foreach ((int m, int k, int n) in Shapes())
        {
            CheckMultiplyAddBias(m, k, n, withBias, zeroFraction: 0.0, random);
            CheckMultiplyAddBias(m, k, n, withBias, zeroFraction: 0.4, random);
        }
    }

    [Theory]
    [InlineData(3, 4, 5)]
    [InlineData(1, 7, 3)]
    [InlineData(33, 65, 17)]
    public void MultiplyAddBias_AllZeroInputGivesExactlyTheBiasOrZero(int m, int k, int n)
    {
        var random = new Random(m);
        double[] w = RandomArray(m * k, random);
        double[] bias = RandomArray(m, random);
        double[] x = new double[k * n];
        double[] y = Enumerable.Repeat(double.NaN, m * n).ToArray();

        Kernels.MultiplyAddBias(w, x, bias, y, m, k, n);
        for (int j = 0; j < n; j++)
        {
            y.AsSpan(j * m, m).ToArray().Should().Equal(bias, $"column {j} of W·0 + b");
        }

        Array.Fill(y, double.NaN);
        Kernels.MultiplyAddBias(w, x, ReadOnlySpan<double>.Empty, y, m, k, n);
        y.Should().OnlyContain(v => v == 0.0, "W·0 without bias is 0, the NaN that was in Y included");
    }

    // ------------------------------------------------------------------ G = D·Xᵀ

    [Fact]
    public void MultiplyTransposedRight_MatchesTheReference()
    {
        var random = new Random(3);
        foreach ((int m, int k, int n, double zeroFraction) in Shapes().SelectMany(s => new[] { (s.M, s.K, s.N, 0.0), (s.M, s.K, s.N, 0.4) }))
        {
            double[] d = RandomArray(m * n, random, zeroFraction);
            double[] x = RandomArray(k * n, random, zeroFraction);
            double[] g = Output(m * k);
            Kernels.MultiplyTransposedRight(In(d), In(x), g.AsSpan(0, m * k), m, k, n);

            // G(i, p) = Σ_j D(i, j)·X(p, j)
            var expected = new (double Value, double Scale)[m * k];
            for (int p = 0; p < k; p++)
            {
                for (int i = 0; i < m; i++)
                {
                    expected[i + (p * m)] = CompensatedSum(n, j => d[i + (j * m)] * x[p + (j * k)]);
                }
            }

            AssertClose(g, expected, $"D·Xᵀ, D {m}×{n}, X {k}×{n}, zeros {zeroFraction}");
        }
    }

    // ------------------------------------------------------------------ R = Wᵀ·D

    [Fact]
    public void MultiplyTransposedLeft_MatchesTheReference()
    {
        var random = new Random(4);
        foreach ((int m, int k, int n, double zeroFraction) in Shapes().SelectMany(s => new[] { (s.M, s.K, s.N, 0.0), (s.M, s.K, s.N, 0.4) }))
        {
            double[] w = RandomArray(m * k, random);
            double[] d = RandomArray(m * n, random, zeroFraction);
            double[] r = Output(k * n);
            Kernels.MultiplyTransposedLeft(In(w), In(d), r.AsSpan(0, k * n), m, k, n);

            // R(p, j) = Σ_i W(i, p)·D(i, j)
            var expected = new (double Value, double Scale)[k * n];
            for (int j = 0; j < n; j++)
            {
                for (int p = 0; p < k; p++)
                {
                    expected[p + (j * k)] = CompensatedSum(m, i => w[i + (p * m)] * d[i + (j * m)]);
                }
            }

            AssertClose(r, expected, $"Wᵀ·D, W {m}×{k}, D {m}×{n}, zeros {zeroFraction}");
        }
    }

    // ------------------------------------------------------------------ s = Σ_j D[:, j]

    [Fact]
    public void SumColumns_MatchesTheReference()
    {
        var random = new Random(5);
        foreach ((int m, int n) in Shapes().Select(s => (s.M, s.N)).Distinct())
        {
            double[] d = RandomArray(m * n, random, 0.2);
            double[] s = Output(m);
            Kernels.SumColumns(In(d), s.AsSpan(0, m), m, n);

            var expected = new (double Value, double Scale)[m];
            for (int i = 0; i < m; i++)
            {
                expected[i] = CompensatedSum(n, j => d[i + (j * m)]);
            }

            AssertClose(s, expected, $"row sums of D {m}×{n}");
        }
    }

    [Fact]
    public void SumColumns_OfOneColumnIsThatColumn()
    {
        double[] d = { 1.5, -2.25, 0.0, 1e-300, -0.0 };
        double[] s = Enumerable.Repeat(double.NaN, 5).ToArray();
        Kernels.SumColumns(d, s, 5, 1);
        s.Should().Equal(d);
    }

    // ------------------------------------------------------------------ y += a·x

    [Fact]
    public void Axpy_AddsAScaledVectorForEveryLengthUpTo33()
    {
        var random = new Random(6);
        for (int length = 0; length <= 33; length++)
        {
            foreach (double a in new[] { 1.0, -0.75, 0.0, 3e5 })
            {
                double[] x = RandomArray(length, random, 0.2);
                double[] y0 = RandomArray(length, random);
                double[] y = y0.Append(Sentinel).ToArray();
                Kernels.Axpy(In(x), a, y.AsSpan(0, length));

                var expected = new (double Value, double Scale)[length];
                for (int i = 0; i < length; i++)
                {
                    expected[i] = CompensatedSum(2, t => t == 0 ? y0[i] : a * x[i]);
                }

                AssertClose(y, expected, $"axpy length {length}, a = {a}");
            }
        }
    }

    [Fact]
    public void Axpy_RejectsSpansOfDifferentLengthsAndChangesNothing()
    {
        double[] y = { 1.0, 2.0, 3.0, 4.0 };
        FluentActions.Invoking(() => Kernels.Axpy(new double[3], 2.0, y))
            .Should().Throw<ArgumentException>().WithParameterName("y").WithMessage("Lengths differ: 3 and 4.*");
        FluentActions.Invoking(() => Kernels.Axpy(new double[5], 2.0, y))
            .Should().Throw<ArgumentException>().WithParameterName("y").WithMessage("Lengths differ: 5 and 4.*");
        FluentActions.Invoking(() => Kernels.Axpy(new double[1], 2.0, Span<double>.Empty))
            .Should().Throw<ArgumentException>().WithParameterName("y");
        y.Should().Equal(1.0, 2.0, 3.0, 4.0);
    }

    // ------------------------------------------------------------------ helpers

    private static void CheckMultiplyAddBias(int m, int k, int n, bool withBias, double zeroFraction, Random random)
    {
        double[] w = RandomArray(m * k, random);
        double[] x = RandomArray(k * n, random, zeroFraction);
        double[] bias = withBias ? RandomArray(m, random) : Array.Empty<double>();
        double[] y = Output(m * n);
        Kernels.MultiplyAddBias(In(w), In(x), withBias ? In(bias) : default, y.AsSpan(0, m * n), m, k, n);

        // Y(i, j) = b_i + Σ_p W(i, p)·X(p, j)
        var expected = new (double Value, double Scale)[m * n];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                expected[i + (j * m)] = withBias
                    ? CompensatedSum(k + 1, p => p == k ? bias[i] : w[i + (p * m)] * x[p + (j * k)])
                    : CompensatedSum(k, p => w[i + (p * m)] * x[p + (j * k)]);
            }
        }

        AssertClose(y, expected, $"W·X{(withBias ? " + b" : "")}, W {m}×{k}, X {k}×{n}, zeros {zeroFraction}");
    }

    /// <summary>Σ term(t) for t &lt; count, compensated (Neumaier), with Σ|term(t)| as the error scale.</summary>
    private static (double Value, double Scale) CompensatedSum(int count, Func<int, double> term)
    {
        double sum = 0.0, compensation = 0.0, scale = 0.0;
        for (int t = 0; t < count; t++)
        {
            double v = term(t);
            double s = sum + v;
            compensation += Math.Abs(sum) >= Math.Abs(v) ? (sum - s) + v : (v - s) + sum;
            sum = s;
            scale += Math.Abs(v);
        }

        return (sum + compensation, scale);
    }

    /// <summary>Checks the first expected.Length values and that the rest of <paramref name="actual"/> still holds the sentinel.</summary>
    private static void AssertClose(double[] actual, (double Value, double Scale)[] expected, string what)
    {
        for (int i = 0; i < expected.Length; i++)
        {
            (double value, double scale) = expected[i];
            double error = Math.Abs(actual[i] - value);
            if (!(error <= 1e-12 * scale) && actual[i] != value)
            {
                Assert.Fail($"{what}: element {i} = {actual[i]:R}, expected {value:R} (error {error:E2}, scale {scale:E2})");
            }
        }

        for (int i = expected.Length; i < actual.Length; i++)
        {
            if (actual[i] != Sentinel)
            {
                Assert.Fail($"{what}: element {i}, past the output, was written ({actual[i]:R})");
            }
        }
    }

    /// <summary>The values as a span over the front of a longer array whose tail is NaN.</summary>
    private static ReadOnlySpan<double> In(double[] values)
    {
        double[] padded = new double[values.Length + Tail];
        values.CopyTo(padded, 0);
        padded.AsSpan(values.Length).Fill(double.NaN);
        return padded.AsSpan(0, values.Length);
    }

    /// <summary>An output buffer: <paramref name="length"/> NaN, then sentinels.</summary>
    private static double[] Output(int length)
    {
        double[] values = new double[length + Tail];
        values.AsSpan(0, length).Fill(double.NaN);
        values.AsSpan(length).Fill(Sentinel);
        return values;
    }

    /// <summary>Uniform in ±[10⁻³, 10³) (mixed magnitudes, so that the relative scale matters), with about
    /// <paramref name="zeroFraction"/> of the entries exactly 0 (half of them −0).</summary>
    private static double[] RandomArray(int length, Random random, double zeroFraction = 0.0)
    {
        double[] values = new double[length];
        for (int i = 0; i < length; i++)
        {
            if (random.NextDouble() < zeroFraction)
            {
                values[i] = random.Next(2) == 0 ? 0.0 : -0.0;
                continue;
            }

            double magnitude = Math.Pow(10.0, random.Next(7) - 3);
            values[i] = ((2.0 * random.NextDouble()) - 1.0) * magnitude;
        }

        return values;
    }
}
