using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TinyNets.Internal;

namespace TinyNets.Optimizers.Schedules;

/// <summary>
/// Drives an <see cref="Optimizer"/>'s <see cref="Optimizer.LearningRate"/> from epoch to epoch, as PyTorch's
/// <c>torch.optim.lr_scheduler</c> does: step it once after each epoch's optimizer steps. Give one to
/// <c>FitOptions.Schedule</c> and <c>Trainer.Fit</c> steps it for you.
/// </summary>
/// <remarks>
/// <see cref="GetState"/> and <see cref="LoadState"/> carry the schedule's position (PyTorch's <c>state_dict</c>) for
/// exact resume; <c>Trainer.Fit</c> keeps it in the <c>TrainingState</c>, and the model file saves it.
/// </remarks>
public abstract class LearningRateSchedule
{
    private protected LearningRateSchedule(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
    }

    /// <summary>The optimizer whose learning rate this schedule sets.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>PyTorch's <c>last_epoch</c>: the number of times the schedule was stepped (0 after construction).</summary>
    public int LastEpoch { get; private protected set; }

    /// <summary>The schedule's kind as written in a state: PyTorch's class name.</summary>
    internal abstract string Kind { get; }

    /// <summary>The hyper-parameters by PyTorch's names.</summary>
    internal abstract void AddHyperParameters(Dictionary<string, double> into);

    /// <summary>One step after an epoch of <c>Trainer.Fit</c>, which passes the monitored loss (ignored but by <see cref="ReduceLROnPlateau"/>).</summary>
    internal abstract void StepAfterEpoch(double monitoredLoss);

    /// <summary>
    /// The schedule's state (kind, hyper-parameters, last epoch and the counters it carries), copied: PyTorch's
    /// <c>state_dict()</c>. Hand it to <see cref="LoadState"/> of a schedule of the same kind and hyper-parameters.
    /// </summary>
    /// <returns>A new state that later steps do not change.</returns>
    public ScheduleState GetState()
    {
        var hyperParameters = new Dictionary<string, double>(StringComparer.Ordinal);
        AddHyperParameters(hyperParameters);
        return CreateState(hyperParameters);
    }

    /// <summary>
    /// Puts back a state taken by <see cref="GetState"/>, checked first: nothing changes unless everything fits.
    /// </summary>
    /// <param name="state">A state of this schedule's kind and hyper-parameters, with counters in their ranges.</param>
    /// <exception cref="ArgumentException">Another kind, a missing, unknown or different hyper-parameter, or a counter out of range (named in the message).</exception>
    public void LoadState(ScheduleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ScheduleState current = GetState();
        StateChecks.KindAndHyperParameters(current.Kind, current.HyperParameters, state.Kind, state.HyperParameters, "schedule", null, nameof(state));
        ScheduleState.CheckCounters(state.Kind, state.HyperParameters, state.LastEpoch, state.BaseLearningRate, state.Best, state.BadEpochs, state.CooldownCounter, nameof(state));
        Load(state);
    }

    /// <summary>The state of this schedule with the given hyper-parameters.</summary>
    private protected abstract ScheduleState CreateState(Dictionary<string, double> hyperParameters);

    /// <summary>Takes over a checked state of this schedule's kind and hyper-parameters.</summary>
    private protected abstract void Load(ScheduleState state);

    /// <summary>Counts one more epoch; refuses to count beyond <see cref="int.MaxValue"/>.</summary>
    private protected int NextEpoch() => LastEpoch < int.MaxValue
        ? LastEpoch + 1
        : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The schedule has been stepped {int.MaxValue} times; it counts no further."));
}
