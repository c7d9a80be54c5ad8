using System;
using System.Collections.Generic;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Optimizers.Clipping;
using TinyNets.Optimizers.Schedules;

namespace TinyNets.Training;

/// <summary>A metric computed once per epoch from predictions and targets (features × samples), e.g. accuracy.</summary>
/// <param name="Name">The name reported in <see cref="EpochReport.Metrics"/>.</param>
/// <param name="Compute">Computes the metric from the network's output and the targets.</param>
public sealed record NamedMetric(string Name, Func<Matrix<double>, Matrix<double>, double> Compute);

/// <summary>Settings of <c>Trainer.Fit</c>; every random choice comes from <see cref="Seed"/>.</summary>
public sealed record FitOptions
{
    /// <summary>Number of passes over the training data (with a <see cref="TrainingState"/>: the passes this call adds); at least 1. Default 100.</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Samples per mini-batch; at least 1 (the last batch of an epoch may be smaller). Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Whether the samples are shuffled at the start of every epoch. Default true.</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>The seed of the shuffling and of the dropout masks; the same seed, data and settings give bit-identical weights. Default 0. A resumed <see cref="TrainingState"/> shuffles from its recorded generator instead.</summary>
    public ulong Seed { get; init; }

    /// <summary>Validation inputs (features × samples), or null. Set together with <see cref="ValidationTargets"/>.</summary>
    public Matrix<double>? ValidationInputs { get; init; }

    /// <summary>Validation targets, or null. Set together with <see cref="ValidationInputs"/>.</summary>
    public Matrix<double>? ValidationTargets { get; init; }

    /// <summary>
    /// Validation labels as class indices (one per column of <see cref="ValidationInputs"/>), for <c>Fit</c> with
    /// class-index targets (an <c>int[]</c>); null otherwise. Set together with <see cref="ValidationInputs"/>.
    /// </summary>
    public int[]? ValidationClasses { get; init; }

    /// <summary>Early stopping, or null to train for every epoch.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary>Metrics reported per epoch, computed on the validation data if given, else on the training data.</summary>
    public IReadOnlyList<NamedMetric> Metrics { get; init; } = [];

    /// <summary>
    /// A learning-rate schedule over the optimizer given to <c>Fit</c>, or null. It is stepped once after every epoch
    /// (after the epoch's optimizer steps and losses); a <see cref="ReduceLROnPlateau"/> steps on the validation loss
    /// when there is validation data, else on the training loss. With a <see cref="TrainingState"/> its state is
    /// recorded after every epoch and put back when training resumes.
    /// </summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Gradient clipping applied to every mini-batch between backward and the optimizer's step, or null.</summary>
    public GradientClip? GradientClip { get; init; }
}
