using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using System.Linq;

namespace TinyNets.Optimizers.Schedules;

/// <summary>
/// Everything a learning-rate schedule carries from epoch to epoch, PyTorch's scheduler <c>state_dict()</c> in spirit:
/// its kind, its hyper-parameters, <c>last_epoch</c>, and the initial rate (closed-form schedules) or the plateau
/// counters (<see cref="ReduceLROnPlateau"/>). <see cref="LearningRateSchedule.GetState"/> takes it and
/// <see cref="LearningRateSchedule.LoadState"/> puts it back (validated).
/// </summary>
public sealed class ScheduleState
{
    /// <summary>The hyper-parameters of each kind, by PyTorch's names.</summary>
    internal static readonly IReadOnlyDictionary<string, string[]> HyperParameterNames = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["StepLR"] = ["step_size", "gamma"],
        ["ExponentialLR"] = ["gamma"],
        ["CosineAnnealingLR"] = ["T_max", "eta_min"],
        ["LinearLR"] = ["start_factor", "end_factor", "total_iters"],
        ["ReduceLROnPlateau"] = ["mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr", "eps"],
    };

    /// <summary>Creates a state; the dictionary is copied.</summary>
    /// <param name="kind">The schedule's kind, PyTorch's class name: <c>"StepLR"</c>, <c>"ExponentialLR"</c>,
    /// <c>"CosineAnnealingLR"</c>, <c>"LinearLR"</c> or <c>"ReduceLROnPlateau"</c>.</param>
    /// <param name="hyperParameters">Hyper-parameters by PyTorch's names (<c>step_size</c>, <c>gamma</c>, <c>T_max</c>,
    /// <c>eta_min</c>, <c>start_factor</c>, <c>end_factor</c>, <c>total_iters</c>; the plateau's <c>mode</c> (0 for min,
    /// 1 for max), <c>factor</c>, <c>patience</c>, <c>threshold</c>, <c>threshold_mode</c> (0 for rel, 1 for abs),
    /// <c>cooldown</c>, <c>min_lr</c>, <c>eps</c>).</param>
    /// <param name="lastEpoch">PyTorch's <c>last_epoch</c>.</param>
    /// <param name="baseLearningRate">The initial rate η₀ of a closed-form schedule; null for <see cref="ReduceLROnPlateau"/>.</param>
    /// <param name="best">The plateau's best metric, or null (none yet, or another kind).</param>
    /// <param name="badEpochs">The plateau's <c>num_bad_epochs</c> (0 for other kinds).</param>
    /// <param name="cooldownCounter">The plateau's <c>cooldown_counter</c> (0 for other kinds).</param>
    public ScheduleState(
        string kind, IReadOnlyDictionary<string, double> hyperParameters, int lastEpoch, double? baseLearningRate,
        double? best = null, int badEpochs = 0, int cooldownCounter = 0)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(hyperParameters);
        Kind = kind;
        HyperParameters = new ReadOnlyDictionary<string, double>(new Dictionary<string, double>(hyperParameters, StringComparer.Ordinal));
        LastEpoch = lastEpoch;
        BaseLearningRate = baseLearningRate;
        Best = best;
        BadEpochs = badEpochs;
        CooldownCounter = cooldownCounter;
    }

    /// <summary>The schedule's kind, PyTorch's class name.</summary>
    public string Kind { get; }

    /// <summary>The hyper-parameters by PyTorch's names (modes as numbers, see the constructor).</summary>
    public IReadOnlyDictionary<string, double> HyperParameters { get; }

    /// <summary>PyTorch's <c>last_epoch</c>: steps taken so far.</summary>
    public int LastEpoch { get; }

    /// <summary>The initial rate η₀ of a closed-form schedule; null for <see cref="ReduceLROnPlateau"/>.</summary>
    public double? BaseLearningRate { get; }

    /// <summary>The plateau's best metric so far, or null.</summary>
    public double? Best { get; }

    /// <summary>The plateau's bad epochs in a row.</summary>
    public int BadEpochs { get; }

    /// <summary>The plateau's cooldown epochs left.</summary>
    public int CooldownCounter { get; }

    /// <summary>
    /// Checks a state's hyper-parameters against its kind: every name once, each in the range the schedule's constructor
    /// accepts. Throws an <see cref="ArgumentException"/> whose parameter name is the hyper-parameter's (or "kind").
    /// </summary>
    internal static void CheckHyperParameters(string kind, IReadOnlyDictionary<string, double> h)
    {
        if (!HyperParameterNames.TryGetValue(kind, out string[]? names))
        {
            throw new ArgumentException($"One of {string.Join(", ", HyperParameterNames.Keys)} was expected; \"{kind}\" was given.", nameof(kind));
        }

        foreach (string name in names)
        {
            if (!h.TryGetValue(name, out double value))
            {
                throw new ArgumentException($"{kind} needs hyper-parameter \"{name}\".", name);
            }

            bool integer = name is "step_size" or "T_max" or "total_iters" or "patience" or "cooldown" or "mode" or "threshold_mode";
            if (integer && (value != Math.Floor(value) || !(Math.Abs(value) <= int.MaxValue)))
            {
                throw new ArgumentOutOfRangeException(name, value, Invariant($"'{name}' must be an integer; {value} was given."));
            }

            switch (name)
            {
                case "step_size" or "T_max" or "total_iters":
                    ScheduleGuard.Range(value, 1, true, int.MaxValue, true, name);
                    break;
                case "patience" or "cooldown":
                    ScheduleGuard.Range(value, 0, true, int.MaxValue, true, name);
                    break;
                case "mode" or "threshold_mode":
                    ScheduleGuard.Range(value, 0, true, 1, true, name);
                    break;
                case "gamma":
                    ScheduleGuard.PositiveFinite(value, name);
                    break;
                case "start_factor":
                    ScheduleGuard.Range(value, 0, false, 1, true, name);
                    break;
                case "end_factor":
                    ScheduleGuard.Range(value, 0, true, 1, true, name);
                    break;
                case "factor":
                    ScheduleGuard.Range(value, 0, false, 1, false, name);
                    break;
                default: // eta_min, threshold, min_lr, eps
                    ScheduleGuard.NonNegativeFinite(value, name);
                    break;
            }
        }
    }

    /// <summary>
    /// Checks the counters of a state whose hyper-parameters fit its kind: last epoch ≥ 0; a closed-form schedule's
    /// base rate finite and ≥ 0 (and no plateau counters); a plateau's best finite and present exactly once it has been
    /// stepped, its bad epochs within the patience and its cooldown counter within the cooldown, never both non-zero.
    /// </summary>
    internal static void CheckCounters(
        string kind, IReadOnlyDictionary<string, double> h, int lastEpoch, double? baseRate, double? best, int badEpochs, int cooldownCounter, string paramName)
    {
        if (lastEpoch < 0)
        {
            throw new ArgumentOutOfRangeException(paramName, lastEpoch, Invariant($"A last epoch ≥ 0 was expected; {lastEpoch} was given."));
        }

        if (kind != "ReduceLROnPlateau")
        {
            if (baseRate is not double rate || !(rate >= 0) || !double.IsFinite(rate))
            {
                throw new ArgumentException(Invariant($"A {kind} state needs a base learning rate, finite and ≥ 0; {(baseRate is null ? "none" : baseRate.Value.ToString(CultureInfo.InvariantCulture))} was given."), paramName);
            }

            if (best is not null || badEpochs != 0 || cooldownCounter != 0)
            {
                throw new ArgumentException($"A {kind} state has no best metric, bad epochs or cooldown counter; some were given.", paramName);
            }

            return;
        }

        if (baseRate is not null)
        {
            throw new ArgumentException("A ReduceLROnPlateau state has no base learning rate (it reduces the optimizer's current one); one was given.", paramName);
        }

        if (best is double b && !double.IsFinite(b))
        {
            throw new ArgumentException(Invariant($"A finite best metric was expected; {b} was given."), paramName);
        }

        if ((best is null) != (lastEpoch == 0))
        {
            throw new ArgumentException(
                Invariant($"A best metric was expected exactly when the schedule has been stepped; last epoch {lastEpoch} and {(best is null ? "no best" : "a best")} were given."),
                paramName);
        }

        int patience = (int)h["patience"], cooldown = (int)h["cooldown"];
        if (badEpochs < 0 || badEpochs > patience || badEpochs > lastEpoch)
        {
            throw new ArgumentOutOfRangeException(
                paramName, badEpochs, Invariant($"Bad epochs from 0 to {Math.Min(patience, lastEpoch)} (the patience, and the epochs stepped) were expected; {badEpochs} was given."));
        }

        if (cooldownCounter < 0 || cooldownCounter > cooldown)
        {
            throw new ArgumentOutOfRangeException(
                paramName, cooldownCounter, Invariant($"A cooldown counter from 0 to {cooldown} (the cooldown) was expected; {cooldownCounter} was given."));
        }

        if (cooldownCounter > 0 && badEpochs > 0)
        {
            throw new ArgumentException(Invariant($"No bad epochs are counted during a cooldown; {badEpochs} bad epochs and {cooldownCounter} cooldown epochs left were given."), paramName);
        }
    }

    /// <summary>The names of the hyper-parameters of <paramref name="kind"/>, or null for an unknown kind.</summary>
    internal static IReadOnlyList<string>? NamesOf(string kind) => HyperParameterNames.TryGetValue(kind, out string[]? names) ? names : null;

    /// <summary>The known kinds, for messages.</summary>
    internal static string KnownKinds => string.Join(", ", HyperParameterNames.Keys.Order(StringComparer.Ordinal));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
