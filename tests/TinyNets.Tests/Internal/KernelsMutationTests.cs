using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TinyNets.Internal;

namespace TinyNets.Tests.Internal;

/// <summary>
/// What each of the kernels' paths does on its own, where the reference tests (<see cref="KernelsTests"/>, within a
/// tolerance) cannot tell the paths apart: which path a shape takes, which zeros each path skips, the exact order of a
/// dot product's sums, and the checks on entry with their whole messages (specified text).
/// <list type="bullet">
/// <item>Routing: from <see cref="Kernels.GemmWork"/> multiply-adds on a product goes to the blocked kernel, which (as
/// BLAS) does not skip zeros of X, so ∞·0 gives NaN there; the axpy loops below skip them. Inputs are small integers,
/// exact in any order, with one ∞ met only by zeros.</item>
/// <item>Every input is a span over the front of a longer array padded with NaN (a read past the end would show and stays
/// inside the array), every output is pre-filled with NaN and followed by sentinels.</item>
/// </list>
/// </summary>
public class KernelsMutationTests
{
    private const double Sentinel = -12345.678;
    private const int Tail = 8;

    // q = 1 + 2⁻²⁷: q² = 1 + 2⁻²⁶ + 2⁻⁵⁴ needs 55 bits, so a product rounded before it is added loses the 2⁻⁵⁴ that a
    // fused multiply-add keeps.
    private static readonly double Q = 1.0 + Math.ScaleB(1.0, -27);

    // ------------------------------------------------------------------ Y = W·X (+ b)

