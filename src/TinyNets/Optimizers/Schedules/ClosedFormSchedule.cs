using System;
using System.Collections.Generic;
using System.Globalization;

namespace TinyNets.Optimizers.Schedules;

/// <summary>
/// A schedule whose learning rate is a function of the epoch and the initial rate: PyTorch's
/// <c>_get_closed_form_lr</c>. Every step sets η = f(η₀, <see cref="LearningRateSchedule.LastEpoch"/>) from the closed
/// form, not PyTorch's default chainable form (which multiplies the current rate, e.g. η·γ per step): the two agree in
/// exact arithmetic but differ in the last bits after rounding, and the closed form depends on nothing but the epoch,
/// so a schedule resumed from its state goes on exactly. Construction sets the rate for epoch 0, as PyTorch's does.
/// </summary>
public abstract class ClosedFormSchedule : LearningRateSchedule
{
    private protected ClosedFormSchedule(Optimizer optimizer)
        : base(optimizer)
    {
        BaseLearningRate = optimizer.LearningRate;
    }

    /// <summary>η₀, the optimizer's learning rate when the schedule was created (PyTorch's <c>base_lrs</c> / <c>initial_lr</c>).</summary>
    public double BaseLearningRate { get; private set; }

    /// <summary>Counts an epoch and sets the optimizer's learning rate to the closed form at the new <see cref="LearningRateSchedule.LastEpoch"/>.</summary>
    /// <exception cref="InvalidOperationException">The schedule was stepped <see cref="int.MaxValue"/> times already, or
    /// the rate overflowed (a growth factor above 1 for very many epochs); nothing changes.</exception>
    public void Step()
    {
        int next = NextEpoch();
        double rate = ClosedForm(BaseLearningRate, next);
        if (!double.IsFinite(rate))
        {
            throw new InvalidOperationException(
                string.Create(CultureInfo.InvariantCulture, $"{this} gives the learning rate {rate} at epoch {next} from η₀ = {BaseLearningRate}; a finite rate was expected."));
        }

        Optimizer.LearningRate = rate;
        LastEpoch = next;
    }

    /// <summary>The closed form's learning rate at <paramref name="epoch"/> from <see cref="BaseLearningRate"/>; changes nothing.</summary>
    /// <param name="epoch">An epoch ≥ 0 (a value of <see cref="LearningRateSchedule.LastEpoch"/>).</param>
    /// <returns>The learning rate the schedule sets at that epoch.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    public double LearningRateAt(int epoch)
    {
        if (epoch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epoch), epoch, string.Create(CultureInfo.InvariantCulture, $"'epoch' must be ≥ 0; {epoch} was given."));
        }

        return ClosedForm(BaseLearningRate, epoch);
    }

    /// <summary>PyTorch's closed form of this schedule.</summary>
    internal abstract double ClosedForm(double baseRate, int epoch);

    internal override void StepAfterEpoch(double monitoredLoss) => Step();

    /// <summary>Sets the rate of epoch 0; for the constructors of derived schedules, once their hyper-parameters are set.</summary>
    private protected void SetInitialRate() => Optimizer.LearningRate = ClosedForm(BaseLearningRate, 0);

    private protected override ScheduleState CreateState(Dictionary<string, double> hyperParameters) =>
        new(Kind, hyperParameters, LastEpoch, BaseLearningRate);

    // The optimizer's rate is set to the closed form at the state's epoch, so the schedule may be created before or
    // after the optimizer's state is loaded: either way the rate is the one the saved run had.
    private protected override void Load(ScheduleState state)
    {
        double baseRate = state.BaseLearningRate!.Value;
        double rate = ClosedForm(baseRate, state.LastEpoch);
        if (!(rate >= 0) || !double.IsFinite(rate))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The state's epoch {state.LastEpoch} and base rate {baseRate} give the learning rate {rate}; a finite rate ≥ 0 was expected."),
                nameof(state));
        }

        Optimizer.LearningRate = rate;
        BaseLearningRate = baseRate;
        LastEpoch = state.LastEpoch;
    }
}
