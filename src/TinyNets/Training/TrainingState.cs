using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TinyNets.Initialization;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Optimizers.Schedules;
using TinyNets.Parameters;

namespace TinyNets.Training;

/// <summary>
/// Where training stands, so that it can stop and continue bit for bit: the epochs completed, the shuffling generator's
/// position and the current sample order (each epoch shuffles the previous order in place), the early-stopping record
/// (best loss, best epoch, epochs without improvement, the best weights), the learning-rate schedule's state, the loss
/// the epochs were run with and, when the best weights were restored at the end of a call, the last epoch's weights,
/// which the next call puts back first.
/// </summary>
/// <remarks>
/// Pass one object to successive calls of
/// <see cref="Trainer.Fit(Sequential, MathNet.Numerics.LinearAlgebra.Matrix{double}, MathNet.Numerics.LinearAlgebra.Matrix{double}, Losses.Loss, Optimizers.Optimizer, TrainingState, FitOptions?, IProgress{EpochReport}?, System.Threading.CancellationToken)"/>
/// (or save it in a model file between them), with the same data, loss, options and an optimizer whose state went along
/// (<see cref="Optimizers.Optimizer.GetState"/>): each call runs <see cref="FitOptions.Epochs"/> more epochs, numbered on
/// from <see cref="EpochsCompleted"/>, and <c>Fit</c> for 5 epochs then for 5 more gives the parameters, optimizer state
/// and loss history of one <c>Fit</c> for 10. A resumed call shuffles from the recorded generator, not from
/// <see cref="FitOptions.Seed"/>. The state records the loss of its epochs (its kind and every hyper-parameter; a loss of
/// your own type is not recorded), a model file saves it with the state (<c>ModelBundle.Loss</c>), and <c>Fit</c>
/// refuses to continue with a loss of another kind or other hyper-parameters, which would continue a different training.
/// The state is recorded at the end of every epoch: after a divergence or a cancellation it describes the last completed
/// epoch, while the parameters and the optimizer have moved on, and resuming is no longer exact.
/// </remarks>
public sealed class TrainingState
{
    /// <summary>Creates the state of training that has not started.</summary>
    public TrainingState()
    {
    }

    /// <summary>Creates a state from validated parts (the model-file reader).</summary>
    internal TrainingState(
        int epochsCompleted, ulong[]? randomState, int[]? order, double? bestLoss, int? bestEpoch, int epochsWithoutImprovement,
        string[]? parameterNames, double[][]? bestWeights, double[][]? lastWeights, ScheduleState? schedule = null, LossDescription? loss = null)
    {
        Schedule = schedule;
        Loss = loss;
        EpochsCompleted = epochsCompleted;
        RandomState = randomState;
        Order = order;
        BestLoss = bestLoss;
        BestEpoch = bestEpoch;
        EpochsWithoutImprovement = epochsWithoutImprovement;
        ParameterNames = parameterNames;
        BestWeights = bestWeights;
        LastWeights = lastWeights;
    }

    /// <summary>The number of epochs completed so far; the next epoch is numbered one more.</summary>
    public int EpochsCompleted { get; private set; }

    /// <summary>The lowest monitored loss of early stopping so far, or null when no epoch has improved on the start.</summary>
    public double? BestLoss { get; private set; }

    /// <summary>The epoch of <see cref="BestLoss"/>, or null.</summary>
    public int? BestEpoch { get; private set; }

    /// <summary>Epochs in a row without improvement of the monitored loss (early stopping's patience counter).</summary>
    public int EpochsWithoutImprovement { get; private set; }

    /// <summary>The state of <see cref="FitOptions.Schedule"/> after the last completed epoch, or null (no schedule yet);
    /// a resumed <c>Fit</c> loads it into the schedule it is given, which must be of the same kind and hyper-parameters.</summary>
    public ScheduleState? Schedule { get; private set; }

    /// <summary>The loss the recorded epochs were run with (kind and hyper-parameters), or null: no epoch yet, a loss of
    /// the user's own type, or a state read from a model file without a loss.</summary>
    internal LossDescription? Loss { get; private set; }

    /// <summary>Whether the parameters of <see cref="BestEpoch"/> are held (early stopping with restoring the best weights).</summary>
    public bool HasBestWeights => BestWeights is not null;

    /// <summary>Whether the last epoch's weights are held because the best ones were restored at the end of the last call;
    /// the next <c>Fit</c> with this state puts them back before its first epoch.</summary>
    public bool HasLastWeights => LastWeights is not null;

    /// <summary>The position of the generator of the shuffling and the dropout masks after the last completed epoch, or null before the first.</summary>
    internal ulong[]? RandomState { get; private set; }

    /// <summary>The sample order of the last completed epoch, or null before the first.</summary>
    internal int[]? Order { get; private set; }

    /// <summary>The names of the parameters whose values <see cref="BestWeights"/> and <see cref="LastWeights"/> hold, in order.</summary>
    internal string[]? ParameterNames { get; private set; }

