using System;
using System.Collections.Generic;
using System.Globalization;

namespace TinyNets.Optimizers.Schedules;

/// <summary>
/// PyTorch's <c>LinearLR</c>, a linear warm-up (or decay): the factor on η₀ moves linearly from
/// <see cref="StartFactor"/> to <see cref="EndFactor"/> over <see cref="TotalIters"/> epochs and stays there,
/// η = η₀·(start + (end − start)·min(total_iters, epoch) / total_iters), evaluated in that order (the closed form, see
/// <see cref="ClosedFormSchedule"/>). Construction already sets η₀·start, as PyTorch's does.
/// </summary>
public sealed class LinearLR : ClosedFormSchedule
{
    /// <summary>Creates the schedule over <paramref name="optimizer"/>, whose current learning rate becomes η₀.</summary>
    /// <param name="optimizer">The optimizer whose learning rate is scheduled.</param>
    /// <param name="startFactor">The factor at epoch 0, in (0, 1] (PyTorch's range). Default 1/3.</param>
    /// <param name="endFactor">The factor from epoch <paramref name="totalIters"/> on, in [0, 1]. Default 1.</param>
    /// <param name="totalIters">The epochs of the ramp, ≥ 1. Default 5.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter out of range (named, with the expected range and the given value).</exception>
    public LinearLR(Optimizer optimizer, double startFactor = 1.0 / 3, double endFactor = 1.0, int totalIters = 5)
        : base(optimizer)
    {
        ScheduleGuard.Range(startFactor, 0, false, 1, true, nameof(startFactor));
        ScheduleGuard.Range(endFactor, 0, true, 1, true, nameof(endFactor));
        ScheduleGuard.AtLeast(totalIters, 1, nameof(totalIters));
        StartFactor = startFactor;
        EndFactor = endFactor;
        TotalIters = totalIters;
        SetInitialRate();
    }

    /// <summary>The factor on η₀ at epoch 0.</summary>
    public double StartFactor { get; }

    /// <summary>The factor on η₀ from epoch <see cref="TotalIters"/> on.</summary>
    public double EndFactor { get; }

    /// <summary>The epochs of the ramp (PyTorch's <c>total_iters</c>).</summary>
    public int TotalIters { get; }

    internal override string Kind => "LinearLR";

    internal override void AddHyperParameters(Dictionary<string, double> into)
    {
        into["start_factor"] = StartFactor;
        into["end_factor"] = EndFactor;
        into["total_iters"] = TotalIters;
    }

    // base_lr * (start_factor + (end_factor - start_factor) * min(total_iters, last_epoch) / total_iters)
    internal override double ClosedForm(double baseRate, int epoch) =>
        baseRate * (StartFactor + ((EndFactor - StartFactor) * Math.Min(TotalIters, epoch) / TotalIters));

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"LinearLR(start_factor={StartFactor}, end_factor={EndFactor}, total_iters={TotalIters}, last_epoch={LastEpoch})");
}
