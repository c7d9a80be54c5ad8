using System.Threading;
using TinyNets.Training;

namespace TinyNets.Tests.Training;

/// <summary>
/// Trainer.Fit: determinism, batching, convergence, early stopping, progress, metrics, cancellation, divergence.
/// The data is noise-free linear regression y = 2x₁ − 3x₂ + 1 learnt by Linear(2,1) with MSE, whose gradient
/// 2/B·Σ(z − y)·(x₁, x₂, 1) the tests recompute in plain scalar code where they need expected values.
/// </summary>
public class TrainerFitTests
{
    // ------------------------------------------------------------------ fixtures

    private static double Truth(double x1, double x2) => (2 * x1) - (3 * x2) + 1;

    /// <summary>N samples on a 5-column grid in [−1, 1]², one sample per column; targets y = 2x₁ − 3x₂ + 1.</summary>
    private static (Matrix<double> X, Matrix<double> Y) Data(int n = 20, Func<double, double, double>? f = null, double offset = 0)
    {
        f ??= Truth;
        var x = Matrix<double>.Build.Dense(2, n, (i, j) => i == 0 ? -1 + (0.5 * (j % 5)) + offset : -1 + (0.4 * (j / 5)) - offset);
        var y = Matrix<double>.Build.Dense(1, n, (_, j) => f(x[0, j], x[1, j]));
        return (x, y);
    }

    private static Sequential Net(double w1 = 0.1, double w2 = -0.2, double b = 0.05)
    {
        var net = new Sequential(new Linear(2, 1));
        net.SetParameter("0.weight", new[,] { { w1, w2 } });
        net.SetParameter("0.bias", new[] { b });
        return net;
    }

    private static double[] Theta(Sequential net) => net.NamedParameters.SelectMany(p => p.Value.ToVector().ToArray()).ToArray();

    private static long[] Bits(Sequential net) => Theta(net).Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static void ShouldBeExact(double[] actual, double[] expected, string what)
    {
        actual.Should().HaveSameCount(expected);
        for (int i = 0; i < expected.Length; i++)
        {
            Exact(actual[i], expected[i], $"{what}[{i}]");
        }
    }

    /// <summary>MSE (mean) of the linear model θ = (w₁, w₂, b) on the given columns, in scalar code.</summary>
    private static double MseOf(double[] theta, Matrix<double> x, Matrix<double> y, IReadOnlyList<int> columns)
    {
        double sum = 0;
        foreach (int j in columns)
        {
            double r = (theta[0] * x[0, j]) + (theta[1] * x[1, j]) + theta[2] - y[0, j];
            sum += r * r;
        }

        return sum / columns.Count;
    }

    /// <summary>One SGD step on the MSE of the given columns, in scalar code: θ ← θ − η·2/B·Σ(z − y)(x₁, x₂, 1).</summary>
    private static void ReferenceStep(double[] theta, Matrix<double> x, Matrix<double> y, IReadOnlyList<int> columns, double lr)
    {
        double g1 = 0, g2 = 0, gb = 0;
        foreach (int j in columns)
        {
            double dz = 2 * ((theta[0] * x[0, j]) + (theta[1] * x[1, j]) + theta[2] - y[0, j]) / columns.Count;
            g1 += dz * x[0, j];
            g2 += dz * x[1, j];
            gb += dz;
        }

        theta[0] -= lr * g1;
        theta[1] -= lr * g2;
        theta[2] -= lr * gb;
    }