    /// <summary>The best epoch's parameter values (column-major, one array per parameter), or null.</summary>
    internal double[][]? BestWeights { get; private set; }

    /// <summary>The last epoch's parameter values when the best ones were restored, or null.</summary>
    internal double[][]? LastWeights { get; private set; }

    /// <summary>Throws unless this state can continue training <paramref name="network"/> on <paramref name="samples"/> samples.</summary>
    internal void CheckFits(Sequential network, int samples, string paramName)
    {
        if (Order is not null && Order.Length != samples)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"The training state was recorded on {Order.Length} samples; {samples} were given. Resume with the same training data."),
                paramName);
        }

        if (ParameterNames is null)
        {
            return;
        }

        IReadOnlyList<KeyValuePair<string, Parameter>> named = network.NamedParameters;
        bool same = named.Count == ParameterNames.Length;
        for (int i = 0; same && i < named.Count; i++)
        {
            same = string.Equals(named[i].Key, ParameterNames[i], StringComparison.Ordinal)
                && (BestWeights is null || BestWeights[i].Length == named[i].Value.Length)
                && (LastWeights is null || LastWeights[i].Length == named[i].Value.Length);
        }

        if (!same)
        {
            throw new ArgumentException(
                $"The training state holds weights of parameters {string.Join(", ", ParameterNames.Select(n => $"\"{n}\""))}, which do not fit this network: {network}.",
                paramName);
        }
    }

    /// <summary>
    /// Throws unless <paramref name="loss"/> is the loss the recorded epochs were run with: the same kind and the same
    /// reduction, scale and hyper-parameters, bit for bit (<see cref="LossDescription"/>'s equality). Nothing is checked
    /// when the state records no loss.
    /// </summary>
    /// <param name="loss">The loss given to <c>Fit</c>.</param>
    /// <param name="description">Its description, or null for a loss of the user's own type.</param>
    /// <param name="paramName">The loss argument's name.</param>
    internal void CheckLoss(Loss loss, LossDescription? description, string paramName)
    {
        if (Loss is { } recorded && !recorded.Equals(description))
        {
            throw new ArgumentException(
                $"The training state's epochs were run with {recorded}; '{paramName}' is {loss}{(description is null ? $" (a {loss.GetType().Name}, a loss of its own type)" : "")}. " +
                "An exact resume needs the same loss, of the same kind and hyper-parameters (a loaded ModelBundle's Loss); to train on with another one, start a new TrainingState.",
                paramName);
        }
    }

    /// <summary>Puts back the last epoch's weights held since the best ones were restored, and forgets them.</summary>
    internal void PutBackLastWeights(IReadOnlyList<KeyValuePair<string, Parameter>> parameters)
    {
        if (LastWeights is { } last)
        {
            for (int i = 0; i < last.Length; i++)
            {
                last[i].CopyTo(parameters[i].Value.Data);
            }

            LastWeights = null;
        }
    }

    /// <summary>Records the position after epoch <paramref name="epoch"/>.</summary>
    internal void RecordEpoch(int epoch, SeededRandom random, int[] order, double bestLoss, int? bestEpoch, int epochsWithoutImprovement, LossDescription? loss)
    {
        EpochsCompleted = epoch;
        Loss = loss;
        RandomState ??= new ulong[SeededRandom.StateLength];
        random.CopyStateTo(RandomState);
        if (Order is null || Order.Length != order.Length)
        {
            Order = new int[order.Length];
        }

        order.CopyTo(Order, 0);
        BestLoss = bestEpoch is null ? null : bestLoss;
        BestEpoch = bestEpoch;
        EpochsWithoutImprovement = epochsWithoutImprovement;
    }

    /// <summary>Records the schedule's state after an epoch.</summary>
    internal void RecordSchedule(ScheduleState schedule) => Schedule = schedule;

    /// <summary>Records the best epoch's weights.</summary>
    internal void RecordBestWeights(IReadOnlyList<KeyValuePair<string, Parameter>> parameters, double[][] values)
    {
        ParameterNames ??= parameters.Select(p => p.Key).ToArray();
        double[][] best = BestWeights ?? values.Select(v => new double[v.Length]).ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            values[i].CopyTo(best[i], 0);
        }

        BestWeights = best;
    }

    /// <summary>Forgets the best weights held (a new best epoch whose weights were not kept).</summary>
    internal void ForgetBestWeights() => BestWeights = null;

    /// <summary>Records the current weights as the last epoch's, before the best ones are restored.</summary>
    internal void RecordLastWeights(IReadOnlyList<KeyValuePair<string, Parameter>> parameters)
    {
        ParameterNames ??= parameters.Select(p => p.Key).ToArray();
        var current = new double[parameters.Count][];
        for (int i = 0; i < current.Length; i++)
        {
            current[i] = parameters[i].Value.Data.ToArray();
        }

        LastWeights = current;
    }
}
