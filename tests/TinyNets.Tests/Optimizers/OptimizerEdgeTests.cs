using System.Globalization;

namespace TinyNets.Tests.Optimizers;

/// <summary>
/// The optimizers' edges that the update and state tests leave open: construction from bad named parameters, a state
/// taken before any step, a buffer offered to an optimizer that keeps none, the state's and buffer's own argument checks,
/// and the hyper-parameters that ToString shows.
/// </summary>
public class OptimizerEdgeTests
{
    private static Sequential Net() => new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1)).Initialize(seed: 3);

    private static OptimizerState With(OptimizerState s, IEnumerable<OptimizerBuffer> buffers) =>
        new(s.Kind, s.HyperParameters, s.Steps, buffers);

    [Fact]
    public void ANullParameter_IsRefused_ByName()
    {
        Sequential net = Net();
        KeyValuePair<string, Parameter>[] named = [net.NamedParameters[0], new("extra", null!)];
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => _ = new Sgd(named, 0.1));
        ex.Should().NotBeOfType<ArgumentNullException>();
        ex.ParamName.Should().Be("parameters");
        ex.Message.Should().Contain("\"extra\"").And.Contain("null");
    }

    [Fact]
    public void AnEmptyParameterList_IsRefused()
    {
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => _ = new Adam(Array.Empty<KeyValuePair<string, Parameter>>()));
        ex.ParamName.Should().Be("parameters");
        ex.Message.Should().Contain("no parameters");
    }

    [Fact]
    public void OneParameterUnderTwoNames_IsRefused_NamingBoth()
    {
        Sequential net = Net();
        KeyValuePair<string, Parameter>[] named = [.. net.NamedParameters, new("again", net.NamedParameters[1].Value)];
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => _ = new AdamW(named));
        ex.ParamName.Should().Be("parameters");
        ex.Message.Should().Contain("\"0.bias\"").And.Contain("\"again\"").And.Contain("same parameter object");
    }

    [Fact]
    public void AStateTakenBeforeAnyStep_LoadsAndTheNextStepIsAFirstStep()
    {
        // SGD with momentum: the first step sets b = g, every later one b = μb + (1 − τ)g.
        Sequential source = Net(), net = Net();
        var fresh = new Sgd(source, 0.1, momentum: 0.9, dampening: 0.5);
        var sgd = new Sgd(net, 0.1, momentum: 0.9, dampening: 0.5);
        sgd.ZeroGradients();
        sgd.Step();
        sgd.LoadState(fresh.GetState());
        sgd.Steps.Should().Be(0);

        double before = net.NamedParameters[0].Value.Data[0];
        net.NamedParameters[0].Value.GradientData[0] = 2.0;
        sgd.Step();

        // b = g = 2 (not 0.9·0 + 0.5·2 = 1), θ ← θ − 0.1·2.
        Exact(net.NamedParameters[0].Value.Data[0], before - (0.1 * 2.0));
        sgd.GetState().Buffers[0].Values[0].Should().Be(2.0);
    }

    [Fact]
    public void ABuffer_GivenToPlainSgd_WhichKeepsNone_IsRefused()
    {
        var sgd = new Sgd(Net(), 0.1);
        OptimizerState state = With(sgd.GetState(), [new OptimizerBuffer("0.weight", "momentum_buffer", new double[6])]);
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => sgd.LoadState(state));
        ex.ParamName.Should().Be("state");
        ex.Message.Should().Contain("\"momentum_buffer\"").And.Contain("\"0.weight\"").And.Contain("keeps none");
    }

    [Fact]
    public void AnUnknownBuffer_IsRefused_ListingTheBuffersKept()
    {
        var sgd = new Sgd(Net(), 0.1, momentum: 0.5);
        OptimizerState good = sgd.GetState();
        OptimizerState state = With(good, good.Buffers.Append(new OptimizerBuffer("0.weight", "exp_avg", new double[6])));
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => sgd.LoadState(state));
        ex.Message.Should().Contain("\"momentum_buffer\" of \"0.weight\"").And.Contain("\"momentum_buffer\" of \"2.bias\"");
    }

    [Fact]
    public void AnUnknownHyperParameter_IsRefused_ListingTheKnownOnes()
    {
        var adam = new Adam(Net());
        OptimizerState good = adam.GetState();
        var hyper = good.HyperParameters.ToDictionary(kv => kv.Key, kv => kv.Value);
        hyper["momentum"] = 0.9;
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => adam.LoadState(new OptimizerState(good.Kind, hyper, good.Steps, good.Buffers)));
        ex.ParamName.Should().Be("state");
        ex.Message.Should().Contain("\"momentum\"").And.Contain("Adam").And.Contain("lr").And.Contain("beta1").And.Contain("eps");
    }

    [Fact]
    public void ADifferentHyperParameter_IsRefused_StatingBothValues()
    {
        var adam = new Adam(Net(), beta2: 0.99);
        OptimizerState other = new Adam(Net(), beta2: 0.95).GetState();
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => adam.LoadState(other));
        ex.Message.Should().Contain("\"beta2\"").And.Contain("0.99").And.Contain("0.95");
    }

    [Fact]
    public void OptimizerState_ChecksItsArguments_AndCopies()
    {
        var hyper = new Dictionary<string, double> { ["lr"] = 0.1 };
        OptimizerBuffer[] buffers = [new("0.weight", "momentum_buffer", [1.0, 2.0])];
        Assert.Throws<ArgumentNullException>(() => new OptimizerState(null!, hyper, 0, buffers)).ParamName.Should().Be("kind");
        Assert.Throws<ArgumentNullException>(() => new OptimizerState("SGD", null!, 0, buffers)).ParamName.Should().Be("hyperParameters");
        Assert.Throws<ArgumentNullException>(() => new OptimizerState("SGD", hyper, 0, null!)).ParamName.Should().Be("buffers");
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => new OptimizerState("SGD", hyper, 0, [buffers[0], null!]));
        ex.Should().NotBeOfType<ArgumentNullException>();
        ex.ParamName.Should().Be("buffers");

        var state = new OptimizerState("SGD", hyper, 7, buffers);
        hyper["lr"] = 0.5;
        buffers[0] = new OptimizerBuffer("x", "y", []);
        state.Kind.Should().Be("SGD");
        state.Steps.Should().Be(7);
        state.HyperParameters["lr"].Should().Be(0.1);
        state.Buffers.Should().ContainSingle().Which.Parameter.Should().Be("0.weight");
    }

    [Fact]
    public void OptimizerBuffer_ChecksItsArguments_AndCopiesTheValues()
    {
        double[] values = [1.5, -2.0];
        Assert.Throws<ArgumentNullException>(() => new OptimizerBuffer(null!, "n", values)).ParamName.Should().Be("parameter");
        Assert.Throws<ArgumentNullException>(() => new OptimizerBuffer("p", null!, values)).ParamName.Should().Be("name");
        Assert.Throws<ArgumentNullException>(() => new OptimizerBuffer("p", "n", null!)).ParamName.Should().Be("values");
        var buffer = new OptimizerBuffer("p", "n", values);
        values[0] = 9;
        buffer.Parameter.Should().Be("p");
        buffer.Name.Should().Be("n");
        buffer.Values.Should().Equal(1.5, -2.0);
    }

    [Fact]
    public void ToString_ShowsEveryHyperParameter_InPyTorchsTerms()
    {
        string Text(double v) => v.ToString(CultureInfo.InvariantCulture);
        Sequential net = Net();
        new Sgd(net, 0.25, momentum: 0.75, dampening: 0, nesterov: true, weightDecay: 0.125).ToString().Should()
            .Be($"Sgd(lr={Text(0.25)}, momentum={Text(0.75)}, dampening=0, nesterov=True, weight_decay={Text(0.125)})");
        new Adam(net, 0.5, 0.875, 0.9375, 0.0625, 0.25).ToString().Should()
            .Be($"Adam(lr={Text(0.5)}, betas=({Text(0.875)}, {Text(0.9375)}), eps={Text(0.0625)}, weight_decay={Text(0.25)})");
        new AdamW(net, 0.5).ToString().Should().StartWith("AdamW(lr=0.5, ").And.EndWith($"weight_decay={Text(0.01)})");
    }

    [Fact]
    public void GetState_RecordsEveryHyperParameterValue()
    {
        Sequential net = Net();
        OptimizerState sgd = new Sgd(net, 0.25, momentum: 0.75, dampening: 0.5, weightDecay: 0.125).GetState();
        sgd.HyperParameters.Should().Equal(new Dictionary<string, double>
        {
            ["lr"] = 0.25, ["momentum"] = 0.75, ["dampening"] = 0.5, ["nesterov"] = 0, ["weight_decay"] = 0.125,
        });
        new Sgd(net, 0.25, momentum: 0.75, nesterov: true).GetState().HyperParameters["nesterov"].Should().Be(1);
        OptimizerState adamW = new AdamW(net, 0.5, 0.875, 0.9375, 0.0625, 0.25).GetState();
        adamW.Kind.Should().Be("AdamW");
        adamW.HyperParameters.Should().Equal(new Dictionary<string, double>
        {
            ["lr"] = 0.5, ["beta1"] = 0.875, ["beta2"] = 0.9375, ["eps"] = 0.0625, ["weight_decay"] = 0.25,
        });
    }

    [Fact]
    public void ZeroGradients_ClearsTheGradientsOfEveryParameter()
    {
        Sequential net = Net();
        foreach (KeyValuePair<string, Parameter> p in net.NamedParameters)
        {
            p.Value.GradientData.Fill(3.0);
        }

        new Adam(net).ZeroGradients();
        net.NamedParameters.SelectMany(p => p.Value.Gradient.ToColumnMajorArray()).Should().OnlyContain(g => g == 0);
    }
}
