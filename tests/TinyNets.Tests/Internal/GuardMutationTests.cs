using MathNet.Numerics.LinearAlgebra;
using TinyNets.Internal;

namespace TinyNets.Tests.Internal;

// Pins each check of Guard and Workspace: where it refuses, where it accepts (the boundary value), and its whole message.
public class GuardMutationTests
{
    private static readonly MatrixBuilder<double> M = Matrix<double>.Build;

    // An ArgumentOutOfRangeException's Message is the given text, the parameter, then the actual value on a new line.
    private static void ShouldBeOutOfRange(Action act, string paramName, object actualValue, string message)
    {
        var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be(paramName);
        e.ActualValue.Should().Be(actualValue);
        e.Message.Split(Environment.NewLine)[0].Should().Be($"{message} (Parameter '{paramName}')");
    }

    [Fact]
    public void Storage_NullOrNotDense_IsRefused_NamingTheParameter()
    {
        FluentActions.Invoking(() => Guard.Storage(null!, "weights"))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("weights");
        FluentActions.Invoking(() => Guard.Storage(M.Sparse(2, 3), "weights"))
            .Should().Throw<ArgumentException>()
            .WithMessage("A dense matrix (Matrix<double>.Build.Dense…) was expected for 'weights'; a SparseMatrix was given. (Parameter 'weights')");
        var dense = M.Dense(2, 3, [1, 2, 3, 4, 5, 6]);
        Guard.Storage(dense, "weights").Should().Equal(1, 2, 3, 4, 5, 6);
    }

    [Fact]
    public void NotEmpty_NoColumnOrNoRow_IsRefused_WithItsOwnMessage()
    {
        FluentActions.Invoking(() => Guard.NotEmpty(M.Dense(3, 0), "input"))
            .Should().Throw<ArgumentException>()
            .WithMessage("An empty batch was given for 'input' (shape 3×0); at least one sample (column) is expected. (Parameter 'input')");
        FluentActions.Invoking(() => Guard.NotEmpty(M.Dense(0, 4), "input"))
            .Should().Throw<ArgumentException>()
            .WithMessage("'input' has no features (shape 0×4); at least one row is expected. (Parameter 'input')");
        FluentActions.Invoking(() => Guard.NotEmpty(M.Dense(1, 1), "input")).Should().NotThrow();
    }

    [Fact]
    public void Rows_WrongCount_IsRefused_NamingWhatAndOwner()
    {
        FluentActions.Invoking(() => Guard.Rows(M.Dense(2, 5), 3, "input", "the input features of ", "Dense(3→4)"))
            .Should().Throw<ArgumentException>()
            .WithMessage("'input' must have 3 rows (the input features of Dense(3→4), one sample per column); shape 2×5 was given. (Parameter 'input')");
        FluentActions.Invoking(() => Guard.Rows(M.Dense(3, 5), 3, "input", "x")).Should().NotThrow();
    }

    [Fact]
    public void SameShape_OnlyTheRowsOrOnlyTheColumnsWrong_IsRefused()
    {
        FluentActions.Invoking(() => Guard.SameShape(M.Dense(2, 4), 3, 4, "target", "the output's shape of ", "MSE"))
            .Should().Throw<ArgumentException>()
            .WithMessage("'target' must have shape 3×4 (the output's shape of MSE); shape 2×4 was given. (Parameter 'target')");
        FluentActions.Invoking(() => Guard.SameShape(M.Dense(3, 5), 3, 4, "target", "the output's shape"))
            .Should().Throw<ArgumentException>()
            .WithMessage("'target' must have shape 3×4 (the output's shape); shape 3×5 was given. (Parameter 'target')");
        FluentActions.Invoking(() => Guard.SameShape(M.Dense(3, 4), 3, 4, "target", "x")).Should().NotThrow();
    }

    // Column-major storage: index 5 of a 2-row matrix is row 5 mod 2 = 1, column 5 div 2 = 2.
    [Fact]
    public void Finite_NamesTheFirstBadEntry_ByRowAndColumn_EvenAtIndexZero()
    {
        FluentActions.Invoking(() => Guard.Finite(new double[] { 0, 1, 2, 3, 4, double.NaN }, 2, "input"))
            .Should().Throw<ArgumentException>()
            .WithMessage("'input' must contain only finite values; entry [1, 2] is NaN. (Parameter 'input')");
        FluentActions.Invoking(() => Guard.Finite(new double[] { double.PositiveInfinity, 1 }, 2, "input"))
            .Should().Throw<ArgumentException>()
            .WithMessage("'input' must contain only finite values; entry [0, 0] is Infinity. (Parameter 'input')");
        FluentActions.Invoking(() => Guard.Finite(new double[] { 0, 1 }, 2, "input")).Should().NotThrow();
    }