    [Theory]
    [InlineData(16, 16, 16, true, true)] // m·n·k = 4096 = GemmWork: the blocked kernel
    [InlineData(16, 16, 16, false, true)]
    [InlineData(2, 64, 32, false, true)] // 4096 again, another arrangement
    [InlineData(8, 32, 17, true, true)] // above
    [InlineData(16, 16, 15, true, false)] // 3840: the axpy loop
    [InlineData(16, 16, 15, false, false)]
    [InlineData(15, 16, 16, true, false)]
    [InlineData(2, 64, 31, false, false)]
    public void MultiplyAddBias_FromGemmWorkOn_TakesTheBlockedKernel_WhichDoesNotSkipZerosOfX(int m, int k, int n, bool withBias, bool blocked)
    {
        // W(0, 0) = ∞ meets only X(0, j) = 0: NaN in row 0 from the blocked kernel, skipped by the axpy loop.
        double[] w = IntegerMatrix(m, k, (i, p) => ((i + (2 * p)) % 5) - 2);
        w[0] = double.PositiveInfinity;
        double[] x = IntegerMatrix(k, n, (p, j) => p == 0 ? 0 : ((p + (3 * j)) % 7) - 3);
        double[] bias = withBias ? IntegerMatrix(m, 1, (i, _) => i - 1) : Array.Empty<double>();
        double[] y = Output(m * n);

        Kernels.MultiplyAddBias(Padded(w), Padded(x), withBias ? Padded(bias) : EmptyOverFive(), y.AsSpan(0, m * n), m, k, n);

        double[] expected = new double[m * n];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < m; i++)
            {
                double sum = withBias ? bias[i] : 0.0;
                for (int p = 1; p < k; p++)
                {
                    sum += w[i + (p * m)] * x[p + (j * k)];
                }

                expected[i + (j * m)] = i == 0 && blocked ? double.NaN : sum;
            }
        }

        AssertOutput(y, expected, $"W·X, W {m}×{k}, X {k}×{n}");
    }

    [Theory]
    [InlineData(3, 2, true)]
    [InlineData(3, 2, false)]
    [InlineData(4096, 1, true)] // at GemmWork, still the one-output path
    public void MultiplyAddBias_OneOutput_IsADotProductThatIncludesZerosOfX(int k, int n, bool withBias)
    {
        // w₀ = ∞ meets x₀ = 0 in every column: the dot product gives NaN (the axpy loop would skip it).
        double[] w = IntegerMatrix(1, k, (_, p) => p == 0 ? double.PositiveInfinity : (p % 3) + 1);
        double[] x = IntegerMatrix(k, n, (p, j) => p == 0 ? 0 : (p + j) % 4);
        double[] y = Output(n);

        Kernels.MultiplyAddBias(Padded(w), Padded(x), withBias ? Padded(new[] { 0.5 }) : EmptyOverFive(), y.AsSpan(0, n), 1, k, n);

        AssertOutput(y, Enumerable.Repeat(double.NaN, n).ToArray(), "one output, ∞·0 included");
    }

    // ------------------------------------------------------------------ y = W·x + b, one column

    [Fact]
    public void MultiplyAddBiasOneColumn_IsTheExactSum_ForEveryNarrowShape_WithAndWithoutBias()
    {
        foreach (int m in new[] { 1, 2, 3, 4, 5 })
        {
            foreach (int k in new[] { 0, 1, 2, 3, 5, 9 })
            {
                foreach (bool withBias in new[] { true, false })
                {
                    // Integers and halves (exact in any order); x has zeros (p = 3, 8) and both signs.
                    double[] w = IntegerMatrix(m, k, (i, p) => (((3 * i) + p) % 7) - 3.5);
                    double[] x = IntegerMatrix(k, 1, (p, _) => (((2 * p) + 1) % 5) - 2);
                    double[] bias = IntegerMatrix(m, 1, (i, _) => (2 * i) - 3);
                    double[] y = Output(m);

                    // Without bias: an empty span over an array holding 5, so that a read of the missing bias shows.
                    Kernels.MultiplyAddBiasOneColumn(Padded(w), Padded(x), withBias ? Padded(bias) : EmptyOverFive(), y.AsSpan(0, m), m, k);

                    double[] expected = new double[m];
                    for (int i = 0; i < m; i++)
                    {
                        double sum = withBias ? bias[i] : 0.0;
                        for (int p = 0; p < k; p++)
                        {
                            sum += w[i + (p * m)] * x[p];
                        }

                        expected[i] = sum;
                    }

                    AssertOutput(y, expected, $"W·x{(withBias ? " + b" : "")}, W {m}×{k}");
                }
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void MultiplyAddBiasOneColumn_OneOutput_IncludesZerosOfX_AsMultiplyAddBiasDoes(bool withBias)
    {
        double[] w = { double.PositiveInfinity, 2.0, 3.0 };
        double[] x = { 0.0, 1.0, 1.0 };
        ReadOnlySpan<double> bias = withBias ? Padded(new[] { 0.5 }) : EmptyOverFive();
        double[] y = Output(1);
        double[] batch = Output(1);

        Kernels.MultiplyAddBiasOneColumn(Padded(w), Padded(x), bias, y.AsSpan(0, 1), 1, 3);
        Kernels.MultiplyAddBias(Padded(w), Padded(x), bias, batch.AsSpan(0, 1), 1, 3, 1);

        AssertOutput(y, new[] { double.NaN }, "one output, ∞·0 included");
        AssertOutput(batch, new[] { double.NaN }, "the same product through MultiplyAddBias");
    }

    [Theory]
    [InlineData(2, 2048, true)] // m·k = 4096: the blocked kernel (through MultiplyAddBias)
    [InlineData(3, 1366, true)]
    [InlineData(2, 2047, false)] // below: the loops here, which skip zeros
    [InlineData(3, 1365, false)]
    public void MultiplyAddBiasOneColumn_FromGemmWorkOn_TakesTheBlockedKernel_WhichDoesNotSkipZerosOfX(int m, int k, bool blocked)
    {
        double[] w = IntegerMatrix(m, k, (i, p) => ((i + p) % 3) - 1);
        w[0] = double.PositiveInfinity;
        double[] x = IntegerMatrix(k, 1, (p, _) => p == 0 ? 0 : (p % 5) - 2);
        double[] bias = IntegerMatrix(m, 1, (i, _) => i + 0.5);
        double[] y = Output(m);

        Kernels.MultiplyAddBiasOneColumn(Padded(w), Padded(x), Padded(bias), y.AsSpan(0, m), m, k);

        double[] expected = new double[m];
        for (int i = 0; i < m; i++)
        {
            double sum = bias[i];
            for (int p = 1; p < k; p++)
            {
                sum += w[i + (p * m)] * x[p];
            }

            expected[i] = i == 0 && blocked ? double.NaN : sum;
        }

        AssertOutput(y, expected, $"W·x + b, W {m}×{k}");
    }

    [Fact]
    public void MultiplyAddBiasOneColumn_RefusesShortOperands_WithTheWholeMessage_AndAcceptsABiasOfMOrMore()
    {
        double[] w = { 1, 2, 3, 4 };
        double[] x = { 1, -1 };

        // (A span too short is the front of a longer array: a check that let it through would read padding, not crash.)
        FluentActions.Invoking(() => Kernels.MultiplyAddBiasOneColumn(Padded(new double[] { 1, 2, 3 }), Padded(x), default, new double[2], 2, 2))
            .Should().ThrowExactly<ArgumentException>()
            .WithMessage("A product with m = 2, k = 2, n = 1 needs operands of at least m·k, k·n and m·n values; 3, 2 and 2 were given.");
        FluentActions.Invoking(() => Kernels.MultiplyAddBiasOneColumn(Padded(w), Padded(new double[] { 1 }), default, new double[2], 2, 2))
            .Should().ThrowExactly<ArgumentException>()
            .WithMessage("A product with m = 2, k = 2, n = 1 needs operands of at least m·k, k·n and m·n values; 4, 1 and 2 were given.");
        FluentActions.Invoking(() => Kernels.MultiplyAddBiasOneColumn(Padded(w), Padded(x), Padded(new double[] { 7 }), new double[2], 2, 2))
            .Should().ThrowExactly<ArgumentException>()
            .WithMessage("At least 2 values were needed; 1 were given. (Parameter 'bias')");

        // y = W·x + b = (1 − 3, 2 − 4) + b, with b of exactly m values and with more (the rest unused).
        double[] y = Output(2);
        Kernels.MultiplyAddBiasOneColumn(Padded(w), Padded(x), Padded(new double[] { 10, 20 }), y.AsSpan(0, 2), 2, 2);
        AssertOutput(y, new double[] { 8, 18 }, "bias of m values");
        y = Output(2);
        Kernels.MultiplyAddBiasOneColumn(Padded(w), Padded(x), Padded(new double[] { 10, 20, 30 }), y.AsSpan(0, 2), 2, 2);
        AssertOutput(y, new double[] { 8, 18 }, "bias of m + 1 values");
    }

    // ------------------------------------------------------------------ G = D·Xᵀ

    [Theory]
    [InlineData(16, 16, 16, true)] // m·n·k = 4096: the blocked kernel
    [InlineData(4, 32, 32, true)]
    [InlineData(64, 64, 1, true)] // one sample, 4096
    [InlineData(16, 16, 15, false)] // 3840: the axpy loop
    [InlineData(15, 16, 16, false)]
    [InlineData(64, 63, 1, false)] // one sample, below: the outer product
    public void MultiplyTransposedRight_FromGemmWorkOn_TakesTheBlockedKernel_WhichDoesNotSkipZerosOfX(int m, int k, int n, bool blocked)
    {
        // D(0, 0) = ∞ meets only X(p, 0) = 0 (sample 0 is all zeros).
        double[] d = IntegerMatrix(m, n, (i, j) => ((i + (2 * j)) % 5) - 2);
        d[0] = double.PositiveInfinity;
        double[] x = IntegerMatrix(k, n, (p, j) => j == 0 ? 0 : ((p + (3 * j)) % 7) - 3);
        double[] g = Output(m * k);

        Kernels.MultiplyTransposedRight(Padded(d), Padded(x), g.AsSpan(0, m * k), m, k, n);

        double[] expected = new double[m * k];
        for (int p = 0; p < k; p++)
        {
            for (int i = 0; i < m; i++)
            {
                double sum = 0.0;
                for (int j = 1; j < n; j++)
                {
                    sum += d[i + (j * m)] * x[p + (j * k)];
                }

                expected[i + (p * m)] = i == 0 && blocked ? double.NaN : sum;
            }
        }

        AssertOutput(g, expected, $"D·Xᵀ, D {m}×{n}, X {k}×{n}");
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(64, 64)] // m·n·k = 4096: still the one-output path
    public void MultiplyTransposedRight_OneOutput_SkipsTheColumnsOfXWhoseDIsZero(int k, int n)
    {
        // g = Σ_j d_j·x_j: d_0 = 0, so column 0 of X (holding ∞) is skipped whole.
        double[] d = IntegerMatrix(1, n, (_, j) => j == 0 ? 0 : (j % 3) - 1);
        double[] x = IntegerMatrix(k, n, (p, j) => j == 0 && p == 0 ? double.PositiveInfinity : ((p + j) % 5) - 2);
        double[] g = Output(k);

        Kernels.MultiplyTransposedRight(Padded(d), Padded(x), g.AsSpan(0, k), 1, k, n);

        double[] expected = new double[k];
        for (int p = 0; p < k; p++)
        {
            for (int j = 1; j < n; j++)
            {
                expected[p] += d[j] * x[p + (j * k)];
            }
        }

        AssertOutput(g, expected, $"one output, X {k}×{n}");
    }

    [Fact]
    public void MultiplyTransposedRight_OfNoSamples_IsZero()
    {
        double[] g = Output(3);
        Kernels.MultiplyTransposedRight(EmptyOverFive(), EmptyOverFive(), g.AsSpan(0, 3), 1, 3, 0);
        AssertOutput(g, new double[3], "one output, n = 0");

        g = Output(6);
        Kernels.MultiplyTransposedRight(EmptyOverFive(), EmptyOverFive(), g.AsSpan(0, 6), 2, 3, 0);
        AssertOutput(g, new double[6], "two outputs, n = 0");
    }

    [Fact]
    public void MultiplyTransposedRight_OneSample_IsTheOuterProduct_EachEntryOneProduct_ZerosOfXGivingPlusZero()
    {
        // G(i, p) = d_i·x_p, one rounding, the sign of a zero product included; x_p = 0 is skipped (+0, not ∞·0 = NaN).
        double[] d = { double.PositiveInfinity, 0.0, -1.5 };
        double[] x = { 0.0, -2.0, 4.0 };
        double[] g = Output(9);

        Kernels.MultiplyTransposedRight(Padded(d), Padded(x), g.AsSpan(0, 9), 3, 3, 1);

        double[] expected =
        {
            0.0, 0.0, 0.0, // x_0 = 0
            double.NegativeInfinity, -0.0, 3.0, // x_1 = −2
            double.PositiveInfinity, 0.0, -6.0, // x_2 = 4
        };
        AssertBits(g, expected, "the outer product d·xᵀ");
    }

    // ------------------------------------------------------------------ R = Wᵀ·D

    [Fact]
    public void MultiplyTransposedLeft_OneOutput_IsEachProductOnce_SignOfZeroIncluded()
    {
        // R(p, j) = w_p·d_j, a single product (not 0 + w_p·d_j, which turns −0 into +0).
        double[] w = { 0.0, -1.5, 2.0 };
        double[] d = { -2.0, 0.0 };
        double[] r = Output(6);

        Kernels.MultiplyTransposedLeft(Padded(w), Padded(d), r.AsSpan(0, 6), 1, 3, 2);

        AssertBits(r, new[] { -0.0, 3.0, -4.0, 0.0, -0.0, 0.0 }, "wᵀ·d, one output");
    }

    [Theory]
    [InlineData(16, 16, 16, true)] // m·n·k = 4096: the blocked kernel
    [InlineData(32, 8, 16, true)]
    [InlineData(16, 16, 15, false)] // 3840: dot products
    [InlineData(15, 16, 16, false)]
    [InlineData(32, 8, 15, false)]
    public void MultiplyTransposedLeft_FromGemmWorkOn_IsTheBlockedKernels_BelowTheDotProducts(int m, int k, int n, bool blocked)
    {
        // R(p, j) = Σ_i W(i, p)·D(i, j) = q·q − q·q = 0 exactly (rows 0 and 1; the rest is 0). A dot product rounds each
        // product and gets 0; the blocked kernel's fused multiply-adds (AVX2 or AVX-512) keep q²'s last bits (±2⁻⁵⁴).
        double[] w = IntegerMatrix(m, k, (i, _) => i == 0 ? Q : i == 1 ? -Q : 0.0);
        double[] d = IntegerMatrix(m, n, (i, _) => i <= 1 ? Q : 0.0);
        double[] r = Output(k * n);

        Kernels.MultiplyTransposedLeft(Padded(w), Padded(d), r.AsSpan(0, k * n), m, k, n);

        double[] expected = new double[k * n];
        if (blocked)
        {
            Gemm.MultiplyTransposedLeftInto(w, d, expected, m, k, n);
            if (Gemm.BlockedPath is GemmPath.Avx2 or GemmPath.Avx512)
            {
                expected.Should().OnlyContain(v => Math.Abs(v) == Math.ScaleB(1.0, -54), "fused multiply-adds keep the 2⁻⁵⁴ of q²");
            }
        }

        AssertBits(r, expected, $"Wᵀ·D, W {m}×{k}, D {m}×{n}");
    }

    // ------------------------------------------------------------------ s = Σ_j D[:, j]

    [Fact]
    public void SumColumns_RefusesBadExtents_WithTheWholeMessage()
    {
        FluentActions.Invoking(() => Kernels.SumColumns(Padded(new double[4]), new double[2], -1, 2))
            .Should().ThrowExactly<ArgumentException>()
            .WithMessage("A product with m = -1, k = 1, n = 2 needs operands of at least m·k, k·n and m·n values; 2, 2 and 4 were given.");
        FluentActions.Invoking(() => Kernels.SumColumns(EmptyOverFive(), new double[2], 2, 0))
            .Should().ThrowExactly<ArgumentException>()
            .WithMessage("A product with m = 2, k = 1, n = 0 needs operands of at least m·k, k·n and m·n values; 2, 0 and 0 were given.");
        FluentActions.Invoking(() => Kernels.SumColumns(Padded(new double[6]), new double[4].AsSpan(0, 2), 3, 2))
            .Should().ThrowExactly<ArgumentException>()
            .WithMessage("A product with m = 3, k = 1, n = 2 needs operands of at least m·k, k·n and m·n values; 2, 2 and 6 were given.");
        FluentActions.Invoking(() => Kernels.SumColumns(Padded(new double[5]), new double[3], 3, 2))
            .Should().ThrowExactly<ArgumentException>()
            .WithMessage("A product with m = 3, k = 1, n = 2 needs operands of at least m·k, k·n and m·n values; 3, 2 and 5 were given.");
    }

    [Fact]
    public void SumColumns_AcceptsNoRows_AndSpansLongerThanNeeded_WritingOnlyTheFirstM()
    {
        Kernels.SumColumns(ReadOnlySpan<double>.Empty, Span<double>.Empty, 0, 3);

        // D 2×3 with a 7th value past it; s of 4 values, of which the first 2 are written.
        double[] d = { 1, 2, 10, 20, 100, 200, 1000 };
        double[] s = { double.NaN, double.NaN, Sentinel, Sentinel };
        Kernels.SumColumns(d, s, 2, 3);
        s.Should().Equal(111.0, 222.0, Sentinel, Sentinel);
    }

    // ------------------------------------------------------------------ the checks on entry

    [Fact]
    public void AProduct_WithANegativeExtent_IsRefused_ButTheEmptyProductIsNot()
    {
        // Negative extents with zero-length operands: nothing but the sign check refuses them.
        FluentActions.Invoking(() => Kernels.MultiplyAddBias(default, default, default, default, -1, 2, 0))
            .Should().ThrowExactly<ArgumentException>()
            .WithMessage("A product with m = -1, k = 2, n = 0 needs operands of at least m·k, k·n and m·n values; 0, 0 and 0 were given.");
        FluentActions.Invoking(() => Kernels.MultiplyAddBias(default, default, default, default, 2, -1, 0))
            .Should().ThrowExactly<ArgumentException>()
            .WithMessage("A product with m = 2, k = -1, n = 0 needs operands of at least m·k, k·n and m·n values; 0, 0 and 0 were given.");
        FluentActions.Invoking(() => Kernels.MultiplyAddBias(default, default, default, default, 0, 2, -1))
            .Should().ThrowExactly<ArgumentException>()
            .WithMessage("A product with m = 0, k = 2, n = -1 needs operands of at least m·k, k·n and m·n values; 0, 0 and 0 were given.");

        Kernels.MultiplyAddBias(default, default, default, default, 0, 0, 0);
        Kernels.MultiplyTransposedRight(default, default, default, 0, 0, 0);
        Kernels.MultiplyTransposedLeft(default, default, default, 0, 0, 0);
    }

    // ------------------------------------------------------------------ dot and axpy helpers

    [Theory]
    [InlineData(8, 0.0)]
    [InlineData(9, 0.5)]
    [InlineData(11, 0.25)]
    [InlineData(17, 0.5)]
    [InlineData(33, 0.5)]
    public void Dot_WithSimd_KeepsFourInterleavedPartialSums_ThenAddsTheTail(int length, double tail)
    {
        // x = (2⁵³, 1, 0, 0, −2⁵³, 0, …, 0, tail in the last place past the vector body), y = 1. Lanes i mod 4 sum to
        // (0, 1, 0, 0): exactly 1, + tail. In sequence, 2⁵³ + 1 rounds back to 2⁵³ (the tie goes to even) and it is 0 + tail.
        double twoTo53 = Math.ScaleB(1.0, 53);
        double[] x = new double[length];
        x[0] = twoTo53;
        x[1] = 1.0;
        x[4] = -twoTo53;
        int body = length / 4 * 4;
        if (body < length)
        {
            x[length - 1] = tail;
        }

        double[] y = Enumerable.Repeat(1.0, length).ToArray();

        double expected = Vector256.IsHardwareAccelerated ? 1.0 + tail : tail;
        Dot(x, y, length).Should().Be(expected);
    }

    [Fact]
    public void Dot_WithSimd_AddsTheFourLanesInPairs_FromALengthOfFour()
    {
        // 2⁵³ + 1 + 1 + 1: any pairing of four lanes adds 1 + 1 = 2 to 2⁵³ (exact); in sequence each 1 is lost.
        double twoTo53 = Math.ScaleB(1.0, 53);
        double[] x = { twoTo53, 1.0, 1.0, 1.0 };
        double[] y = { 1.0, 1.0, 1.0, 1.0 };

        Dot(x, y, 4).Should().Be(Vector256.IsHardwareAccelerated ? twoTo53 + 2.0 : twoTo53);

        // Shorter than a vector: the scalar loop, in sequence.
        Dot(x, y, 3).Should().Be(twoTo53);
        Dot(x, y, 0).Should().Be(0.0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(17)]
    [InlineData(33)]
    public void Axpy_RoundsEachProductBeforeAdding_InTheVectorBodyAndTheTailAlike(int length)
    {
        // y = −1 + q·q: rounded, q·q = 1 + 2⁻²⁶ and y = 2⁻²⁶; fused it would be 2⁻²⁶ + 2⁻⁵⁴. The same in every element,
        // so the vector body and the scalar tail agree bit for bit.
        double[] x = Enumerable.Repeat(Q, length).ToArray();
        double[] y = Enumerable.Repeat(-1.0, length).Append(Sentinel).ToArray();

        Kernels.Axpy(Padded(x), Q, y.AsSpan(0, length));

        double product = Q * Q;
        double expected = -1.0 + product;
        expected.Should().Be(Math.ScaleB(1.0, -26));
        AssertBits(y, Enumerable.Repeat(expected, length).ToArray(), $"axpy of length {length}");
    }

    // ------------------------------------------------------------------ helpers

    private static double Dot(double[] x, double[] y, int length) =>
        Kernels.Dot(ref MemoryMarshal.GetArrayDataReference(x), ref MemoryMarshal.GetArrayDataReference(y), length);

    /// <summary>A rows×columns matrix, column-major, entry (r, c) = value(r, c).</summary>
    private static double[] IntegerMatrix(int rows, int columns, Func<int, int, double> value)
    {
        double[] a = new double[rows * columns];
        for (int c = 0; c < columns; c++)
        {
            for (int r = 0; r < rows; r++)
            {
                a[r + (c * rows)] = value(r, c);
            }
        }

        return a;
    }

    /// <summary>The values as a span over the front of a longer array whose tail is NaN.</summary>
    private static ReadOnlySpan<double> Padded(double[] values)
    {
        double[] padded = new double[values.Length + Tail];
        values.CopyTo(padded, 0);
        padded.AsSpan(values.Length).Fill(double.NaN);
        return padded.AsSpan(0, values.Length);
    }

    /// <summary>An empty span over an array holding 5: empty (no bias, no samples), yet a read from it would find 5.</summary>
    private static ReadOnlySpan<double> EmptyOverFive() => new double[] { 5.0, 5.0, 5.0, 5.0 }.AsSpan(0, 0);

    /// <summary>An output buffer: <paramref name="length"/> NaN, then sentinels.</summary>
    private static double[] Output(int length)
    {
        double[] values = new double[length + Tail];
        values.AsSpan(0, length).Fill(double.NaN);
        values.AsSpan(length).Fill(Sentinel);
        return values;
    }

    /// <summary>The first expected.Length values equal (NaN equals NaN, ±0 equal), and the rest still the sentinel.</summary>
    private static void AssertOutput(double[] actual, double[] expected, string what)
    {
        actual.Take(expected.Length).Should().Equal(expected, what);
        actual.Skip(expected.Length).Should().OnlyContain(v => v == Sentinel, $"{what}: nothing is written past the output");
    }

    /// <summary>As <see cref="AssertOutput"/>, bit for bit (the sign of a zero counts).</summary>
    private static void AssertBits(double[] actual, double[] expected, string what)
    {
        actual.Take(expected.Length).Select(BitConverter.DoubleToInt64Bits).Should()
            .Equal(expected.Select(BitConverter.DoubleToInt64Bits), $"{what}: {string.Join(", ", actual.Take(expected.Length).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}");
        actual.Skip(expected.Length).Should().OnlyContain(v => v == Sentinel, $"{what}: nothing is written past the output");
    }
}
