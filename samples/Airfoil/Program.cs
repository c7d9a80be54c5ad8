// Airfoil: sheet 004's PyTorch task (catalogue S004-13, T-5) in TinyNets. Predict the self-noise of NACA 0012 airfoil
// sections (UCI; NASA wind-tunnel measurements) from five inputs with an MLP regressor, and compare the held-out error
// with predicting the mean and with a linear model.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using TinyNets.Network;
using TinyNets.Samples;
using TinyNets.Samples.Experiments;
using TinyNets.Training;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var clock = Stopwatch.StartNew();
var settings = new AirfoilSettings();

Console.WriteLine("== Airfoil self-noise: an MLP regressor on the UCI data (sheet 004, T-5) ==");
AirfoilData data = AirfoilExperiment.Prepare(settings);
double[] levels = data.Raw.Targets.Row(0).ToArray();
Sequential architecture = AirfoilExperiment.CreateMlp(settings);
Console.WriteLine($"data      {data.Raw.SampleCount} rows of {AirfoilExperiment.FileName}: 5 inputs → sound pressure level, {levels.Min():F1} … {levels.Max():F1} dB");
Console.WriteLine($"          inputs: {string.Join(", ", AirfoilExperiment.InputNames)}");
Console.WriteLine($"split     seed {settings.SplitSeed}: {data.Split.XTest.ColumnCount} test rows held out; {data.Split.XTrain.ColumnCount} training rows " +
    $"= {data.Inner.XTrain.ColumnCount} to fit + {data.Inner.XTest.ColumnCount} to validate (for early stopping)");
Console.WriteLine("scaling   inputs and target standardised with the training rows' means and deviations; predictions mapped back to dB");
Console.WriteLine("network");
foreach (string line in architecture.Summary().Split(Environment.NewLine))
{
    Console.WriteLine($"          {line}");
}

Console.WriteLine($"training  MSE loss, Adam(lr {settings.LearningRate}), batches of {settings.BatchSize}, at most {settings.Epochs} epochs; " +
    $"stop after {settings.Patience} epochs without a lower validation loss and restore the best epoch's weights");

Console.WriteLine();
// One updating line on a terminal, plain lines when the output goes to a file; synchronous, unlike Progress<T>.
AirfoilResult r;
using (var progress = new ConsoleProgress(settings.Epochs))
{
    r = AirfoilExperiment.Run(data, settings, progress);
}

AirfoilModelRun mlp = r.Mlp, linear = r.Linear;
EpochReport best = mlp.History.Epochs[mlp.History.BestEpoch!.Value - 1];
Console.WriteLine($"stopped after {mlp.History.Epochs.Count} epochs ({Describe(mlp.History.StopReason)}); kept the weights of epoch {best.Epoch} " +
    $"(val MSE {best.ValidationLoss:F4}, val RMSE {best.Metrics[AirfoilExperiment.ValidationRmseMetric]:F2} dB)");
Console.WriteLine($"the linear model, trained the same way, stopped after {linear.History.Epochs.Count} epochs");

Console.WriteLine();
Console.WriteLine($"held-out test set ({data.TestTargets.ColumnCount} rows)      RMSE       MAE       R²");
Row("predict the training mean", r.MeanBaseline);
Row(linear.Name, linear.Test);
Console.WriteLine($"    least-squares optimum (QR)   {r.LeastSquaresRmse,5:F2} dB");
Row(mlp.Name, mlp.Test);

Console.WriteLine();
Console.WriteLine(ConsoleText.Verdict(mlp.Test.Rmse < r.MeanBaseline.Rmse,
    $"the MLP beats predicting the mean: {mlp.Test.Rmse:F2} dB < {r.MeanBaseline.Rmse:F2} dB"));
Console.WriteLine(ConsoleText.Verdict(mlp.Test.Rmse < linear.Test.Rmse,
    $"the MLP beats the linear model: {mlp.Test.Rmse:F2} dB < {linear.Test.Rmse:F2} dB"));
Console.WriteLine(ConsoleText.Verdict(mlp.Test.Rmse <= AirfoilExperiment.TargetRmse,
    $"held-out RMSE ≤ {AirfoilExperiment.TargetRmse} dB: {mlp.Test.Rmse:F2} dB"));

Console.WriteLine();
Console.WriteLine("== the trained model leaves the process ==");
AirfoilServingResult serving = AirfoilServing.SaveAndServe(r, Path.Combine(AppContext.BaseDirectory, "airfoil-model.json"));
RegressionScore servedScore = RegressionScore.Of(serving.Served, data.TestTargets);
Console.WriteLine($"saved     the MLP with its input and target scalers: {Path.GetFileName(serving.ModelPath)}, {serving.FileBytes / 1024.0:F0} kB");
Console.WriteLine($"reloaded  into new objects; {data.TestTargets.ColumnCount} raw test rows served one at a time from {serving.Threads} threads through one Predictor");
Console.WriteLine($"          held-out RMSE {servedScore.Rmse:F2} dB; {serving.Served.ColumnCount - serving.Mismatches} of {serving.Served.ColumnCount} predictions " +
    "bit for bit those of the training process");
Console.WriteLine(ConsoleText.Verdict(serving.Mismatches == 0, "the reloaded model, served from several threads, predicts exactly as before saving"));

Console.WriteLine();
string loss = Plots.LossCurves("airfoil-loss.png", "Airfoil: MSE of the standardised target per epoch", new (string, IReadOnlyList<double>)[]
{
    ("MLP train", mlp.History.LossCurve),
    ("MLP validation", mlp.History.ValidationLossCurve),
    ("linear train", linear.History.LossCurve),
    ("linear validation", linear.History.ValidationLossCurve),
}, markedEpoch: mlp.History.BestEpoch, markLabel: "MLP best epoch, restored");
string scatter = RegressionPlots.PredictedVsActual(
    "airfoil-predicted-vs-actual.png", $"Airfoil test set: MLP RMSE {mlp.Test.Rmse:F2} dB, linear {linear.Test.Rmse:F2} dB",
    data.TestTargets.Row(0).ToArray(),
    new (string, IReadOnlyList<double>)[]
    {
        ($"linear model ({linear.Test.Rmse:F2} dB)", linear.TestPredictions.Row(0).ToArray()),
        ($"MLP ({mlp.Test.Rmse:F2} dB)", mlp.TestPredictions.Row(0).ToArray()),
    },
    unit: "dB");
Console.WriteLine($"wrote {loss}");
Console.WriteLine($"wrote {scatter}");
Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s");

static void Row(string name, RegressionScore s) =>
    Console.WriteLine($"  {name,-30} {s.Rmse,5:F2} dB  {s.Mae,5:F2} dB  {s.R2,6:F3}");

static string Describe(StopReason reason) => reason switch
{
    StopReason.EarlyStopped => "early stopping",
    StopReason.Completed => "all epochs ran",
    _ => "diverged",
};
