using TinyNets.Training;

namespace TinyNets.Tests.Training;

/// <summary>
/// The pieces of a training position: the generator's state (read, restored, validated) and the state's checks against
/// the network and data it continues.
/// </summary>
public class TrainingStateTests
{
    [Fact]
    public void AGeneratorFromAState_ContinuesTheSequence()
    {
        var random = new SeededRandom(42);
        for (int i = 0; i < 5; i++)
        {
            random.NextUInt64();
        }

        ulong[] state = random.GetState();
        var resumed = SeededRandom.FromState(state);
        state[0] ^= 1; // GetState returned a copy: changing it changes neither generator
        for (int i = 0; i < 20; i++)
        {
            resumed.NextUInt64().Should().Be(random.NextUInt64());
        }
    }

    [Fact]
    public void AGeneratorState_IsValidated()
    {
        Assert.Throws<ArgumentException>(() => SeededRandom.FromState(new ulong[4])).Message.Should().Contain("all-zero");
        var e = Assert.Throws<ArgumentException>(() => SeededRandom.FromState(new ulong[] { 1, 2, 3 }));
        e.ParamName.Should().Be("state");
        e.Message.Should().Contain("4 words").And.Contain("3 were given");
        new SeededRandom(0).GetState().Should().HaveCount(SeededRandom.StateLength).And.Contain(w => w != 0);
    }

    private static (Matrix<double> X, Matrix<double> Y) Data(int n) =>
        (Matrix<double>.Build.Dense(1, n, (_, j) => j * 0.1), Matrix<double>.Build.Dense(1, n, (_, j) => j * 0.3));

    private static double[] Theta(Sequential net) => net.NamedParameters.SelectMany(p => p.Value.ToVector()).ToArray();

    [Fact]
    public void ANewState_RecordsEveryEpoch_AndNumbersTheNextCallsEpochsOn()
    {
        var (x, y) = Data(6);
        var net = new Sequential(new Linear(1, 1));
        var sgd = new Sgd(net, 0.1);
        var state = new TrainingState();
        state.EpochsCompleted.Should().Be(0);
        state.BestEpoch.Should().BeNull();

        net.Fit(x, y, new MseLoss(), sgd, state, new FitOptions { Epochs = 3, BatchSize = 4 });
        state.EpochsCompleted.Should().Be(3);
        TrainingHistory next = net.Fit(x, y, new MseLoss(), sgd, state, new FitOptions { Epochs = 2, BatchSize = 4 });
        next.Epochs.Select(e => e.Epoch).Should().Equal(4, 5);
        state.EpochsCompleted.Should().Be(5);
    }

    [Fact]
    public void AStateOfOtherData_OrAnotherNetwork_IsRefused_AndChangesNothing()
    {
        var (x, y) = Data(6);
        var net = new Sequential(new Linear(1, 1));
        var state = new TrainingState();
        net.Fit(x, y, new MseLoss(), new Sgd(net, 0.1), state,
            new FitOptions { Epochs = 4, BatchSize = 2, ValidationInputs = x, ValidationTargets = y, EarlyStopping = new EarlyStopping(patience: 9) });
        state.HasLastWeights.Should().BeTrue();
        double[] before = Theta(net);

        var (x5, y5) = Data(5);
        var e = Assert.Throws<ArgumentException>(() => net.Fit(x5, y5, new MseLoss(), new Sgd(net, 0.1), state));
        e.ParamName.Should().Be("state");
        e.Message.Should().Contain("6 samples").And.Contain("5 were given");
        Theta(net).Should().Equal(before);
        state.HasLastWeights.Should().BeTrue("a refused call does not consume the last weights");

        var wider = new Sequential(new Linear(1, 2), new Linear(2, 1));
        Assert.Throws<ArgumentException>(() => wider.Fit(x, y, new MseLoss(), new Sgd(wider, 0.1), state)).Message.Should().Contain("\"0.weight\"");
        state.EpochsCompleted.Should().Be(4);
    }

    [Fact]
    public void EpochNumbersBeyondIntMaxValue_AreRefused()
    {
        var (x, y) = Data(2);
        var net = new Sequential(new Linear(1, 1));
        var state = new TrainingState();
        net.Fit(x, y, new MseLoss(), new Sgd(net, 0.1), state, new FitOptions { Epochs = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Fit(x, y, new MseLoss(), new Sgd(net, 0.1), state, new FitOptions { Epochs = int.MaxValue }));
        state.EpochsCompleted.Should().Be(1);
    }

    [Fact]
    public void ANewBestEpochWithoutRestoring_DropsTheOlderBestWeights()
    {
        var (x, y) = Data(6);
        var net = new Sequential(new Linear(1, 1));
        var sgd = new Sgd(net, 0.1);
        var state = new TrainingState();
        net.Fit(x, y, new MseLoss(), sgd, state, new FitOptions { Epochs = 2, EarlyStopping = new EarlyStopping(patience: 5) });
        state.HasBestWeights.Should().BeTrue();
        state.BestEpoch.Should().Be(2);

        // The training loss keeps falling: epoch 3 is the new best, and its weights are not kept.
        net.Fit(x, y, new MseLoss(), sgd, state, new FitOptions { Epochs = 1, EarlyStopping = new EarlyStopping(patience: 5, restoreBestWeights: false) });
        state.BestEpoch.Should().Be(3);
        state.HasBestWeights.Should().BeFalse("epoch 2's weights would otherwise pass for epoch 3's");
    }
}
