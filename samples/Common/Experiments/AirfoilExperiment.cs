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

/// <summary>The settings of <see cref="AirfoilExperiment.Run"/>; the defaults are the sample's.</summary>
public sealed record AirfoilSettings
{
    /// <summary>The seed of the train/test split (and, plus one, of the validation split). Default 2024.</summary>
    public ulong SplitSeed { get; init; } = 2024;

    /// <summary>The share of all rows held out as the test set. Default 0.2.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>The share of the training rows set aside for validation (early stopping). Default 0.15.</summary>
    public double ValidationFraction { get; init; } = 0.15;

    /// <summary>The seed of the weight initialisation. Default 1.</summary>
    public ulong InitSeed { get; init; } = 1;

    /// <summary>The seed of the mini-batch shuffling. Default 7.</summary>
    public ulong ShuffleSeed { get; init; } = 7;

    /// <summary>Units in each of the two hidden layers. Default 64.</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>The most epochs to train (early stopping usually ends sooner). Default 600.</summary>
    public int Epochs { get; init; } = 600;

    /// <summary>Samples per mini-batch. Default 32.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam's learning rate. Default 0.003.</summary>
    public double LearningRate { get; init; } = 3e-3;

    /// <summary>Epochs without a lower validation loss before training stops. Default 60.</summary>
    public int Patience { get; init; } = 60;

    /// <summary>The folder holding <c>airfoil/airfoil_self_noise.dat</c>; null for <see cref="UciData.DefaultDirectory"/>.</summary>
    public string? DataDirectory { get; init; }
}

/// <summary>Held-out error measures of a regressor, in the target's unit (dB).</summary>
/// <param name="Rmse">Root mean squared error.</param>
/// <param name="Mae">Mean absolute error.</param>
/// <param name="R2">Coefficient of determination.</param>
public sealed record RegressionScore(double Rmse, double Mae, double R2)
{
    /// <summary>Scores predictions against targets (both outputs × samples).</summary>
    /// <param name="predictions">The predictions.</param>
    /// <param name="targets">The true values.</param>
    /// <returns>RMSE, MAE and R².</returns>
    public static RegressionScore Of(Matrix<double> predictions, Matrix<double> targets) => new(
        RegressionMetrics.RootMeanSquaredError(predictions, targets),
        RegressionMetrics.MeanAbsoluteError(predictions, targets),
        RegressionMetrics.R2Score(predictions, targets));
}

/// <summary>The airfoil data, split and standardised as <see cref="AirfoilExperiment.Prepare"/> leaves it.</summary>
/// <param name="Raw">The loaded file (5 feature rows, 1 target row, 1503 samples).</param>
/// <param name="Split">The seeded train/test split in raw units.</param>
/// <param name="InputScaler">Standardises the 5 inputs (fitted on the training rows).</param>
/// <param name="TargetScaler">Standardises the target (fitted on the training rows).</param>
/// <param name="TrainInputs">The standardised inputs of all training rows (fit + validation).</param>
/// <param name="Inner">The standardised training rows split into a part to fit on (XTrain, YTrain) and a validation part (XTest, YTest).</param>
/// <param name="TestInputs">The standardised inputs of the test rows.</param>
public sealed record AirfoilData(
    LabeledData Raw, TrainTestSets Split, StandardScaler InputScaler, StandardScaler TargetScaler, Matrix<double> TrainInputs,
    TrainTestSets Inner, Matrix<double> TestInputs)
{
    /// <summary>The test rows' targets in dB (1 × test rows).</summary>
    public Matrix<double> TestTargets => Split.YTest;
}

/// <summary>One model trained on the airfoil data and scored on the test set, in dB.</summary>
/// <param name="Name">What the model is.</param>
/// <param name="Network">The trained network (standardised inputs in, standardised target out).</param>
/// <param name="History">Fit's record (train and validation MSE on the standardised target, per epoch).</param>
/// <param name="TestPredictions">Predictions for the test rows in dB (1 × test rows).</param>
/// <param name="Test">The errors on the test rows, in dB.</param>
public sealed record AirfoilModelRun(string Name, Sequential Network, TrainingHistory History, Matrix<double> TestPredictions, RegressionScore Test);

