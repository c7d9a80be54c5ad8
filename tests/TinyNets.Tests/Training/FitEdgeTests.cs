using TinyNets.Training;

namespace TinyNets.Tests.Training;

/// <summary>
/// Fit's edges: a plateau (a loss equal to the best is no improvement), the minimum improvement, the patience counted
/// exactly, a batch size far beyond the data, and the messages of refused settings. Expected values come from closed
/// forms: a network that already fits its targets has loss 0 and gradient 0, so its loss never changes.
/// </summary>
public class FitEdgeTests
{
    // y = 2x − 1 fitted exactly by Linear(1, 1) with w = 2, b = −1.
    private static (Sequential Net, Matrix<double> X, Matrix<double> Y) Fitted()
    {
        var net = new Sequential(new Linear(1, 1));
        net.SetParameter("0.weight", new[,] { { 2.0 } });
        net.SetParameter("0.bias", new[] { -1.0 });
        Matrix<double> x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.0, 1.0, 2.0, 3.0 } });
        return (net, x, x.Map(v => (2 * v) - 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void APlateau_IsNoImprovement_AndStopsAfterExactlyThePatience(int patience)
    {
        (Sequential net, Matrix<double> x, Matrix<double> y) = Fitted();
        TrainingHistory history = net.Fit(x, y, new MseLoss(), new Sgd(net, 0.1), new FitOptions
        {
            Epochs = 20,
            BatchSize = 2,
            EarlyStopping = new EarlyStopping(patience),
        });

        history.LossCurve.Should().OnlyContain(l => l == 0);
        history.StopReason.Should().Be(StopReason.EarlyStopped);
        history.BestEpoch.Should().Be(1, "epoch 1 improves on +∞; later equal losses do not improve on it");
        history.Epochs.Should().HaveCount(1 + patience);
        history.Divergence.Should().BeNull();
    }

    [Fact]
    public void AnImprovementSmallerThanMinDelta_DoesNotCount()
    {
        var net = new Sequential(new Linear(1, 1, bias: false));
        net.SetParameter("0.weight", new[,] { { 2.0 } });
        Matrix<double> x = Matrix<double>.Build.Dense(1, 1, 1.0), y = Matrix<double>.Build.Dense(1, 1, 1.0);
        TrainingHistory history = net.Fit(x, y, new MseLoss(), new Sgd(net, 0.5), new FitOptions
        {
            Epochs = 10,
            EarlyStopping = new EarlyStopping(2, minDelta: 0.2, restoreBestWeights: false),
        });

        // L(w) = (w − 1)², ∂L/∂w = 2(w − 1), lr 0.5: w ← w − (w − 1) = 1 after one step; losses 1, 0, 0, 0.
        // Epoch 1: 1 < ∞ (best 1); epoch 2: 0 < 1 − 0.2 (best 0); epochs 3 and 4: 0 is not below 0 − 0.2.
        history.LossCurve.Should().Equal(1.0, 0.0, 0.0, 0.0);
        history.BestEpoch.Should().Be(2);
        history.StopReason.Should().Be(StopReason.EarlyStopped);

        var slow = new Sequential(new Linear(1, 1, bias: false));
        slow.SetParameter("0.weight", new[,] { { 2.0 } });
        TrainingHistory slowHistory = slow.Fit(x, y, new MseLoss(), new Sgd(slow, 0.1), new FitOptions
        {
            Epochs = 10,
            EarlyStopping = new EarlyStopping(1, minDelta: 0.25, restoreBestWeights: false),
        });

        // lr 0.1: w ← w − 0.2(w − 1) = 0.8w + 0.2, so from w = 2 the losses are 1, 0.64, 0.4096:
        // 0.64 < 1 − 0.25 improves, 0.4096 is not below 0.64 − 0.25 = 0.39.
        slowHistory.LossCurve.Should().HaveCount(3);
        Exact(slowHistory.LossCurve[1], 0.64);
        Exact(slowHistory.LossCurve[2], 0.4096);
        slowHistory.BestEpoch.Should().Be(2);
    }

    [Fact]
    public void EarlyStopping_KeepsItsSettings_AndRefusesBadOnes_WithTheGivenValue()
    {
        var rule = new EarlyStopping(4, 0.5, restoreBestWeights: false);
        (rule.Patience, rule.MinDelta, rule.RestoreBestWeights).Should().Be((4, 0.5, false));
        new EarlyStopping(1).Should().Be(new EarlyStopping(1, 0, true));
        new EarlyStopping(1, minDelta: 0).MinDelta.Should().Be(0);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(0)).Message.Should().Contain("at least 1").And.Contain("0 was given");
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(1, -0.25)).Message.Should().Contain("-0.25 was given");
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(1, double.NegativeInfinity)).ParamName.Should().Be("minDelta");
    }

    [Fact]
    public void ABatchSizeFarBeyondTheData_IsOneFullBatch()
    {
        (Sequential net, Matrix<double> x, Matrix<double> y) = Fitted();
        net.SetParameter("0.weight", new[,] { { 1.0 } });
        net.SetParameter("0.bias", new[] { 0.0 });
        TrainingHistory history = net.Fit(x, y, new MseLoss(), new Sgd(net, 0.05), new FitOptions { Epochs = 1, BatchSize = int.MaxValue });

        // One step on the whole batch: errors e = (x − (2x − 1)) = 1 − x = (1, 0, −1, −2), L = mean e² = 6/4;
        // ∂L/∂w = mean 2e·x = 2(0 + 0 − 2 − 6)/4 = −4, ∂L/∂b = mean 2e = 2(−2)/4 = −1.
        history.LossCurve.Should().Equal(1.5);
        Exact(net.GetParameter("0.weight").Data[0], 1.0 + (0.05 * 4));
        Exact(net.GetParameter("0.bias").Data[0], 0.05);
    }

    [Fact]
    public void RefusedSettings_SayWhatIsWrong()
    {
        (Sequential net, Matrix<double> x, Matrix<double> y) = Fitted();
        var sgd = new Sgd(net, 0.1);
        var loss = new MseLoss();
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Fit(x, y, loss, sgd, new FitOptions { Epochs = 0 })).Message
            .Should().Contain("FitOptions.Epochs must be at least 1; 0 was given");
        Assert.Throws<ArgumentOutOfRangeException>(() => net.Fit(x, y, loss, sgd, new FitOptions { BatchSize = 0 })).Message
            .Should().Contain("FitOptions.BatchSize must be at least 1; 0 was given");
        ArgumentException alone = Assert.ThrowsAny<ArgumentException>(() => net.Fit(x, y, loss, sgd, new FitOptions { ValidationInputs = x }));
        alone.ParamName.Should().Be("options");
        alone.Message.Should().Contain("ValidationInputs and ValidationTargets must be given together");
        Assert.ThrowsAny<ArgumentException>(() => net.Fit(x, y, loss, sgd, new FitOptions { ValidationTargets = y })).ParamName.Should().Be("options");
        ArgumentException columns = Assert.ThrowsAny<ArgumentException>(() => net.Fit(x, y.SubMatrix(0, 1, 0, 3), loss, sgd));
        columns.ParamName.Should().Be("targets");
        columns.Message.Should().Contain("one column per sample of 'inputs' (4)").And.Contain("1×3");
        var other = new Sequential(new Linear(1, 1));
        ArgumentException foreign = Assert.ThrowsAny<ArgumentException>(() => net.Fit(x, y, loss, new Sgd(other, 0.1)));
        foreign.ParamName.Should().Be("optimizer");
        foreign.Message.Should().Contain("\"0.weight\"").And.Contain("does not belong to this network");
    }

    [Fact]
    public void OneEpoch_IsAccepted_AndRunsOnce()
    {
        (Sequential net, Matrix<double> x, Matrix<double> y) = Fitted();
        TrainingHistory history = net.Fit(x, y, new MseLoss(), new Sgd(net, 0.1), new FitOptions { Epochs = 1, BatchSize = 1 });
        history.Epochs.Should().ContainSingle().Which.Epoch.Should().Be(1);
        history.StopReason.Should().Be(StopReason.Completed);
        history.BestEpoch.Should().BeNull("without early stopping no epoch is the best");
        history.ValidationLossCurve.Should().BeEmpty();
    }

    [Fact]
    public void TheValidationLossCurve_HasTheValidationLossOfEveryEpoch()
    {
        (Sequential net, Matrix<double> x, Matrix<double> y) = Fitted();
        Matrix<double> xv = Matrix<double>.Build.Dense(1, 2, 1.0), yv = Matrix<double>.Build.Dense(1, 2, 2.0);
        TrainingHistory history = net.Fit(x, y, new MseLoss(), new Sgd(net, 0.1), new FitOptions { Epochs = 3, ValidationInputs = xv, ValidationTargets = yv });

        // The net stays at y = 2x − 1 (zero gradient): at x = 1 it gives 1, against 2: loss 1 each epoch.
        history.ValidationLossCurve.Should().Equal(1.0, 1.0, 1.0);
        history.LossCurve.Should().Equal(0.0, 0.0, 0.0);
    }

    [Fact]
    public void WithoutMetrics_TheNetworksLastPass_IsTheLastMiniBatch_OrTheValidationData()
    {
        // Five samples in batches of 2: the last batch holds one sample. No metric asks for another forward pass.
        var net = new Sequential(new Linear(1, 1));
        Matrix<double> x = Matrix<double>.Build.Dense(1, 5, (_, j) => j), y = Matrix<double>.Build.Dense(1, 5, (_, j) => 2 * j);
        net.Fit(x, y, new MseLoss(), new Sgd(net, 0.01), new FitOptions { Epochs = 2, BatchSize = 2, Shuffle = false });
        net.Output!.ColumnCount.Should().Be(1);
        net[0].Input![0, 0].Should().Be(4, "the last batch is the fifth sample");

        Matrix<double> xv = Matrix<double>.Build.Dense(1, 3, 0.5), yv = Matrix<double>.Build.Dense(1, 3, 1.0);
        net.Fit(x, y, new MseLoss(), new Sgd(net, 0.01), new FitOptions { Epochs = 1, BatchSize = 2, ValidationInputs = xv, ValidationTargets = yv });
        net.Output!.ColumnCount.Should().Be(3);
        net[0].Input.Should().BeSameAs(xv);

        // A metric is computed on the validation data when given, else on the training data: its forward pass comes last.
        var metric = new NamedMetric("mean output", (output, _) => output.RowSums()[0] / output.ColumnCount);
        net.Fit(x, y, new MseLoss(), new Sgd(net, 0.01), new FitOptions { Epochs = 1, BatchSize = 2, Metrics = [metric] });
        net.Output!.ColumnCount.Should().Be(5);
    }
}
