using System.IO;
using TinyNets.Optimizers.Clipping;
using TinyNets.Optimizers.Schedules;
using TinyNets.Serialization;
using TinyNets.Training;

namespace TinyNets.Tests.Training;

/// <summary>
/// Fit with FitOptions.Schedule and FitOptions.GradientClip: the rates each epoch used, the plateau's monitored loss,
/// clipping between backward and the step (against the explicit loop), exact resume through a model file, and the checks.
/// </summary>
public class ScheduleAndClippingFitTests
{
    private static (Matrix<double> X, Matrix<double> Y) Data(int n, double shift)
    {
        var x = Matrix<double>.Build.Dense(2, n, (i, j) => i == 0 ? Math.Sin(j + shift) : Math.Cos((0.7 * j) - shift));
        var y = Matrix<double>.Build.Dense(1, n, (_, j) => (0.8 * x[0, j]) - (0.5 * x[1, j] * x[1, j]) + shift);
        return (x, y);
    }

    private static Sequential Net() => new Sequential(new Linear(2, 5), new Tanh(), new Linear(5, 1)).Initialize(seed: 11);

    private static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static long[] Bits(Sequential net) => Bits(net.NamedParameters.SelectMany(p => p.Value.ToVector()));

    [Fact]
    public void History_RecordsTheRateEachEpochUsed_StepLR()
    {
        var (x, y) = Data(11, 0);
        Sequential net = Net();
        var sgd = new Sgd(net, 0.1);
        var options = new FitOptions { Epochs = 8, BatchSize = 4, Schedule = new StepLR(sgd, stepSize: 3, gamma: 0.5) };
        TrainingHistory h = net.Fit(x, y, new MseLoss(), sgd, options);

        // Epoch e (from 1) runs at last_epoch e − 1; the step after the last epoch leaves last_epoch 8.
        h.LearningRateCurve.Should().Equal(Enumerable.Range(0, 8).Select(e => 0.1 * Math.Pow(0.5, e / 3)));
        h.Epochs.Select(e => e.LearningRate).Should().Equal(h.LearningRateCurve);
        sgd.LearningRate.Should().Be(0.1 * Math.Pow(0.5, 8 / 3));
        options.Schedule.LastEpoch.Should().Be(8);
    }

    [Fact]
    public void WithoutASchedule_TheCurveIsTheConstantRate()
    {
        var (x, y) = Data(11, 0);
        Sequential net = Net();
        var adam = new Adam(net, 0.01);
        net.Fit(x, y, new MseLoss(), adam, new FitOptions { Epochs = 3 }).LearningRateCurve.Should().Equal(0.01, 0.01, 0.01);
    }

