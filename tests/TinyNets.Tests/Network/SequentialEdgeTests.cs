namespace TinyNets.Tests.Network;

/// <summary>
/// Sequential's edges: sizes read through shape-preserving layers, a network whose first layer takes any width, the
/// messages of refused chains and names, the list it is, and its parallelism setting. Expected values are computed here
/// from the layers' definitions (z = W·x + b, max(0, z)).
/// </summary>
public class SequentialEdgeTests
{
    private static Sequential Net() => new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1)).Initialize(seed: 4);

    [Fact]
    public void Sizes_AreReadThroughShapePreservingLayers()
    {
        var leading = new Sequential(new ReLU(), new Linear(2, 3), new Tanh());
        leading.InputSize.Should().Be(2);
        leading.OutputSize.Should().Be(3);
        var none = new Sequential(new ReLU(), new Tanh());
        none.InputSize.Should().BeNull();
        none.OutputSize.Should().BeNull();
        Net().InputSize.Should().Be(2);
        Net().OutputSize.Should().Be(1);
    }

    [Fact]
    public void AMismatch_BehindAnActivation_IsRefused_NamingBothWidths()
    {
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => _ = new Sequential(new Linear(2, 3), new ReLU(), new Linear(4, 1)));
        ex.ParamName.Should().Be("layers");
        ex.Message.Should().Contain("Layer 2 (Linear(in=4, out=1, bias=True)) expects 4 input features, but the layers before it produce 3");
    }

    [Fact]
    public void BadChains_AreRefused_WithTheirReason()
    {
        Assert.ThrowsAny<ArgumentException>(() => _ = new Sequential()).Message.Should().Contain("at least one layer");
        Assert.ThrowsAny<ArgumentException>(() => _ = new Sequential(new ReLU(), null!)).Message.Should().Contain("Layer 1 is null");
        var relu = new ReLU();
        ArgumentException twice = Assert.ThrowsAny<ArgumentException>(() => _ = new Sequential(new Linear(2, 2), relu, relu));
        twice.ParamName.Should().Be("layers");
        twice.Message.Should().Contain("Layer 2 (ReLU()) appears more than once");
        Assert.Throws<ArgumentNullException>(() => _ = new Sequential((IEnumerable<Layer>)null!));
    }

    [Fact]
    public void ANetworkWhoseFirstLayerTakesAnyWidth_ChecksTheInputRowsItself()
    {
        var net = new Sequential(new ReLU(), new Linear(2, 1));
        net.SetParameter("1.weight", new[,] { { 1.0, -2.0 } });
        net.SetParameter("1.bias", new[] { 0.5 });
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => net.Forward(Matrix<double>.Build.Dense(3, 1)));
        ex.ParamName.Should().Be("input");
        ex.Message.Should().Contain("input features");
        net.Layers().Should().AllSatisfy(l => l.Input.Should().BeNull("a refused input runs no layer"));

        // relu(−1, 2) = (0, 2): 1·0 − 2·2 + 0.5.
        net.Forward(Matrix<double>.Build.DenseOfArray(new[,] { { -1.0 }, { 2.0 } }))[0, 0].Should().Be(-3.5);
    }

    [Fact]
    public void ForwardOfAVector_IsTheOneColumnForward()
    {
        Sequential net = Net();
        net.SetParameter("0.weight", new[,] { { 1.0, 0.0 }, { 0.0, 1.0 }, { 1.0, 1.0 } });
        net.SetParameter("0.bias", new[] { 0.0, -1.0, 0.0 });
        net.SetParameter("2.weight", new[,] { { 1.0, 2.0, 3.0 } });
        net.SetParameter("2.bias", new[] { 0.25 });

        // h = relu(0.5, 1.5 − 1, 2) = (0.5, 0.5, 2); y = 0.5 + 1 + 6 + 0.25.
        Vector<double> y = net.Forward(Vector<double>.Build.DenseOfArray([0.5, 1.5]));
        y.Count.Should().Be(1);
        y[0].Should().Be(7.75);
        Assert.Throws<ArgumentNullException>(() => net.Forward((Vector<double>)null!));
    }

    [Fact]
    public void UnknownNames_AreRefused_ListingTheNamesThereAre()
    {
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => Net().GetParameter("1.weight"));
        ex.ParamName.Should().Be("name");
        ex.Message.Should().Contain("\"1.weight\"").And.Contain("\"0.weight\", \"0.bias\", \"2.weight\", \"2.bias\"");
        Assert.ThrowsAny<ArgumentException>(() => new Sequential(new ReLU()).GetParameter("0.weight")).Message.Should().Contain("has none");
        Assert.ThrowsAny<ArgumentException>(() => Net().GetGradient("3.bias")).ParamName.Should().Be("name");
        Net().TryGetParameter("2.bias", out Parameter? found).Should().BeTrue();
        found!.Rows.Should().Be(1);
        Net().TryGetParameter("2.bia", out _).Should().BeFalse();
        Assert.Throws<ArgumentNullException>(() => Net().TryGetParameter(null!, out _));
        Assert.Throws<ArgumentNullException>(() => Net().GetParameter(null!));
    }

    [Fact]
    public void SetParameter_RefusesNullValues()
    {
        Sequential net = Net();
        Assert.Throws<ArgumentNullException>(() => net.SetParameter("0.weight", (double[,])null!));
        Assert.Throws<ArgumentNullException>(() => net.SetParameter("0.bias", (double[])null!));
        Assert.Throws<ArgumentNullException>(() => net.SetParameter("0.bias", (Vector<double>)null!));
        net.SetParameter("0.bias", Vector<double>.Build.DenseOfArray([1.0, 2.0, 3.0]));
        net.GetParameter("0.bias").Data.ToArray().Should().Equal(1.0, 2.0, 3.0);
    }

    [Fact]
    public void TheNetwork_IsTheListOfItsLayers_InOrder()
    {
        Layer[] layers = [new Linear(2, 3), new ReLU(), new Linear(3, 1)];
        var net = new Sequential(layers);
        net.Count.Should().Be(3);
        net[1].Should().BeSameAs(layers[1]);
        net.Layers().Should().Equal(layers);
        var untyped = new List<object>();
        foreach (object layer in (System.Collections.IEnumerable)net)
        {
            untyped.Add(layer);
        }

        untyped.Should().Equal(layers);
        net.ToString().Should().Be("Sequential(0: Linear(in=2, out=3, bias=True), 1: ReLU(), 2: Linear(in=3, out=1, bias=True))");
    }

    [Fact]
    public void Output_IsTheLastLayersOutput()
    {
        Sequential net = Net();
        net.Output.Should().BeNull();
        Matrix<double> y = net.Forward(Matrix<double>.Build.Dense(2, 2, 1.0));
        net.Output.Should().BeSameAs(y);
        net[2].Output.Should().BeSameAs(y);
    }

    [Fact]
    public void MaxDegreeOfParallelism_IsKept_AndBelowOneIsRefused()
    {
        Sequential net = Net();
        net.MaxDegreeOfParallelism.Should().Be(1);
        net.MaxDegreeOfParallelism = 3;
        net.MaxDegreeOfParallelism.Should().Be(3);
        ((Linear)net[0]).Parallelism.Should().Be(3);
        ((Linear)net[2]).Parallelism.Should().Be(3);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.MaxDegreeOfParallelism = 0);
        net.MaxDegreeOfParallelism.Should().Be(3);
    }

    [Fact]
    public void CountParameters_SplitsWeightsFromBiases()
    {
        new Sequential(new Linear(4, 3), new Tanh(), new Linear(3, 2, bias: false)).CountParameters()
            .Should().Be(new ParameterCount((4 * 3) + (3 * 2), 3));
    }

    [Fact]
    public void ZeroGradients_ClearsEveryGradient()
    {
        Sequential net = Net();
        net.Forward(Matrix<double>.Build.Dense(2, 3, (i, j) => i - j + 0.5));
        net.Backward(Matrix<double>.Build.Dense(1, 3, 1.0));
        net.NamedParameters.SelectMany(p => p.Value.Gradient.ToColumnMajorArray()).Should().Contain(g => g != 0);
        net.ZeroGradients();
        net.NamedParameters.SelectMany(p => p.Value.Gradient.ToColumnMajorArray()).Should().OnlyContain(g => g == 0);
    }

    [Fact]
    public void Backward_BeforeAnyForward_OrAfterALayerRanOnItsOwn_IsRefused()
    {
        Sequential net = Net();
        Assert.Throws<InvalidOperationException>(() => net.Backward(Matrix<double>.Build.Dense(1, 1))).Message.Should().Contain("Forward pass");
        net.Forward(Matrix<double>.Build.Dense(2, 1, 1.0));
        net[1].Forward(Matrix<double>.Build.Dense(3, 1, 1.0));
        Assert.Throws<InvalidOperationException>(() => net.Backward(Matrix<double>.Build.Dense(1, 1, 1.0))).Message
            .Should().Contain("Layer 1 (ReLU()) was run on its own");
    }
}

internal static class SequentialTestExtensions
{
    public static IEnumerable<Layer> Layers(this Sequential net) => net;
}
