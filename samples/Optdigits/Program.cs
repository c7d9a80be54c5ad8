// Optdigits: handwritten digits as 8 × 8 pixel counts (UCI). Train a 64-64-10 ReLU MLP with cross-entropy on the training
// file and score it on the separate test file (other writers), next to the majority class and a softmax regression.
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
var settings = new OptdigitsSettings();

Console.WriteLine("== Optdigits: handwritten digits (8 × 8 pixel counts), a 64-64-10 MLP with cross-entropy ==");
OptdigitsResult r = OptdigitsExperiment.Run(settings);
ClassifierRun mlp = r.Mlp, linear = r.Linear;
TrainingHistory history = mlp.History;

Console.WriteLine($"data      {OptdigitsExperiment.TrainFile}: {r.TrainDigits.Length} images (30 writers); {OptdigitsExperiment.TestFile}: " +
    $"{r.TestDigits.Length} images (13 other writers); 64 pixel counts 0 … 16 → digit 0 … 9");
Console.WriteLine($"split     the test file is held out; the training file (seed {settings.SplitSeed}) = {r.FitCount} to fit + {r.ValidationCount} to validate (for early stopping)");
Console.WriteLine($"scaling   pixels {r.Scaling}; targets one-hot");
Console.WriteLine($"network   {mlp.Network.CountParameters().Total} parameters: {mlp.Network}");
Console.WriteLine($"training  CrossEntropyLoss, AdamW(lr {settings.LearningRate}, weight decay {settings.WeightDecay}), batches of {settings.BatchSize}, " +
    $"at most {settings.Epochs} epochs; stop after {settings.Patience} epochs without a lower validation loss and restore the best epoch's weights");

Console.WriteLine();
Console.WriteLine("epoch   train CE   val CE   val accuracy      (the MLP)");
foreach (EpochReport e in history.Epochs.Where(e => e.Epoch == 1 || e.Epoch % 5 == 0 || e.Epoch == history.BestEpoch || e.Epoch == history.Epochs.Count))
{
    string mark = e.Epoch == history.BestEpoch ? "   ← lowest validation loss" : string.Empty;
    Console.WriteLine($"{e.Epoch,5}   {e.TrainLoss,8:F4}   {e.ValidationLoss,6:F4}   {e.Metrics["val accuracy"],12:P2}{mark}");
}

Console.WriteLine($"stopped after {history.Epochs.Count} epochs ({(history.StopReason == StopReason.EarlyStopped ? "early stopping" : history.StopReason.ToString())}); " +
    $"kept the weights of epoch {history.BestEpoch}; the softmax regression ran {linear.History.Epochs.Count} epochs");

Console.WriteLine();
Console.WriteLine($"test file ({r.TestDigits.Length} images)                 accuracy   errors");
Console.WriteLine($"  majority digit of the training file    {r.MajorityAccuracy,7:P2}   {Errors(r.MajorityAccuracy),6}");
Console.WriteLine($"  {linear.Name,-37}  {linear.TestAccuracy,7:P2}   {Errors(linear.TestAccuracy),6}");
Console.WriteLine($"  {mlp.Name,-37}  {mlp.TestAccuracy,7:P2}   {Errors(mlp.TestAccuracy),6}");
Console.WriteLine();
Console.WriteLine("MLP confusion matrix on the test file (rows: true digit, columns: predicted):");
Console.WriteLine(ConsoleText.ConfusionMatrix(mlp.Confusion, Enumerable.Range(0, 10).Select(d => d.ToString(CultureInfo.InvariantCulture)).ToArray()));

Console.WriteLine();
Console.WriteLine(ConsoleText.Verdict(mlp.TestAccuracy >= OptdigitsExperiment.TargetAccuracy,
    $"test-file accuracy ≥ {OptdigitsExperiment.TargetAccuracy:P0}: {mlp.TestAccuracy:P2}"));
Console.WriteLine(ConsoleText.Verdict(mlp.TestAccuracy > linear.TestAccuracy,
    $"the hidden layer helps: {mlp.TestAccuracy:P2} > {linear.TestAccuracy:P2} for the softmax regression"));
OptdigitsResult unit = OptdigitsExperiment.Run(settings with { Standardize = false });
Console.WriteLine($"(for context: with the pixels divided by 16 instead, the same recipe reaches {unit.Mlp.TestAccuracy:P2}, " +
    $"the softmax regression {unit.Linear.TestAccuracy:P2})");

Console.WriteLine();
string loss = Plots.LossCurves("optdigits-loss.png", "Optdigits: cross-entropy per epoch", new (string, IReadOnlyList<double>)[]
{
    ("MLP train", history.LossCurve),
    ("MLP validation", history.ValidationLossCurve),
    ("softmax regression train", linear.History.LossCurve),
    ("softmax regression validation", linear.History.ValidationLossCurve),
});
Console.WriteLine($"wrote {loss}");
Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s");

int Errors(double accuracy) => (int)Math.Round((1 - accuracy) * r.TestDigits.Length);