    [Fact]
    public void Schedule_StepsAfterTheEpochsOptimizerSteps()
    {
        // One epoch of one batch with LinearLR(0.5 → 1 over 1 epoch): the step must use 0.5·η₀, the rate of epoch 0.
        var (x, y) = Data(6, 0);
        Sequential fitted = Net(), byHand = Net();
        var sgd = new Sgd(fitted, 0.2);
        fitted.Fit(x, y, new MseLoss(), sgd, new FitOptions { Epochs = 1, BatchSize = 6, Shuffle = false, Schedule = new LinearLR(sgd, 0.5, 1, 1) });
        sgd.LearningRate.Should().Be(0.2);

        var loss = new MseLoss();
        loss.Forward(byHand.Forward(x), y);
        byHand.Backward(loss.Backward(), computeInputGradient: false);
        new Sgd(byHand, 0.2 * 0.5).Step();
        Bits(fitted).Should().Equal(Bits(byHand));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Plateau_StepsOnTheValidationLoss_ElseOnTheTrainingLoss(bool validation)
    {
        var (x, y) = Data(11, 0);
        var (xv, yv) = Data(4, 0.9);
        Sequential net = Net();
        var sgd = new Sgd(net, 0.3);
        var plateau = new ReduceLROnPlateau(sgd, factor: 0.5, patience: 1, threshold: 0.05);
        var options = new FitOptions
        {
            Epochs = 12, BatchSize = 3, Seed = 2, Schedule = plateau,
            ValidationInputs = validation ? xv : null, ValidationTargets = validation ? yv : null,
        };
        TrainingHistory h = net.Fit(x, y, new MseLoss(), sgd, options);

        // Replayed by hand on a fresh schedule: the monitored losses give the rates the epochs used.
        double[] monitored = h.Epochs.Select(e => e.ValidationLoss ?? e.TrainLoss).ToArray();
        var replay = new ReduceLROnPlateau(new Sgd(Net(), 0.3), factor: 0.5, patience: 1, threshold: 0.05);
        var rates = new List<double> { 0.3 };
        foreach (double m in monitored)
        {
            replay.Step(m);
            rates.Add(replay.Optimizer.LearningRate);
        }

        h.LearningRateCurve.Should().Equal(rates.Take(12));
        sgd.LearningRate.Should().Be(rates[12]);
        rates.Distinct().Should().HaveCountGreaterThan(1, "the test must see a reduction to tell the losses apart");
        (plateau.Best, plateau.LastEpoch).Should().Be((replay.Best, 12));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradientClip_IsAppliedBetweenBackwardAndTheStep(bool byValue)
    {
        var (x, y) = Data(12, 0);
        Sequential fitted = Net(), byHand = Net();
        GradientClip clip = byValue ? GradientClip.ByValue(0.05) : GradientClip.ByNorm(0.1);
        var fitSgd = new Sgd(fitted, 0.5, momentum: 0.9);
        fitted.Fit(x, y, new MseLoss(), fitSgd, new FitOptions { Epochs = 2, BatchSize = 4, Shuffle = false, GradientClip = clip });

        var sgd = new Sgd(byHand, 0.5, momentum: 0.9);
        var loss = new MseLoss();
        bool clipped = false;
        for (int epoch = 0; epoch < 2; epoch++)
        {
            for (int start = 0; start < 12; start += 4)
            {
                loss.Forward(byHand.Forward(x.SubMatrix(0, 2, start, 4)), y.SubMatrix(0, 1, start, 4));
                byHand.Backward(loss.Backward(), computeInputGradient: false);
                if (byValue)
                {
                    clipped |= byHand.NamedParameters.Any(p => p.Value.GradientData.ToArray().Any(g => Math.Abs(g) > 0.05));
                    GradientClipping.ClipByValue(byHand, 0.05);
                }
                else
                {
                    clipped |= GradientClipping.ClipByNorm(byHand, 0.1) > 0.1;
                }

                sgd.Step();
            }
        }

        clipped.Should().BeTrue("some gradient must exceed the limit for the test to mean anything");
        Bits(fitted).Should().Equal(Bits(byHand));
    }

    [Fact]
    public void Schedule_OverAnotherOptimizer_IsRefused_AndNothingChanges()
    {
        var (x, y) = Data(11, 0);
        Sequential net = Net();
        long[] before = Bits(net);
        var sgd = new Sgd(net, 0.1);
        var schedule = new StepLR(new Sgd(Net(), 0.1), 2);
        var ex = Assert.Throws<ArgumentException>(() => net.Fit(x, y, new MseLoss(), sgd, new FitOptions { Schedule = schedule }));
        ex.ParamName.Should().Be("options");
        ex.Message.Should().Contain("Schedule").And.Contain("another optimizer");
        Bits(net).Should().Equal(before);
        schedule.LastEpoch.Should().Be(0);
    }

    // ---------------------------------------------------------------- exact resume

    public static TheoryData<string> Schedules => new() { "step", "exponential", "cosine", "linear", "plateau" };

    private static LearningRateSchedule MakeSchedule(string kind, Optimizer optimizer) => kind switch
    {
        "step" => new StepLR(optimizer, 2, 0.6),
        "exponential" => new ExponentialLR(optimizer, 0.8),
        "cosine" => new CosineAnnealingLR(optimizer, 4, 0.01),
        "linear" => new LinearLR(optimizer, 0.25, 1, 4),
        _ => new ReduceLROnPlateau(optimizer, factor: 0.5, patience: 0, threshold: 0.2, cooldown: 1),
    };

    private static FitOptions Options(int epochs, LearningRateSchedule schedule)
    {
        var (xv, yv) = Data(4, 0.9);
        return new FitOptions
        {
            Epochs = epochs, BatchSize = 3, Seed = 5, ValidationInputs = xv, ValidationTargets = yv,
            Schedule = schedule, GradientClip = GradientClip.ByNorm(0.5),
        };
    }

    private static IEnumerable<string> Describe(IEnumerable<EpochReport> epochs) => epochs.Select(e =>
        $"{e.Epoch}: {BitConverter.DoubleToInt64Bits(e.TrainLoss)} {BitConverter.DoubleToInt64Bits(e.ValidationLoss!.Value)} {BitConverter.DoubleToInt64Bits(e.LearningRate)}");

    [Theory]
    [MemberData(nameof(Schedules))]
    public void FitSix_Equals_FitThree_SaveLoad_FitThree_BitForBit(string kind)
    {
        var (x, y) = Data(11, 0);
        Sequential whole = Net();
        var wholeAdam = new Adam(whole, 0.08);
        LearningRateSchedule wholeSchedule = MakeSchedule(kind, wholeAdam);
        TrainingHistory all = whole.Fit(x, y, new MseLoss(), wholeAdam, Options(6, wholeSchedule));
        all.LearningRateCurve.Distinct().Should().HaveCountGreaterThan(1, "the schedule must change the rate within the run");

        Sequential net = Net();
        var adam = new Adam(net, 0.08);
        var state = new TrainingState();
        TrainingHistory h1 = net.Fit(x, y, new MseLoss(), adam, state, Options(3, MakeSchedule(kind, adam)));
        state.Schedule.Should().NotBeNull();
        state.Schedule!.LastEpoch.Should().Be(3);
        using var file = new MemoryStream();
        new ModelBundle(net) { Optimizer = adam, TrainingState = state }.Save(file);
        file.Position = 0;
        ModelBundle loaded = ModelBundle.Load(file);

        // A new schedule over the loaded optimizer, as a new process would create it; Fit loads the recorded state.
        LearningRateSchedule resumedSchedule = MakeSchedule(kind, loaded.Optimizer!);
        TrainingHistory h2 = loaded.Network.Fit(x, y, new MseLoss(), loaded.Optimizer!, loaded.TrainingState!, Options(3, resumedSchedule));

        Bits(loaded.Network).Should().Equal(Bits(whole), "the parameters");
        Describe(h1.Epochs.Concat(h2.Epochs)).Should().Equal(Describe(all.Epochs), "losses and rates");
        BitConverter.DoubleToInt64Bits(loaded.Optimizer!.LearningRate).Should().Be(BitConverter.DoubleToInt64Bits(wholeAdam.LearningRate));
        resumedSchedule.GetState().Should().BeEquivalentTo(wholeSchedule.GetState());
        loaded.TrainingState!.Schedule.Should().BeEquivalentTo(wholeSchedule.GetState());
    }

    [Fact]
    public void Resume_WithoutTheRecordedSchedule_OrWithAnother_IsRefused_AndNothingChanges()
    {
        var (x, y) = Data(11, 0);
        Sequential net = Net();
        var sgd = new Sgd(net, 0.1);
        var state = new TrainingState();
        net.Fit(x, y, new MseLoss(), sgd, state, new FitOptions { Epochs = 2, Schedule = new StepLR(sgd, 2) });
        long[] before = Bits(net);

        var ex = Assert.Throws<ArgumentException>(() => net.Fit(x, y, new MseLoss(), sgd, state, new FitOptions { Epochs = 2 }));
        ex.ParamName.Should().Be("options");
        ex.Message.Should().Contain("StepLR");

        var other = new StepLR(sgd, 3);
        ex = Assert.Throws<ArgumentException>(() => net.Fit(x, y, new MseLoss(), sgd, state, new FitOptions { Epochs = 2, Schedule = other }));
        ex.Message.Should().Contain("step_size");
        other.LastEpoch.Should().Be(0);
        Bits(net).Should().Equal(before);
        state.EpochsCompleted.Should().Be(2);
    }

    [Fact]
    public void FitWithScheduleAndClipping_AllocatesNothingPerStep()
    {
        long Allocated(int batchSize)
        {
            var random = new SeededRandom(4);
            var x = Matrix<double>.Build.Dense(3, 400, (_, _) => random.NextUniform(-1, 1));
            var y = Matrix<double>.Build.Dense(1, 400, (_, j) => x[0, j] - (2 * x[1, j]));
            var net = new Sequential(new Linear(3, 8), new Tanh(), new Linear(8, 1)).Initialize(3);
            var adam = new Adam(net, 1e-3);
            var options = new FitOptions { Epochs = 3, BatchSize = batchSize, Seed = 5, Schedule = new ExponentialLR(adam, 0.9), GradientClip = GradientClip.ByNorm(0.1) };
            net.Fit(x, y, new MseLoss(), adam, options);
            long fewest = long.MaxValue;
            for (int attempt = 0; attempt < 5; attempt++)
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                net.Fit(x, y, new MseLoss(), adam, options);
                fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            }

            return fewest;
        }

        // 1200 steps against 120: even 8 bytes a step would show as 8.6 KB.
        (Allocated(1) - Allocated(10)).Should().BeLessThan(1024);
    }
}