/// <summary>Everything <see cref="AirfoilExperiment.Run(AirfoilData, AirfoilSettings?, IProgress{EpochReport}?)"/> measured.</summary>
/// <param name="Data">The prepared data.</param>
/// <param name="MeanBaseline">Test errors of predicting the training rows' mean level for every test row.</param>
/// <param name="LeastSquaresRmse">Test RMSE (dB) of the exact least-squares affine fit on the fit rows (a check on the trained linear model).</param>
/// <param name="Linear">The linear model Linear(5, 1), trained as the MLP is.</param>
/// <param name="Mlp">The MLP regressor.</param>
public sealed record AirfoilResult(AirfoilData Data, RegressionScore MeanBaseline, double LeastSquaresRmse, AirfoilModelRun Linear, AirfoilModelRun Mlp);

/// <summary>
/// Sheet 004's PyTorch task (T-5, catalogue S004-13): regress the UCI airfoil self-noise level (dB) on its five inputs with
/// an MLP, and compare the held-out error with predicting the mean and with a linear model.
/// </summary>
public static class AirfoilExperiment
{
    /// <summary>The dataset file below the data folder.</summary>
    public const string FileName = "airfoil/airfoil_self_noise.dat";

    /// <summary>The held-out RMSE the MLP is expected to reach, in dB.</summary>
    public const double TargetRmse = 2.5;

    /// <summary>The name of the per-epoch metric: the validation RMSE in dB.</summary>
    public const string ValidationRmseMetric = "val RMSE dB";

    /// <summary>The five input names, in column order.</summary>
    public static readonly string[] InputNames =
        ["frequency (Hz)", "angle of attack (°)", "chord length (m)", "free-stream velocity (m/s)", "suction-side displacement thickness (m)"];

    /// <summary>Reads the tab-separated file: 5 input columns, the sound level (dB) last.</summary>
    /// <param name="dataDirectory">The data folder; null for <see cref="UciData.DefaultDirectory"/>.</param>
    /// <returns>The data.</returns>
    public static LabeledData Load(string? dataDirectory = null) =>
        DelimitedFile.Load(UciData.PathOf(FileName, dataDirectory), new DelimitedFileOptions { Delimiter = FieldDelimiter.Tab });

    /// <summary>
    /// Loads the file, splits the rows (seeded; 80/20 by default), standardises inputs and target with the training rows'
    /// means and deviations, and sets part of the training rows aside for validation.
    /// </summary>
    /// <param name="settings">The settings; null for the defaults.</param>
    /// <returns>The prepared data.</returns>
    public static AirfoilData Prepare(AirfoilSettings? settings = null)
    {
        settings ??= new AirfoilSettings();
        LabeledData raw = Load(settings.DataDirectory);
        TrainTestSets split = DataSplit.TrainTestSplit(raw, settings.TestFraction, settings.SplitSeed);

        // The scalers see the training rows only; the test rows are transformed with the training rows' statistics.
        var inputScaler = new StandardScaler();
        var targetScaler = new StandardScaler();
        Matrix<double> xTrain = inputScaler.FitTransform(split.XTrain);
        Matrix<double> yTrain = targetScaler.FitTransform(split.YTrain);

        // Early stopping watches a validation part of the training rows, so the test rows play no part in training.
        TrainTestSets inner = DataSplit.TrainTestSplit(xTrain, yTrain, settings.ValidationFraction, settings.SplitSeed + 1);
        return new AirfoilData(raw, split, inputScaler, targetScaler, xTrain, inner, inputScaler.Transform(split.XTest));
    }

    /// <summary>The MLP regressor 5-h-h-1 with tanh hidden layers, initialised from <see cref="AirfoilSettings.InitSeed"/>.</summary>
    /// <param name="settings">The settings; null for the defaults.</param>
    /// <returns>The untrained network.</returns>
    public static Sequential CreateMlp(AirfoilSettings? settings = null)
    {
        settings ??= new AirfoilSettings();
        return new Sequential(
            new Linear(5, settings.Hidden), new Tanh(),
            new Linear(settings.Hidden, settings.Hidden), new Tanh(),
            new Linear(settings.Hidden, 1)).Initialize(settings.InitSeed);
    }

