using TinyNets.Training;

namespace TinyNets.Tests.Training;

/// <summary>
/// A state holding weights is accepted only by a network with the same parameter names and, for each set of weights it
/// holds, the same parameter lengths; a state holding only one of the two sets is checked on that one alone.
/// </summary>
public class TrainingStateFitCheckTests
{
    private static readonly string[] Names = ["0.weight", "0.bias"];

    private static Sequential OneToOne()
    {
        var net = new Sequential(new Linear(1, 1));
        net.SetParameter("0.weight", new[,] { { 0.5 } });
        net.SetParameter("0.bias", new[] { 0.25 });
        return net;
    }

    private static TrainingHistory Fit(Sequential net, TrainingState state) =>
        net.Fit(
            Matrix<double>.Build.DenseOfRowArrays(new[] { 1.0, 2.0 }), Matrix<double>.Build.DenseOfRowArrays(new[] { 2.0, 4.0 }),
            new MseLoss(), new Sgd(net, 0.01), state, new FitOptions { Epochs = 1 });

    [Fact]
    public void BestWeightsOfAnotherLength_AreRefused_NamingTheStatesParametersAndTheNetwork()
    {
        var net = OneToOne();
        var state = new TrainingState(5, null, null, null, null, 0, Names, [[1.0, 2.0], [3.0]], null);
        Action act = () => Fit(net, state);
        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("state");
        e.Message.Should().Contain("parameters \"0.weight\", \"0.bias\", which do not fit this network").And.Contain(net.ToString());
        net.NamedParameters.Select(p => p.Value.Data[0]).Should().Equal(0.5, 0.25);
    }

    [Fact]
    public void LastWeightsOfAnotherLength_AreRefused()
    {
        var net = OneToOne();
        var state = new TrainingState(5, null, null, null, null, 0, Names, null, [[1.0], [3.0, 4.0]]);
        Action act = () => Fit(net, state);
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("state");
    }

    [Fact]
    public void LastWeightsAlone_OfTheRightLengths_AreAccepted()
    {
        var net = OneToOne();
        var state = new TrainingState(5, null, null, null, null, 0, Names, null, [[1.5], [2.5]]);
        Fit(net, state).StopReason.Should().Be(StopReason.Completed);
        state.EpochsCompleted.Should().Be(6);
    }

    [Fact]
    public void BestWeightsAlone_OfTheRightLengths_AreAccepted()
    {
        var net = OneToOne();
        var state = new TrainingState(5, null, null, null, null, 0, Names, [[1.5], [2.5]], null);
        Fit(net, state).StopReason.Should().Be(StopReason.Completed);
        state.EpochsCompleted.Should().Be(6);
    }
}
