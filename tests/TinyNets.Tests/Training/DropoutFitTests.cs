using System.IO;
using System.Threading;
using MathNet.Numerics.LinearAlgebra.Double;
using TinyNets.Serialization;
using TinyNets.Training;

namespace TinyNets.Tests.Training;

/// <summary>
/// Fit with Dropout: training mode for the steps, eval mode for validation and metrics and on return; masks from Fit's
/// seeded generator, so that a run split by a model file continues bit for bit; nothing allocated per step.
/// </summary>
public class DropoutFitTests
{
    private static (Matrix<double> X, Matrix<double> Y) Data(int n, double shift)
    {
        var x = Matrix<double>.Build.Dense(2, n, (i, j) => i == 0 ? Math.Sin(j + shift) : Math.Cos((0.7 * j) - shift));
        var y = Matrix<double>.Build.Dense(1, n, (_, j) => (0.8 * x[0, j]) - (0.5 * x[1, j] * x[1, j]) + shift);
        return (x, y);
    }

    private static Sequential Net() =>
        new Sequential(new Linear(2, 12), new Tanh(), new Dropout(0.3), new Linear(12, 1)).Initialize(seed: 11);

    private static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static long[] Bits(Sequential net) => Bits(net.NamedParameters.SelectMany(p => p.Value.ToVector()));

    private static FitOptions Options(int epochs) => new()
    {
        Epochs = epochs,
        BatchSize = 3,
        Seed = 5,
        ValidationInputs = Data(4, 0.9).X,
        ValidationTargets = Data(4, 0.9).Y,
    };

    [Fact]
    public void Fit_returns_in_eval_mode_and_leaves_the_networks_generator_alone()
    {
        var (x, y) = Data(11, 0);
        Sequential net = Net().Train();
        ulong[] generator = net.Generator.GetState();

        net.Fit(x, y, new MseLoss(), new Sgd(net, 0.1), Options(2));

        net.Training.Should().BeFalse();
        ((Dropout)net[2]).Training.Should().BeFalse();
        net.Generator.GetState().Should().Equal(generator, "the masks come from Fit's own generator");
    }

    [Fact]
    public void Fit_returns_in_eval_mode_when_cancelled()
    {
        var (x, y) = Data(11, 0);
        Sequential net = Net();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Action act = () => net.Fit(x, y, new MseLoss(), new Sgd(net, 0.1), Options(2), cancellationToken: cancelled.Token);

        act.Should().Throw<OperationCanceledException>();
        net.Training.Should().BeFalse();
    }

    [Fact]
    public void Bad_arguments_leave_the_mode_unchanged()
    {
        var (x, y) = Data(11, 0);
        Sequential net = Net();

        Action act = () => net.Fit(x, y, new MseLoss(), new Sgd(net, 0.1), new FitOptions { Epochs = 0 });

        act.Should().Throw<ArgumentOutOfRangeException>();
        net.Training.Should().BeTrue();
    }

    // The validation loss of the last epoch is the loss of the returned network's Forward in eval mode, bit for bit
    // (no early stopping: the network keeps the last epoch's weights); the training loss of the steps is not.
    [Fact]
    public void Validation_and_metrics_run_in_eval_mode()
    {
        var (x, y) = Data(11, 0);
        Sequential net = Net();
        var loss = new MseLoss();
        FitOptions options = Options(3) with { Metrics = [new NamedMetric("mse", (o, t) => new MseLoss().Forward(o, t))] };

        TrainingHistory history = net.Fit(x, y, loss, new Sgd(net, 0.1), options);

        double expected = loss.Forward(net.Eval().Forward(options.ValidationInputs!), options.ValidationTargets!);
        history.Epochs[^1].ValidationLoss.Should().Be(expected);
        history.Epochs[^1].Metrics["mse"].Should().Be(expected);
        double trainingMode = loss.Forward(net.Train().Forward(options.ValidationInputs!), options.ValidationTargets!);
        trainingMode.Should().NotBe(expected, "training mode drops elements: the check can fail");
    }

