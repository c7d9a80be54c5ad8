using System;
using System.Collections.Generic;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Initialization;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Metrics;
using TinyNets.Network;
using TinyNets.Optimizers;
using TinyNets.Training;

namespace TinyNets.Samples.Experiments;

/// <summary>A 2-D data set with 0/1 targets (1 × N), one sample per column.</summary>
/// <param name="Name">What it is.</param>
/// <param name="Inputs">Coordinates (2 × N).</param>
/// <param name="Targets">Targets 0 or 1 (1 × N).</param>
public sealed record BinaryData(string Name, Matrix<double> Inputs, Matrix<double> Targets)
{
    /// <summary>The samples as points for <see cref="Plots.DecisionMap"/>.</summary>
    /// <returns>(x, y, class) per sample.</returns>
    public IReadOnlyList<(double X, double Y, int Class)> Points()
    {
        var points = new (double, double, int)[Inputs.ColumnCount];
        for (int j = 0; j < points.Length; j++)
        {
            points[j] = (Inputs[0, j], Inputs[1, j], (int)Targets[0, j]);
        }

        return points;
    }
}

/// <summary>A single sigmoid neuron trained on one data set.</summary>
/// <param name="Data">The data.</param>
/// <param name="Neuron">The trained neuron (Linear(2,1) + Sigmoid).</param>
/// <param name="History">Fit's per-epoch record (J before each epoch's step, accuracy after it).</param>
/// <param name="InitialAccuracy">Accuracy of the starting weights.</param>
/// <param name="FinalAccuracy">Accuracy after training.</param>
/// <param name="FinalLoss">J = 1/(2N) Σ (y − t)² after training.</param>
public sealed record NeuronRun(BinaryData Data, Sequential Neuron, TrainingHistory History, double InitialAccuracy, double FinalAccuracy, double FinalLoss);

/// <summary>
/// Sheet 003 §2 (catalogue T-3): a single sigmoid neuron y = σ(w·x + b) with the sheet's loss J = 1/(2N) Σ (y − t)²
/// (<see cref="MseLoss.HalfMse"/>), full-batch gradient descent. On linearly separable blobs it reaches 100 % with J
/// decreasing every epoch; on an XOR-like set (four blobs) no line can, so it stays clearly below 100 %.
/// </summary>
public static class SigmoidNeuronExperiment
{
    /// <summary>Name of the accuracy metric in the histories.</summary>
    public const string AccuracyMetric = "accuracy";

    /// <summary>Standard deviation of each blob.</summary>
    public const double BlobSpread = 0.6;

    /// <summary>Two Gaussian blobs, class 0 around (−1.5, −1.5) and class 1 around (1.5, 1.5).</summary>
    /// <param name="perClass">Points per class.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The data set.</returns>
    public static BinaryData SeparableBlobs(int perClass = 100, ulong seed = 3)
    {
        var random = new SeededRandom(seed);
        var x = Matrix<double>.Build.Dense(2, 2 * perClass);
        var t = Matrix<double>.Build.Dense(1, 2 * perClass);
        for (int j = 0; j < 2 * perClass; j++)
        {
            int cls = j % 2;
            double centre = cls == 0 ? -1.5 : 1.5;
            x[0, j] = centre + (BlobSpread * SampleMath.Gaussian(random));
            x[1, j] = centre + (BlobSpread * SampleMath.Gaussian(random));
            t[0, j] = cls;
        }

        return new BinaryData("separable blobs", x, t);
    }

    /// <summary>Four Gaussian blobs at (±1.5, ±1.5); class 1 where both coordinates have the same sign (an XOR pattern).</summary>
    /// <param name="perBlob">Points per blob.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The data set.</returns>
    public static BinaryData XorBlobs(int perBlob = 50, ulong seed = 4)
    {
        var random = new SeededRandom(seed);
        var x = Matrix<double>.Build.Dense(2, 4 * perBlob);
        var t = Matrix<double>.Build.Dense(1, 4 * perBlob);
        for (int j = 0; j < 4 * perBlob; j++)
        {
            double cx = (j % 2 == 0) ? -1.5 : 1.5;
            double cy = ((j / 2) % 2 == 0) ? -1.5 : 1.5;
            x[0, j] = cx + (BlobSpread * SampleMath.Gaussian(random));
            x[1, j] = cy + (BlobSpread * SampleMath.Gaussian(random));
            t[0, j] = Math.Sign(cx) == Math.Sign(cy) ? 1 : 0;
        }

        return new BinaryData("XOR blobs", x, t);
    }

    /// <summary>The neuron Linear(2,1) + Sigmoid, starting from w = (−1, 0.5), b = 0 (pointing the wrong way on the blobs).</summary>
    /// <returns>The neuron.</returns>
    public static Sequential CreateNeuron()
    {
        var neuron = new Sequential(new Linear(2, 1), new Sigmoid());
        neuron.SetParameter("0.weight", new[,] { { -1.0, 0.5 } });
        neuron.SetParameter("0.bias", new[] { 0.0 });
        return neuron;
    }

    /// <summary>Full-batch gradient descent on J = 1/(2N) Σ (y − t)², reporting J and the accuracy every epoch.</summary>
    /// <param name="data">The data.</param>
    /// <param name="learningRate">ε.</param>
    /// <param name="epochs">Epochs (= steps, one full batch each).</param>
    /// <returns>The run.</returns>
    public static NeuronRun Train(BinaryData data, double learningRate = 1.0, int epochs = 300)
    {
        ArgumentNullException.ThrowIfNull(data);
        Sequential neuron = CreateNeuron();
        double initialAccuracy = ClassificationMetrics.BinaryAccuracy(neuron.Forward(data.Inputs), data.Targets, 0.5);
        var options = new FitOptions
        {
            Epochs = epochs,
            BatchSize = data.Inputs.ColumnCount,
            Shuffle = false,
            Metrics = [new NamedMetric(AccuracyMetric, (y, t) => ClassificationMetrics.BinaryAccuracy(y, t, 0.5))],
        };
        MseLoss loss = MseLoss.HalfMse();
        TrainingHistory history = neuron.Fit(data.Inputs, data.Targets, loss, new Sgd(neuron, learningRate), options);
        Matrix<double> output = neuron.Forward(data.Inputs);
        return new NeuronRun(
            data, neuron, history, initialAccuracy, ClassificationMetrics.BinaryAccuracy(output, data.Targets, 0.5), loss.Forward(output, data.Targets));
    }
}