    [Fact]
    public void Positive_ZeroAndBelow_AreRefused_OneIsAccepted()
    {
        ShouldBeOutOfRange(() => Guard.Positive(0, "batchSize"), "batchSize", 0, "'batchSize' must be a positive integer; 0 was given.");
        ShouldBeOutOfRange(() => Guard.Positive(-3, "batchSize"), "batchSize", -3, "'batchSize' must be a positive integer; -3 was given.");
        FluentActions.Invoking(() => Guard.Positive(1, "batchSize")).Should().NotThrow();
    }

    // Array.MaxLength is 2 147 483 591 (0x7FFFFFC7): that many values are one array; one more is not.
    [Fact]
    public void ElementCount_AcceptsExactlyArrayMaxLength_AndRefusesOneMore()
    {
        Guard.ElementCount(Array.MaxLength, 1, "input", "The output").Should().Be(Array.MaxLength);
        ShouldBeOutOfRange(() => Guard.ElementCount(2, 1_073_741_796, "input", "The output"), "input", 2_147_483_592L,
            "The output needs 2 × 1073741796 = 2147483592 values; one array holds at most 2147483591.");
    }

    [Fact]
    public void Workspace_TooLarge_IsRefused_NamingItsRoleAndOwner()
    {
        ShouldBeOutOfRange(() => _ = new Workspace(65536, 65536, 65536, "Dense(65536→65536)", WorkspaceRole.Output), "input", 4_294_967_296L,
            "The Output of Dense(65536→65536) for this batch needs 65536 × 65536 = 4294967296 values; one array holds at most 2147483591.");
    }

    [Fact]
    public void PositiveFinite_ZeroAndInfinity_AreRefused_NamingWhatOrTheParameter()
    {
        ShouldBeOutOfRange(() => Guard.PositiveFinite(0, "lr"), "lr", 0.0, "'lr' must be positive and finite; 0 was given.");
        ShouldBeOutOfRange(() => Guard.PositiveFinite(double.PositiveInfinity, "options", "eps"), "options", double.PositiveInfinity,
            "'eps' must be positive and finite; Infinity was given.");
        FluentActions.Invoking(() => Guard.PositiveFinite(double.Epsilon, "lr")).Should().NotThrow();
    }

    [Fact]
    public void NonNegativeFinite_NegativeAndInfinity_AreRefused_ZeroIsAccepted()
    {
        ShouldBeOutOfRange(() => Guard.NonNegativeFinite(-0.5, "weightDecay"), "weightDecay", -0.5, "'weightDecay' must be finite and ≥ 0; -0.5 was given.");
        ShouldBeOutOfRange(() => Guard.NonNegativeFinite(double.PositiveInfinity, "state", "lr"), "state", double.PositiveInfinity,
            "'lr' must be finite and ≥ 0; Infinity was given.");
        FluentActions.Invoking(() => Guard.NonNegativeFinite(0, "weightDecay")).Should().NotThrow();
    }

    [Fact]
    public void InRange_HonoursBothBoundsAndTheUpperInclusiveFlag()
    {
        FluentActions.Invoking(() => Guard.InRange(1, 0, 1, upperInclusive: true, "p")).Should().NotThrow();
        FluentActions.Invoking(() => Guard.InRange(0, 0, 1, upperInclusive: false, "p")).Should().NotThrow();
        FluentActions.Invoking(() => Guard.InRange(0.5, 0, 1, upperInclusive: false, "p")).Should().NotThrow();
        ShouldBeOutOfRange(() => Guard.InRange(1, 0, 1, upperInclusive: false, "p"), "p", 1.0, "'p' must lie in [0, 1); 1 was given.");
        ShouldBeOutOfRange(() => Guard.InRange(-0.25, 0, 1, upperInclusive: true, "p"), "p", -0.25, "'p' must lie in [0, 1]; -0.25 was given.");
        ShouldBeOutOfRange(() => Guard.InRange(-0.25, 0, 1, upperInclusive: false, "p"), "p", -0.25, "'p' must lie in [0, 1); -0.25 was given.");
        ShouldBeOutOfRange(() => Guard.InRange(1.5, 0, 1, upperInclusive: true, "p"), "p", 1.5, "'p' must lie in [0, 1]; 1.5 was given.");
    }
}