    /// <summary>A synchronous progress sink (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Recorder(Action<EpochReport>? onReport = null) : IProgress<EpochReport>
    {
        public List<EpochReport> Reports { get; } = [];

        public void Report(EpochReport value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }

    // ------------------------------------------------------------------ determinism and history

    [Fact]
    public void SameSeed_GivesBitIdenticalWeightsAndLossCurve()
    {
        (Matrix<double> x, Matrix<double> y) = Data();
        var options = new FitOptions { Epochs = 15, BatchSize = 3, Seed = 42 };

        Sequential a = Net(), b = Net();
        TrainingHistory ha = a.Fit(x, y, new MseLoss(), new Sgd(a, 0.05, momentum: 0.9), options);
        TrainingHistory hb = b.Fit(x, y, new MseLoss(), new Sgd(b, 0.05, momentum: 0.9), options);

        Bits(a).Should().Equal(Bits(b));
        Bits(ha.LossCurve).Should().Equal(Bits(hb.LossCurve));
    }

    [Fact]
    public void DifferentShufflingSeeds_GiveDifferentWeights()
    {
        (Matrix<double> x, Matrix<double> y) = Data();
        Sequential a = Net(), b = Net();
        TrainingHistory ha = a.Fit(x, y, new MseLoss(), new Sgd(a, 0.05), new FitOptions { Epochs = 5, BatchSize = 3, Seed = 1 });
        TrainingHistory hb = b.Fit(x, y, new MseLoss(), new Sgd(b, 0.05), new FitOptions { Epochs = 5, BatchSize = 3, Seed = 2 });

        Bits(a).Should().NotEqual(Bits(b), "the seed drives the order of the mini-batches");
        Bits(ha.LossCurve).Should().NotEqual(Bits(hb.LossCurve));
    }

    [Fact]
    public void WithoutShuffling_InOrderMiniBatches_MatchScalarReference_AndTrainLossIsBatchSizeWeighted()
    {
        // N = 10, B = 4, no shuffling: batches are columns {0..3}, {4..7}, {8, 9} (the last one smaller), every epoch.
        // TrainLoss = (4·L₁ + 4·L₂ + 2·L₃)/10 with Lₖ the batch loss before its step.
        (Matrix<double> x, Matrix<double> y) = Data(10);
        const double lr = 0.1;
        Sequential net = Net();
        var sgd = new Sgd(net, lr);
        TrainingHistory history = net.Fit(x, y, new MseLoss(), sgd, new FitOptions { Epochs = 3, BatchSize = 4, Shuffle = false, Seed = 7 });

        double[] theta = [0.1, -0.2, 0.05];
        int[][] batches = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]];
        var expectedCurve = new List<double>();
        for (int epoch = 0; epoch < 3; epoch++)
        {
            double weighted = 0;
            foreach (int[] batch in batches)
            {
                weighted += MseOf(theta, x, y, batch) * batch.Length;
                ReferenceStep(theta, x, y, batch, lr);
            }

            expectedCurve.Add(weighted / 10);
        }

