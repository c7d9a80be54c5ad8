using System.IO;
using TinyNets.Metrics;
using TinyNets.Serialization;
using TinyNets.Training;

namespace TinyNets.Tests.Training;

/// <summary>
/// Exact resume: Fit for 10 epochs equals Fit for 5, save to a model file, load into new objects, Fit for 5 more —
/// parameters, optimizer state and loss history, bit for bit — with shuffling, a smaller last batch, validation,
/// metrics and early stopping whose patience carries across the break. The expected values are the uninterrupted run's.
/// </summary>
public class ResumeTests
{
    // 11 samples in batches of 3: the last batch has 2.
    private static (Matrix<double> X, Matrix<double> Y) Data(int n, double shift)
    {
        var x = Matrix<double>.Build.Dense(2, n, (i, j) => i == 0 ? Math.Sin(j + shift) : Math.Cos((0.7 * j) - shift));
        var y = Matrix<double>.Build.Dense(1, n, (_, j) => (0.8 * x[0, j]) - (0.5 * x[1, j] * x[1, j]) + shift);
        return (x, y);
    }

    private static Sequential Net() => new Sequential(new Linear(2, 5), new Tanh(), new Linear(5, 1)).Initialize(seed: 11);

    public static TheoryData<string> Optimizers => new() { "sgd-momentum", "sgd-nesterov", "adam", "adamw" };

    private static Optimizer Make(string kind, Sequential net) => kind switch
    {
        "sgd-momentum" => new Sgd(net, 0.2, momentum: 0.9, dampening: 0.1, weightDecay: 1e-3),
        "sgd-nesterov" => new Sgd(net, 0.2, momentum: 0.9, nesterov: true),
        "adam" => new Adam(net, 0.08, weightDecay: 1e-3),
        _ => new AdamW(net, 0.08),
    };

    private static FitOptions Options(int epochs, EarlyStopping early)
    {
        var (xv, yv) = Data(4, shift: 0.9); // validation from a shifted target: its loss turns upward as training fits the training data
        return new FitOptions
        {
            Epochs = epochs,
            BatchSize = 3,
            Seed = 5,
            ValidationInputs = xv,
            ValidationTargets = yv,
            EarlyStopping = early,
            Metrics = [new NamedMetric("rmse", (o, t) => RegressionMetrics.RootMeanSquaredError(o, t))],
        };
    }

    private static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static long[] Bits(Sequential net) => Bits(net.NamedParameters.SelectMany(p => p.Value.ToVector()));