    /// <summary>Prepares the data and runs the experiment on it.</summary>
    /// <param name="settings">The settings; null for the defaults.</param>
    /// <param name="mlpProgress">Receives the MLP's epoch reports (metric "val RMSE dB"), or null.</param>
    /// <returns>What was measured.</returns>
    public static AirfoilResult Run(AirfoilSettings? settings = null, IProgress<EpochReport>? mlpProgress = null) =>
        Run(Prepare(settings), settings, mlpProgress);

    /// <summary>
    /// Scores the predict-the-mean baseline and the least-squares fit, trains a linear model and the MLP the same way (MSE,
    /// Adam, mini-batches, early stopping on the validation loss with the best weights restored) and scores them on the
    /// test rows in dB.
    /// </summary>
    /// <param name="data">The data from <see cref="Prepare"/>.</param>
    /// <param name="settings">The settings; null for the defaults.</param>
    /// <param name="mlpProgress">Receives the MLP's epoch reports (metric "val RMSE dB"), or null.</param>
    /// <returns>What was measured.</returns>
    public static AirfoilResult Run(AirfoilData data, AirfoilSettings? settings = null, IProgress<EpochReport>? mlpProgress = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        settings ??= new AirfoilSettings();
        Matrix<double> yTest = data.TestTargets;
        double trainMean = data.Split.YTrain.Row(0).Average();
        RegressionScore meanBaseline = RegressionScore.Of(Matrix<double>.Build.Dense(1, yTest.ColumnCount, trainMean), yTest);
        double leastSquaresRmse = LeastSquaresRmse(data.Inner.XTrain, data.Inner.YTrain, data.TestInputs, yTest, data.TargetScaler);

        var linear = new Sequential(new Linear(5, 1)).Initialize(settings.InitSeed);
        AirfoilModelRun linearRun = Train("linear model Linear(5, 1)", linear, settings, data, progress: null);
        AirfoilModelRun mlpRun = Train($"MLP 5-{settings.Hidden}-{settings.Hidden}-1 (tanh)", CreateMlp(settings), settings, data, mlpProgress);
        return new AirfoilResult(data, meanBaseline, leastSquaresRmse, linearRun, mlpRun);
    }

    private static AirfoilModelRun Train(string name, Sequential network, AirfoilSettings settings, AirfoilData data, IProgress<EpochReport>? progress)
    {
        StandardScaler targetScaler = data.TargetScaler;
        var options = new FitOptions
        {
            Epochs = settings.Epochs,
            BatchSize = settings.BatchSize,
            Seed = settings.ShuffleSeed,
            ValidationInputs = data.Inner.XTest,
            ValidationTargets = data.Inner.YTest,
            EarlyStopping = new EarlyStopping(settings.Patience),
            Metrics =
            [
                FitMetrics.RootMeanSquaredError(targetScaler, ValidationRmseMetric),
            ],
        };

        TrainingHistory history = network.Fit(
            data.Inner.XTrain, data.Inner.YTrain, new MseLoss(), new Adam(network, settings.LearningRate), options, progress);
        Matrix<double> predictions = targetScaler.InverseTransform(network.Forward(data.TestInputs));
        return new AirfoilModelRun(name, network, history, predictions, RegressionScore.Of(predictions, data.TestTargets));
    }
    /// <summary>The exact least-squares affine fit (QR) on the fit rows, scored on the test rows in dB.</summary>
    private static double LeastSquaresRmse(Matrix<double> x, Matrix<double> y, Matrix<double> xTest, Matrix<double> yTestDb, StandardScaler targetScaler)
    {
        Matrix<double> design = x.Transpose().InsertColumn(x.RowCount, Vector<double>.Build.Dense(x.ColumnCount, 1.0));
        Vector<double> coefficients = design.QR().Solve(y.Row(0));
        Matrix<double> testDesign = xTest.Transpose().InsertColumn(xTest.RowCount, Vector<double>.Build.Dense(xTest.ColumnCount, 1.0));
        Matrix<double> predictions = targetScaler.InverseTransform((testDesign * coefficients).ToRowMatrix());
        return RegressionMetrics.RootMeanSquaredError(predictions, yTestDb);
    }
}
