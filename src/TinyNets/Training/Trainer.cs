using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using TinyNets.Data;
using TinyNets.Initialization;
using TinyNets.Internal;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Optimizers;
using TinyNets.Optimizers.Schedules;

namespace TinyNets.Training;

/// <summary>Mini-batch training in one call, on top of the explicit Forward / loss / Backward / Step loop.</summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="network"/> on (<paramref name="inputs"/>, <paramref name="targets"/>): each epoch shuffles the
    /// samples (from <see cref="FitOptions.Seed"/>), and for each mini-batch runs forward, the loss, backward, the gradient
    /// clipping if any, and one optimizer step; then steps the learning-rate schedule if any. Reports every epoch through
    /// <paramref name="progress"/>.
    /// <para>
    /// Modes: the epochs' steps run in training mode, the validation loss and the metrics in eval mode, and Fit returns
    /// (or throws) with the network in eval mode, ready for inference: call <see cref="Sequential.Train"/> before a
    /// hand-written training loop. <see cref="Layers.Dropout"/> layers draw their masks from Fit's own generator (the
    /// one that shuffles, seeded by <see cref="FitOptions.Seed"/> and recorded by a <see cref="TrainingState"/>), not
    /// from the network's <see cref="Sequential.Generator"/>, which Fit leaves as it was.
    /// </para>
    /// </summary>
    /// <param name="network">The network; its parameters are updated in place.</param>
    /// <param name="inputs">Training inputs, features × samples; finite.</param>
    /// <param name="targets">Training targets, outputs × samples (one-hot or probabilities for cross-entropy); finite, in the loss's domain.</param>
    /// <param name="loss">The loss to minimise.</param>
    /// <param name="optimizer">The optimizer; it must update this network's parameters.</param>
    /// <param name="options">Epochs, batch size, seed, validation data, early stopping, metrics, a learning-rate schedule,
    /// gradient clipping; null for the defaults.</param>
    /// <param name="progress">Receives one <see cref="EpochReport"/> per epoch, or null.</param>
    /// <param name="cancellationToken">Checked before every mini-batch.</param>
    /// <returns>The loss history and why training stopped. A non-finite loss or parameter stops training with
    /// <see cref="StopReason.Diverged"/> and the parameters as they were before the step that led there (the optimizer's
    /// own state, e.g. momentum, is not rolled back).</returns>
    /// <exception cref="ArgumentException">Shapes that do not fit the network or each other, NaN/infinity, or bad options.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the parameters are those after the last completed step.</exception>
    public static TrainingHistory Fit(
        this Sequential network,
        Matrix<double> inputs,
        Matrix<double> targets,
        Loss loss,
        Optimizer optimizer,
        FitOptions? options = null,
        IProgress<EpochReport>? progress = null,
        CancellationToken cancellationToken = default) =>
        FitCore(network, inputs, targets, loss, optimizer, null, options, progress, cancellationToken);

    /// <summary>
    /// Trains like <see cref="Fit(Sequential, Matrix{double}, Matrix{double}, Loss, Optimizer, FitOptions?, IProgress{EpochReport}?, CancellationToken)"/>,
    /// continuing from <paramref name="state"/> and recording into it: <see cref="FitOptions.Epochs"/> more epochs,
    /// numbered on from <see cref="TrainingState.EpochsCompleted"/>, shuffled from the recorded generator and order, with
    /// early stopping's record and the schedule's state carried on. Called repeatedly with the same data, loss and options
    /// (and the optimizer's state carried along), it gives bit for bit what one call for all the epochs gives; a loss of
    /// another kind or other hyper-parameters than the one the state's epochs were run with is refused. See
    /// <see cref="TrainingState"/>.
    /// </summary>
    /// <param name="network">The network; its parameters are updated in place (first set back to the last epoch's when the state holds them).</param>
    /// <param name="inputs">Training inputs, features × samples; finite; the same samples as when the state was recorded.</param>
    /// <param name="targets">Training targets, outputs × samples; finite, in the loss's domain.</param>
    /// <param name="loss">The loss to minimise.</param>
    /// <param name="optimizer">The optimizer; it must update this network's parameters.</param>
    /// <param name="state">The training position: new for a first call, then the same object (or one loaded from a model file).</param>
    /// <param name="options">Epochs to run now, batch size, validation data, early stopping, metrics; null for the defaults.
    /// <see cref="FitOptions.Seed"/> counts only before the first epoch.</param>
    /// <param name="progress">Receives one <see cref="EpochReport"/> per epoch, or null.</param>
    /// <param name="cancellationToken">Checked before every mini-batch.</param>
    /// <returns>This call's epochs and why training stopped, as for the other overload.</returns>
    /// <exception cref="ArgumentException">As for the other overload, or a state recorded on another number of samples
    /// or another network's parameters, epoch numbers beyond <see cref="int.MaxValue"/>, a recorded schedule state
    /// that <see cref="FitOptions.Schedule"/> is missing or does not match, or a <paramref name="loss"/> of another kind
    /// or other hyper-parameters than the one the state's epochs were run with (named with both).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the parameters are those after the last completed step.</exception>
    public static TrainingHistory Fit(
        this Sequential network,
        Matrix<double> inputs,
        Matrix<double> targets,
        Loss loss,
        Optimizer optimizer,
        TrainingState state,
        FitOptions? options = null,
        IProgress<EpochReport>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        return FitCore(network, inputs, targets, loss, optimizer, state, options, progress, cancellationToken);
    }

    /// <summary>
    /// Trains like <see cref="Fit(Sequential, Matrix{double}, Matrix{double}, Loss, Optimizer, FitOptions?, IProgress{EpochReport}?, CancellationToken)"/>
    /// on class-index targets, one per sample, as PyTorch's <c>CrossEntropyLoss</c> and <c>NLLLoss</c> take them: the
    /// loss must be an <see cref="IClassIndexLoss"/> (<see cref="CrossEntropyLoss"/>, <see cref="NllLoss"/>), which then
    /// follows PyTorch's rules for class indices (its weighted mean, its label smoothing). Validation labels go in
    /// <see cref="FitOptions.ValidationClasses"/>; metrics receive the targets one-hot encoded (classes × samples), so
    /// <see cref="FitMetrics"/> work unchanged.
    /// </summary>
    /// <param name="network">The network; its outputs are the classes (logits or log-probabilities).</param>
    /// <param name="inputs">Training inputs, features × samples; finite.</param>
    /// <param name="classes">One class index per sample, each in [0, the network's outputs), e.g. a <c>LabeledData</c>'s <c>ClassIndices</c>.</param>
    /// <param name="loss">A loss that takes class indices.</param>
    /// <param name="optimizer">The optimizer; it must update this network's parameters.</param>
    /// <param name="options">As for the other overloads; validation labels in <see cref="FitOptions.ValidationClasses"/>.</param>
    /// <param name="progress">Receives one <see cref="EpochReport"/> per epoch, or null.</param>
    /// <param name="cancellationToken">Checked before every mini-batch.</param>
    /// <returns>The loss history and why training stopped.</returns>
    /// <exception cref="ArgumentException">As for the other overloads; a loss that takes no class indices; a count of
    /// indices that differs from the samples; a network whose output size is not fixed; validation labels given as
    /// <see cref="FitOptions.ValidationTargets"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class index outside [0, the network's outputs).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the parameters are those after the last completed step.</exception>
    public static TrainingHistory Fit(
        this Sequential network,
        Matrix<double> inputs,
        int[] classes,
        Loss loss,
        Optimizer optimizer,
        FitOptions? options = null,
        IProgress<EpochReport>? progress = null,
        CancellationToken cancellationToken = default) =>
        FitClasses(network, inputs, classes, loss, optimizer, null, options, progress, cancellationToken);

    /// <summary>
    /// Trains on class-index targets like <see cref="Fit(Sequential, Matrix{double}, int[], Loss, Optimizer, FitOptions?, IProgress{EpochReport}?, CancellationToken)"/>,
    /// continuing from <paramref name="state"/> and recording into it, as the matrix overload with a state does.
    /// </summary>
    /// <param name="network">The network.</param>
    /// <param name="inputs">Training inputs, features × samples; finite; the same samples as when the state was recorded.</param>
    /// <param name="classes">One class index per sample.</param>
    /// <param name="loss">A loss that takes class indices.</param>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="state">The training position.</param>
    /// <param name="options">As for the other overloads.</param>
    /// <param name="progress">Receives one <see cref="EpochReport"/> per epoch, or null.</param>
    /// <param name="cancellationToken">Checked before every mini-batch.</param>
    /// <returns>This call's epochs and why training stopped.</returns>
    /// <exception cref="ArgumentException">As for the other overloads.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class index outside [0, the network's outputs).</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the parameters are those after the last completed step.</exception>
    public static TrainingHistory Fit(
        this Sequential network,
        Matrix<double> inputs,
        int[] classes,
        Loss loss,
        Optimizer optimizer,
        TrainingState state,
        FitOptions? options = null,
        IProgress<EpochReport>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        return FitClasses(network, inputs, classes, loss, optimizer, state, options, progress, cancellationToken);
    }

    private static TrainingHistory FitClasses(
        Sequential network,
        Matrix<double> inputs,
        int[] classes,
        Loss loss,
        Optimizer optimizer,
        TrainingState? state,
        FitOptions? options,
        IProgress<EpochReport>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(loss);
        options ??= new FitOptions();
        if (loss is not IClassIndexLoss classLoss)
        {
            throw new ArgumentException(
                $"{loss} takes no class indices (CrossEntropyLoss and NllLoss do); for this loss pass the targets as a matrix, e.g. OneHot.Encode(classes, classCount).",
                nameof(loss));
        }

        int k = network.OutputSize ?? throw new ArgumentException(
            $"Class indices need a network whose number of outputs (the classes) is fixed by a layer; {network} has none.", nameof(network));
        CheckClassIndices(classes, k, inputs.ColumnCount, nameof(classes), "'inputs'");
        if (options.ValidationTargets is not null)
        {
            throw new ArgumentException(
                "With class-index targets, give the validation labels as FitOptions.ValidationClasses (class indices), not as ValidationTargets.", nameof(options));
        }

        int[]? validationClasses = options.ValidationClasses;
        if ((options.ValidationInputs is null) != (validationClasses is null))
        {
            throw new ArgumentException("FitOptions.ValidationInputs and ValidationClasses must be given together.", nameof(options));
        }

        if (options.ValidationInputs is { } xv && validationClasses is not null)
        {
            CheckClassIndices(validationClasses, k, xv.ColumnCount, ValidationClassesName, $"'{ValidationInputsName}'");
        }

        // Batches are drawn from a row of the indices (exact as doubles); the loss gets them back as integers.
        var targets = Matrix<double>.Build.Dense(1, classes.Length, (_, j) => classes[j]);
        var classTargets = new ClassTargets(
            classLoss,
            Math.Min(options.BatchSize < 1 ? 1 : options.BatchSize, classes.Length),
            (int[]?)validationClasses?.Clone(),
            options.Metrics.Count == 0 ? null : OneHot.Encode(classes, k),
            options.Metrics.Count == 0 || validationClasses is null ? null : OneHot.Encode(validationClasses, k));
        FitOptions rowOptions = validationClasses is null
            ? options
            : options with { ValidationTargets = Matrix<double>.Build.Dense(1, validationClasses.Length, (_, j) => validationClasses[j]), ValidationClasses = null };
        return FitCore(network, inputs, targets, loss, optimizer, state, rowOptions, progress, cancellationToken, classTargets);
    }

    private static void CheckClassIndices(int[] classes, int k, int samples, string paramName, string samplesWhat)
    {
        if (classes.Length != samples)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'{paramName}' must hold one class index per sample of {samplesWhat} ({samples}); {classes.Length} were given."),
                paramName);
        }

        for (int j = 0; j < classes.Length; j++)
        {
            if ((uint)classes[j] >= (uint)k)
            {
                throw new ArgumentOutOfRangeException(
                    paramName, classes[j],
                    string.Create(CultureInfo.InvariantCulture, $"Class index {classes[j]} of sample {j} is outside [0, {k - 1}] (the network has {k} outputs)."));
            }
        }
    }

    private static TrainingHistory FitCore(
        Sequential network,
        Matrix<double> inputs,
        Matrix<double> targets,
        Loss loss,
        Optimizer optimizer,
        TrainingState? state,
        FitOptions? options,
        IProgress<EpochReport>? progress,
        CancellationToken cancellationToken,
        ClassTargets? classTargets = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(optimizer);
        options ??= new FitOptions();
        CheckArguments(network, inputs, targets, loss, optimizer, options, classTargets is not null);
        state?.CheckFits(network, inputs.ColumnCount, nameof(state));
        LossDescription? lossDescription = state is null ? null : LossDescription.Of(loss);
        state?.CheckLoss(loss, lossDescription, nameof(loss));
        int firstEpoch = (state?.EpochsCompleted ?? 0) + 1;
        if (firstEpoch - 1 > int.MaxValue - options.Epochs)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.Epochs,
                string.Create(CultureInfo.InvariantCulture, $"{options.Epochs} more epochs after {firstEpoch - 1} would number epochs beyond {int.MaxValue}."));
        }

        // Every target is checked against the loss's domain before the first step, so bad data changes nothing (class
        // indices were checked against the outputs already).
        if (classTargets is null)
        {
            loss.CheckTargets(targets, nameof(targets));
            if (options.ValidationTargets is { } validationTargets)
            {
                loss.CheckTargets(validationTargets, ValidationTargetsName);
            }
        }

        // The recorded schedule goes on from where it stood; checked in full before anything changes.
        LearningRateSchedule? schedule = options.Schedule;
        if (state?.Schedule is { } recordedSchedule)
        {
            if (schedule is null)
            {
                throw new ArgumentException(
                    $"The training state holds the state of a {recordedSchedule.Kind} schedule; FitOptions.Schedule must be a {recordedSchedule.Kind} with the same hyper-parameters to continue it.",
                    nameof(options));
            }

            schedule.LoadState(recordedSchedule);
        }

        int samples = inputs.ColumnCount;
        int batchSize = Math.Min(options.BatchSize, samples);
        var batches = new BatchBuffers(inputs, targets, batchSize);
        IReadOnlyList<KeyValuePair<string, Parameters.Parameter>> parameters = network.NamedParameters;

        // Resuming: the weights the last call's final epoch left (before it restored the best ones), its order and generator.
        state?.PutBackLastWeights(parameters);
        int[] order;
        if (state?.Order is { } recordedOrder)
        {
            order = (int[])recordedOrder.Clone();
        }
        else
        {
            order = new int[samples];
            for (int i = 0; i < samples; i++)
            {
                order[i] = i;
            }
        }

        SeededRandom random = state?.RandomState is { } recordedRandom ? SeededRandom.FromState(recordedRandom) : new SeededRandom(options.Seed);
        using var modes = new FitModes(network, random);
        var beforeStep = new ParameterSnapshot(parameters);
        ParameterSnapshot? best = options.EarlyStopping is { RestoreBestWeights: true } ? new ParameterSnapshot(parameters) : null;
        bool bestTaken = false; // restore only a snapshot that was taken: none is when no epoch improved
        if (best is not null && state?.BestWeights is { } recordedBest)
        {
            best.Load(recordedBest);
            bestTaken = true;
        }

        double bestLoss = state?.BestLoss ?? double.PositiveInfinity;
        int? bestEpoch = state?.BestEpoch;
        int epochsWithoutImprovement = state?.EpochsWithoutImprovement ?? 0;
        var reports = new List<EpochReport>();
        bool stepped = false;
        var clock = Stopwatch.StartNew();
        // Counted by epochs done, not compared with the last epoch's number: a run may end at epoch int.MaxValue, after
        // which epoch + 1 would wrap and an 'epoch <= last' loop would never end.
        for (int done = 0; done < options.Epochs; done++)
        {
            int epoch = firstEpoch + done;
            network.Train();
            if (options.Shuffle)
            {
                DataSplit.Shuffle<int>(order, random);
            }

            double learningRate = optimizer.LearningRate;
            double weightedLoss = 0;

            // The same sum on losses scaled by 2⁻⁶⁴ (exact for normal values), used only when the plain sum overflows.
            double scaledLoss = 0, largestLoss = 0;
            for (int start = 0; start < samples; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int count = Math.Min(batchSize, samples - start);
                (Matrix<double> xb, Matrix<double> yb) = batches.Fill(order.AsSpan(start, count));
                Matrix<double> output = network.Forward(xb);

                // An overflowing output (finite parameters, infinite activations) is divergence too, not bad input.
                double value = Guard.FirstNonFinite(output.AsColumnMajorArray()) >= 0 ? double.PositiveInfinity
                    : classTargets is null ? loss.Forward(output, yb) : classTargets.Forward(output, yb);
                if (!double.IsFinite(value))
                {
                    // These parameters gave a non-finite loss: go back to those before the step that produced them.
                    if (stepped)
                    {
                        beforeStep.Restore();
                    }

                    return Diverged(reports, bestEpoch, string.Create(
                        CultureInfo.InvariantCulture, $"the loss (or the network's output) of epoch {epoch}, batch {(start / batchSize) + 1} is {value}"));
                }

                weightedLoss += value * count;
                scaledLoss += value * LossScale * count;
                largestLoss = Math.Max(largestLoss, Math.Abs(value));
                network.Backward(loss.Backward(), computeInputGradient: false);
                options.GradientClip?.Apply(network);
                beforeStep.Save();
                optimizer.Step();
                stepped = true;
                if (beforeStep.FirstNonFiniteName() is { } name)
                {
                    beforeStep.Restore();
                    return Diverged(reports, bestEpoch, string.Create(
                        CultureInfo.InvariantCulture, $"parameter \"{name}\" became non-finite in epoch {epoch}, batch {(start / batchSize) + 1}"));
                }
            }

            network.Eval();
            double trainLoss = EpochLoss(weightedLoss, scaledLoss, largestLoss, samples);
            if (!double.IsFinite(trainLoss))
            {
                // Unreachable with finite batch losses; kept so that a non-finite epoch loss can never end Completed.
                beforeStep.Restore();
                return Diverged(reports, bestEpoch, string.Create(CultureInfo.InvariantCulture, $"the training loss of epoch {epoch} is {trainLoss}"));
            }

            double? validationLoss = null;
            if (options.ValidationInputs is { } xv && options.ValidationTargets is { } yv)
            {
                Matrix<double> validationOutput = network.Forward(xv);
                if (Guard.FirstNonFinite(validationOutput.AsColumnMajorArray()) >= 0)
                {
                    beforeStep.Restore();
                    return Diverged(reports, bestEpoch, string.Create(
                        CultureInfo.InvariantCulture, $"the network's output on the validation data is not finite after epoch {epoch}"));
                }

                validationLoss = classTargets is null ? loss.Forward(validationOutput, yv) : classTargets.ValidationForward(validationOutput);
            }

            var metrics = ComputeMetrics(
                network, options, inputs, classTargets?.MetricTargets ?? targets, classTargets?.MetricValidationTargets ?? options.ValidationTargets);
            var report = new EpochReport(epoch, trainLoss, validationLoss, metrics, clock.Elapsed) { LearningRate = learningRate };
            reports.Add(report);
            progress?.Report(report);

            bool stop = false;
            if (options.EarlyStopping is { } early)
            {
                double monitored = validationLoss ?? trainLoss;
                if (monitored < bestLoss - early.MinDelta)
                {
                    bestLoss = monitored;
                    bestEpoch = epoch;
                    epochsWithoutImprovement = 0;
                    if (best is not null)
                    {
                        best.Save();
                        bestTaken = true;
                        state?.RecordBestWeights(parameters, best.Values);
                    }
                    else
                    {
                        // Weights of an earlier best epoch must not pass for this one's.
                        state?.ForgetBestWeights();
                    }
                }
                else
                {
                    stop = ++epochsWithoutImprovement >= early.Patience;
                }
            }

            if (schedule is not null)
            {
                schedule.StepAfterEpoch(validationLoss ?? trainLoss);
                state?.RecordSchedule(schedule.GetState());
            }

            state?.RecordEpoch(epoch, random, order, bestLoss, bestEpoch, epochsWithoutImprovement, lossDescription);
            if (stop)
            {
                RestoreBest(state, parameters, best, bestTaken);
                return new TrainingHistory(reports, StopReason.EarlyStopped, bestEpoch, null);
            }
        }

        RestoreBest(state, parameters, best, bestTaken);
        return new TrainingHistory(reports, StopReason.Completed, bestEpoch, null);
    }

    // For the time of a Fit, dropout draws from Fit's generator; at the end the network's is back and the network in eval mode.
    private readonly ref struct FitModes
    {
        private readonly Sequential _network;
        private readonly SeededRandom _generator;

        public FitModes(Sequential network, SeededRandom random)
        {
            _network = network;
            _generator = network.Generator;
            network.Generator = random;
        }

        public void Dispose()
        {
            _network.Generator = _generator;
            _network.Eval();
        }
    }

    // Ends training on the best epoch's weights when they were taken; the state keeps the last epoch's to resume from.
    private static void RestoreBest(
        TrainingState? state, IReadOnlyList<KeyValuePair<string, Parameters.Parameter>> parameters, ParameterSnapshot? best, bool bestTaken)
    {
        if (best is not null && bestTaken)
        {
            state?.RecordLastWeights(parameters);
            best.Restore();
        }
    }

    // The names that errors in the validation data carry, so that a message points at the option, not at 'options'.
    private const string ValidationInputsName = "options.ValidationInputs";
    private const string ValidationClassesName = "options.ValidationClasses";

    private const string ValidationTargetsName = "options.ValidationTargets";

    // 2⁻⁶⁴: the scaled sum of at most 2³¹ weights of losses up to double.MaxValue stays far below overflow.
    private const double LossScale = 1.0 / 18446744073709551616.0;

    /// <summary>
    /// The size-weighted mean of an epoch's batch losses: the plain sum divided by the samples whenever that sum is
    /// finite (the exact arithmetic of every earlier result); when it overflows, the mean of the losses scaled by 2⁻⁶⁴,
    /// scaled back. The mean of finite losses lies within ±their largest magnitude, which bounds the last rounding.
    /// </summary>
    private static double EpochLoss(double weightedSum, double scaledSum, double largest, int samples) =>
        double.IsFinite(weightedSum) ? weightedSum / samples : Math.Clamp(scaledSum / samples / LossScale, -largest, largest);

    private static TrainingHistory Diverged(List<EpochReport> reports, int? bestEpoch, string what) =>
        new(reports, StopReason.Diverged, bestEpoch, what);

    private static Dictionary<string, double> ComputeMetrics(
        Sequential network, FitOptions options, Matrix<double> inputs, Matrix<double> targets, Matrix<double>? validationTargets)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (options.Metrics.Count == 0)
        {
            return metrics;
        }

        Matrix<double> x = options.ValidationInputs ?? inputs;
        Matrix<double> y = options.ValidationInputs is null ? targets : validationTargets!;
        Matrix<double> output = network.Forward(x);
        foreach (NamedMetric metric in options.Metrics)
        {
            metrics[metric.Name] = metric.Compute(output, y);
        }

        return metrics;
    }

    private static void CheckArguments(
        Sequential network, Matrix<double> inputs, Matrix<double> targets, Loss loss, Optimizer optimizer, FitOptions options, bool classIndexTargets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (!classIndexTargets && options.ValidationClasses is not null)
        {
            throw new ArgumentException(
                "FitOptions.ValidationClasses is for Fit with class indices (an int[] of training labels); with target matrices give ValidationTargets.", nameof(options));
        }

        if (!classIndexTargets && loss is IClassIndexLoss && targets.RowCount == 1 && network.OutputSize is int classCount && classCount > 1)
        {
            // The usual slip: a row of class indices where the loss wants one row per class.
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"'targets' has one row, but the network has {classCount} outputs and {loss} wants one row per class. For class indices pass them as an int[] (net.Fit(inputs, classes, …)), or one-hot encode them (OneHot.Encode(classes, {classCount}))."),
                nameof(targets));
        }
        if (options.Epochs < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Epochs, $"FitOptions.Epochs must be at least 1; {options.Epochs} was given.");
        }

        if (options.BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.BatchSize, $"FitOptions.BatchSize must be at least 1; {options.BatchSize} was given.");
        }

        CheckData(network, inputs, targets, nameof(inputs), nameof(targets), classIndexTargets);
        if ((options.ValidationInputs is null) != (options.ValidationTargets is null))
        {
            throw new ArgumentException("FitOptions.ValidationInputs and ValidationTargets must be given together.", nameof(options));
        }

        if (options.ValidationInputs is { } xv && options.ValidationTargets is { } yv)
        {
            CheckData(network, xv, yv, ValidationInputsName, ValidationTargetsName, classIndexTargets);
            if (yv.RowCount != targets.RowCount)
            {
                throw new ArgumentException(
                    $"'{ValidationTargetsName}' must have {targets.RowCount} rows like the training targets; shape {Guard.Shape(yv)} was given.", ValidationTargetsName);
            }
        }

        if (options.Schedule is { } schedule && !ReferenceEquals(schedule.Optimizer, optimizer))
        {
            throw new ArgumentException($"FitOptions.Schedule drives another optimizer ({schedule.Optimizer}) than the one given to Fit ({optimizer}).", nameof(options));
        }

        // The optimizer's constructor refuses one parameter under two names, so each is stepped once.
        var owned = new HashSet<Parameters.Parameter>(ReferenceEqualityComparer.Instance);
        foreach (KeyValuePair<string, Parameters.Parameter> p in network.NamedParameters)
        {
            owned.Add(p.Value);
        }

        foreach (KeyValuePair<string, Parameters.Parameter> p in optimizer.Parameters)
        {
            if (!owned.Contains(p.Value))
            {
                throw new ArgumentException($"The optimizer updates parameter \"{p.Key}\", which does not belong to this network.", nameof(optimizer));
            }
        }
    }

    private static void CheckData(Sequential network, Matrix<double> x, Matrix<double> y, string xName, string yName, bool classIndexTargets)
    {
        double[] xs = Guard.Storage(x, xName);
        double[] ys = Guard.Storage(y, yName);
        if (network.InputSize is int n)
        {
            Guard.Rows(x, n, xName, "the network's input features");
        }

        Guard.NotEmpty(x, xName);
        if (y.ColumnCount != x.ColumnCount)
        {
            throw new ArgumentException(
                $"'{yName}' must have one column per sample of '{xName}' ({x.ColumnCount}); shape {Guard.Shape(y)} was given.", yName);
        }

        if (network.OutputSize is int m && !classIndexTargets)
        {
            Guard.Rows(y, m, yName, "the network's outputs");
        }

        Guard.Finite(xs, x.RowCount, xName);
        Guard.Finite(ys, y.RowCount, yName);
    }

    /// <summary>Class-index targets: the batch's row of indices handed to the loss as integers (a reused buffer), and the
    /// one-hot targets the metrics see.</summary>
    private sealed class ClassTargets(IClassIndexLoss loss, int batchSize, int[]? validationClasses, Matrix<double>? metricTargets, Matrix<double>? metricValidationTargets)
    {
        private readonly int[] _batch = new int[batchSize];

        public Matrix<double>? MetricTargets => metricTargets;

        public Matrix<double>? MetricValidationTargets => metricValidationTargets;

        public double ValidationForward(Matrix<double> output) => loss.Forward(output, validationClasses);

        public double Forward(Matrix<double> output, Matrix<double> row)
        {
            // A training batch holds at most the batch size Fit uses, which sized the buffer.
            double[] indices = row.AsColumnMajorArray();
            Span<int> classes = _batch.AsSpan(0, indices.Length);
            for (int j = 0; j < indices.Length; j++)
            {
                classes[j] = (int)indices[j];
            }

            return loss.Forward(output, classes);
        }
    }

    /// <summary>Reused batch matrices (a full size and the last, smaller one) filled by copying the chosen columns.</summary>
    private sealed class BatchBuffers
    {
        private readonly double[] _x;
        private readonly double[] _y;
        private readonly int _features;
        private readonly int _outputs;
        private readonly (Matrix<double> X, Matrix<double> Y) _full;
        private readonly (Matrix<double> X, Matrix<double> Y) _last;
        private readonly int _fullSize;

        public BatchBuffers(Matrix<double> x, Matrix<double> y, int batchSize)
        {
            _x = x.AsColumnMajorArray();
            _y = y.AsColumnMajorArray();
            _features = x.RowCount;
            _outputs = y.RowCount;
            _fullSize = batchSize;
            _full = (new DenseMatrix(_features, batchSize), new DenseMatrix(_outputs, batchSize));
            int rest = x.ColumnCount % batchSize;
            _last = rest == 0 ? _full : (new DenseMatrix(_features, rest), new DenseMatrix(_outputs, rest));
        }

        public (Matrix<double> X, Matrix<double> Y) Fill(ReadOnlySpan<int> columns)
        {
            (Matrix<double> X, Matrix<double> Y) batch = columns.Length == _fullSize ? _full : _last;
            Span<double> xb = batch.X.AsColumnMajorArray();
            Span<double> yb = batch.Y.AsColumnMajorArray();
            for (int j = 0; j < columns.Length; j++)
            {
                _x.AsSpan(columns[j] * _features, _features).CopyTo(xb.Slice(j * _features, _features));
                _y.AsSpan(columns[j] * _outputs, _outputs).CopyTo(yb.Slice(j * _outputs, _outputs));
            }

            return batch;
        }
    }
}
