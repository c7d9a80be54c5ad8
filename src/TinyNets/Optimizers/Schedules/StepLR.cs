using System.Collections.Generic;
using System.Globalization;

namespace TinyNets.Optimizers.Schedules;

/// <summary>
/// PyTorch's <c>StepLR</c>: multiplies the learning rate by γ every <see cref="StepSize"/> epochs,
/// η = η₀·γ^⌊epoch / step_size⌋ (the closed form, see <see cref="ClosedFormSchedule"/>).
/// </summary>
public sealed class StepLR : ClosedFormSchedule
{
    /// <summary>Creates the schedule over <paramref name="optimizer"/>, whose current learning rate becomes η₀.</summary>
    /// <param name="optimizer">The optimizer whose learning rate is scheduled.</param>
    /// <param name="stepSize">Epochs between decays, ≥ 1.</param>
    /// <param name="gamma">γ, the factor per decay: positive and finite (PyTorch's default 0.1).</param>
    /// <exception cref="System.ArgumentOutOfRangeException">A hyper-parameter out of range (named, with the expected range and the given value).</exception>
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1)
        : base(optimizer)
    {
        ScheduleGuard.AtLeast(stepSize, 1, nameof(stepSize));
        ScheduleGuard.PositiveFinite(gamma, nameof(gamma));
        StepSize = stepSize;
        Gamma = gamma;
        SetInitialRate();
    }

    /// <summary>Epochs between decays (PyTorch's <c>step_size</c>).</summary>
    public int StepSize { get; }

    /// <summary>The factor per decay, γ.</summary>
    public double Gamma { get; }

    internal override string Kind => "StepLR";

    internal override void AddHyperParameters(Dictionary<string, double> into)
    {
        into["step_size"] = StepSize;
        into["gamma"] = Gamma;
    }

    // base_lr * gamma ** (last_epoch // step_size)
    internal override double ClosedForm(double baseRate, int epoch) => baseRate * System.Math.Pow(Gamma, epoch / StepSize);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"StepLR(step_size={StepSize}, gamma={Gamma}, last_epoch={LastEpoch})");
}
