using System.Threading.Tasks;
using TinyNets.Training;

namespace TinyNets.Tests.Training;

/// <summary>
/// Fit's bookkeeping, checked against hand-computed values: the batch numbers in divergence messages, the epoch loss on
/// both of its paths (plain sum, and the scaled sum when the plain one overflows), the copying of multi-output targets
/// into the batches, the rollback on divergence and the last allowed epoch number.
/// </summary>
public class TrainerBookkeepingTests
{
    private static Sequential OneToOne(double w, double b)
    {
        var net = new Sequential(new Linear(1, 1));
        net.SetParameter("0.weight", new[,] { { w } });
        net.SetParameter("0.bias", new[] { b });
        return net;
    }

    private static Matrix<double> Row(params double[] values) => Matrix<double>.Build.DenseOfRowArrays(values);

    private static double[] Theta(Sequential net) => net.NamedParameters.SelectMany(p => p.Value.ToVector().ToArray()).ToArray();

    // An optimizer of the weight alone: with all inputs 0 its gradient 2(o − y)·x is 0, so nothing moves and every batch
    // loss is (b − y)² of the starting bias.
    private static Sgd WeightOnly(Sequential net, double learningRate) =>
        new(net.NamedParameters.Where(p => p.Key == "0.weight"), learningRate);

    [Fact]
    public void Divergence_OnTheVeryFirstBatch_LeavesTheStartingParameters()
    {
        // Output 2·1e200 is finite, its square (the MSE) is +∞: divergence before any step.
        var net = OneToOne(2.0, 0.0);
        TrainingHistory history = net.Fit(Row(1e200), Row(0.0), new MseLoss(), new Sgd(net, 0.1), new FitOptions { Epochs = 1 });
        history.StopReason.Should().Be(StopReason.Diverged);
        Theta(net).Should().Equal(2.0, 0.0);
    }

    [Fact]
    public void Divergence_OfTheLoss_InTheThirdBatch_IsReportedAsBatch3()
    {
        // Unshuffled, two samples a batch: only sample 4 (in batch 3) has a non-zero input, whose output's square overflows.
        var net = OneToOne(1.0, 0.0);
        var options = new FitOptions { Epochs = 1, BatchSize = 2, Shuffle = false };
        TrainingHistory history = net.Fit(Row(0, 0, 0, 0, 1e200, 0), Row(0, 0, 0, 0, 0, 0), new MseLoss(), new Sgd(net, 0.1), options);
        history.StopReason.Should().Be(StopReason.Diverged);
        history.Divergence.Should().Contain("epoch 1, batch 3 is");
    }

    [Fact]
    public void Divergence_OfAParameter_InTheThirdBatch_IsReportedAsBatch3()
    {
        // Batches 1 and 2 have zero inputs (weight gradient 0); batch 3's weight gradient is 2(1e5 + 1e5)·1e5 = 4e10,
        // times the learning rate 1e300 overflows.
        var net = OneToOne(1.0, 0.0);
        var options = new FitOptions { Epochs = 1, BatchSize = 2, Shuffle = false };
        TrainingHistory history = net.Fit(
            Row(0, 0, 0, 0, 1e5, 1e5), Row(0, 0, 0, 0, -1e5, -1e5), new MseLoss(), WeightOnly(net, 1e300), options);
        history.StopReason.Should().Be(StopReason.Diverged);
        history.Divergence.Should().Contain("parameter \"0.weight\" became non-finite in epoch 1, batch 3");
        Theta(net).Should().Equal(1.0, 0.0);
    }

    [Fact]
    public void EpochLoss_WhenThePlainSumOverflows_IsTheMeanNotTheLargestLoss()
    {
        // Batch losses 1.44e308 and 0.64e308: their sum overflows, their mean 1.04e308 does not.
        double y1 = 1.2e154, y2 = 0.8e154;
        var net = OneToOne(0.0, 0.0);
        TrainingHistory history = net.Fit(Row(0, 0), Row(y1, y2), new MseLoss(), WeightOnly(net, 0.1), new FitOptions { Epochs = 1, BatchSize = 1 });
        double expected = (y1 * y1 / 2) + (y2 * y2 / 2);
        history.StopReason.Should().Be(StopReason.Completed);
        history.Epochs[0].TrainLoss.Should().BeApproximately(expected, 1e-12 * expected);
    }

