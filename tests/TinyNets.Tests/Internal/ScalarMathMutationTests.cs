using TinyNets.Internal;

namespace TinyNets.Tests.Internal;

/// <summary>
/// log1p, softplus, the sigmoid and expm1 against their values computed independently to 40 digits (mpmath), at
/// points where every term of each formula matters (x = 0.5 rather than 1, where a product and a quotient by x or
/// u − 1 coincide), at tiny x (where the naive forms lose their digits or divide 0 by 0) and at the overflow and
/// underflow edges.
/// </summary>
public class ScalarMathMutationTests
{
    private static void ShouldBeClose(double actual, double expected) =>
        actual.Should().BeApproximately(expected, Math.Abs(expected) * 4e-16);

    [Fact]
    public void Log1P_MatchesTheLogarithm_AtOrdinaryPoints()
    {
        ShouldBeClose(ScalarMath.Log1P(0.5), 0.405465108108164381978013115464349137);
        ShouldBeClose(ScalarMath.Log1P(1.0), 0.693147180559945309417232121458176568);
        ShouldBeClose(ScalarMath.Log1P(2.0), 1.098612288668109691395245236922525705);
    }

    [Fact]
    public void Log1P_KeepsTheDigitsOfTinyArguments()
    {
        // log(1 + x) = x − x²/2 + x³/3 − …; 1 + 1e-20 rounds to 1, where log(u)·x/(u − 1) would be 0/0.
        ScalarMath.Log1P(1e-20).Should().Be(1e-20);
        ShouldBeClose(ScalarMath.Log1P(1e-10), 0.000000000099999999995000000000333333333308);
    }

    [Fact]
    public void Log1P_OfInfinity_IsInfinity()
    {
        ScalarMath.Log1P(double.PositiveInfinity).Should().Be(double.PositiveInfinity);
    }

    [Fact]
    public void Softplus_MatchesLnOfOnePlusExp_OnBothSides()
    {
        ShouldBeClose(ScalarMath.Softplus(0.0), 0.693147180559945309417232121458176568);
        ShouldBeClose(ScalarMath.Softplus(2.0), 2.126928011042972496443726806358304431);
        ShouldBeClose(ScalarMath.Softplus(-2.0), 0.126928011042972496443726806358304431);
        ScalarMath.Softplus(1000.0).Should().Be(1000.0);
    }

    [Fact]
    public void Sigmoid_MatchesTheLogistic_OnBothSides_AndSaturatesWithoutNaN()
    {
        ScalarMath.Sigmoid(0.0).Should().Be(0.5);
        ShouldBeClose(ScalarMath.Sigmoid(2.0), 0.880797077977882444059729141302396795);
        ShouldBeClose(ScalarMath.Sigmoid(-2.0), 0.119202922022117555940270858697603205);
        ScalarMath.Sigmoid(1000.0).Should().Be(1.0);
        ScalarMath.Sigmoid(-1000.0).Should().Be(0.0);
    }

    [Fact]
    public void ExpM1_MatchesTheExponential_AtOrdinaryPoints()
    {
        ShouldBeClose(ScalarMath.ExpM1(0.5), 0.648721270700128146848650787814163572);
        ShouldBeClose(ScalarMath.ExpM1(1.0), 1.718281828459045235360287471352662498);
        ShouldBeClose(ScalarMath.ExpM1(-2.0), -0.864664716763387308106000505027515597);
    }

    [Fact]
    public void ExpM1_KeepsTheDigitsOfTinyArguments()
    {
        // eˣ − 1 = x + x²/2 + x³/6 + …; Exp(1e-10) − 1 alone is wrong from the seventh digit on.
        ScalarMath.ExpM1(1e-20).Should().Be(1e-20);
        ShouldBeClose(ScalarMath.ExpM1(1e-10), 0.000000000100000000005000000000166666666671);
    }

    [Fact]
    public void ExpM1_AtTheOverflowAndUnderflowEdges_IsInfinityAndMinusOne()
    {
        ScalarMath.ExpM1(1000.0).Should().Be(double.PositiveInfinity);
        ScalarMath.ExpM1(-1000.0).Should().Be(-1.0);
    }
}
