namespace TinyNets.Tests.Network;

/// <summary>
/// Sequential's errors and descriptions: each names what is wrong with the given value, and the network's text lists
/// its layers as PyTorch's repr does, by index.
/// </summary>
public class SequentialMessageTests
{
    [Fact]
    public void ALayerTwice_IsRefusedNamingItsSecondIndexAndTheLayer()
    {
        var linear = new Linear(1, 1);
        Action act = () => _ = new Sequential(linear, new ReLU(), linear);
        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("layers");
        e.Message.Should().Contain($"Layer 2 ({linear}) appears more than once");
    }

    [Fact]
    public void MaxDegreeOfParallelism_BelowOne_IsRefusedAndKeepsTheOldValue()
    {
        var net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
        net.MaxDegreeOfParallelism = 3;
        Action act = () => net.MaxDegreeOfParallelism = 0;
        act.Should().Throw<ArgumentOutOfRangeException>();
        net.MaxDegreeOfParallelism.Should().Be(3);
    }

    [Fact]
    public void MaxDegreeOfParallelism_ReachesEveryLinearLayer()
    {
        var first = new Linear(2, 3);
        var last = new Linear(3, 1);
        var net = new Sequential(first, new ReLU(), last);
        net.MaxDegreeOfParallelism = 4;
        first.Parallelism.Should().Be(4);
        last.Parallelism.Should().Be(4);
    }

    [Fact]
    public void Forward_OfNull_ThrowsArgumentNullException_EvenWhenAnActivationComesFirst()
    {
        var net = new Sequential(new ReLU(), new Linear(2, 1));
        Action act = () => net.Forward((Matrix<double>)null!);
        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("input");
    }

    [Fact]
    public void Forward_WithWrongRows_BehindAnActivation_SaysTheyAreTheNetworksInputFeatures()
    {
        var net = new Sequential(new ReLU(), new Linear(2, 1));
        Action act = () => net.Forward(Matrix<double>.Build.Dense(3, 1));
        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("input");
        e.Message.Should().Contain("'input' must have 2 rows (the network's input features");
    }

    [Fact]
    public void Backward_BeforeAnyForward_SaysAForwardPassIsNeeded()
    {
        var net = new Sequential(new Linear(2, 1));
        Action act = () => net.Backward(Matrix<double>.Build.Dense(1, 1, 1.0));
        act.Should().Throw<InvalidOperationException>().WithMessage("Backward needs a Forward pass of the network first.");
    }

    [Fact]
    public void GetParameter_OfAnUnknownName_ListsTheNamesOrSaysNone()
    {
        var withParameters = new Sequential(new Linear(1, 1));
        var without = new Sequential(new ReLU());
        Action listed = () => withParameters.GetParameter("1.weight");
        Action none = () => without.GetParameter("0.weight");
        listed.Should().Throw<ArgumentException>().Which.Message.Should().Contain("No parameter is named \"1.weight\"; this network has \"0.weight\", \"0.bias\".");
        none.Should().Throw<ArgumentException>().Which.Message.Should().Contain("No parameter is named \"0.weight\"; this network has none.");
    }

    [Fact]
    public void ZeroGradients_ClearsEveryGradient()
    {
        var net = new Sequential(new Linear(2, 2), new Tanh(), new Linear(2, 1));
        net.SetParameter("0.weight", new[,] { { 0.5, -1.0 }, { 2.0, 0.25 } });
        net.SetParameter("0.bias", new[] { 0.1, -0.2 });
        net.SetParameter("2.weight", new[,] { { 1.5, -0.75 } });
        net.SetParameter("2.bias", new[] { 0.3 });
        net.Forward(Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, -2.0 }, { 0.5, 3.0 } }));
        net.Backward(Matrix<double>.Build.Dense(1, 2, 1.0));
        net.NamedParameters.SelectMany(p => p.Value.Gradient.ToColumnMajorArray()).Should().Contain(g => g != 0.0, "the test needs gradients to clear");
        net.ZeroGradients();
        net.NamedParameters.SelectMany(p => p.Value.Gradient.ToColumnMajorArray()).Should().OnlyContain(g => g == 0.0);
    }

    [Fact]
    public void ToString_ListsTheLayersByIndex()
    {
        var linear = new Linear(1, 2);
        var relu = new ReLU();
        new Sequential(linear, relu).ToString().Should().Be($"Sequential(0: {linear}, 1: {relu})");
    }
}
