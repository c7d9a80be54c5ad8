using System;
using System.Collections.Generic;

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
}
