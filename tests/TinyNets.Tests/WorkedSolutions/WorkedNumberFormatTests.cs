using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

public class WorkedNumberFormatTests
{
    [Fact]
    public void ExactRoundTrips()
    {
        double value = 0.1 + 0.2;
        string text = WorkedNumberFormat.Exact.Format(value);
        text.Should().Be("0.30000000000000004");
        double.Parse(text, System.Globalization.CultureInfo.InvariantCulture).Should().Be(value);
    }

    [Fact]
    public void FixedAndSignificantRound()
    {
        WorkedNumberFormat.Fixed(3).Format(2.992582130530096).Should().Be("2.993");
        WorkedNumberFormat.Fixed(0).Format(6.6).Should().Be("7");
        WorkedNumberFormat.Significant(3).Format(6.002475685137730).Should().Be("6");
        WorkedNumberFormat.Significant(3).Format(0.1007417869469904).Should().Be("0.101");
    }

    [Fact]
    public void NegativeNumbersUseTheMinusSign() =>
        WorkedNumberFormat.Fixed(1).Format(-0.9).Should().Be("−0.9");

    [Theory]
    [InlineData(-1)]
    [InlineData(16)]
    public void FixedRefusesBadDecimals(int decimals)
    {
        Action act = () => WorkedNumberFormat.Fixed(decimals);
        act.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "decimals");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(18)]
    public void SignificantRefusesBadDigits(int digits)
    {
        Action act = () => WorkedNumberFormat.Significant(digits);
        act.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "digits");
    }

    [Fact]
    public void TextUsesTheChosenFormat()
    {
        string text = WorkedSolutionSheetTests.Sheet004().ToText(new WorkedTextOptions { NumberFormat = WorkedNumberFormat.Fixed(2) });
        text.Should().Contain("L = ln(1 + exp((1 − 2·y)·ŷ))\n    = ln(1 + exp((1 − 2·(−1.00))·2.00))\n    = 6.00\n");
        text.Should().Contain("= 0.40 − 0.10·2.99\n");
    }
}
