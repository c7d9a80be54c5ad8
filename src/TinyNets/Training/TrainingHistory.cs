using System.Collections.Generic;
using System.Linq;

namespace TinyNets.Training;

/// <summary>The record of a <c>Trainer.Fit</c> call: one report per completed epoch and why training stopped.</summary>
public sealed class TrainingHistory
{
    internal TrainingHistory(IReadOnlyList<EpochReport> epochs, StopReason stopReason, int? bestEpoch, string? divergence)
    {
        Epochs = epochs;
        StopReason = stopReason;
        BestEpoch = bestEpoch;
        Divergence = divergence;
    }

    /// <summary>One report per completed epoch, in order.</summary>
    public IReadOnlyList<EpochReport> Epochs { get; }

    /// <summary>Why training stopped.</summary>
    public StopReason StopReason { get; }

    /// <summary>The epoch with the lowest monitored loss (when early stopping was configured), whose parameters were restored
    /// if asked; null when no epoch improved (every monitored loss NaN or +∞), and then the parameters are the last epoch's.</summary>
    public int? BestEpoch { get; }

    /// <summary>When <see cref="StopReason"/> is <see cref="StopReason.Diverged"/>: where and how (epoch, batch, value).</summary>
    public string? Divergence { get; }

    /// <summary>The training loss per epoch (scikit-learn's <c>loss_curve_</c>).</summary>
    public IReadOnlyList<double> LossCurve => Epochs.Select(e => e.TrainLoss).ToArray();

    /// <summary>The learning rate per epoch (see <see cref="EpochReport.LearningRate"/>).</summary>
    public IReadOnlyList<double> LearningRateCurve => Epochs.Select(e => e.LearningRate).ToArray();

    /// <summary>The validation loss per epoch (empty without validation data).</summary>
    public IReadOnlyList<double> ValidationLossCurve => Epochs.Where(e => e.ValidationLoss is not null).Select(e => e.ValidationLoss!.Value).ToArray();
}