    private static IEnumerable<string> Describe(IEnumerable<EpochReport> epochs) => epochs.Select(e =>
        $"{e.Epoch}: {BitConverter.DoubleToInt64Bits(e.TrainLoss)} {(e.ValidationLoss is double v ? BitConverter.DoubleToInt64Bits(v) : 0)} " +
        string.Join(",", e.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={BitConverter.DoubleToInt64Bits(m.Value)}")));

    private static IEnumerable<string> Describe(OptimizerState s) =>
        new[] { $"{s.Kind} steps={s.Steps}" }
            .Concat(s.HyperParameters.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}={BitConverter.DoubleToInt64Bits(h.Value)}"))
            .Concat(s.Buffers.Select(b => $"{b.Parameter}/{b.Name}: {string.Join(",", Bits(b.Values))}"));

    private sealed record Run(Sequential Net, Optimizer Optimizer, List<EpochReport> Epochs, StopReason Stop, int? BestEpoch, TrainingState State);

    private static Run Uninterrupted(string kind, EarlyStopping early, int epochs)
    {
        var (x, y) = Data(11, shift: 0);
        var net = Net();
        Optimizer optimizer = Make(kind, net);
        TrainingHistory h = net.Fit(x, y, new MseLoss(), optimizer, Options(epochs, early));
        return new Run(net, optimizer, h.Epochs.ToList(), h.StopReason, h.BestEpoch, new TrainingState());
    }

    private static (Run First, Run Resumed) Split(string kind, EarlyStopping early, int first, int second)
    {
        var (x, y) = Data(11, shift: 0);
        var net = Net();
        Optimizer optimizer = Make(kind, net);
        var state = new TrainingState();
        TrainingHistory h1 = net.Fit(x, y, new MseLoss(), optimizer, state, Options(first, early));
        var firstRun = new Run(net, optimizer, h1.Epochs.ToList(), h1.StopReason, h1.BestEpoch, state);

        using var file = new MemoryStream();
        new ModelBundle(net) { Optimizer = optimizer, TrainingState = state }.Save(file);
        file.Position = 0;
        ModelBundle loaded = ModelBundle.Load(file);
        loaded.Network.Should().NotBeSameAs(net);
        TrainingHistory h2 = loaded.Network.Fit(x, y, new MseLoss(), loaded.Optimizer!, loaded.TrainingState!, Options(second, early));
        return (firstRun, new Run(loaded.Network, loaded.Optimizer!, h1.Epochs.Concat(h2.Epochs).ToList(), h2.StopReason, h2.BestEpoch, loaded.TrainingState!));
    }

    private static void ShouldMatch(Run resumed, Run whole)
    {
        Bits(resumed.Net).Should().Equal(Bits(whole.Net), "the parameters");
        Describe(resumed.Optimizer.GetState()).Should().Equal(Describe(whole.Optimizer.GetState()), "the optimizer state");
        Describe(resumed.Epochs).Should().Equal(Describe(whole.Epochs), "the loss history");
        resumed.Stop.Should().Be(whole.Stop);
        resumed.BestEpoch.Should().Be(whole.BestEpoch);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void FitFiveSaveLoadFitFive_EqualsFitTen(string kind)
    {
        // Patience larger than the run: every epoch runs, and the best weights are restored at both ends.
        var early = new EarlyStopping(patience: 50);
        Run whole = Uninterrupted(kind, early, 10);
        (Run first, Run resumed) = Split(kind, early, 5, 5);

        whole.Epochs.Select(e => e.Epoch).Should().Equal(Enumerable.Range(1, 10));
        first.State.EpochsCompleted.Should().Be(5);
        ShouldMatch(resumed, whole);
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void WithoutEarlyStopping_FitFiveSaveLoadFitFive_EqualsFitTen(string kind)
    {
        var (x, y) = Data(11, shift: 0);
        FitOptions Plain(int epochs) => Options(epochs, new EarlyStopping(1)) with { EarlyStopping = null };
        var whole = Net();
        Optimizer wholeOptimizer = Make(kind, whole);
        TrainingHistory all = whole.Fit(x, y, new MseLoss(), wholeOptimizer, Plain(10));

        var net = Net();
        Optimizer optimizer = Make(kind, net);
        var state = new TrainingState();
        TrainingHistory h1 = net.Fit(x, y, new MseLoss(), optimizer, state, Plain(5));
        using var file = new MemoryStream();
        new ModelBundle(net) { Optimizer = optimizer, TrainingState = state }.Save(file);
        file.Position = 0;
        ModelBundle loaded = ModelBundle.Load(file);
        TrainingHistory h2 = loaded.Network.Fit(x, y, new MseLoss(), loaded.Optimizer!, loaded.TrainingState!, Plain(5));

        Bits(loaded.Network).Should().Equal(Bits(whole));
        Describe(loaded.Optimizer!.GetState()).Should().Equal(Describe(wholeOptimizer.GetState()));
        Describe(h1.Epochs.Concat(h2.Epochs)).Should().Equal(Describe(all.Epochs));
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void EarlyStoppingPatience_CarriesAcrossTheBreak(string kind)
    {
        // Find, from the uninterrupted run itself, an epoch count and break such that the counter is running at the
        // break and the stop falls after it; then the resumed run must stop at the same epoch with the same weights.
        var early = new EarlyStopping(patience: 3);
        Run whole = Uninterrupted(kind, early, 40);
        whole.Stop.Should().Be(StopReason.EarlyStopped, "the shifted validation loss must turn upward within 40 epochs");
        int stopEpoch = whole.Epochs.Count;
        int breakAfter = stopEpoch - 1; // one epoch before the stop: two epochs without improvement already counted
        (Run first, Run resumed) = Split(kind, early, breakAfter, 40 - breakAfter);

        first.Stop.Should().Be(StopReason.Completed);
        first.State.EpochsWithoutImprovement.Should().Be(early.Patience - 1);
        first.State.HasLastWeights.Should().BeTrue("the first call restored the best weights and kept the last ones");
        resumed.Epochs.Should().HaveCount(stopEpoch);
        ShouldMatch(resumed, whole);
    }
}