    [Fact]
    public void The_masks_repeat_with_the_seed_and_change_with_it()
    {
        var (x, y) = Data(11, 0);
        Sequential a = Net(), b = Net(), c = Net();

        a.Fit(x, y, new MseLoss(), new Sgd(a, 0.1), Options(2));
        b.Fit(x, y, new MseLoss(), new Sgd(b, 0.1), Options(2));
        c.Fit(x, y, new MseLoss(), new Sgd(c, 0.1), Options(2) with { Seed = 6 });

        Bits(b).Should().Equal(Bits(a));
        Bits(c).Should().NotEqual(Bits(a));
    }

    // Fit for 6 epochs equals Fit for 3, save to a model file with the training state, load, Fit for 3 more: the
    // masks continue from the recorded generator.
    [Fact]
    public void FitThreeSaveLoadFitThree_EqualsFitSix_with_Dropout()
    {
        var (x, y) = Data(11, 0);
        Sequential whole = Net();
        var wholeOptimizer = new Adam(whole, 0.05);
        TrainingHistory all = whole.Fit(x, y, new MseLoss(), wholeOptimizer, Options(6));

        Sequential net = Net();
        var adam = new Adam(net, 0.05);
        var state = new TrainingState();
        TrainingHistory h1 = net.Fit(x, y, new MseLoss(), adam, state, Options(3));
        using var file = new MemoryStream();
        new ModelBundle(net) { Optimizer = adam, TrainingState = state }.Save(file);
        file.Position = 0;
        ModelBundle loaded = ModelBundle.Load(file);
        loaded.Network[2].Should().BeOfType<Dropout>().Which.P.Should().Be(0.3);
        TrainingHistory h2 = loaded.Network.Fit(x, y, new MseLoss(), loaded.Optimizer!, loaded.TrainingState!, Options(3));

        Bits(loaded.Network).Should().Equal(Bits(whole));
        Bits(h1.Epochs.Concat(h2.Epochs).Select(e => e.TrainLoss)).Should().Equal(Bits(all.Epochs.Select(e => e.TrainLoss)));
        Bits(h1.Epochs.Concat(h2.Epochs).Select(e => e.ValidationLoss!.Value)).Should().Equal(Bits(all.Epochs.Select(e => e.ValidationLoss!.Value)));
    }

    private static long AllocatedByFit(int batchSize)
    {
        var random = new SeededRandom(4);
        var x = Matrix<double>.Build.Dense(3, 400, (_, _) => random.NextUniform(-1, 1));
        var y = Matrix<double>.Build.Dense(1, 400, (_, j) => x[0, j] - (2 * x[1, j]) + (0.5 * x[2, j]));
        var net = new Sequential(new Linear(3, 8), new Tanh(), new Dropout(0.25), new Linear(8, 1)).Initialize(3);
        var options = new FitOptions { Epochs = 3, BatchSize = batchSize, Seed = 5 };
        var loss = new MseLoss();
        var adam = new Adam(net, 1e-3);
        net.Fit(x, y, loss, adam, options); // warm-up: workspaces, JIT

        long fewest = long.MaxValue;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            net.Fit(x, y, loss, adam, options);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }

    [Fact]
    public void TenTimesMoreStepsCostNoMoreAllocation_with_Dropout()
    {
        // 1200 steps with batches of 1, 120 with batches of 10: a step that allocated even 8 bytes would show as ≥ 8.6 KB.
        long manySteps = AllocatedByFit(batchSize: 1);
        long fewSteps = AllocatedByFit(batchSize: 10);
        (manySteps - fewSteps).Should().BeLessThan(1024, $"per-step allocation: {manySteps} bytes for 1200 steps vs {fewSteps} for 120");
    }

    [Fact]
    public void A_step_of_a_network_with_Dropout_allocates_nothing_once_its_workspaces_exist()
    {
        var net = new Sequential(new Linear(3, 8), new Dropout(0.5), new Linear(8, 1)).Initialize(3);
        DenseMatrix x = DenseMatrix.Create(3, 16, (i, j) => Math.Sin(i + j)), dy = DenseMatrix.Create(1, 16, (_, j) => Math.Cos(j));
        net.Forward(x);
        net.Backward(dy);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            net.Forward(x);
            net.Backward(dy);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }
}