    [Fact]
    public void EpochLoss_OfTinyLosses_TakesThePlainSumWhoseScaledCopyWouldBeSubnormal()
    {
        // Losses 9e-302 and 1e-302; scaled by 2⁻⁶⁴ they are subnormal and keep only a few digits.
        double y1 = 3e-151, y2 = 1e-151;
        var net = OneToOne(0.0, 0.0);
        TrainingHistory history = net.Fit(Row(0, 0), Row(y1, y2), new MseLoss(), WeightOnly(net, 0.1), new FitOptions { Epochs = 1, BatchSize = 1 });
        double expected = ((y1 * y1) + (y2 * y2)) / 2;
        history.Epochs[0].TrainLoss.Should().BeApproximately(expected, 1e-12 * expected);
    }

    [Fact]
    public void Batches_OfTwoOutputTargets_CopyEachSamplesTargets()
    {
        // Zero weights and bias: the output is 0 and the one-batch epoch loss is the mean of the squared targets, 91/6.
        var net = new Sequential(new Linear(1, 2));
        net.SetParameter("0.weight", new double[2, 1]);
        net.SetParameter("0.bias", new double[2]);
        var targets = Matrix<double>.Build.DenseOfRowArrays(new[] { 1.0, 2.0, 3.0 }, new[] { 4.0, 5.0, 6.0 });
        TrainingHistory history = net.Fit(Row(1, 2, 3), targets, new MseLoss(), new Sgd(net, 0.1), new FitOptions { Epochs = 1, BatchSize = 3 });
        Exact(history.Epochs[0].TrainLoss, 91.0 / 6.0);
    }

    [Fact]
    public void Divergence_OnTheValidationOutput_RestoresTheParametersBeforeTheStep()
    {
        // One step from w = 2, b = 0 on (1, 0) with lr 0.01: w = 1.96, b = −0.04; the validation output 1.96·1e308 overflows
        // (in the first and only element).
        var net = OneToOne(2.0, 0.0);
        var options = new FitOptions { Epochs = 1, BatchSize = 1, ValidationInputs = Row(1e308), ValidationTargets = Row(0.0) };
        TrainingHistory history = net.Fit(Row(1.0), Row(0.0), new MseLoss(), new Sgd(net, 0.01), options);
        history.StopReason.Should().Be(StopReason.Diverged);
        history.Divergence.Should().Contain("validation data is not finite after epoch 1");
        Theta(net).Should().Equal(2.0, 0.0);
    }

    [Fact]
    public void Resume_UpToEpochIntMax_IsAllowed()
    {
        // 2 more epochs after int.MaxValue − 2 end exactly at int.MaxValue; the first batch diverges, so the run is short.
        var net = OneToOne(2.0, 0.0);
        var state = new TrainingState(int.MaxValue - 2, null, null, null, null, 0, null, null, null);
        TrainingHistory history = net.Fit(Row(1e200), Row(0.0), new MseLoss(), new Sgd(net, 0.1), state, new FitOptions { Epochs = 2 });
        history.StopReason.Should().Be(StopReason.Diverged);
        history.Divergence.Should().Contain($"epoch {int.MaxValue - 1}, batch 1");
    }

    [Fact]
    public async Task Resume_UpToEpochIntMax_EndsAfterThatEpoch()
    {
        // 2 more epochs after int.MaxValue − 2 end exactly at int.MaxValue, and training must stop there: a loop comparing
        // epoch <= last would wrap past int.MaxValue and never end. The run is guarded so that such a loop fails the test
        // instead of hanging the run (a liveness bound, not a timing claim: the two epochs take microseconds).
        var net = OneToOne(0.5, 0.0);
        var state = new TrainingState(int.MaxValue - 2, null, null, null, null, 0, null, null, null);
        var fit = Task.Run(() => net.Fit(Row(1.0), Row(0.0), new MseLoss(), new Sgd(net, 0.1), state, new FitOptions { Epochs = 2 }));

        TrainingHistory history = await fit.WaitAsync(TimeSpan.FromMinutes(5)); // TimeoutException if it never ends
        history.StopReason.Should().Be(StopReason.Completed);
        history.Epochs.Select(e => e.Epoch).Should().Equal(int.MaxValue - 1, int.MaxValue);
    }
}
