using static TinyNets.Tests.Validation.ValidationSupport;

namespace TinyNets.Tests.Validation;

/// <summary>
/// Bad arguments to constructors and settings: Linear sizes, Sequential layer lists, LeakyReLU slope, loss scale and reduction,
/// SGD learning rate (constructor and setter), initializer. Each throws naming the parameter and the given value, and a
/// rejected setting leaves the object (and the network it works on) unchanged.
/// </summary>
public class ConstructionBadInputTests
{
    // ---------------------------------------------------------------- Linear

    [Theory]
    [InlineData(0, 3, "inFeatures", 0)]
    [InlineData(-1, 3, "inFeatures", -1)]
    [InlineData(int.MinValue, 3, "inFeatures", int.MinValue)]
    [InlineData(2, 0, "outFeatures", 0)]
    [InlineData(2, -7, "outFeatures", -7)]
    [InlineData(0, 0, "inFeatures", 0)]
    public void Linear_NonPositiveSize_ThrowsOutOfRangeNamingTheSize(int inFeatures, int outFeatures, string paramName, int given)
    {
        ArgumentOutOfRangeException ex = ThrowsOutOfRange(() => _ = new Linear(inFeatures, outFeatures), paramName, given, Text(given), "positive");
        ex.Message.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void Linear_SizeOne_IsAccepted()
    {
        // Control: the bound is "positive", so 1 is valid.
        var layer = new Linear(1, 1);
        layer.Weight.ShapeText.Should().Be("1×1");
    }

    // ---------------------------------------------------------------- Sequential

    [Fact]
    public void Sequential_NoLayers_ThrowsNamingLayers()
    {
        ArgumentException a = ThrowsArgument(() => _ = new Sequential(), "layers");
        a.Message.Should().ContainAny("at least one", "none", "no layer", "empty");
        ThrowsArgument(() => _ = new Sequential(new List<Layer>()), "layers");
        ThrowsArgument(() => _ = new Sequential(Array.Empty<Layer>()), "layers");
    }

    [Fact]
    public void Sequential_NullLayer_ThrowsNamingLayers()
    {
        ThrowsArgument(() => _ = new Sequential(new Linear(2, 3), null!, new Linear(3, 1)), "layers", "1");
        Assert.Throws<ArgumentNullException>(() => _ = new Sequential((IEnumerable<Layer>)null!)).ParamName.Should().Be("layers");
    }

    [Fact]
    public void Sequential_MismatchedConsecutiveLinearSizes_ThrowsNamingLayersAndBothSizes()
    {
        ArgumentException ex = ThrowsArgument(() => _ = new Sequential(new Linear(2, 5), new Linear(7, 1)), "layers");
        Numbers(ex.Message).Should().Contain(5, "the width produced (5) must be stated: {0}", ex.Message).And.Contain(7);
    }

    [Fact]
    public void Sequential_MismatchedLinearSizesAcrossActivations_ThrowsNamingLayersAndBothSizes()
    {
        // Activations keep the width, so 5 reaches the third Linear, which wants 7.
        ArgumentException ex = ThrowsArgument(() => _ = new Sequential(new Linear(2, 5), new ReLU(), new Tanh(), new Linear(7, 1)), "layers");
        Numbers(ex.Message).Should().Contain(5).And.Contain(7);
    }

    [Fact]
    public void Sequential_MismatchDeeperInTheChain_ThrowsNamingBothSizes()
    {
        ArgumentException ex = ThrowsArgument(
            () => _ = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 4), new Sigmoid(), new Linear(6, 1)), "layers");
        Numbers(ex.Message).Should().Contain(4).And.Contain(6);
    }

    [Fact]
    public void Sequential_SameActivationObjectTwice_ThrowsNamingLayers()
    {
        var relu = new ReLU();
        ThrowsArgument(() => _ = new Sequential(new Linear(2, 3), relu, new Linear(3, 3), relu), "layers");
    }

    [Fact]
    public void Sequential_SameLinearObjectTwice_ThrowsNamingLayers()
    {
        // Sizes match (3→3 twice), so only the identity check can catch it: the two positions would share one parameter under two names.
        var linear = new Linear(3, 3);
        ThrowsArgument(() => _ = new Sequential(linear, linear), "layers");
        ThrowsArgument(() => _ = new Sequential(linear, new ReLU(), linear), "layers");
    }

    [Fact]
    public void Sequential_TwoEqualButDistinctLayers_AreAccepted()
    {
        // Control: "the same layer" means the same object, not two layers of the same kind.
        var net = new Sequential(new ReLU(), new ReLU(), new Linear(2, 2), new Linear(2, 2));
        net.Count.Should().Be(4);
    }

    // ---------------------------------------------------------------- LeakyReLU

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void LeakyReLU_NonFiniteSlope_ThrowsOutOfRangeNamingNegativeSlope(double slope)
    {
        ThrowsOutOfRange(() => _ = new LeakyReLU(slope), "negativeSlope", slope, Text(slope), "finite");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    [InlineData(3.0)]
    public void LeakyReLU_AnyFiniteSlope_IsAccepted(double slope)
    {
        new LeakyReLU(slope).NegativeSlope.Should().Be(slope);
    }

    // ---------------------------------------------------------------- losses

    public static TheoryData<string, double> LossesWithBadScales()
    {
        var data = new TheoryData<string, double>();
        foreach (string name in new[] { "MseLoss", "BceWithLogitsLoss", "SoftplusLoss", "SoftMarginLoss", "CrossEntropyLoss", "L1Loss", "HuberLoss", "SmoothL1Loss", "BceLoss", "NllLoss" })
        {
            foreach (double scale in new[] { 0.0, -0.0, -0.5, -1.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            {
                data.Add(name, scale);
            }
        }

        return data;
    }

    private static Loss MakeLoss(string name, Reduction reduction, double scale) => name switch
    {
        "MseLoss" => new MseLoss(reduction, scale),
        "BceWithLogitsLoss" => new BceWithLogitsLoss(reduction, scale),
        "SoftplusLoss" => new SoftplusLoss(reduction, scale),
        "SoftMarginLoss" => new SoftMarginLoss(reduction, scale),
        "CrossEntropyLoss" => new CrossEntropyLoss(reduction, scale),
        "L1Loss" => new L1Loss(reduction, scale),
        "HuberLoss" => new HuberLoss(1.0, reduction, scale),
        "SmoothL1Loss" => new SmoothL1Loss(1.0, reduction, scale),
        "BceLoss" => new BceLoss(reduction, scale),
        "NllLoss" => new NllLoss(reduction, scale),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown loss"),
    };

    [Theory]
    [MemberData(nameof(LossesWithBadScales))]
    public void Loss_NonPositiveOrNonFiniteScale_ThrowsOutOfRangeNamingScale(string lossName, double badScale)
    {
        ThrowsOutOfRange(() => MakeLoss(lossName, Reduction.Sum, badScale), "scale", badScale, Text(badScale), "positive");
    }

    [Theory]
    [InlineData("MseLoss")]
    [InlineData("CrossEntropyLoss")]
    [InlineData("HuberLoss")]
    [InlineData("BceLoss")]
    public void Loss_UnknownReduction_ThrowsOutOfRangeNamingReduction(string name)
    {
        ThrowsOutOfRange(() => MakeLoss(name, (Reduction)7, 1.0), "reduction", (Reduction)7, "7");
    }

    [Fact]
    public void Loss_TinyPositiveScale_IsAccepted()
    {
        new MseLoss(Reduction.Sum, double.Epsilon).Scale.Should().Be(double.Epsilon);
    }

    // ---------------------------------------------------------------- SGD

    public static TheoryData<double> BadLearningRates() => new()
    {
        0.0, -0.0, -0.1, -1e-300, double.NaN, double.PositiveInfinity, double.NegativeInfinity,
    };

    // The setter takes 0 (PyTorch's lr ≥ 0, where a cosine schedule to eta_min = 0 ends); the constructors do not.
    public static TheoryData<double> BadSetLearningRates() => new()
    {
        -0.1, -1e-300, -double.Epsilon, double.NaN, double.PositiveInfinity, double.NegativeInfinity,
    };

    [Theory]
    [MemberData(nameof(BadLearningRates))]
    public void Sgd_Constructor_BadLearningRate_ThrowsOutOfRangeNamingLearningRate_AndLeavesNetUnchanged(double lr)
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);

        ThrowsOutOfRange(() => _ = new Sgd(net, lr), "learningRate", lr, Text(lr), "positive");
        ThrowsOutOfRange(() => _ = new Sgd(net.NamedParameters, lr), "learningRate", lr, Text(lr), "positive");

        before.AssertUnchanged();
    }

    [Theory]
    [MemberData(nameof(BadSetLearningRates))]
    public void Sgd_LearningRateSetter_BadValue_ThrowsOutOfRange_KeepsTheOldRate_AndStepUsesIt(double lr)
    {
        Sequential net = NetAfterGoodPass();
        var sgd = new Sgd(net, 0.5);
        sgd.LearningRate = 0.1;
        var before = NetworkSnapshot.Take(net);

        // A property setter's parameter is "value" (.NET convention); the message must carry the rejected value.
        ThrowsOutOfRange(() => sgd.LearningRate = lr, "value", lr, Text(lr), "≥ 0");

        sgd.LearningRate.Should().Be(0.1);
        before.AssertUnchanged();

        // The next step uses the old rate: θ' = θ − 0.1·g, computed here entry by entry.
        Dictionary<string, (double[] Theta, double[] Grad)> old = net.NamedParameters.ToDictionary(
            kv => kv.Key, kv => (kv.Value.ToVector().ToArray(), kv.Value.Gradient.ToColumnMajorArray()));
        sgd.Step();
        foreach ((string name, (double[] theta, double[] grad)) in old)
        {
            double[] now = net.GetParameter(name).ToVector().ToArray();
            for (int i = 0; i < theta.Length; i++)
            {
                double expected = theta[i] - (0.1 * grad[i]);
                now[i].Should().BeApproximately(expected, 1e-12 * Math.Max(1.0, Math.Abs(expected)), "{0}[{1}]", name, i);
            }
        }
    }

    [Fact]
    public void Sgd_GoodLearningRateSetter_Control()
    {
        var sgd = new Sgd(Net(), 0.5) { LearningRate = double.Epsilon };
        sgd.LearningRate.Should().Be(double.Epsilon);
    }

    [Fact]
    public void Sgd_LearningRateSetter_TakesZero_AndAStepThenLeavesTheParameters()
    {
        Sequential net = NetAfterGoodPass();
        var sgd = new Sgd(net, 0.5) { LearningRate = 0 };
        sgd.LearningRate.Should().Be(0);
        var before = NetworkSnapshot.Take(net);
        sgd.Step();
        before.AssertUnchanged();
    }

    [Fact]
    public void Sgd_NoParameters_ThrowsNamingParameters()
    {
        ThrowsArgument(() => _ = new Sgd(Array.Empty<KeyValuePair<string, Parameter>>(), 0.1), "parameters");
    }

    [Fact]
    public void Sgd_OverANetworkWithoutParameters_NamesTheNetworkParameter()
    {
        // Sgd(Sequential network, double learningRate) has no parameter called "parameters"; the exception must name "network".
        var net = new Sequential(new ReLU());
        ThrowsArgument(() => _ = new Sgd(net, 0.1), "network");
    }

    [Fact]
    public void Sgd_DuplicateParameterName_ThrowsNamingParametersAndTheName()
    {
        Sequential net = Net();
        KeyValuePair<string, Parameter>[] twice = [net.NamedParameters[0], net.NamedParameters[0]];
        ThrowsArgument(() => _ = new Sgd(twice, 0.1), "parameters", "0.weight");
    }

    [Fact]
    public void Sgd_NullNetwork_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => _ = new Sgd((Sequential)null!, 0.1)).ParamName.Should().Be("network");
    }

    // ---------------------------------------------------------------- initializer

    [Fact]
    public void Initialize_UnknownInitializer_ThrowsOutOfRange_AndLeavesNetUnchanged()
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);

        ThrowsOutOfRange(() => net.Initialize(1, (Initializer)42), "initializer", (Initializer)42, "42");
        ThrowsOutOfRange(() => ((Linear)net[2]).Initialize(new SeededRandom(1), (Initializer)42), "initializer", (Initializer)42, "42");

        before.AssertUnchanged();
    }
}
