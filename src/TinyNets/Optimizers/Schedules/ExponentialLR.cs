using System.Collections.Generic;
using System.Globalization;

namespace TinyNets.Optimizers.Schedules;

/// <summary>
/// PyTorch's <c>ExponentialLR</c>: multiplies the learning rate by γ every epoch, η = η₀·γ^epoch (the closed form, see
/// <see cref="ClosedFormSchedule"/>).
/// </summary>
public sealed class ExponentialLR : ClosedFormSchedule
{
    /// <summary>Creates the schedule over <paramref name="optimizer"/>, whose current learning rate becomes η₀.</summary>
    /// <param name="optimizer">The optimizer whose learning rate is scheduled.</param>
    /// <param name="gamma">γ, the factor per epoch: positive and finite.</param>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="gamma"/> out of range (with the expected range and the given value).</exception>
    public ExponentialLR(Optimizer optimizer, double gamma)
        : base(optimizer)
    {
        ScheduleGuard.PositiveFinite(gamma, nameof(gamma));
        Gamma = gamma;
        SetInitialRate();
    }

    /// <summary>The factor per epoch, γ.</summary>
    public double Gamma { get; }

    internal override string Kind => "ExponentialLR";

    internal override void AddHyperParameters(Dictionary<string, double> into) => into["gamma"] = Gamma;

    // base_lr * gamma ** last_epoch
    internal override double ClosedForm(double baseRate, int epoch) => baseRate * System.Math.Pow(Gamma, epoch);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"ExponentialLR(gamma={Gamma}, last_epoch={LastEpoch})");
}
