using System;
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

/// <summary>The settings of <see cref="OptdigitsExperiment.Run"/>; the defaults are the sample's.</summary>
public sealed record OptdigitsSettings
{
    /// <summary>The seed of the validation split of the training file. Default 2024.</summary>
    public ulong SplitSeed { get; init; } = 2024;

    /// <summary>The share of the training file set aside for validation (early stopping). Default 0.1.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>The seed of the weight initialisation. Default 1.</summary>
    public ulong InitSeed { get; init; } = 1;

    /// <summary>The seed of the mini-batch shuffling. Default 7.</summary>
    public ulong ShuffleSeed { get; init; } = 7;

    /// <summary>Hidden units. Default 64.</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>The most epochs to train (early stopping may end sooner). Default 60.</summary>
    public int Epochs { get; init; } = 60;

    /// <summary>Samples per mini-batch. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>AdamW's learning rate. Default 0.003.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>AdamW's decoupled weight decay. Default 0.2.</summary>
    public double WeightDecay { get; init; } = 0.2;

    /// <summary>Epochs without a lower validation loss before training stops. Default 10.</summary>
    public int Patience { get; init; } = 10;

    /// <summary>
    /// How the pixel counts are scaled: per pixel to mean 0 and standard deviation 1 on the training file (true, the
    /// default), or to [0, 1] by dividing by 16 (false).
    /// </summary>
    public bool Standardize { get; init; } = true;

    /// <summary>The folder holding <c>optdigits/optdigits.tra</c> and <c>.tes</c>; null for <see cref="UciData.DefaultDirectory"/>.</summary>
    public string? DataDirectory { get; init; }
}

/// <summary>Everything <see cref="OptdigitsExperiment.Run"/> did and measured.</summary>
/// <param name="TrainPixels">The training file's raw pixel counts (64 × 3823, 0 … 16).</param>
/// <param name="TrainDigits">The training file's digits.</param>
/// <param name="TestPixels">The test file's raw pixel counts (64 × 1797).</param>
/// <param name="TestDigits">The test file's digits.</param>
/// <param name="Scaling">How the inputs were scaled, in words.</param>
/// <param name="FitCount">Training rows the networks are fitted on.</param>
/// <param name="ValidationCount">Training rows used only for early stopping.</param>
/// <param name="MajorityAccuracy">Test accuracy of always predicting the most frequent training digit.</param>
/// <param name="Linear">A softmax-regression baseline Linear(64, 10), trained as the MLP is.</param>
/// <param name="Mlp">The 64-h-10 MLP.</param>
public sealed record OptdigitsResult(
    Matrix<double> TrainPixels, int[] TrainDigits, Matrix<double> TestPixels, int[] TestDigits, string Scaling, int FitCount, int ValidationCount,
    double MajorityAccuracy, ClassifierRun Linear, ClassifierRun Mlp);

/// <summary>
/// Handwritten digits as 8 × 8 pixel counts (UCI optdigits): train on the training file (30 writers), score on the
/// separate test file (13 other writers).
/// </summary>
public static class OptdigitsExperiment
{
    /// <summary>The training file below the data folder.</summary>
    public const string TrainFile = "optdigits/optdigits.tra";

    /// <summary>The test file below the data folder.</summary>
    public const string TestFile = "optdigits/optdigits.tes";

    /// <summary>The largest pixel count (each pixel counts the set bits of a 4 × 4 block of a 32 × 32 bitmap).</summary>
    public const double MaxPixel = 16.0;

    /// <summary>The test accuracy the MLP is expected to reach.</summary>
    public const double TargetAccuracy = 0.96;

    /// <summary>Reads one of the files: 64 pixel counts (0 … 16), then the digit (0 … 9) as a number.</summary>
    /// <param name="relativePath"><see cref="TrainFile"/> or <see cref="TestFile"/>.</param>
    /// <param name="dataDirectory">The data folder; null for <see cref="UciData.DefaultDirectory"/>.</param>
    /// <returns>The raw pixel counts (64 × n) and the digits.</returns>
    public static (Matrix<double> Pixels, int[] Digits) Load(string relativePath, string? dataDirectory = null)
    {
        // The defaults read the last column as a numeric target: the digit itself, so class index = digit.
        LabeledData data = DelimitedFile.Load(UciData.PathOf(relativePath, dataDirectory));
        int[] digits = data.Targets.Row(0).Select(v => (int)v).ToArray();
        return (data.Features, digits);
    }

