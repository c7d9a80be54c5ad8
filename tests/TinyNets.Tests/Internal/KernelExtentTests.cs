using TinyNets.Internal;

namespace TinyNets.Tests.Internal;

/// <summary>The kernels' loops run on unchecked references; each product checks its spans against its extents on entry,
/// so a span shorter than the shape says is refused instead of written past.</summary>
public class KernelExtentTests
{
    [Theory]
    [InlineData(3, 2, 1)]
    [InlineData(1, 4, 2)]
    [InlineData(8, 8, 8)]
    [InlineData(40, 30, 20)]
    public void EveryProductRefusesAnOutputOneShort(int m, int k, int n)
    {
        var w = new double[m * k];
        var x = new double[k * n];
        var d = new double[m * n];
        var tooShortY = new double[(m * n) - 1];
        var tooShortG = new double[(m * k) - 1];
        var tooShortR = new double[(k * n) - 1];

        FluentActions.Invoking(() => Kernels.MultiplyAddBias(w, x, default, tooShortY, m, k, n)).Should().Throw<ArgumentException>();
        if (m > 1)
        {
            // (An empty bias means none.)
            FluentActions.Invoking(() => Kernels.MultiplyAddBias(w, x, new double[m - 1], new double[m * n], m, k, n)).Should().Throw<ArgumentException>();
        }

        FluentActions.Invoking(() => Kernels.MultiplyTransposedRight(d, x, tooShortG, m, k, n)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Kernels.MultiplyTransposedLeft(w, d, tooShortR, m, k, n)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => Kernels.SumColumns(d, new double[m - 1], m, n)).Should().Throw<ArgumentException>();

        // The exact sizes pass.
        Kernels.MultiplyAddBias(w, x, default, new double[m * n], m, k, n);
        Kernels.MultiplyTransposedRight(d, x, new double[m * k], m, k, n);
        Kernels.MultiplyTransposedLeft(w, d, new double[k * n], m, k, n);
        Kernels.SumColumns(d, new double[m], m, n);
    }

    [Fact]
    public void AnInputShorterThanItsShapeIsRefused()
    {
        FluentActions.Invoking(() => Kernels.MultiplyAddBias(new double[6], new double[3], default, new double[6], 3, 2, 2))
            .Should().Throw<ArgumentException>().WithMessage("*m = 3, k = 2, n = 2*");
    }
}
