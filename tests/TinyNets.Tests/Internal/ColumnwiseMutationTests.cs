using TinyNets.Internal;

namespace TinyNets.Tests.Internal;

/// <summary>
/// The batch form and the checks shared by the per-sample functions: each column goes to the function with its own
/// output, every column is visited, and each bad input is refused with its whole message (specified text).
/// </summary>
public class ColumnwiseMutationTests
{
    // y[i] = 10·x[i] + x[0] of the same column: a column read from or written to the wrong place shows.
    private static void TenTimesPlusFirst(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = (10 * x[i]) + x[0];
        }
    }

    [Fact]
    public void Map_AppliesTheFunctionToEachColumn_IntoItsOwnColumn()
    {
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 4 }, { 2, 5 }, { 3, 6 } });

        Matrix<double> y = Columnwise.Map(x, TenTimesPlusFirst);

        y.ToArray().Should().BeEquivalentTo(new double[,] { { 11, 44 }, { 21, 54 }, { 31, 64 } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Map_AnEmptyBatch_IsRefused()
    {
        FluentActions.Invoking(() => Columnwise.Map(Matrix<double>.Build.Dense(3, 0), TenTimesPlusFirst))
            .Should().ThrowExactly<ArgumentException>()
            .WithMessage("An empty batch was given for 'x' (shape 3×0); at least one sample (column) is expected. (Parameter 'x')");
    }

    [Fact]
    public void Map_ANonFiniteValue_IsRefused()
    {
        var x = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 4 }, { 2, double.NaN } });

        FluentActions.Invoking(() => Columnwise.Map(x, TenTimesPlusFirst))
            .Should().ThrowExactly<ArgumentException>()
            .WithMessage("'x' must contain only finite values; entry [1, 1] is NaN. (Parameter 'x')");
    }

    [Fact]
    public void CheckSpans_EmptyInput_IsRefused()
    {
        FluentActions.Invoking(() => Columnwise.CheckSpans(ReadOnlySpan<double>.Empty, Span<double>.Empty))
            .Should().ThrowExactly<ArgumentException>()
            .WithMessage("'x' is empty; at least one value is expected. (Parameter 'x')");
    }

    [Fact]
    public void CheckSpans_OutputOfAnotherLength_IsRefused()
    {
        FluentActions.Invoking(() => Columnwise.CheckSpans(new double[] { 1, 2, 3 }, new double[2]))
            .Should().ThrowExactly<ArgumentException>()
            .WithMessage("'y' must have the length of 'x' (3); its length is 2. (Parameter 'y')");
    }

    [Fact]
    public void CheckSpans_NaNAsTheFirstValue_IsRefused()
    {
        FluentActions.Invoking(() => Columnwise.CheckSpans(new[] { double.NaN, 1.0 }, new double[2]))
            .Should().ThrowExactly<ArgumentException>()
            .WithMessage("'x' must contain only finite values; entry 0 is NaN. (Parameter 'x')");
    }

    [Fact]
    public void CheckSpans_FiniteInputOfTheRightLength_IsAccepted()
    {
        FluentActions.Invoking(() => Columnwise.CheckSpans(new[] { 1.0, -2.0 }, new double[2])).Should().NotThrow();
    }
}
