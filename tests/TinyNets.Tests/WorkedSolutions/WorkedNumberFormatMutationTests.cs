using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

/// <summary>The ends of the ranges (0 to 15 decimals, 1 to 17 significant digits), the messages beyond them, and the
/// descriptions.</summary>
public class WorkedNumberFormatMutationTests
{
    [Fact]
    public void FifteenDecimals_AreTheMost()
    {
        // 0.1 is 0.1000000000000000055511151231257827…: to 15 decimals 0.100000000000000.
        WorkedNumberFormat.Fixed(15).Format(0.1).Should().Be("0.100000000000000");
        Action sixteen = () => WorkedNumberFormat.Fixed(16);
        sixteen.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("decimals")
            .WithMessage("0 to 15 decimals were expected; 16 was given.*");
    }

    [Fact]
    public void OneToSeventeenSignificantDigits_AreAccepted()
    {
        // 0.26 to 1 digit is 0.3; 0.1 to 17 digits shows the double's error: 0.10000000000000001.
        WorkedNumberFormat.Significant(1).Format(0.26).Should().Be("0.3");
        WorkedNumberFormat.Significant(17).Format(0.1).Should().Be("0.10000000000000001");
        Action zero = () => WorkedNumberFormat.Significant(0);
        zero.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("digits")
            .WithMessage("1 to 17 significant digits were expected; 0 was given.*");
    }

    [Fact]
    public void Descriptions_NameTheFormat()
    {
        WorkedNumberFormat.Fixed(3).Description.Should().Be("3 decimals");
        WorkedNumberFormat.Fixed(3).ToString().Should().Be("3 decimals");
        WorkedNumberFormat.Significant(4).Description.Should().Be("4 significant digits");
        WorkedNumberFormat.Exact.Description.Should().Be("exact");
    }
}
