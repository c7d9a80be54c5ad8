using System;
using System.Collections.Generic;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Metrics;
using TinyNets.Network;
using TinyNets.Optimizers;
using TinyNets.Training;

namespace TinyNets.Samples.Experiments;

/// <summary>A training run of the 2-2-1 sigmoid net on XOR.</summary>
/// <param name="Network">The trained net.</param>
/// <param name="History">Fit's per-epoch record.</param>
/// <param name="Outputs">The outputs for (0,0), (0,1), (1,0), (1,1) after training.</param>
/// <param name="FinalLoss">J = 1/(2N) Σ (y − t)² after training.</param>
/// <param name="Correct">Inputs whose output is on the right side of 0.5.</param>
public sealed record XorNetRun(Sequential Network, TrainingHistory History, IReadOnlyList<double> Outputs, double FinalLoss, int Correct);

/// <summary>
/// Sheet 003 §3 (catalogue T-4): the 2-2-1 sigmoid network ã = W̃ᵀx + b̃, h = σ(ã), y = σ(w·h + b) on XOR with targets 0/1,
/// loss J = 1/(2N) Σ (y − t)², from the fixed initialisation W̃ = [[1, −1], [1, −1]] (in × out), b̃ = (−0.5, 1.5), w = (1, 1), b = −1.5.
/// </summary>
public static class SigmoidXorNetExperiment
{
    /// <summary>The catalogue's outputs after 5000 full-batch epochs with ε = 5 (4 decimals).</summary>
    public static IReadOnlyList<double> CatalogueOutputs { get; } = [0.0214, 0.9813, 0.9813, 0.0222];

    /// <summary>The catalogue's J after that run (3 significant digits).</summary>
    public const double CatalogueLoss = 2.06e-4;

    /// <summary>Epochs of the catalogue's run.</summary>
    public const int DefaultEpochs = 5000;

    /// <summary>ε of the catalogue's run.</summary>
    public const double DefaultLearningRate = 5.0;

    /// <summary>Full batch: the four XOR inputs.</summary>
    public const int DefaultBatchSize = 4;

    /// <summary>The XOR inputs (0,0), (0,1), (1,0), (1,1), one per column.</summary>
    public static Matrix<double> Inputs => Matrix<double>.Build.DenseOfColumnArrays([0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]);

    /// <summary>The XOR targets 0, 1, 1, 0 (1 × 4).</summary>
    public static Matrix<double> Targets => Matrix<double>.Build.DenseOfRowArrays([0.0, 1.0, 1.0, 0.0]);

    /// <summary>
    /// The net with the fixed initialisation. The sheet's W̃ is in × out (W̃ᵢⱼ: input i → hidden j), so the library's
    /// out × in "0.weight" is W̃ᵀ = [[1, 1], [−1, −1]]: hidden 1 = σ(x1 + x2 − 0.5) (OR), hidden 2 = σ(−x1 − x2 + 1.5) (NAND).
    /// </summary>
    /// <returns>The net.</returns>
    public static Sequential CreateFixedInit()
    {
        var net = new Sequential(new Linear(2, 2), new Sigmoid(), new Linear(2, 1), new Sigmoid());
        double[,] wTilde = { { 1, -1 }, { 1, -1 } };
        net.SetParameter("0.weight", Matrix<double>.Build.DenseOfArray(wTilde).Transpose());
        net.SetParameter("0.bias", new[] { -0.5, 1.5 });
        net.SetParameter("2.weight", new[,] { { 1.0, 1.0 } });
        net.SetParameter("2.bias", new[] { -1.5 });
        return net;
    }

    /// <summary>Gradient descent on J with the given batch size, ε and epochs (mini-batches are shuffled with the seed).</summary>
    /// <param name="batchSize">Samples per step (4 = full batch, no shuffling).</param>
    /// <param name="learningRate">ε.</param>
    /// <param name="epochs">Epochs.</param>
    /// <param name="seed">Shuffling seed (used when the batch is smaller than 4).</param>
    /// <returns>The run.</returns>
    public static XorNetRun Run(int batchSize = DefaultBatchSize, double learningRate = DefaultLearningRate, int epochs = DefaultEpochs, ulong seed = 0)
    {
        Sequential net = CreateFixedInit();
        Matrix<double> x = Inputs;
        Matrix<double> t = Targets;
        MseLoss loss = MseLoss.HalfMse();
        var options = new FitOptions { Epochs = epochs, BatchSize = batchSize, Shuffle = batchSize < x.ColumnCount, Seed = seed };
        TrainingHistory history = net.Fit(x, t, loss, new Sgd(net, learningRate), options);
        Matrix<double> y = net.Forward(x);
        double[] outputs = y.Row(0).ToArray();
        int correct = (int)Math.Round(ClassificationMetrics.BinaryAccuracy(y, t, 0.5) * x.ColumnCount);
        return new XorNetRun(net, history, outputs, loss.Forward(y, t), correct);
    }
}
