using System;
using System.Collections.Generic;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Data;
using TinyNets.Initialization;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Metrics;
using TinyNets.Network;
using TinyNets.Optimizers;
using TinyNets.Training;

namespace TinyNets.Samples.Experiments;

/// <summary>A labelled 2-D data set: inputs 2 × N, one-hot targets 2 × N, and the classes.</summary>
/// <param name="Inputs">Coordinates, one sample per column.</param>
/// <param name="Targets">One-hot targets (classes × N).</param>
/// <param name="Classes">The class of each sample (0 = inner ring, 1 = outer ring).</param>
public sealed record RingData(Matrix<double> Inputs, Matrix<double> Targets, IReadOnlyList<int> Classes)
{
    /// <summary>The samples as points for <see cref="Plots.DecisionMap"/>.</summary>
    /// <returns>(x, y, class) per sample.</returns>
    public IReadOnlyList<(double X, double Y, int Class)> Points()
    {
        var points = new (double, double, int)[Classes.Count];
        for (int j = 0; j < points.Length; j++)
        {
            points[j] = (Inputs[0, j], Inputs[1, j], Classes[j]);
        }

        return points;
    }
}

/// <summary>One classifier trained on the rings.</summary>
/// <param name="Network">The trained net (outputs two logits).</param>
/// <param name="History">Fit's per-epoch record (validation loss and accuracy on the held-out set).</param>
/// <param name="TrainAccuracy">Accuracy on the training set.</param>
/// <param name="TestAccuracy">Accuracy on the held-out set.</param>
public sealed record RingClassifierRun(Sequential Network, TrainingHistory History, double TrainAccuracy, double TestAccuracy);

/// <summary>
/// Sheet 000 §2 (iii) (catalogue T-2): the TensorFlow-Playground "double ring" — two noisy concentric rings. A small MLP
/// separates them; a linear classifier cannot (the classes share their centre).
/// </summary>
public static class DoubleRingExperiment
{
    /// <summary>Radius of class 0.</summary>
    public const double InnerRadius = 1.0;

    /// <summary>Radius of class 1.</summary>
    public const double OuterRadius = 3.0;

    /// <summary>Standard deviation of the Gaussian noise added to the radius.</summary>
    public const double RadialNoise = 0.2;

    /// <summary>Seed of the training set; the held-out set uses <see cref="TestDataSeed"/>.</summary>
    public const ulong TrainDataSeed = 1;

    /// <summary>Seed of the held-out set.</summary>
    public const ulong TestDataSeed = 2;

    /// <summary>Name of the accuracy metric in the histories.</summary>
    public const string AccuracyMetric = "accuracy";

    /// <summary>
    /// Draws <paramref name="perClass"/> points per ring: angle uniform in [0, 2π), radius = ring radius + N(0, noise²);
    /// classes alternate (0, 1, 0, 1, …).
    /// </summary>
    /// <param name="perClass">Points per ring.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="noise">Radial noise standard deviation.</param>
    /// <returns>The data set.</returns>
    public static RingData Generate(int perClass, ulong seed, double noise = RadialNoise)
    {
        var random = new SeededRandom(seed);
        int n = 2 * perClass;
        var x = Matrix<double>.Build.Dense(2, n);
        var classes = new int[n];
        for (int j = 0; j < n; j++)
        {
            int cls = j % 2;
            double angle = random.NextUniform(0, 2 * Math.PI);
            double radius = (cls == 0 ? InnerRadius : OuterRadius) + (noise * SampleMath.Gaussian(random));
            x[0, j] = radius * Math.Cos(angle);
            x[1, j] = radius * Math.Sin(angle);
            classes[j] = cls;
        }

        return new RingData(x, OneHot.Encode(classes, 2), classes);
    }

    /// <summary>The MLP: 2-8-8-2 with tanh, seeded PyTorch-default initialisation.</summary>
    /// <param name="seed">Initialisation seed.</param>
    /// <returns>The net.</returns>
    public static Sequential CreateMlp(ulong seed) =>
        new Sequential(new Linear(2, 8), new Tanh(), new Linear(8, 8), new Tanh(), new Linear(8, 2)).Initialize(seed);

    /// <summary>The linear classifier: two logits that are affine in the input (softmax regression).</summary>
    /// <param name="seed">Initialisation seed.</param>
    /// <returns>The net.</returns>
    public static Sequential CreateLinear(ulong seed) => new Sequential(new Linear(2, 2)).Initialize(seed);

    /// <summary>Trains with cross-entropy on one-hot targets and Adam, mini-batches of 32, validation on the held-out set.</summary>
    /// <param name="network">The classifier.</param>
    /// <param name="train">Training data.</param>
    /// <param name="test">Held-out data.</param>
    /// <param name="epochs">Epochs.</param>
    /// <param name="learningRate">Adam's step size.</param>
    /// <param name="seed">Shuffling seed.</param>
    /// <returns>The run.</returns>
    public static RingClassifierRun Train(Sequential network, RingData train, RingData test, int epochs = 200, double learningRate = 0.01, ulong seed = 1)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        var options = new FitOptions
        {
            Epochs = epochs,
            BatchSize = 32,
            Shuffle = true,
            Seed = seed,
            ValidationInputs = test.Inputs,
            ValidationTargets = test.Targets,
            Metrics = [FitMetrics.Accuracy(name: AccuracyMetric)],
        };
        TrainingHistory history = network.Fit(train.Inputs, train.Targets, new CrossEntropyLoss(), new Adam(network, learningRate), options);
        return new RingClassifierRun(network, history, Accuracy(network, train), Accuracy(network, test));
    }

    /// <summary>The fraction of samples whose larger logit is the true class.</summary>
    /// <param name="network">The classifier.</param>
    /// <param name="data">The data.</param>
    /// <returns>Accuracy in [0, 1].</returns>
    public static double Accuracy(Sequential network, RingData data)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        return ClassificationMetrics.Accuracy(network.Forward(data.Inputs), data.Classes.ToArray());
    }

    /// <summary>P(class 1) = softmax of the two logits at one point (for the decision map).</summary>
    /// <param name="network">The classifier.</param>
    /// <param name="x">First coordinate.</param>
    /// <param name="y">Second coordinate.</param>
    /// <returns>The probability of the outer ring.</returns>
    public static double OuterProbability(Sequential network, double x, double y)
    {
        ArgumentNullException.ThrowIfNull(network);
        Vector<double> logits = network.Forward(Vector<double>.Build.Dense([x, y]));
        return 1.0 / (1.0 + Math.Exp(logits[0] - logits[1]));
    }
}
