using TinyNets.Training;

namespace TinyNets.Tests.Training;

/// <summary>
/// Training never destroys a model: early stopping restores only a snapshot it took, an epoch loss whose weighted sum
/// overflows is still the (finite) mean of finite batch losses, and one parameter listed twice is refused.
/// </summary>
public class TrainingSafetyTests
{
    private static Sequential OneToOne(double w = 0.5, double b = 0.25)
    {
        var net = new Sequential(new Linear(1, 1));
        net.SetParameter("0.weight", new[,] { { w } });
        net.SetParameter("0.bias", new[] { b });
        return net;
    }

    private static double[] Theta(Sequential net) => net.NamedParameters.SelectMany(p => p.Value.ToVector().ToArray()).ToArray();

    private static (Matrix<double> X, Matrix<double> Y) Train() =>
        (Matrix<double>.Build.DenseOfRowArrays(new[] { 1.0, 2.0, -1.0, 0.5 }), Matrix<double>.Build.DenseOfRowArrays(new[] { 2.0, 4.0, -2.0, 1.0 }));

    // Validation input 1e200: the output w·1e200 + b stays finite, its square (the MSE) overflows to +∞ every epoch.
    private static FitOptions Overflowing(EarlyStopping? early, int epochs) => new()
    {
        Epochs = epochs,
        BatchSize = 2,
        Seed = 3,
        ValidationInputs = Matrix<double>.Build.Dense(1, 1, 1e200),
        ValidationTargets = Matrix<double>.Build.Dense(1, 1, 0.0),
        EarlyStopping = early,
    };

    [Fact]
    public void EarlyStopping_WhenNoEpochImproved_StopsWithTheLastWeightsNotZeros()
    {
        var (x, y) = Train();
        var net = OneToOne();
        TrainingHistory history = net.Fit(x, y, new MseLoss(), new Sgd(net, 0.01), Overflowing(new EarlyStopping(patience: 2), epochs: 10));

        history.StopReason.Should().Be(StopReason.EarlyStopped);
        history.BestEpoch.Should().BeNull();
        history.Epochs.Should().HaveCount(2);

        // Independent: the same two epochs without early stopping.
        var reference = OneToOne();
        reference.Fit(x, y, new MseLoss(), new Sgd(reference, 0.01), Overflowing(null, epochs: 2));
        Theta(net).Should().Equal(Theta(reference));
        Theta(net).Should().NotContain(0.0);
    }

    [Fact]
    public void EarlyStopping_WhenNoEpochImprovedAndEpochsRunOut_KeepsTheLastWeights()
    {
        var (x, y) = Train();
        var net = OneToOne();
        TrainingHistory history = net.Fit(x, y, new MseLoss(), new Sgd(net, 0.01), Overflowing(new EarlyStopping(patience: 100), epochs: 3));

        history.StopReason.Should().Be(StopReason.Completed);
        history.BestEpoch.Should().BeNull();
        var reference = OneToOne();
        reference.Fit(x, y, new MseLoss(), new Sgd(reference, 0.01), Overflowing(null, epochs: 3));
        Theta(net).Should().Equal(Theta(reference));
        Theta(net).Should().NotContain(0.0);
    }

    [Fact]
    public void EpochLoss_WhoseWeightedSumOverflows_IsTheFiniteMeanOfTheBatchLosses()
    {
        // Output o = 1.25·2⁵¹¹ against target 0: every batch's MSE is o² = 1.5625·2¹⁰²², finite (also the sum inside a
        // batch of 2); 3 samples in batches of 2 and 1 weigh it 2 + 1 times, and 3·o² overflows. A learning rate of 1e-300
        // leaves the output at o (its change is far below half an ulp of o), so every batch has the same loss and the
        // mean is exactly o² (its few mantissa bits make 3·o² and its third exact at any scale).
        double o = Math.ScaleB(1.25, 511);
        var net = OneToOne(w: o, b: 0);
        var x = Matrix<double>.Build.Dense(1, 3, 1.0);
        var y = Matrix<double>.Build.Dense(1, 3, 0.0);
        double expected = o * o;
        double.IsFinite(2 * expected).Should().BeTrue("a batch of two must have a finite loss");
        double.IsFinite(3 * expected).Should().BeFalse("the test needs a weighted sum that overflows");

        TrainingHistory history = net.Fit(x, y, new MseLoss(), new Sgd(net, 1e-300), new FitOptions { Epochs = 2, BatchSize = 2, Shuffle = false });

        history.StopReason.Should().Be(StopReason.Completed);
        history.Epochs.Should().HaveCount(2);
        foreach (EpochReport epoch in history.Epochs)
        {
            Exact(epoch.TrainLoss, expected, $"epoch {epoch.Epoch}");
        }
    }

    [Fact]
    public void Optimizer_GivenOneParameterUnderTwoNames_IsRefusedNamingBoth()
    {
        var net = OneToOne();
        Parameter weight = net.GetParameter("0.weight");
        var twice = new[] { KeyValuePair.Create("first", weight), KeyValuePair.Create("second", weight) };

        var sgd = Assert.Throws<ArgumentException>(() => new Sgd(twice, 0.1));
        sgd.Message.Should().Contain("\"first\"").And.Contain("\"second\"");
        sgd.ParamName.Should().Be("parameters");
        var adam = Assert.Throws<ArgumentException>(() => new Adam(twice));
        adam.Message.Should().Contain("\"first\"").And.Contain("\"second\"");
        Assert.Throws<ArgumentException>(() => new AdamW(twice));
    }

    [Fact]
    public void Fit_WithAnOptimizerListingOneParameterTwice_NeverRunsAndChangesNothing()
    {
        var (x, y) = Train();
        var net = OneToOne();
        double[] before = Theta(net);
        var twice = net.NamedParameters.Concat(new[] { KeyValuePair.Create("again", net.GetParameter("0.bias")) });

        Assert.Throws<ArgumentException>(() => net.Fit(x, y, new MseLoss(), new Sgd(twice, 0.1), new FitOptions { Epochs = 2 }));
        Theta(net).Should().Equal(before);
    }
}
