using System;
using System.Collections.Generic;
using System.Globalization;

namespace TinyNets.Optimizers.Schedules;

/// <summary>
/// PyTorch's <c>ReduceLROnPlateau</c>: multiplies the learning rate by <see cref="Factor"/> when a metric has not improved
/// for more than <see cref="Patience"/> epochs. Call <see cref="Step(double)"/> after each epoch with the metric. Each
/// step, in PyTorch's order: the metric is better when below best·(1 − threshold) (min, relative), below
/// best − threshold (min, absolute), above best·(1 + threshold) (max, relative) or above best + threshold (max,
/// absolute) — anything is better than no best yet; a better metric becomes the best and clears the bad-epoch count,
/// otherwise the count grows; during a cooldown the cooldown counter falls by one and the bad-epoch count is cleared;
/// when the count exceeds the patience, η ← max(η·factor, min_lr), applied only if it lowers η by more than eps, and
/// the cooldown restarts and the count clears.
/// </summary>
/// <remarks>
/// The rate is read from and written to the optimizer, so it may also be changed by hand between steps. Unlike PyTorch,
/// which counts a NaN metric as a bad epoch, <see cref="Step(double)"/> refuses a metric that is not finite.
/// <c>Trainer.Fit</c> steps it on the validation loss when there is validation data, else on the training loss; a
/// validation loss that overflowed to +∞ there counts as no improvement.
/// </remarks>
public sealed class ReduceLROnPlateau : LearningRateSchedule
{
    /// <summary>Creates the schedule over <paramref name="optimizer"/> with PyTorch's defaults.</summary>
    /// <param name="optimizer">The optimizer whose learning rate is reduced.</param>
    /// <param name="mode">Whether the metric should fall (<see cref="PlateauMode.Min"/>, the default) or rise.</param>
    /// <param name="factor">The factor of a reduction, in (0, 1). Default 0.1.</param>
    /// <param name="patience">Bad epochs tolerated before a reduction, ≥ 0. Default 10.</param>
    /// <param name="threshold">The least change that counts as an improvement, finite and ≥ 0. Default 1e-4.</param>
    /// <param name="thresholdMode">Relative (the default) or absolute threshold.</param>
    /// <param name="cooldown">Epochs after a reduction during which bad epochs are not counted, ≥ 0. Default 0.</param>
    /// <param name="minLr">The rate's lower bound, finite and ≥ 0. Default 0.</param>
    /// <param name="eps">A reduction smaller than or equal to this is skipped, finite and ≥ 0. Default 1e-8.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter out of range (named, with the expected range and the given value).</exception>
    public ReduceLROnPlateau(
        Optimizer optimizer,
        PlateauMode mode = PlateauMode.Min,
        double factor = 0.1,
        int patience = 10,
        double threshold = 1e-4,
        ThresholdMode thresholdMode = ThresholdMode.Relative,
        int cooldown = 0,
        double minLr = 0,
        double eps = 1e-8)
        : base(optimizer)
    {
        if (mode is not (PlateauMode.Min or PlateauMode.Max))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"'mode' must be Min or Max; {mode} was given.");
        }

        ScheduleGuard.Range(factor, 0, false, 1, false, nameof(factor));
        ScheduleGuard.AtLeast(patience, 0, nameof(patience));
        ScheduleGuard.NonNegativeFinite(threshold, nameof(threshold));
        if (thresholdMode is not (ThresholdMode.Relative or ThresholdMode.Absolute))
        {
            throw new ArgumentOutOfRangeException(nameof(thresholdMode), thresholdMode, $"'thresholdMode' must be Relative or Absolute; {thresholdMode} was given.");
        }

        ScheduleGuard.AtLeast(cooldown, 0, nameof(cooldown));
        ScheduleGuard.NonNegativeFinite(minLr, nameof(minLr));
        ScheduleGuard.NonNegativeFinite(eps, nameof(eps));
        Mode = mode;
        Factor = factor;
        Patience = patience;
        Threshold = threshold;
        ThresholdMode = thresholdMode;
        Cooldown = cooldown;
        MinLr = minLr;
        Eps = eps;
    }

    /// <summary>Whether the metric should fall or rise.</summary>
    public PlateauMode Mode { get; }

    /// <summary>The factor of a reduction.</summary>
    public double Factor { get; }

    /// <summary>Bad epochs tolerated before a reduction.</summary>
    public int Patience { get; }

    /// <summary>The least change that counts as an improvement.</summary>
    public double Threshold { get; }

    /// <summary>Relative or absolute threshold.</summary>
    public ThresholdMode ThresholdMode { get; }

    /// <summary>Epochs after a reduction during which bad epochs are not counted.</summary>
    public int Cooldown { get; }

    /// <summary>The rate's lower bound (PyTorch's <c>min_lr</c>).</summary>
    public double MinLr { get; }

    /// <summary>The smallest reduction applied (PyTorch's <c>eps</c>).</summary>
    public double Eps { get; }

    /// <summary>The best metric so far, or null before the first step.</summary>
    public double? Best { get; private set; }

    /// <summary>Epochs in a row without improvement since the last reduction or best (PyTorch's <c>num_bad_epochs</c>).</summary>
    public int BadEpochs { get; private set; }

    /// <summary>Cooldown epochs left (PyTorch's <c>cooldown_counter</c>).</summary>
    public int CooldownCounter { get; private set; }

    internal override string Kind => "ReduceLROnPlateau";

    /// <summary>Takes one epoch's metric and reduces the optimizer's learning rate if the metric has stalled.</summary>
    /// <param name="metric">The epoch's metric (e.g. the validation loss); finite.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="metric"/> is NaN or infinite; nothing changes.</exception>
    /// <exception cref="InvalidOperationException">The schedule was stepped <see cref="int.MaxValue"/> times already.</exception>
    public void Step(double metric)
    {
        if (!double.IsFinite(metric))
        {
            throw new ArgumentOutOfRangeException(
                nameof(metric), metric, string.Create(CultureInfo.InvariantCulture, $"'metric' must be finite; {metric} was given."));
        }

        Advance(metric);
    }

    internal override void StepAfterEpoch(double monitoredLoss) => Advance(monitoredLoss);

    private void Advance(double metric)
    {
        LastEpoch = NextEpoch();
        if (double.IsFinite(metric) && IsBetter(metric))
        {
            Best = metric;
            BadEpochs = 0;
        }
        else
        {
            BadEpochs++;
        }

        if (CooldownCounter > 0)
        {
            CooldownCounter--;
            BadEpochs = 0; // bad epochs in cooldown are ignored
        }

        if (BadEpochs > Patience)
        {
            double old = Optimizer.LearningRate;
            double reduced = Math.Max(old * Factor, MinLr);
            if (old - reduced > Eps)
            {
                Optimizer.LearningRate = reduced;
            }

            CooldownCounter = Cooldown;
            BadEpochs = 0;
        }
    }

    private bool IsBetter(double metric)
    {
        if (Best is not double best)
        {
            return true; // PyTorch's best starts at ±∞ (mode_worse): every finite metric is better
        }

        return (Mode, ThresholdMode) switch
        {
            (PlateauMode.Min, ThresholdMode.Relative) => metric < best * (1.0 - Threshold),
            (PlateauMode.Min, _) => metric < best - Threshold,
            (_, ThresholdMode.Relative) => metric > best * (Threshold + 1.0),
            _ => metric > best + Threshold,
        };
    }

    internal override void AddHyperParameters(Dictionary<string, double> into)
    {
        into["mode"] = Mode == PlateauMode.Min ? 0 : 1;
        into["factor"] = Factor;
        into["patience"] = Patience;
        into["threshold"] = Threshold;
        into["threshold_mode"] = ThresholdMode == ThresholdMode.Relative ? 0 : 1;
        into["cooldown"] = Cooldown;
        into["min_lr"] = MinLr;
        into["eps"] = Eps;
    }

    private protected override ScheduleState CreateState(Dictionary<string, double> hyperParameters) =>
        new(Kind, hyperParameters, LastEpoch, null, Best, BadEpochs, CooldownCounter);

    private protected override void Load(ScheduleState state)
    {
        LastEpoch = state.LastEpoch;
        Best = state.Best;
        BadEpochs = state.BadEpochs;
        CooldownCounter = state.CooldownCounter;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"ReduceLROnPlateau(mode={(Mode == PlateauMode.Min ? "min" : "max")}, factor={Factor}, patience={Patience}, threshold={Threshold}, " +
        $"threshold_mode={(ThresholdMode == ThresholdMode.Relative ? "rel" : "abs")}, cooldown={Cooldown}, min_lr={MinLr}, eps={Eps}, last_epoch={LastEpoch})");
}
