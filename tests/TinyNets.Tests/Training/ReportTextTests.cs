using TinyNets.Training;

namespace TinyNets.Tests.Training;

public class ReportTextTests
{
    [Fact]
    public void EpochReport_ReadsAsOneLine()
    {
        var report = new EpochReport(12, 0.0123456789, 0.0234, new Dictionary<string, double> { ["accuracy"] = 0.97 }, TimeSpan.FromMilliseconds(63_250))
        {
            LearningRate = 1e-3,
        };

        report.ToString().Should().Be("epoch 12: loss 0.0123457, val 0.0234, accuracy 0.97, lr 0.001, 1:03.2");
        (report with { ValidationLoss = null, Metrics = new Dictionary<string, double>() }).ToString().Should().Be("epoch 12: loss 0.0123457, lr 0.001, 1:03.2");
    }

    [Fact]
    public void TrainingHistory_SaysWhyItStopped_TheBestEpochAndTheLastLosses()
    {
        // A fixed net and data where early stopping certainly triggers: a learning rate of 0 never improves the loss.
        var net = new Sequential(new Linear(2, 1)).Initialize(seed: 1);
        var x = Matrix<double>.Build.Dense(2, 4, (i, j) => i - j);
        var y = Matrix<double>.Build.Dense(1, 4, (_, j) => j);
        var sgd = new Sgd(net, 0.1);
        sgd.LearningRate = 0;
        TrainingHistory history = net.Fit(x, y, new MseLoss(), sgd, new FitOptions
        {
            Epochs = 50, BatchSize = 4, ValidationInputs = x, ValidationTargets = y, EarlyStopping = new EarlyStopping(patience: 2),
        });

        history.StopReason.Should().Be(StopReason.EarlyStopped);
        history.Epochs.Should().HaveCount(3, "epoch 1 is the best, epochs 2 and 3 do not improve on it");
        EpochReport first = history.Epochs[0], last = history.Epochs[^1];
        history.ToString().Should().Be(
            $"EarlyStopped after 3 epochs; best epoch 1 (val {first.ValidationLoss!.Value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}); last: {last}");
    }

    [Fact]
    public void ADivergedRun_SaysWhere()
    {
        var net = new Sequential(new Linear(1, 1)).Initialize(seed: 1);
        var x = Matrix<double>.Build.Dense(1, 2, 1e150);
        var y = Matrix<double>.Build.Dense(1, 2, -1e150);
        TrainingHistory history = net.Fit(x, y, new MseLoss(), new Sgd(net, 1e10), new FitOptions { Epochs = 5, BatchSize = 2 });

        history.StopReason.Should().Be(StopReason.Diverged);
        history.ToString().Should().StartWith($"Diverged after {history.Epochs.Count} epoch").And.EndWith($"; diverged: {history.Divergence}");
    }
}
