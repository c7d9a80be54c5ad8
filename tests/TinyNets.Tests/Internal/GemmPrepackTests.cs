using TinyNets.Internal;

namespace TinyNets.Tests.Internal;

/// <summary>
/// A weight packed once (what a Predictor keeps) gives the very products of the packing-per-call path: the same
/// arithmetic in the same order, so bit for bit, over shapes that cross every block boundary of the blocked kernel
/// (several k blocks, several m blocks, several n panels, edge slivers).
/// </summary>
public class GemmPrepackTests
{
    public static TheoryData<int, int, int> Shapes() => new()
    {
        { 128, 784, 64 },   // W3's hidden layer: k splits into 5 blocks
        { 10, 128, 64 },    // W3's output layer: one sliver padded to the vector width
        { 300, 50, 17 },    // two m blocks, a partial one
        { 33, 400, 600 },   // three k blocks, two n panels, a one-row edge sliver
        { 2, 2048, 1 },     // two rows, one column
        { 16, 16, 16 },     // the smallest product that takes the blocked kernel
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PrepackedProductEqualsThePackingPerCallProductBitForBit(int m, int k, int n)
    {
        var random = new Random((m * 31) + (k * 7) + n);
        double[] w = Enumerable.Range(0, m * k).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        double[] x = Enumerable.Range(0, k * n).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
        double[] bias = Enumerable.Range(0, m).Select(_ => random.NextDouble()).ToArray();
        PackedWeight packed = Gemm.Prepack(w, m, k)!;

        var expected = new double[m * n];
        var actual = new double[m * n];
        Kernels.MultiplyAddBias(w, x, bias, expected, m, k, n);
        Kernels.MultiplyAddBias(w, packed, x, bias, actual, m, k, n);
        actual.Should().Equal(expected);

        // Independently: each entry against a plain dot product (the blocked sum order differs, hence the tolerance).
        for (int j = 0; j < n; j += Math.Max(1, n / 5))
        {
            for (int i = 0; i < m; i += Math.Max(1, m / 7))
            {
                double sum = bias[i];
                for (int p = 0; p < k; p++)
                {
                    sum += w[i + (p * m)] * x[p + (j * k)];
                }

                actual[i + (j * m)].Should().BeApproximately(sum, 1e-12 * k);
            }
        }
    }

    [Fact]
    public void APackedWeightOfAnotherShapeIsRefused()
    {
        double[] w = new double[64 * 32];
        PackedWeight packed = Gemm.Prepack(w, 64, 32)!;
        var act = () => Kernels.MultiplyAddBias(new double[32 * 64], packed, new double[64 * 4], [], new double[32 * 4], 32, 64, 4);
        act.Should().Throw<ArgumentException>().WithParameterName("packed");
        Gemm.Prepack(new double[8], 1, 8).Should().BeNull();
    }
}