    /// <summary>
    /// Scales the pixels (fitted on the training file only), sets part of the training file aside for validation, trains
    /// a softmax regression and a 64-h-10 ReLU MLP with cross-entropy on one-hot targets, AdamW and early stopping on the
    /// validation loss, and scores both on the test file.
    /// </summary>
    /// <param name="settings">The settings; null for the defaults.</param>
    /// <param name="mlpProgress">Receives the MLP's epoch reports (metric "val accuracy"), or null.</param>
    /// <returns>What was done and measured.</returns>
    public static OptdigitsResult Run(OptdigitsSettings? settings = null, IProgress<EpochReport>? mlpProgress = null)
    {
        settings ??= new OptdigitsSettings();
        (Matrix<double> trainPixels, int[] trainDigits) = Load(TrainFile, settings.DataDirectory);
        (Matrix<double> testPixels, int[] testDigits) = Load(TestFile, settings.DataDirectory);
        const int classes = 10;

        Matrix<double> xTrain, xTest;
        string scaling;
        if (settings.Standardize)
        {
            // Pixels 0 and 39 are 0 in every training image: the scaler maps such a constant feature to exactly 0.
            var scaler = new StandardScaler();
            xTrain = scaler.FitTransform(trainPixels);
            xTest = scaler.Transform(testPixels);
            scaling = "standardised per pixel (mean 0, std 1 on the training file)";
        }
        else
        {
            xTrain = trainPixels / MaxPixel;
            xTest = testPixels / MaxPixel;
            scaling = "divided by 16 (to [0, 1])";
        }

        TrainTestSets inner = DataSplit.TrainTestSplit(
            xTrain, OneHot.Encode(trainDigits, classes), trainDigits, settings.ValidationFraction, settings.SplitSeed);

        int majority = Enumerable.Range(0, classes).MaxBy(c => trainDigits.Count(d => d == c));
        double majorityAccuracy = testDigits.Count(d => d == majority) / (double)testDigits.Length;

        var options = new FitOptions
        {
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            Seed = settings.ShuffleSeed,
            ValidationInputs = inner.XTest,
            ValidationTargets = inner.YTest,
            EarlyStopping = new EarlyStopping(settings.Patience),
            Metrics = [FitMetrics.Accuracy(name: "val accuracy")],
        };

        ClassifierRun Train(string name, Sequential network, IProgress<EpochReport>? progress)
        {
            var optimizer = new AdamW(network, settings.LearningRate, weightDecay: settings.WeightDecay);
            TrainingHistory history = network.Fit(inner.XTrain, inner.YTrain, new CrossEntropyLoss(), optimizer, options, progress);
            Matrix<double> scores = network.Forward(xTest);
            return new ClassifierRun(
                name, network, history,
                ClassificationMetrics.Accuracy(scores, testDigits),
                ClassificationMetrics.ConfusionMatrix(scores, testDigits));
        }

        var linear = new Sequential(new Linear(64, classes)).Initialize(settings.InitSeed);
        var mlp = new Sequential(new Linear(64, settings.Hidden), new ReLU(), new Linear(settings.Hidden, classes)).Initialize(settings.InitSeed);
        ClassifierRun linearRun = Train("softmax regression Linear(64, 10)", linear, progress: null);
        ClassifierRun mlpRun = Train($"MLP 64-{settings.Hidden}-10 (ReLU)", mlp, mlpProgress);
        return new OptdigitsResult(
            trainPixels, trainDigits, testPixels, testDigits, scaling, inner.XTrain.ColumnCount, inner.XTest.ColumnCount, majorityAccuracy,
            linearRun, mlpRun);
    }
}
