using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

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

    /// <summary>
    /// A summary: why training stopped and after how many epochs, the best epoch (with its monitored loss), and the last
    /// epoch's losses; for a diverged run, where it diverged. E.g. <c>EarlyStopped after 306 epochs; best epoch 246
    /// (val 0.0264); last: epoch 306: loss 0.0157, val 0.0292, …</c>.
    /// </summary>
    /// <returns>The summary, one line.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{StopReason} after {Epochs.Count} epoch{(Epochs.Count == 1 ? "" : "s")}");
        if (BestEpoch is int best && Epochs.FirstOrDefault(e => e.Epoch == best) is { } bestReport)
        {
            if (bestReport.ValidationLoss is double v)
            {
                text.Append(CultureInfo.InvariantCulture, $"; best epoch {best} (val {v:G6})");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"; best epoch {best} (loss {bestReport.TrainLoss:G6})");
            }
        }
        else if (BestEpoch is int earlier)
        {
            text.Append(CultureInfo.InvariantCulture, $"; best epoch {earlier} (an earlier run's)");
        }

        if (Epochs.Count > 0)
        {
            text.Append("; last: ").Append(Epochs[^1]);
        }

        if (Divergence is not null)
        {
            text.Append("; diverged: ").Append(Divergence);
        }

        return text.ToString();
    }

    /// <summary>The learning rate per epoch (see <see cref="EpochReport.LearningRate"/>).</summary>
    public IReadOnlyList<double> LearningRateCurve => Epochs.Select(e => e.LearningRate).ToArray();

    /// <summary>The validation loss per epoch (empty without validation data).</summary>
    public IReadOnlyList<double> ValidationLossCurve => Epochs.Where(e => e.ValidationLoss is not null).Select(e => e.ValidationLoss!.Value).ToArray();
}
