using System.IO;
using TinyNets.Serialization;
using TinyNets.Training;

namespace TinyNets.Tests.Training;

/// <summary>
/// The loss travels with the training state: Fit, save the bundle with its loss, load, resume with the loaded loss gives
/// the uninterrupted run bit for bit; resuming a state (loaded or in memory) with a loss of another kind or other
/// hyper-parameters is refused, naming the loss argument and both losses, before anything changes.
/// </summary>
public class LossResumeTests
{
    private const int Samples = 11;

    private static readonly Matrix<double> X = Matrix<double>.Build.Dense(2, Samples, (i, j) => i == 0 ? Math.Sin(j) : Math.Cos(0.7 * j));

    // Three outputs: regression targets, probabilities for the binary losses, class indices for the class-index losses.
    private static readonly Matrix<double> Y = Matrix<double>.Build.Dense(3, Samples, (i, j) => Math.Sin((0.8 * j) - i));
    private static readonly Matrix<double> P = Matrix<double>.Build.Dense(3, Samples, (i, j) => 0.5 + (0.45 * Math.Sin((0.8 * j) - i)));
    private static readonly int[] Classes = Enumerable.Range(0, Samples).Select(j => (j * 5) % 3).ToArray();

    private static Sequential Net() => new Sequential(new Linear(2, 5), new Tanh(), new Linear(5, 3)).Initialize(seed: 11);

    public static TheoryData<string> Kinds => new() { "huber", "smooth-l1", "bce-logits", "cross-entropy", "nll" };

    // Non-default hyper-parameters each: a resume that fell back to defaults would differ.
    private static Loss Make(string kind) => kind switch
    {
        "huber" => new HuberLoss(0.4, Reduction.Sum, 0.5),
        "smooth-l1" => new SmoothL1Loss(0.3, Reduction.BatchMean),
        "bce-logits" => new BceWithLogitsLoss(Reduction.Sum, 0.25),
        "cross-entropy" => new CrossEntropyLoss(Reduction.Mean, 1.5, weight: [0.2, 1.0, 3.0], labelSmoothing: 0.1),
        _ => new NllLoss(Reduction.Mean, weight: [2.0, 0.5, 1.0]),
    };

    private static TrainingHistory Fit(Sequential net, string kind, Loss loss, Optimizer optimizer, TrainingState? state, int epochs)
    {
        var options = new FitOptions { Epochs = epochs, BatchSize = 3, Seed = 5, EarlyStopping = new EarlyStopping(patience: 50) };
        return (kind, state) switch
        {
            ("cross-entropy" or "nll", null) => net.Fit(X, Classes, loss, optimizer, options),
            ("cross-entropy" or "nll", _) => net.Fit(X, Classes, loss, optimizer, state, options),
            (_, null) => net.Fit(X, kind == "bce-logits" ? P : Y, loss, optimizer, options),
            _ => net.Fit(X, kind == "bce-logits" ? P : Y, loss, optimizer, state, options),
        };
    }

    private static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static long[] Bits(Sequential net) => Bits(net.NamedParameters.SelectMany(p => p.Value.ToVector()));

    private static ModelBundle RoundTrip(ModelBundle bundle)
    {
        using var file = new MemoryStream();
        bundle.Save(file);
        file.Position = 0;
        return ModelBundle.Load(file);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void FitSaveWithTheLossLoadResumeWithTheLoadedLoss_EqualsTheUninterruptedRun(string kind)
    {
        var whole = Net();
        var wholeAdam = new Adam(whole, 0.05);
        TrainingHistory all = Fit(whole, kind, Make(kind), wholeAdam, null, 8);

        var net = Net();
        var adam = new Adam(net, 0.05);
        var state = new TrainingState();
        TrainingHistory first = Fit(net, kind, Make(kind), adam, state, 4);
        ModelBundle loaded = RoundTrip(new ModelBundle(net) { Loss = Make(kind), Optimizer = adam, TrainingState = state });
        loaded.Loss.Should().NotBeNull().And.BeOfType(Make(kind).GetType());
        TrainingHistory second = Fit(loaded.Network, kind, loaded.Loss!, loaded.Optimizer!, loaded.TrainingState!, 4);

        Bits(loaded.Network).Should().Equal(Bits(whole), "the parameters");
        Bits(first.LossCurve.Concat(second.LossCurve)).Should().Equal(Bits(all.LossCurve), "the loss history");
        second.BestEpoch.Should().Be(all.BestEpoch);
        loaded.Optimizer!.GetState().Buffers.SelectMany(b => Bits(b.Values))
            .Should().Equal(wholeAdam.GetState().Buffers.SelectMany(b => Bits(b.Values)), "the optimizer's buffers");
    }

    // Each pair: the loss the state's epochs ran with, and one that differs in kind or in one value.
    public static TheoryData<string, string> Differences => new()
    {
        { "huber", "another kind" },
        { "huber", "delta" },
        { "huber", "reduction" },
        { "huber", "scale" },
        { "smooth-l1", "beta" },
        { "cross-entropy", "weight" },
        { "cross-entropy", "no weight" },
        { "cross-entropy", "label smoothing" },
        { "nll", "weight length" },
        { "nll", "weight bits" },
    };

    private static Loss Different(string difference) => difference switch
    {
        "another kind" => new MseLoss(Reduction.Sum, 0.5),
        "delta" => new HuberLoss(0.5, Reduction.Sum, 0.5),
        "reduction" => new HuberLoss(0.4, Reduction.Mean, 0.5),
        "scale" => new HuberLoss(0.4, Reduction.Sum, 1.0),
        "beta" => new SmoothL1Loss(0.30000000000000004, Reduction.BatchMean),
        "weight" => new CrossEntropyLoss(Reduction.Mean, 1.5, weight: [0.2, 1.0, 2.0], labelSmoothing: 0.1),
        "no weight" => new CrossEntropyLoss(Reduction.Mean, 1.5, labelSmoothing: 0.1),
        "label smoothing" => new CrossEntropyLoss(Reduction.Mean, 1.5, weight: [0.2, 1.0, 3.0], labelSmoothing: 0.0),
        "weight length" => new NllLoss(Reduction.Mean, weight: [2.0, 0.5]),
        _ => new NllLoss(Reduction.Mean, weight: [2.0, 0.5, BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(1.0) + 1)]),
    };

