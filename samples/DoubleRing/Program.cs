// DoubleRing: sheet 000 §2 (iii) (catalogue T-2). Two noisy concentric rings (radii 1 and 3); a 2-8-8-2 tanh MLP trained with
// cross-entropy and Adam separates them, a linear classifier cannot.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using TinyNets.Samples;
using TinyNets.Samples.Experiments;
using TinyNets.Training;

var clock = Stopwatch.StartNew();
const int PerClass = 250;
RingData train = DoubleRingExperiment.Generate(PerClass, DoubleRingExperiment.TrainDataSeed);
RingData test = DoubleRingExperiment.Generate(PerClass, DoubleRingExperiment.TestDataSeed);
Console.WriteLine("== Double ring (sheet 000, T-2) ==");
Console.WriteLine($"data: radii {DoubleRingExperiment.InnerRadius} and {DoubleRingExperiment.OuterRadius}, radial noise σ = {DoubleRingExperiment.RadialNoise}; " +
    $"{train.Classes.Count} training points (seed {DoubleRingExperiment.TrainDataSeed}), {test.Classes.Count} held-out points (seed {DoubleRingExperiment.TestDataSeed})");

var mlp = DoubleRingExperiment.Train(DoubleRingExperiment.CreateMlp(seed: 1), train, test);
var linear = DoubleRingExperiment.Train(DoubleRingExperiment.CreateLinear(seed: 1), train, test);

foreach ((string name, RingClassifierRun run) in new[] { ("MLP 2-8-8-2 tanh", mlp), ("linear 2-2", linear) })
{
    Console.WriteLine();
    Console.WriteLine($"-- {name}: {run.Network.CountParameters().Total} parameters, CrossEntropyLoss, Adam(lr 0.01), batch 32, {run.History.Epochs.Count} epochs --");
    foreach (EpochReport e in run.History.Epochs.Where(e => e.Epoch == 1 || e.Epoch % 40 == 0))
    {
        Console.WriteLine($"epoch {e.Epoch,4}: train loss {e.TrainLoss:F4}, held-out loss {e.ValidationLoss:F4}, held-out accuracy {e.Metrics[DoubleRingExperiment.AccuracyMetric]:P1}");
    }

    Console.WriteLine($"final: train accuracy {run.TrainAccuracy:P1}, held-out accuracy {run.TestAccuracy:P1}");
}

Console.WriteLine();
Console.WriteLine($"[{Verdict(mlp.TestAccuracy >= 0.97)}] the MLP separates the rings: held-out accuracy {mlp.TestAccuracy:P1} (≥ 97 %)");
Console.WriteLine($"[{Verdict(linear.TestAccuracy <= 0.65)}] a linear classifier cannot: held-out accuracy {linear.TestAccuracy:P1} (≤ 65 %, chance is 50 %)");

var points = test.Points();
string map = Plots.DecisionMap("double-ring-mlp.png", $"MLP 2-8-8-2 tanh: P(outer ring), held-out accuracy {mlp.TestAccuracy:P1}",
    (x, y) => DoubleRingExperiment.OuterProbability(mlp.Network, x, y), points, -4.5, 4.5, -4.5, 4.5);
string linearMap = Plots.DecisionMap("double-ring-linear.png", $"Linear classifier: P(outer ring), held-out accuracy {linear.TestAccuracy:P1}",
    (x, y) => DoubleRingExperiment.OuterProbability(linear.Network, x, y), points, -4.5, 4.5, -4.5, 4.5);
string loss = Plots.LossCurves("double-ring-loss.png", "Double ring: cross-entropy per epoch", new (string, IReadOnlyList<double>)[]
{
    ("MLP train", mlp.History.LossCurve),
    ("MLP held-out", mlp.History.ValidationLossCurve),
    ("linear train", linear.History.LossCurve),
    ("linear held-out", linear.History.ValidationLossCurve),
});
Console.WriteLine();
Console.WriteLine($"wrote {map}");
Console.WriteLine($"wrote {linearMap}");
Console.WriteLine($"wrote {loss}");
Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s");

static string Verdict(bool ok) => ok ? "OK  " : "FAIL";
