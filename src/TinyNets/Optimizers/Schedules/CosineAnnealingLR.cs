using System;
using System.Collections.Generic;
using System.Globalization;

namespace TinyNets.Optimizers.Schedules;

/// <summary>
/// PyTorch's <c>CosineAnnealingLR</c> by its closed form (SGDR without restarts):
/// η = η_min + (η₀ − η_min)·(1 + cos(π·epoch / T_max)) / 2, evaluated in that order. It reaches η_min at epoch T_max
/// (0 with the default η_min) and, like PyTorch's closed form, keeps following the cosine beyond (rising again).
/// PyTorch's default chainable form computes each rate from the previous one and so differs in the last bits; this
/// schedule uses the closed form (see <see cref="ClosedFormSchedule"/>).
/// </summary>
public sealed class CosineAnnealingLR : ClosedFormSchedule
{
    /// <summary>Creates the schedule over <paramref name="optimizer"/>, whose current learning rate becomes η₀.</summary>
    /// <param name="optimizer">The optimizer whose learning rate is scheduled.</param>
    /// <param name="tMax">T_max, the epochs of a half cosine period, ≥ 1.</param>
    /// <param name="etaMin">η_min, the lowest rate: finite and ≥ 0. Default 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A hyper-parameter out of range (named, with the expected range and the given value).</exception>
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0)
        : base(optimizer)
    {
        ScheduleGuard.AtLeast(tMax, 1, nameof(tMax));
        ScheduleGuard.NonNegativeFinite(etaMin, nameof(etaMin));
        TMax = tMax;
        EtaMin = etaMin;
        SetInitialRate();
    }

    /// <summary>T_max, the epochs from η₀ down to η_min.</summary>
    public int TMax { get; }

    /// <summary>η_min, the lowest rate.</summary>
    public double EtaMin { get; }

    internal override string Kind => "CosineAnnealingLR";

    internal override void AddHyperParameters(Dictionary<string, double> into)
    {
        into["T_max"] = TMax;
        into["eta_min"] = EtaMin;
    }

    // eta_min + (base_lr - eta_min) * (1 + math.cos(math.pi * last_epoch / T_max)) / 2
    internal override double ClosedForm(double baseRate, int epoch) =>
        EtaMin + ((baseRate - EtaMin) * (1 + Math.Cos(Math.PI * epoch / TMax)) / 2);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"CosineAnnealingLR(T_max={TMax}, eta_min={EtaMin}, last_epoch={LastEpoch})");
}
