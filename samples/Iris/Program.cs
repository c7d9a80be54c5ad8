// Iris: Fisher's iris flowers (UCI). Classify three species from four measurements with a 4-8-3 tanh MLP trained with
// cross-entropy on one-hot targets, and compare with the majority class and a softmax regression.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using TinyNets.Samples;
using TinyNets.Samples.Experiments;
using TinyNets.Training;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var clock = Stopwatch.StartNew();
var settings = new IrisSettings();

Console.WriteLine("== Iris: three species from four measurements, a 4-8-3 MLP with cross-entropy ==");
IrisResult r = IrisExperiment.Run(settings);
ClassifierRun mlp = r.Mlp, linear = r.Linear;
string[] species = r.Data.ClassNames!.Select(n => n.Replace("Iris-", string.Empty, StringComparison.Ordinal)).ToArray();
int[] trainClasses = r.Split.TrainClasses!, testClasses = r.Split.TestClasses!;

Console.WriteLine($"data      {r.Data.SampleCount} rows of {IrisExperiment.FileName}: sepal length, sepal width, petal length, petal width (cm) → " +
    $"species ({string.Join(", ", species)})");
Console.WriteLine($"split     seed {settings.SplitSeed} (plain random): {trainClasses.Length} training rows ({Counts(trainClasses)}), " +
    $"{testClasses.Length} test rows ({Counts(testClasses)})");
Console.WriteLine("scaling   inputs standardised with the training rows' means and deviations; targets one-hot");
Console.WriteLine($"network   {mlp.Network.CountParameters().Total} parameters: {mlp.Network}");
Console.WriteLine($"training  CrossEntropyLoss (softmax inside), Adam(lr {settings.LearningRate}), batches of {settings.BatchSize}, {settings.Epochs} epochs; " +
    "the softmax regression is trained the same way");

Console.WriteLine();
Console.WriteLine("epoch   train CE   train accuracy      (the MLP)");
foreach (EpochReport e in mlp.History.Epochs.Where(e => e.Epoch == 1 || e.Epoch % 25 == 0))
{
    Console.WriteLine($"{e.Epoch,5}   {e.TrainLoss,8:F4}   {e.Metrics[IrisExperiment.TrainAccuracyMetric],14:P1}");
}

Console.WriteLine();
Console.WriteLine($"held-out test set ({testClasses.Length} rows)        accuracy");
Console.WriteLine($"  majority class of the training rows  {r.MajorityAccuracy,7:P1}");
Console.WriteLine($"  {linear.Name,-35}  {linear.TestAccuracy,7:P1}");
Console.WriteLine($"  {mlp.Name,-35}  {mlp.TestAccuracy,7:P1}");
Console.WriteLine();
Console.WriteLine("MLP confusion matrix on the test set (rows: true species, columns: predicted):");
Console.WriteLine(ConsoleText.ConfusionMatrix(mlp.Confusion, species));

Console.WriteLine();
Console.WriteLine(ConsoleText.Verdict(mlp.TestAccuracy >= IrisExperiment.TargetAccuracy,
    $"held-out accuracy ≥ {IrisExperiment.TargetAccuracy:P0}: {mlp.TestAccuracy:P1} ({Correct(mlp.Confusion)} of {testClasses.Length})"));
IReadOnlyList<double> others = IrisExperiment.MlpAccuracyOverSplits(20, settings);
Console.WriteLine($"(for context: on 20 other random splits, seeds 1 … 20, the same recipe scores {others.Average():P1} on average, " +
    $"{others.Min():P1} … {others.Max():P1}: with {testClasses.Length} test rows one mistake is {1.0 / testClasses.Length:P1})");

Console.WriteLine();
string loss = Plots.LossCurves("iris-loss.png", "Iris: training cross-entropy per epoch", new (string, IReadOnlyList<double>)[]
{
    ("MLP 4-8-3", mlp.History.LossCurve),
    ("softmax regression", linear.History.LossCurve),
});
Console.WriteLine($"wrote {loss}");
Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s");

string Counts(int[] classes) => string.Join(" / ", Enumerable.Range(0, species.Length).Select(c => classes.Count(k => k == c)));

static int Correct(int[,] confusion) => Enumerable.Range(0, confusion.GetLength(0)).Sum(k => confusion[k, k]);