    [Theory]
    [MemberData(nameof(Differences))]
    public void ResumingALoadedStateWithAnotherLoss_IsRefused_NamingBoth_AndNothingChanges(string kind, string difference)
    {
        var net = Net();
        var adam = new Adam(net, 0.05);
        var state = new TrainingState();
        Fit(net, kind, Make(kind), adam, state, 2);
        ModelBundle loaded = RoundTrip(new ModelBundle(net) { Loss = Make(kind), Optimizer = adam, TrainingState = state });
        long[] before = Bits(loaded.Network);
        long steps = loaded.Optimizer!.Steps;

        Loss other = Different(difference);
        var e = Assert.Throws<ArgumentException>(() => Fit(loaded.Network, kind, other, loaded.Optimizer!, loaded.TrainingState!, 1));

        e.ParamName.Should().Be("loss");
        e.Message.Should().Contain($"were run with {Make(kind)}").And.Contain($"'loss' is {other}");
        Bits(loaded.Network).Should().Equal(before);
        loaded.Optimizer!.Steps.Should().Be(steps);
        loaded.TrainingState!.EpochsCompleted.Should().Be(2);
    }

    [Fact]
    public void ResumingInMemoryWithAnotherLoss_IsRefused_AndANewInstanceOfTheSameLoss_IsAccepted()
    {
        var net = Net();
        var sgd = new Sgd(net, 0.05);
        var state = new TrainingState();
        net.Fit(X, Y, new HuberLoss(0.4), sgd, state, new FitOptions { Epochs = 1 });

        var e = Assert.Throws<ArgumentException>(() => net.Fit(X, Y, new HuberLoss(0.5), sgd, state, new FitOptions { Epochs = 1 }));
        e.ParamName.Should().Be("loss");
        e.Message.Should().Contain("HuberLoss(delta=0.4, reduction=Mean)").And.Contain("HuberLoss(delta=0.5, reduction=Mean)");

        net.Fit(X, Y, new HuberLoss(0.4), sgd, state, new FitOptions { Epochs = 1 });
        state.EpochsCompleted.Should().Be(2);
    }

    [Fact]
    public void AStateWithoutCompletedEpochs_AcceptsAnyLoss_ThenRecordsIt()
    {
        var net = Net();
        var sgd = new Sgd(net, 0.05);
        var state = new TrainingState();

        // The loss is recorded with each completed epoch: a call cancelled before its first epoch ended records none,
        // so the next call may use another loss.
        using var cancelled = new System.Threading.CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => net.Fit(X, Y, new MseLoss(), sgd, state, new FitOptions { Epochs = 1 }, null, cancelled.Token));
        state.EpochsCompleted.Should().Be(0);
        net.Fit(X, Y, new L1Loss(), sgd, state, new FitOptions { Epochs = 1 });
        state.EpochsCompleted.Should().Be(1);
        Assert.Throws<ArgumentException>(() => net.Fit(X, Y, new MseLoss(), sgd, state, new FitOptions { Epochs = 1 })).ParamName.Should().Be("loss");
    }

    private sealed class HalfSquareLoss : ElementwiseLoss
    {
        public HalfSquareLoss()
            : base(Reduction.Mean, 1.0)
        {
        }

        protected override double Term(double prediction, double target, out double derivative)
        {
            derivative = prediction - target;
            return 0.5 * derivative * derivative;
        }
    }

    [Fact]
    public void ALossOfTheUsersOwnType_IsNotRecorded_AndCannotContinueARecordedRun()
    {
        var net = Net();
        var sgd = new Sgd(net, 0.05);
        var own = new TrainingState();
        net.Fit(X, Y, new HalfSquareLoss(), sgd, own, new FitOptions { Epochs = 1 });
        net.Fit(X, Y, new MseLoss(), sgd, own, new FitOptions { Epochs = 1 });   // nothing was recorded to compare with
        own.EpochsCompleted.Should().Be(2);

        var e = Assert.Throws<ArgumentException>(() => net.Fit(X, Y, new HalfSquareLoss(), sgd, own, new FitOptions { Epochs = 1 }));
        e.ParamName.Should().Be("loss");
        e.Message.Should().Contain("MseLoss(reduction=Mean)").And.Contain("a HalfSquareLoss, a loss of its own type");
    }
}
