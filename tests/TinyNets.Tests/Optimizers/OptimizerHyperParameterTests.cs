using System.Globalization;

namespace TinyNets.Tests.Optimizers;

/// <summary>
/// Bad hyper-parameters are refused at construction (ArgumentException family naming the parameter and stating the
/// given value); the boundary values PyTorch accepts are accepted.
/// </summary>
public class OptimizerHyperParameterTests
{
    private static Sequential Net() => new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1)).Initialize(1);

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static void ThrowsNaming(Action act, string paramName, double given)
    {
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(act);
        ex.Should().NotBeOfType<ArgumentNullException>();
        ex.ParamName.Should().Be(paramName, "the exception must name the offending hyper-parameter (message: {0})", ex.Message);
        ex.Message.Should().Contain(Text(given), "the message must state the given value");
    }

    public static TheoryData<double> BadLearningRates => new() { 0.0, -0.1, -0.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity };

    [Theory]
    [MemberData(nameof(BadLearningRates))]
    public void LearningRate_NotPositiveFinite_Throws(double lr)
    {
        ThrowsNaming(() => _ = new Sgd(Net(), lr), "learningRate", lr);
        ThrowsNaming(() => _ = new Sgd(Net().NamedParameters, lr), "learningRate", lr);
        ThrowsNaming(() => _ = new Adam(Net(), lr), "learningRate", lr);
        ThrowsNaming(() => _ = new AdamW(Net(), lr), "learningRate", lr);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Sgd_MomentumOutsideZeroToOne_Throws(double value) =>
        ThrowsNaming(() => _ = new Sgd(Net(), 0.1, momentum: value), "momentum", value);

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0000001)]
    [InlineData(2.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Sgd_DampeningOutsideZeroToOneInclusive_Throws(double value) =>
        ThrowsNaming(() => _ = new Sgd(Net(), 0.1, momentum: 0.9, dampening: value), "dampening", value);

    [Fact]
    public void Sgd_NesterovWithoutMomentum_Throws()
    {
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => _ = new Sgd(Net(), 0.1, momentum: 0, nesterov: true));
        ex.ParamName.Should().Be("nesterov");
        ex.Message.Should().Contain("momentum");
    }

    [Fact]
    public void Sgd_NesterovWithDampening_Throws()
    {
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => _ = new Sgd(Net(), 0.1, momentum: 0.9, dampening: 0.1, nesterov: true));
        ex.ParamName.Should().Be("nesterov");
        ex.Message.Should().Contain("dampening").And.Contain("0.1");
    }

    public static TheoryData<double> BadWeightDecays => new() { -0.01, -1e-300, double.NaN, double.PositiveInfinity, double.NegativeInfinity };

    [Theory]
    [MemberData(nameof(BadWeightDecays))]
    public void WeightDecay_NegativeOrNotFinite_Throws(double value)
    {
        ThrowsNaming(() => _ = new Sgd(Net(), 0.1, weightDecay: value), "weightDecay", value);
        ThrowsNaming(() => _ = new Adam(Net(), weightDecay: value), "weightDecay", value);
        ThrowsNaming(() => _ = new AdamW(Net(), weightDecay: value), "weightDecay", value);
    }

    public static TheoryData<double> BadBetas => new() { -0.1, 1.0, 1.2, double.NaN, double.PositiveInfinity, double.NegativeInfinity };

    [Theory]
    [MemberData(nameof(BadBetas))]
    public void Adam_BetaOutsideZeroToOne_Throws(double beta)
    {
        ThrowsNaming(() => _ = new Adam(Net(), beta1: beta), "beta1", beta);
        ThrowsNaming(() => _ = new Adam(Net(), beta2: beta), "beta2", beta);
        ThrowsNaming(() => _ = new AdamW(Net(), beta1: beta), "beta1", beta);
        ThrowsNaming(() => _ = new AdamW(Net().NamedParameters, beta2: beta), "beta2", beta);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-8)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Adam_EpsilonNotPositiveFinite_Throws(double value)
    {
        ThrowsNaming(() => _ = new Adam(Net(), epsilon: value), "epsilon", value);
        ThrowsNaming(() => _ = new AdamW(Net(), epsilon: value), "epsilon", value);
    }

    [Fact]
    public void BoundaryValues_AreAccepted()
    {
        // Controls for the ranges above: μ = 0, τ ∈ {0, 1}, λ = 0, β = 0 and values just inside the open bounds are valid.
        _ = new Sgd(Net(), 1e-300, momentum: 0, dampening: 0);
        _ = new Sgd(Net(), 0.1, momentum: 0.999999, dampening: 1.0);
        _ = new Sgd(Net(), 0.1, momentum: 0.5, nesterov: true);
        _ = new Sgd(Net(), double.MaxValue);
        _ = new Adam(Net(), 0.1, beta1: 0, beta2: 0, epsilon: double.Epsilon, weightDecay: 0);
        _ = new Adam(Net(), 0.1, beta1: 0.999999, beta2: 0.999999);
        _ = new AdamW(Net(), weightDecay: 0);
    }

    [Theory]
    [MemberData(nameof(BadLearningRates))]
    public void LearningRateSetter_Bad_ThrowsAndKeepsTheOldValue(double lr)
    {
        var sgd = new Sgd(Net(), 0.25);
        var adam = new Adam(Net(), 0.125);
        Assert.ThrowsAny<ArgumentException>(() => sgd.LearningRate = lr).Message.Should().Contain("LearningRate");
        Assert.ThrowsAny<ArgumentException>(() => adam.LearningRate = lr).Message.Should().Contain("LearningRate");
        sgd.LearningRate.Should().Be(0.25);
        adam.LearningRate.Should().Be(0.125);
    }

    [Fact]
    public void NetworkWithoutParameters_Throws()
    {
        var net = new Sequential(new ReLU());
        Assert.ThrowsAny<ArgumentException>(() => _ = new Sgd(net, 0.1)).ParamName.Should().Be("network");
        Assert.ThrowsAny<ArgumentException>(() => _ = new Adam(net)).ParamName.Should().Be("network");
        Assert.ThrowsAny<ArgumentException>(() => _ = new AdamW(net)).ParamName.Should().Be("network");
    }

    [Fact]
    public void SameParameterNameTwice_Throws()
    {
        Sequential net = Net();
        KeyValuePair<string, Parameter>[] twice = [.. net.NamedParameters, net.NamedParameters[0]];
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => _ = new Adam(twice));
        ex.ParamName.Should().Be("parameters");
        ex.Message.Should().Contain("0.weight");
    }
}
