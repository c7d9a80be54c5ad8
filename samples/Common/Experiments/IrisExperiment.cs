using System;
using System.Collections.Generic;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Data;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Metrics;
using TinyNets.Network;
using TinyNets.Optimizers;
using TinyNets.Training;

namespace TinyNets.Samples.Experiments;

/// <summary>The settings of <see cref="IrisExperiment.Run"/>; the defaults are the sample's.</summary>
public sealed record IrisSettings
{
    /// <summary>The seed of the train/test split. Default 2024.</summary>
    public ulong SplitSeed { get; init; } = 2024;

    /// <summary>The share of the 150 rows held out as the test set. Default 0.3 (45 rows).</summary>
    public double TestFraction { get; init; } = 0.3;

    /// <summary>The seed of the weight initialisation. Default 1.</summary>
    public ulong InitSeed { get; init; } = 1;

    /// <summary>The seed of the mini-batch shuffling. Default 7.</summary>
    public ulong ShuffleSeed { get; init; } = 7;

    /// <summary>Hidden units. Default 8.</summary>
    public int Hidden { get; init; } = 8;

    /// <summary>Epochs. Default 150.</summary>
    public int Epochs { get; init; } = 150;

    /// <summary>Samples per mini-batch. Default 16.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Adam's learning rate. Default 0.01.</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>The folder holding <c>iris/iris.data</c>; null for <see cref="UciData.DefaultDirectory"/>.</summary>
    public string? DataDirectory { get; init; }
}

/// <summary>A classifier trained on the iris training rows and scored on the test rows.</summary>
/// <param name="Name">What the model is.</param>
/// <param name="Network">The trained network (standardised inputs in, 3 logits out).</param>
/// <param name="History">Fit's record (training cross-entropy and training accuracy per epoch).</param>
/// <param name="TestAccuracy">The share of test rows classified correctly.</param>
/// <param name="Confusion">Test confusion matrix: [true class, predicted class].</param>
public sealed record ClassifierRun(string Name, Sequential Network, TrainingHistory History, double TestAccuracy, int[,] Confusion);

/// <summary>Everything <see cref="IrisExperiment.Run"/> did and measured.</summary>
/// <param name="Data">The loaded file (4 features, 150 samples, 3 classes).</param>
/// <param name="Split">The seeded train/test split (raw units, with class indices).</param>
/// <param name="Scaler">Standardises the 4 inputs (fitted on the training rows).</param>
/// <param name="MajorityAccuracy">Test accuracy of always predicting the most frequent training class.</param>
/// <param name="Linear">A softmax-regression baseline Linear(4, 3), trained as the MLP is.</param>
/// <param name="Mlp">The 4-h-3 MLP.</param>
public sealed record IrisResult(LabeledData Data, TrainTestSets Split, StandardScaler Scaler, double MajorityAccuracy, ClassifierRun Linear, ClassifierRun Mlp);

/// <summary>Fisher's iris flowers: three species from four measurements, with a small MLP and cross-entropy.</summary>
public static class IrisExperiment
{
    /// <summary>The dataset file below the data folder.</summary>
    public const string FileName = "iris/iris.data";

    /// <summary>The test accuracy the MLP is expected to reach.</summary>
    public const double TargetAccuracy = 0.95;

    /// <summary>The name of the per-epoch metric: the accuracy on the training rows.</summary>
    public const string TrainAccuracyMetric = "train accuracy";

    /// <summary>Reads the comma-separated file: 4 measurements (cm), then the species as a class label.</summary>
    /// <param name="dataDirectory">The data folder; null for <see cref="UciData.DefaultDirectory"/>.</param>
    /// <returns>The data, with class indices 0, 1, 2 for setosa, versicolor, virginica.</returns>
    public static LabeledData Load(string? dataDirectory = null) =>
        DelimitedFile.Load(UciData.PathOf(FileName, dataDirectory), new DelimitedFileOptions { CategoricalColumn = 4 });

    /// <summary>
    /// Splits the rows (seeded), standardises the inputs on the training rows, and trains a softmax regression and a 4-h-3
    /// tanh MLP on one-hot targets with cross-entropy and Adam; scores both on the test rows.
    /// </summary>
    /// <param name="settings">The settings; null for the defaults.</param>
    /// <param name="mlpProgress">Receives the MLP's epoch reports (metric "train accuracy"), or null.</param>
    /// <returns>What was done and measured.</returns>
    public static IrisResult Run(IrisSettings? settings = null, IProgress<EpochReport>? mlpProgress = null)
    {
        settings ??= new IrisSettings();
        LabeledData data = Load(settings.DataDirectory);
        if (!data.IsCategorical)
        {
            throw new InvalidOperationException("The iris data was read without class labels.");
        }

        int classCount = data.ClassNames.Count;
        TrainTestSets split = DataSplit.TrainTestSplit(data, settings.TestFraction, settings.SplitSeed);
        int[] trainClasses = split.TrainClasses ?? throw new InvalidOperationException("The split lost the class labels.");
        int[] testClasses = split.TestClasses ?? throw new InvalidOperationException("The split lost the class labels.");

        var scaler = new StandardScaler();
        Matrix<double> xTrain = scaler.FitTransform(split.XTrain);
        Matrix<double> xTest = scaler.Transform(split.XTest);
        Matrix<double> yTrain = OneHot.Encode(trainClasses, classCount);

        int majority = Enumerable.Range(0, classCount).MaxBy(c => trainClasses.Count(t => t == c));
        double majorityAccuracy = ClassificationMetrics.Accuracy(Enumerable.Repeat(majority, testClasses.Length).ToArray(), testClasses);

        var linear = new Sequential(new Linear(4, classCount)).Initialize(settings.InitSeed);
        var mlp = new Sequential(new Linear(4, settings.Hidden), new Tanh(), new Linear(settings.Hidden, classCount)).Initialize(settings.InitSeed);
        var options = new FitOptions
        {
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            Seed = settings.ShuffleSeed,
            Metrics = [FitMetrics.Accuracy(name: TrainAccuracyMetric)],
        };

        ClassifierRun Train(string name, Sequential network, IProgress<EpochReport>? progress)
        {
            TrainingHistory history = network.Fit(xTrain, yTrain, new CrossEntropyLoss(), new Adam(network, settings.LearningRate), options, progress);
            Matrix<double> scores = network.Forward(xTest);
            return new ClassifierRun(
                name, network, history,
                ClassificationMetrics.Accuracy(scores, testClasses),
                ClassificationMetrics.ConfusionMatrix(scores, testClasses));
        }

        ClassifierRun linearRun = Train("softmax regression Linear(4, 3)", linear, progress: null);
        ClassifierRun mlpRun = Train($"MLP 4-{settings.Hidden}-3 (tanh)", mlp, mlpProgress);
        return new IrisResult(data, split, scaler, majorityAccuracy, linearRun, mlpRun);
    }

    /// <summary>
    /// The MLP's test accuracy for other train/test splits: split seeds 1 … <paramref name="count"/>, everything else as
    /// in <paramref name="settings"/>. With the default 45 test rows one mistake costs 2.2 points, so single splits vary a lot.
    /// </summary>
    /// <param name="count">How many splits.</param>
    /// <param name="settings">The settings; null for the defaults.</param>
    /// <returns>One test accuracy per split seed.</returns>
    public static IReadOnlyList<double> MlpAccuracyOverSplits(int count, IrisSettings? settings = null)
    {
        settings ??= new IrisSettings();
        return Enumerable.Range(1, count).Select(k => Run(settings with { SplitSeed = (ulong)k }).Mlp.TestAccuracy).ToArray();
    }
}
