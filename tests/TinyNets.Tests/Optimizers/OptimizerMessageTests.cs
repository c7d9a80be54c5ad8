namespace TinyNets.Tests.Optimizers;

/// <summary>
/// The optimizers' argument errors: null arguments named, repeated names and foreign states refused with the name, the
/// expected and the given value.
/// </summary>
public class OptimizerMessageTests
{
    private static Sequential OneToOne() => new(new Linear(1, 1));

    [Fact]
    public void NullParameters_AreNamedBeforeTheLearningRateIsLookedAt()
    {
        Action act = () => _ = new Sgd((IEnumerable<KeyValuePair<string, Parameter>>)null!, 0.0);
        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("parameters");
    }

    [Fact]
    public void TwoParametersUnderOneName_AreRefusedNamingIt()
    {
        var a = OneToOne();
        var b = OneToOne();
        var parameters = new[]
        {
            new KeyValuePair<string, Parameter>("w", a.GetParameter("0.weight")),
            new KeyValuePair<string, Parameter>("w", b.GetParameter("0.weight")),
        };
        Action act = () => _ = new Sgd(parameters, 0.1);
        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("parameters");
        e.Message.Should().Contain("Parameter \"w\" was given more than once.");
    }

    [Fact]
    public void ANetworkWithoutParameters_IsRefusedNamingIt()
    {
        var net = new Sequential(new ReLU());
        Action act = () => _ = new Sgd(net, 0.1);
        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("network");
        e.Message.Should().Contain($"The network has no trainable parameters to optimize: {net}.");
    }

    [Fact]
    public void LoadState_OfNull_ThrowsArgumentNullException()
    {
        var net = OneToOne();
        Action act = () => new Sgd(net, 0.1).LoadState(null!);
        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("state");
    }

    [Fact]
    public void LoadState_WithAnUnknownHyperParameter_ListsTheKnownOnes()
    {
        var net = OneToOne();
        var sgd = new Sgd(net, 0.1);
        OptimizerState mine = sgd.GetState();
        var hyper = new Dictionary<string, double>(mine.HyperParameters) { ["foo"] = 1.0 };
        Action act = () => sgd.LoadState(new OptimizerState(mine.Kind, hyper, mine.Steps, mine.Buffers));
        act.Should().Throw<ArgumentException>().Which.Message.Should()
            .Contain($"has no hyper-parameter \"foo\"; its hyper-parameters are {string.Join(", ", mine.HyperParameters.Keys)}.");
    }

    [Fact]
    public void LoadState_WithABufferThatPlainSgdDoesNotKeep_SaysItKeepsNone()
    {
        var net = OneToOne();
        var sgd = new Sgd(net, 0.1);
        OptimizerState mine = sgd.GetState();
        var buffers = new[] { new OptimizerBuffer("0.weight", "momentum_buffer", new[] { 1.0 }) };
        Action act = () => sgd.LoadState(new OptimizerState(mine.Kind, mine.HyperParameters, mine.Steps, buffers));
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("does not keep; it keeps none.");
    }

    [Fact]
    public void LoadState_WithANaNAsTheFirstValueOfABuffer_IsRefused()
    {
        var net = OneToOne();
        var adam = new Adam(net, 0.1);
        OptimizerState mine = adam.GetState();
        mine.Buffers.Should().NotBeEmpty("the test needs a buffer to spoil");
        var buffers = mine.Buffers
            .Select((b, i) => i == 0 ? new OptimizerBuffer(b.Parameter, b.Name, b.Values.Select((v, j) => j == 0 ? double.NaN : v).ToArray()) : b)
            .ToArray();
        Action act = () => adam.LoadState(new OptimizerState(mine.Kind, mine.HyperParameters, mine.Steps, buffers));
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("must be finite; value 0 is NaN.");
    }

    [Fact]
    public void OptimizerState_WithANullBuffer_SaysSo()
    {
        Action act = () => _ = new OptimizerState("Sgd", new Dictionary<string, double>(), 0, new OptimizerBuffer[] { null! });
        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("buffers");
        e.Message.Should().Contain("A buffer is null.");
    }

    [Fact]
    public void AdamUpdate_OfANullParameter_ThrowsArgumentNullException()
    {
        Action act = () => new AdamProbe(OneToOne()).UpdateNull();
        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("parameter");
    }

    [Fact]
    public void AParameterTooLargeForOneArray_IsNamedInTheMessage()
    {
        Action act = () => _ = new Parameter("w", 1 << 20, 1 << 20, isVector: false);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("Parameter 'w' needs 1048576 × 1048576 = 1099511627776 values");
    }

    private sealed class AdamProbe(Sequential network) : Adam(network)
    {
        public void UpdateNull() => Update(0, null!);
    }
}
