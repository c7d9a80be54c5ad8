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

    // The setter takes 0 (PyTorch's lr ≥ 0; a schedule may end there), the constructors do not.
    public static TheoryData<double> BadSetLearningRates => new() { -0.1, -double.Epsilon, double.NaN, double.PositiveInfinity, double.NegativeInfinity };

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

    public static TheoryData<string> BoundaryConfigurations => new()
    {
        "sgd-tiny-lr", "sgd-largest-lr", "sgd-momentum-just-below-1-dampening-1", "sgd-nesterov",
        "adam-zero-betas-smallest-epsilon", "adam-betas-just-below-1", "adamw-no-decay",
    };

    [Theory]
    [MemberData(nameof(BoundaryConfigurations))]
    public void BoundaryValues_AreAccepted_StoredAndUsedByTheUpdate(string configuration)
    {
        // Controls for the ranges above: μ = 0, τ ∈ {0, 1}, λ = 0, β = 0, the extreme learning rates and ε, and values just
        // inside the open bounds are valid. Accepted means: kept as given, and two steps move the parameters exactly as
        // PyTorch's update with those values (the scalar references of OptimizerUpdateTests, run here on the same values).
        var net = new Sequential(new Linear(2, 1, bias: false));
        double[] start = [0.0, 0.75]; // θ = 0 shows even a 1e-300 step
        net.SetParameter("0.weight", new[,] { { start[0], start[1] } });

        // η = double.MaxValue needs gradients that keep η·g finite.
        double gradientScale = configuration == "sgd-largest-lr" ? 1e-300 : 1.0;
        double[][] gradients = [[0.5 * gradientScale, -0.125 * gradientScale], [-0.25 * gradientScale, 1.5 * gradientScale]];

        Optimizer optimizer;
        Func<double, double[], double[]> reference;
        switch (configuration)
        {
            case "sgd-tiny-lr":
            case "sgd-largest-lr":
            case "sgd-momentum-just-below-1-dampening-1":
            case "sgd-nesterov":
                (double lr, double momentum, double dampening, bool nesterov) = configuration switch
                {
                    "sgd-tiny-lr" => (1e-300, 0.0, 0.0, false),
                    "sgd-largest-lr" => (double.MaxValue, 0.0, 0.0, false),
                    "sgd-momentum-just-below-1-dampening-1" => (0.1, 0.999999, 1.0, false),
                    _ => (0.1, 0.5, 0.0, true),
                };
                var sgd = new Sgd(net, lr, momentum: momentum, dampening: dampening, nesterov: nesterov);
                sgd.LearningRate.Should().Be(lr);
                sgd.Momentum.Should().Be(momentum);
                sgd.Dampening.Should().Be(dampening);
                sgd.Nesterov.Should().Be(nesterov);
                sgd.WeightDecay.Should().Be(0.0);
                optimizer = sgd;
                reference = (theta, g) => OptimizerUpdateTests.SgdReference(theta, g, lr, momentum, dampening, nesterov, 0.0);
                break;
            default:
                (double beta1, double beta2, double epsilon, bool decoupled) = configuration switch
                {
                    "adam-zero-betas-smallest-epsilon" => (0.0, 0.0, double.Epsilon, false),
                    "adam-betas-just-below-1" => (0.999999, 0.999999, 1e-8, false),
                    _ => (0.9, 0.999, 1e-8, true),
                };
                Adam adam = decoupled
                    ? new AdamW(net, 0.1, beta1, beta2, epsilon, weightDecay: 0)
                    : new Adam(net, 0.1, beta1, beta2, epsilon, weightDecay: 0);
                adam.LearningRate.Should().Be(0.1);
                adam.Beta1.Should().Be(beta1);
                adam.Beta2.Should().Be(beta2);
                adam.Epsilon.Should().Be(epsilon);
                adam.WeightDecay.Should().Be(0.0);
                optimizer = adam;
                reference = (theta, g) => OptimizerUpdateTests.AdamReference(theta, g, 0.1, beta1, beta2, epsilon, 0.0, decoupled);
                break;
        }

        double[][] expected = [.. Enumerable.Range(0, start.Length).Select(k => reference(start[k], [gradients[0][k], gradients[1][k]]))];
        for (int t = 0; t < gradients.Length; t++)
        {
            gradients[t].CopyTo(net.GetParameter("0.weight").GradientData);
            optimizer.Step();
            double[] actual = net.GetParameter("0.weight").Data.ToArray();
            Enumerable.Range(0, start.Length).Should().Contain(
                k => expected[k][t] != (t == 0 ? start[k] : expected[k][t - 1]), "the reference moves a scalar on every step here");
            for (int k = 0; k < start.Length; k++)
            {
                // Relative, so that a step of 1e-300 from 0 is told apart from no step at all.
                double want = expected[k][t];
                actual[k].Should().BeApproximately(want, 1e-12 * Math.Abs(want), $"{optimizer}: scalar {k} after step {t + 1}");
            }
        }

        optimizer.Steps.Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(BadSetLearningRates))]
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
