using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace TinyNets.Training;

/// <summary>What one epoch of training gave; reported through <see cref="IProgress{T}"/> and kept in <see cref="TrainingHistory"/>.</summary>
/// <param name="Epoch">The epoch's number, from 1.</param>
/// <param name="TrainLoss">The loss over the epoch's mini-batches, averaged with each batch weighted by its size (the loss as the parameters changed during the epoch).</param>
/// <param name="ValidationLoss">The loss on the validation data after the epoch, or null without validation data.</param>
/// <param name="Metrics">The metrics after the epoch, by name.</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record EpochReport(int Epoch, double TrainLoss, double? ValidationLoss, IReadOnlyDictionary<string, double> Metrics, TimeSpan Elapsed)
{
    /// <summary>The optimizer's learning rate during the epoch's steps (a schedule changes it only between epochs).</summary>
    public double LearningRate { get; init; }

    /// <summary>One line: epoch, training loss, validation loss, metrics, learning rate and time since training started,
    /// e.g. <c>epoch 12: loss 0.0123, val 0.0234, accuracy 0.97, lr 0.001, 0:03.2</c> (invariant culture, 6 significant digits).</summary>
    /// <returns>The line.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"epoch {Epoch}: loss {TrainLoss:G6}");
        if (ValidationLoss is double validation)
        {
            text.Append(CultureInfo.InvariantCulture, $", val {validation:G6}");
        }

        foreach (KeyValuePair<string, double> metric in Metrics)
        {
            text.Append(CultureInfo.InvariantCulture, $", {metric.Key} {metric.Value:G6}");
        }

        text.Append(CultureInfo.InvariantCulture, $", lr {LearningRate:G6}, {(int)Elapsed.TotalMinutes}:{Elapsed.Seconds:00}.{Elapsed.Milliseconds / 100}");
        return text.ToString();
    }
}