        ShouldBeExact(Theta(net), theta, "θ");
        ShouldBeExact(history.LossCurve.ToArray(), expectedCurve.ToArray(), "loss curve");
        sgd.Steps.Should().Be(9);
    }

    [Fact]
    public void LossCurve_HasOneEntryPerEpoch_AndHistoryDescribesACompletedRun()
    {
        (Matrix<double> x, Matrix<double> y) = Data();
        Sequential net = Net();
        TrainingHistory history = net.Fit(x, y, new MseLoss(), new Sgd(net, 0.05), new FitOptions { Epochs = 7, BatchSize = 6 });

        history.LossCurve.Should().HaveCount(7);
        history.Epochs.Select(e => e.Epoch).Should().Equal(1, 2, 3, 4, 5, 6, 7);
        history.Epochs.Select(e => e.TrainLoss).Should().Equal(history.LossCurve);
        history.Epochs.Should().OnlyContain(e => e.ValidationLoss == null && e.Metrics.Count == 0);
        history.ValidationLossCurve.Should().BeEmpty();
        history.StopReason.Should().Be(StopReason.Completed);
        history.BestEpoch.Should().BeNull();
        history.Divergence.Should().BeNull();
        history.Epochs.Select(e => e.Elapsed).Should().BeInAscendingOrder().And.OnlyContain(t => t >= TimeSpan.Zero);
    }

    [Fact]
    public void LinearRegression_ConvergesToTheTrueWeights()
    {
        (Matrix<double> x, Matrix<double> y) = Data();
        Sequential net = new Sequential(new Linear(2, 1)).Initialize(3);
        TrainingHistory history = net.Fit(x, y, new MseLoss(), new Sgd(net, 0.1), new FitOptions { Epochs = 300, BatchSize = 4, Seed = 5 });

        double[] theta = Theta(net);
        theta[0].Should().BeApproximately(2, 1e-6);
        theta[1].Should().BeApproximately(-3, 1e-6);
        theta[2].Should().BeApproximately(1, 1e-6);
        history.LossCurve[^1].Should().BeLessThan(1e-12);
        history.LossCurve[^1].Should().BeLessThan(history.LossCurve[0]);
    }

    [Theory]
    [InlineData(20, true)]
    [InlineData(21, false)]
    [InlineData(1000, true)]
    [InlineData(int.MaxValue, true)]
    public void BatchSizeAtLeastTheData_IsFullBatchGradientDescent(int batchSize, bool shuffle)
    {
        (Matrix<double> x, Matrix<double> y) = Data();
        const double lr = 0.2;
        Sequential net = Net();
        var sgd = new Sgd(net, lr);
        TrainingHistory history = net.Fit(x, y, new MseLoss(), sgd, new FitOptions { Epochs = 4, BatchSize = batchSize, Shuffle = shuffle, Seed = 3 });

        double[] theta = [0.1, -0.2, 0.05];
        int[] all = Enumerable.Range(0, 20).ToArray();
        var curve = new List<double>();
        for (int epoch = 0; epoch < 4; epoch++)
        {
            curve.Add(MseOf(theta, x, y, all));
            ReferenceStep(theta, x, y, all, lr);
        }

        sgd.Steps.Should().Be(4, "one full batch per epoch");
        ShouldBeExact(Theta(net), theta, "θ");
        ShouldBeExact(history.LossCurve.ToArray(), curve.ToArray(), "loss curve");
    }

    [Theory]
    [InlineData(10, 4, 5, 15)] // 4 + 4 + 2
    [InlineData(10, 3, 2, 8)] // 3 + 3 + 3 + 1
    [InlineData(10, 5, 3, 6)]
    [InlineData(10, 1, 2, 20)]
    [InlineData(10, 10, 4, 4)]
    [InlineData(7, 6, 3, 6)] // 6 + 1
    public void StepsPerEpoch_AreCeilingOfSamplesOverBatchSize(int samples, int batchSize, int epochs, int expectedSteps)
    {
        (Matrix<double> x, Matrix<double> y) = Data(samples);
        Sequential net = Net();
        var sgd = new Sgd(net, 0.01);
        net.Fit(x, y, new MseLoss(), sgd, new FitOptions { Epochs = epochs, BatchSize = batchSize, Seed = 9 });

        sgd.Steps.Should().Be(expectedSteps);
        sgd.Steps.Should().Be(epochs * (long)Math.Ceiling(samples / (double)batchSize));
    }

    // ------------------------------------------------------------------ early stopping

    /// <summary>Training data follow y = 2x₁ − 3x₂ + 1; validation data follow half of that. Starting from zero weights,
    /// the parameters move towards the training solution, so the validation loss falls until about halfway, then rises.</summary>
    private static FitOptions EarlyStoppingOptions(EarlyStopping? early, int epochs = 60)
    {
        (Matrix<double> xv, Matrix<double> yv) = Data(10, (a, b) => 0.5 * Truth(a, b), offset: 0.1);
        return new FitOptions
        {
            Epochs = epochs,
            BatchSize = 5,
            Seed = 11,
            ValidationInputs = xv,
            ValidationTargets = yv,
            EarlyStopping = early,
        };
    }

    [Fact]
    public void EarlyStopping_OnWorseningValidation_StopsAndRestoresTheBestEpoch()
    {
        (Matrix<double> x, Matrix<double> y) = Data();
        Sequential net = Net(0, 0, 0);
        TrainingHistory history = net.Fit(x, y, new MseLoss(), new Sgd(net, 0.02), EarlyStoppingOptions(new EarlyStopping(patience: 3)));

        history.StopReason.Should().Be(StopReason.EarlyStopped);
        IReadOnlyList<double> validation = history.ValidationLossCurve;
        validation.Should().HaveCount(history.Epochs.Count);
        int argMin = validation.Select((v, i) => (v, i)).OrderBy(p => p.v).ThenBy(p => p.i).First().i + 1;
        history.BestEpoch.Should().Be(argMin);
        argMin.Should().BeGreaterThan(1, "the fixture must make the validation loss fall first");
        history.Epochs.Should().HaveCount(argMin + 3, "training stops after 3 epochs without improvement");
        history.Epochs.Count.Should().BeLessThan(60);

        // The final parameters are those after the best epoch: a deterministic re-run of BestEpoch epochs.
        Sequential rerun = Net(0, 0, 0);
        TrainingHistory rerunHistory = rerun.Fit(x, y, new MseLoss(), new Sgd(rerun, 0.02), EarlyStoppingOptions(null, epochs: argMin));
        Bits(net).Should().Equal(Bits(rerun));
        Bits(rerunHistory.LossCurve).Should().Equal(Bits(history.LossCurve.Take(argMin)));
    }

    [Fact]
    public void EarlyStopping_WithoutRestoringBestWeights_KeepsTheLastWeights()
    {
        (Matrix<double> x, Matrix<double> y) = Data();
        Sequential net = Net(0, 0, 0);
        TrainingHistory history = net.Fit(
            x, y, new MseLoss(), new Sgd(net, 0.02), EarlyStoppingOptions(new EarlyStopping(patience: 3, restoreBestWeights: false)));

        history.StopReason.Should().Be(StopReason.EarlyStopped);
        int last = history.Epochs.Count;
        history.BestEpoch.Should().Be(last - 3);

        Sequential rerun = Net(0, 0, 0);
        rerun.Fit(x, y, new MseLoss(), new Sgd(rerun, 0.02), EarlyStoppingOptions(null, epochs: last));
        Bits(net).Should().Equal(Bits(rerun));

        Sequential atBest = Net(0, 0, 0);
        atBest.Fit(x, y, new MseLoss(), new Sgd(atBest, 0.02), EarlyStoppingOptions(null, epochs: last - 3));
        Bits(net).Should().NotEqual(Bits(atBest), "the last weights are not the best epoch's");
    }

    [Fact]
    public void EarlyStopping_RunningToTheLastEpoch_StillRestoresTheBestWeights()
    {
        (Matrix<double> x, Matrix<double> y) = Data();
        Sequential net = Net(0, 0, 0);
        TrainingHistory history = net.Fit(
            x, y, new MseLoss(), new Sgd(net, 0.02), EarlyStoppingOptions(new EarlyStopping(patience: 1000), epochs: 40));

        history.StopReason.Should().Be(StopReason.Completed);
        history.Epochs.Should().HaveCount(40);
        int best = history.BestEpoch!.Value;
        int argMin = history.ValidationLossCurve.Select((v, i) => (v, i)).OrderBy(p => p.v).ThenBy(p => p.i).First().i + 1;
        best.Should().Be(argMin).And.BeLessThan(40, "the validation loss must have risen by the end for this test to mean something");

        Sequential rerun = Net(0, 0, 0);
        rerun.Fit(x, y, new MseLoss(), new Sgd(rerun, 0.02), EarlyStoppingOptions(null, epochs: best));
        Bits(net).Should().Equal(Bits(rerun));
    }

    [Fact]
    public void EarlyStopping_WithoutValidation_MonitorsTheTrainingLoss()
    {
        // An improvement must exceed minDelta = 1e9, which no epoch after the first can: epoch 1 is the best,
        // and with patience 2 training stops after epoch 3, restoring epoch 1's weights.
        (Matrix<double> x, Matrix<double> y) = Data();
        Sequential net = Net();
        TrainingHistory history = net.Fit(
            x, y, new MseLoss(), new Sgd(net, 0.05), new FitOptions { Epochs = 50, BatchSize = 4, Seed = 2, EarlyStopping = new EarlyStopping(2, minDelta: 1e9) });

        history.StopReason.Should().Be(StopReason.EarlyStopped);
        history.Epochs.Should().HaveCount(3);
        history.BestEpoch.Should().Be(1);
        history.LossCurve[2].Should().BeLessThan(history.LossCurve[0], "training did improve, just not by minDelta");

        Sequential rerun = Net();
        rerun.Fit(x, y, new MseLoss(), new Sgd(rerun, 0.05), new FitOptions { Epochs = 1, BatchSize = 4, Seed = 2 });
        Bits(net).Should().Equal(Bits(rerun));
    }

    [Fact]
    public void EarlyStopping_BadSettings_Throw()
    {
        Assert.ThrowsAny<ArgumentException>(() => _ = new EarlyStopping(0)).ParamName.Should().Be("patience");
        Assert.ThrowsAny<ArgumentException>(() => _ = new EarlyStopping(-3)).ParamName.Should().Be("patience");
        Assert.ThrowsAny<ArgumentException>(() => _ = new EarlyStopping(1, minDelta: -1e-3)).ParamName.Should().Be("minDelta");
        Assert.ThrowsAny<ArgumentException>(() => _ = new EarlyStopping(1, minDelta: double.NaN)).ParamName.Should().Be("minDelta");
        Assert.ThrowsAny<ArgumentException>(() => _ = new EarlyStopping(1, minDelta: double.PositiveInfinity)).ParamName.Should().Be("minDelta");
    }

    // ------------------------------------------------------------------ progress and metrics

    [Fact]
    public void Progress_ReportsEveryEpochInOrder_WithTheHistorysValues_AndIndependentlyCheckedLosses()
    {
        (Matrix<double> x, Matrix<double> y) = Data();
        FitOptions options = EarlyStoppingOptions(null, epochs: 6);
        Sequential net = Net();
        var thetaAtReport = new List<double[]>();
        var recorder = new Recorder(_ => thetaAtReport.Add(Theta(net)));

        TrainingHistory history = net.Fit(x, y, new MseLoss(), new Sgd(net, 0.05), options, recorder);

        recorder.Reports.Should().HaveCount(6);
        recorder.Reports.Select(r => r.Epoch).Should().Equal(1, 2, 3, 4, 5, 6);
        recorder.Reports.Should().Equal(history.Epochs);
        int[] all = Enumerable.Range(0, 10).ToArray();
        for (int e = 0; e < 6; e++)
        {
            // The validation loss is the loss on the validation data with the parameters at the end of the epoch.
            double expected = MseOf(thetaAtReport[e], options.ValidationInputs!, options.ValidationTargets!, all);
            Exact(recorder.Reports[e].ValidationLoss!.Value, expected, $"validation loss of epoch {e + 1}");
        }
    }

    [Fact]
    public void Metrics_AreComputedOnValidationData_WhenGiven()
    {
        (Matrix<double> x, Matrix<double> y) = Data();
        FitOptions options = EarlyStoppingOptions(null, epochs: 4) with
        {
            Metrics = [new NamedMetric("mae", (o, t) => (o - t).Enumerate().Select(d => Math.Abs(d)).Average()), new NamedMetric("columns", (_, t) => t.ColumnCount)],
        };
        Sequential net = Net();
        var thetaAtReport = new List<double[]>();
        var recorder = new Recorder(_ => thetaAtReport.Add(Theta(net)));

        net.Fit(x, y, new MseLoss(), new Sgd(net, 0.05), options, recorder);

        Matrix<double> xv = options.ValidationInputs!, yv = options.ValidationTargets!;
        for (int e = 0; e < 4; e++)
        {
            double[] th = thetaAtReport[e];
            double mae = Enumerable.Range(0, 10).Average(j => Math.Abs((th[0] * xv[0, j]) + (th[1] * xv[1, j]) + th[2] - yv[0, j]));
            recorder.Reports[e].Metrics.Keys.Should().BeEquivalentTo("mae", "columns");
            Exact(recorder.Reports[e].Metrics["mae"], mae, $"MAE on the validation data after epoch {e + 1}");
            recorder.Reports[e].Metrics["columns"].Should().Be(10, "the validation set has 10 samples (the training set 20)");
        }
    }

    [Fact]
    public void Metrics_AreComputedOnTrainingData_WithoutValidation()
    {
        (Matrix<double> x, Matrix<double> y) = Data();
        var options = new FitOptions
        {
            Epochs = 3,
            BatchSize = 7,
            Seed = 4,
            Metrics = [new NamedMetric("mse", (o, t) => (o - t).Enumerate().Select(d => d * d).Average()), new NamedMetric("columns", (_, t) => t.ColumnCount)],
        };
        Sequential net = Net();
        var thetaAtReport = new List<double[]>();
        var recorder = new Recorder(_ => thetaAtReport.Add(Theta(net)));

        net.Fit(x, y, new MseLoss(), new Sgd(net, 0.05), options, recorder);

        int[] all = Enumerable.Range(0, 20).ToArray();
        for (int e = 0; e < 3; e++)
        {
            Exact(recorder.Reports[e].Metrics["mse"], MseOf(thetaAtReport[e], x, y, all), $"MSE on the training data after epoch {e + 1}");
            recorder.Reports[e].Metrics["columns"].Should().Be(20);
        }
    }

    // ------------------------------------------------------------------ cancellation

    [Fact]
    public void CancelledFromProgressAfterEpoch2_Throws_AndKeepsTheParametersOfTheLastCompletedStep()
    {
        (Matrix<double> x, Matrix<double> y) = Data();
        var options = new FitOptions { Epochs = 10, BatchSize = 6, Seed = 8 };
        Sequential net = Net();
        var sgd = new Sgd(net, 0.05, momentum: 0.5);
        using var cts = new CancellationTokenSource();
        var recorder = new Recorder(r =>
        {
            if (r.Epoch == 2)
            {
                cts.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() => net.Fit(x, y, new MseLoss(), sgd, options, recorder, cts.Token));

        recorder.Reports.Should().HaveCount(2);
        sgd.Steps.Should().Be(8, "2 epochs of ceil(20/6) = 4 steps");
        Theta(net).Should().OnlyContain(v => double.IsFinite(v));
        Sequential rerun = Net();
        rerun.Fit(x, y, new MseLoss(), new Sgd(rerun, 0.05, momentum: 0.5), options with { Epochs = 2 });
        Bits(net).Should().Equal(Bits(rerun));
    }

    [Fact]
    public void AlreadyCancelledToken_Throws_BeforeAnyStep()
    {
        (Matrix<double> x, Matrix<double> y) = Data();
        Sequential net = Net();
        long[] before = Bits(net);
        var sgd = new Sgd(net, 0.05);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var recorder = new Recorder();

        Assert.ThrowsAny<OperationCanceledException>(() => net.Fit(x, y, new MseLoss(), sgd, new FitOptions { Epochs = 3 }, recorder, cts.Token));

        sgd.Steps.Should().Be(0);
        recorder.Reports.Should().BeEmpty();
        Bits(net).Should().Equal(before);
    }

    // ------------------------------------------------------------------ divergence

    [Fact]
    public void HugeLearningRate_Diverges_WithTheParametersFromBeforeTheStepThatLedThere()
    {
        // Full batch without shuffling, so a plain Forward/loss/Backward/Step loop on the same data is a deterministic
        // re-run. SGD η = 1e3 on MSE multiplies the error by ~10³ per step until the loss overflows.
        (Matrix<double> x, Matrix<double> y) = Data();
        var options = new FitOptions { Epochs = 1000, BatchSize = 20, Shuffle = false };
        Sequential net = Net();
        TrainingHistory history = net.Fit(x, y, new MseLoss(), new Sgd(net, 1e3), options);

        history.StopReason.Should().Be(StopReason.Diverged);
        history.Divergence.Should().NotBeNullOrWhiteSpace();
        history.Epochs.Count.Should().BeLessThan(1000);
        history.LossCurve.Should().OnlyContain(v => double.IsFinite(v));
        Theta(net).Should().OnlyContain(v => double.IsFinite(v));

        // Re-run: θ₀, θ₁, … until a step gives non-finite parameters (→ expect the θ before that step) or the parameters
        // give a non-finite loss (→ expect the θ before the step that produced them).
        Sequential rerun = Net();
        var sgd = new Sgd(rerun, 1e3);
        var loss = new MseLoss();
        var thetas = new List<double[]> { Theta(rerun) };
        double[] expected;
        while (true)
        {
            double value = loss.Forward(rerun.Forward(x), y);
            if (!double.IsFinite(value))
            {
                expected = thetas.Count >= 2 ? thetas[^2] : thetas[^1];
                break;
            }

            rerun.Backward(loss.Backward());
            sgd.Step();
            double[] theta = Theta(rerun);
            if (!theta.All(double.IsFinite))
            {
                expected = thetas[^1];
                break;
            }

            thetas.Add(theta);
        }

        Bits(net).Should().Equal(Bits(expected));
    }

    [Fact]
    public void StepToInfiniteParameters_Diverges_WithTheParametersBeforeThatStep()
    {
        // η = 1e308 is finite, but η·g overflows for |g| > 1.8: the first step makes the parameters infinite.
        (Matrix<double> x, Matrix<double> y) = Data();
        Sequential net = Net();
        long[] initial = Bits(net);
        TrainingHistory history = net.Fit(x, y, new MseLoss(), new Sgd(net, 1e308), new FitOptions { Epochs = 5, BatchSize = 20 });

        history.StopReason.Should().Be(StopReason.Diverged);
        history.Epochs.Should().BeEmpty();
        history.Divergence.Should().Contain("0.");
        Bits(net).Should().Equal(initial);
    }

    [Fact]
    public void OverflowingOutputWithFiniteParameters_Diverges()
    {
        // One sample x = (1, 1), y = 1, θ₀ = 0: L = (z − 1)² = 1, ∂L/∂θ = 2(z − 1)·(1, 1, 1) = (−2, −2, −2).
        // η = 8e307: θ₁ = (1.6e308, 1.6e308, 1.6e308), finite; but z = Σθ = 4.8e308 overflows to +∞, so the loss of
        // the next batch is not finite: training must stop as Diverged, with θ₀ (the parameters before the step that
        // led there), not throw.
        Matrix<double> x = Matrix<double>.Build.Dense(2, 1, 1.0);
        Matrix<double> y = Matrix<double>.Build.Dense(1, 1, 1.0);
        Sequential net = Net(0, 0, 0);
        TrainingHistory history = net.Fit(x, y, new MseLoss(), new Sgd(net, 8e307), new FitOptions { Epochs = 3 });

        history.StopReason.Should().Be(StopReason.Diverged);
        history.Divergence.Should().NotBeNullOrWhiteSpace();
        Theta(net).Should().Equal(0.0, 0.0, 0.0);
    }

    [Fact]
    public void HugeLearningRate_WithShuffledMiniBatches_DivergesDeterministically_WithFiniteParameters()
    {
        (Matrix<double> x, Matrix<double> y) = Data();
        var options = new FitOptions { Epochs = 500, BatchSize = 3, Seed = 6 };
        Sequential a = Net(), b = Net();
        TrainingHistory ha = a.Fit(x, y, new MseLoss(), new Sgd(a, 1e3, momentum: 0.9), options);
        TrainingHistory hb = b.Fit(x, y, new MseLoss(), new Sgd(b, 1e3, momentum: 0.9), options);

        ha.StopReason.Should().Be(StopReason.Diverged);
        ha.Divergence.Should().NotBeNullOrWhiteSpace();
        Theta(a).Should().OnlyContain(v => double.IsFinite(v));
        Bits(a).Should().Equal(Bits(b));
        hb.Divergence.Should().Be(ha.Divergence);
    }

    // ------------------------------------------------------------------ bad arguments

    private static void ThrowsArgument(Action act, string paramNameStart, Sequential net, long[] before, Sgd sgd)
    {
        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(act);
        ex.Should().NotBeOfType<ArgumentNullException>();
        ex.ParamName.Should().StartWith(paramNameStart, "the exception must name the offending argument (message: {0})", ex.Message);
        Bits(net).Should().Equal(before, "a refused Fit leaves the parameters unchanged");
        sgd.Steps.Should().Be(0);
    }

    public static TheoryData<string> BadArguments => new()
    {
        "sample-count-mismatch", "input-rows", "target-rows", "nan-input", "infinite-input", "nan-target", "epochs-0", "epochs-negative",
        "batch-0", "batch-negative", "validation-inputs-only", "validation-targets-only", "validation-input-rows", "validation-target-rows",
        "validation-sample-mismatch", "validation-nan", "foreign-optimizer",
    };

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void BadArguments_ThrowArgumentException_NamingTheArgument_AndChangeNothing(string kind)
    {
        (Matrix<double> x, Matrix<double> y) = Data(10);
        (Matrix<double> xv, Matrix<double> yv) = Data(5, offset: 0.05);
        Sequential net = Net();
        long[] before = Bits(net);
        var sgd = new Sgd(net, 0.1);
        var loss = new MseLoss();
        var ok = new FitOptions { Epochs = 2, BatchSize = 4 };

        void Fit(Matrix<double> xs, Matrix<double> ys, FitOptions options, Optimizer? optimizer = null) =>
            net.Fit(xs, ys, loss, optimizer ?? sgd, options);

        Matrix<double> WithEntry(Matrix<double> m, double value)
        {
            Matrix<double> copy = m.Clone();
            copy[0, m.ColumnCount - 1] = value;
            return copy;
        }

        switch (kind)
        {
            case "sample-count-mismatch":
                ThrowsArgument(() => Fit(x, Data(9).Y, ok), "targets", net, before, sgd);
                break;
            case "input-rows":
                ThrowsArgument(() => Fit(Matrix<double>.Build.Dense(3, 10, 0.5), y, ok), "inputs", net, before, sgd);
                break;
            case "target-rows":
                ThrowsArgument(() => Fit(x, Matrix<double>.Build.Dense(2, 10, 0.5), ok), "targets", net, before, sgd);
                break;
            case "nan-input":
                ThrowsArgument(() => Fit(WithEntry(x, double.NaN), y, ok), "inputs", net, before, sgd);
                break;
            case "infinite-input":
                ThrowsArgument(() => Fit(WithEntry(x, double.NegativeInfinity), y, ok), "inputs", net, before, sgd);
                break;
            case "nan-target":
                ThrowsArgument(() => Fit(x, WithEntry(y, double.NaN), ok), "targets", net, before, sgd);
                break;
            case "epochs-0":
                ThrowsArgument(() => Fit(x, y, ok with { Epochs = 0 }), "options", net, before, sgd);
                break;
            case "epochs-negative":
                ThrowsArgument(() => Fit(x, y, ok with { Epochs = -1 }), "options", net, before, sgd);
                break;
            case "batch-0":
                ThrowsArgument(() => Fit(x, y, ok with { BatchSize = 0 }), "options", net, before, sgd);
                break;
            case "batch-negative":
                ThrowsArgument(() => Fit(x, y, ok with { BatchSize = -5 }), "options", net, before, sgd);
                break;
            case "validation-inputs-only":
                ThrowsArgument(() => Fit(x, y, ok with { ValidationInputs = xv }), "options", net, before, sgd);
                break;
            case "validation-targets-only":
                ThrowsArgument(() => Fit(x, y, ok with { ValidationTargets = yv }), "options", net, before, sgd);
                break;
            case "validation-input-rows":
                ThrowsArgument(() => Fit(x, y, ok with { ValidationInputs = Matrix<double>.Build.Dense(3, 5, 0.5), ValidationTargets = yv }), "options.ValidationInputs", net, before, sgd);
                break;
            case "validation-target-rows":
                ThrowsArgument(() => Fit(x, y, ok with { ValidationInputs = xv, ValidationTargets = Matrix<double>.Build.Dense(2, 5, 0.5) }), "options.ValidationTargets", net, before, sgd);
                break;
            case "validation-sample-mismatch":
                ThrowsArgument(() => Fit(x, y, ok with { ValidationInputs = xv, ValidationTargets = Data(4).Y }), "options.ValidationTargets", net, before, sgd);
                break;
            case "validation-nan":
                ThrowsArgument(() => Fit(x, y, ok with { ValidationInputs = WithEntry(xv, double.NaN), ValidationTargets = yv }), "options.ValidationInputs", net, before, sgd);
                break;
            case "foreign-optimizer":
                Sequential other = Net();
                long[] otherBefore = Bits(other);
                var foreign = new Sgd(other, 0.1);
                ThrowsArgument(() => Fit(x, y, ok, foreign), "optimizer", net, before, sgd);
                foreign.Steps.Should().Be(0);
                Bits(other).Should().Equal(otherBefore);
                break;
            default:
                throw new InvalidOperationException(kind);
        }
    }

    [Fact]
    public void NullArguments_ThrowArgumentNullException()
    {
        (Matrix<double> x, Matrix<double> y) = Data(10);
        Sequential net = Net();
        var sgd = new Sgd(net, 0.1);
        Assert.Throws<ArgumentNullException>(() => Trainer.Fit(null!, x, y, new MseLoss(), sgd)).ParamName.Should().Be("network");
        Assert.Throws<ArgumentNullException>(() => net.Fit(null!, y, new MseLoss(), sgd)).ParamName.Should().Be("inputs");
        Assert.Throws<ArgumentNullException>(() => net.Fit(x, (Matrix<double>)null!, new MseLoss(), sgd)).ParamName.Should().Be("targets");
        Assert.Throws<ArgumentNullException>(() => net.Fit(x, y, null!, sgd)).ParamName.Should().Be("loss");
        Assert.Throws<ArgumentNullException>(() => net.Fit(x, y, new MseLoss(), null!)).ParamName.Should().Be("optimizer");
    }

    [Fact]
    public void OptimizerOverPartOfTheNetwork_IsAccepted()
    {
        // Control for "foreign-optimizer": updating only some of this network's own parameters is fine (freezing).
        (Matrix<double> x, Matrix<double> y) = Data(10);
        var net = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1)).Initialize(4);
        double[] frozen = net.GetParameter("0.weight").ToVector().ToArray();
        var sgd = new Sgd(net.NamedParameters.Where(p => p.Key.StartsWith("2.", StringComparison.Ordinal)), 0.05);

        net.Fit(x, y, new MseLoss(), sgd, new FitOptions { Epochs = 2, BatchSize = 5 });

        sgd.Steps.Should().Be(4);
        net.GetParameter("0.weight").ToVector().ToArray().Should().Equal(frozen);
    }

    [Fact]
    public void TargetOutsideTheLossDomain_ThrowsArgumentException_AndChangesNothing()
    {
        // BCE targets must lie in [0, 1]; the bad one is the last sample, so with in-order single-sample batches it
        // would only be met after 9 steps. Bad input must be refused before training changes the network.
        (Matrix<double> x, _) = Data(10);
        Matrix<double> y = Matrix<double>.Build.Dense(1, 10, (_, j) => j % 2);
        y[0, 9] = 2.0;
        Sequential net = Net();
        long[] before = Bits(net);
        var sgd = new Sgd(net, 0.1);

        Assert.ThrowsAny<ArgumentException>(() => net.Fit(x, y, new BceWithLogitsLoss(), sgd, new FitOptions { Epochs = 1, BatchSize = 1, Shuffle = false }));

        sgd.Steps.Should().Be(0, "the targets are checked against the loss's domain before the first step");
        Bits(net).Should().Equal(before);
    }

    [Fact]
    public void ValidationTargetOutsideTheLossDomain_ThrowsArgumentException_AndChangesNothing()
    {
        (Matrix<double> x, _) = Data(10);
        Matrix<double> y = Matrix<double>.Build.Dense(1, 10, (_, j) => j % 2);
        (Matrix<double> xv, _) = Data(4, offset: 0.05);
        Matrix<double> yv = Matrix<double>.Build.Dense(1, 4, (_, j) => j % 2);
        yv[0, 3] = -0.5;
        Sequential net = Net();
        long[] before = Bits(net);
        var sgd = new Sgd(net, 0.1);

        ArgumentException ex = Assert.ThrowsAny<ArgumentException>(() => net.Fit(
            x, y, new BceWithLogitsLoss(), sgd, new FitOptions { Epochs = 2, BatchSize = 5, ValidationInputs = xv, ValidationTargets = yv }));

        ex.ParamName.Should().Be("options.ValidationTargets");
        ex.Message.Should().StartWith("'options.ValidationTargets' entry [0, 3] is -0.5; a probability in [0, 1] was expected.");

        sgd.Steps.Should().Be(0, "the validation targets are checked before the first step");
        Bits(net).Should().Equal(before);
    }
}
