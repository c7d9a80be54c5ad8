// NeuronAndTinyNet: sheet 003 (catalogue T-3, T-4). Part 1: a single sigmoid neuron with the sheet's loss J = 1/(2N) Σ (y − t)²
// on separable and on XOR-like data. Part 2: the 2-2-1 sigmoid net from a fixed initialisation learns XOR.
// Options for part 2: --batch-size, --lr, --epochs, --seed (see --help).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Samples;
using TinyNets.Samples.Experiments;
using TinyNets.Samples.NeuronAndTinyNet;
using TinyNets.Training;

XorNetSettings? settings = XorNetSettings.Parse(args, out string? error);
if (settings is null)
{
    if (!string.IsNullOrEmpty(error))
    {
        Console.Error.WriteLine($"error: {error}");
        Console.Error.WriteLine();
        Console.Error.WriteLine(XorNetSettings.Usage);
        return 2;
    }

    Console.WriteLine(XorNetSettings.Usage);
    return 0;
}

var clock = Stopwatch.StartNew();
Console.WriteLine("== Part 1 (sheet 003 §2, T-3): one sigmoid neuron y = σ(w·x + b), J = 1/(2N) Σ (y − t)², full-batch GD, ε = 1, 300 epochs ==");
Console.WriteLine("start: w = (−1, 0.5), b = 0 (pointing the wrong way)");
NeuronRun separable = SigmoidNeuronExperiment.Train(SigmoidNeuronExperiment.SeparableBlobs());
NeuronRun xorBlobs = SigmoidNeuronExperiment.Train(SigmoidNeuronExperiment.XorBlobs());
foreach (NeuronRun run in new[] { separable, xorBlobs })
{
    IReadOnlyList<double> j = run.History.LossCurve;
    int increases = Enumerable.Range(1, j.Count - 1).Count(i => j[i] > j[i - 1]);
    Console.WriteLine($"{run.Data.Name,-16} ({run.Data.Inputs.ColumnCount} points): accuracy {run.InitialAccuracy:P1} → {run.FinalAccuracy:P1}; " +
        $"J {j[0]:F4} → {run.FinalLoss:F4}; J rose in {increases} of {j.Count - 1} epochs");
}

IReadOnlyList<double> js = separable.History.LossCurve;
bool monotone = Enumerable.Range(1, js.Count - 1).All(i => js[i] <= js[i - 1]);
Console.WriteLine($"[{Verdict(separable.FinalAccuracy == 1.0 && monotone)}] separable blobs: 100 % accuracy with J decreasing every epoch");
Console.WriteLine($"[{Verdict(xorBlobs.FinalAccuracy <= 0.8)}] XOR blobs: a single neuron (one line) stays clearly below 100 % ({xorBlobs.FinalAccuracy:P1}; at best 3 of 4 blobs = 75 %)");

Console.WriteLine();
Console.WriteLine($"== Part 2 (sheet 003 §3, T-4): 2-2-1 sigmoid net on XOR, batch size {settings.BatchSize}, ε = {settings.LearningRate}, {settings.Epochs} epochs ==");
Console.WriteLine("fixed init: W̃ = [[1, −1], [1, −1]] (in × out, so 0.weight = W̃ᵀ), b̃ = (−0.5, 1.5), w = (1, 1), b = −1.5");
XorNetRun xor = SigmoidXorNetExperiment.Run(settings.BatchSize, settings.LearningRate, settings.Epochs, settings.Seed);
if (xor.History.StopReason != StopReason.Completed)
{
    Console.WriteLine($"training stopped: {xor.History.StopReason} ({xor.History.Divergence})");
}

foreach (EpochReport e in xor.History.Epochs.Where(e => e.Epoch == 1 || e.Epoch % Math.Max(1, settings.Epochs / 5) == 0))
{
    Console.WriteLine($"epoch {e.Epoch,7}: J = {e.TrainLoss:0.0000e+00}");
}

string[] inputs = ["(0,0)", "(0,1)", "(1,0)", "(1,1)"];
Console.WriteLine($"outputs: {string.Join(", ", inputs.Select((x, i) => $"{x} → {xor.Outputs[i]:F6}"))}");
Console.WriteLine($"J = {xor.FinalLoss:0.000000e+00}, {xor.Correct}/4 correct");
if (settings.IsCatalogueRun)
{
    double worst = xor.Outputs.Select((y, i) => Math.Abs(y - SigmoidXorNetExperiment.CatalogueOutputs[i])).Max();
    bool same = worst <= 5e-5 && Math.Abs(xor.FinalLoss - SigmoidXorNetExperiment.CatalogueLoss) <= 5e-7 && xor.Correct == 4;
    Console.WriteLine($"[{Verdict(same)}] catalogue T-4: outputs (0.0214, 0.9813, 0.9813, 0.0222), J ≈ 2.06e-4, 4/4 correct (largest output difference {worst:E1})");
}
else
{
    Console.WriteLine("(the catalogue's figures are for --batch-size 4 --lr 5 --epochs 5000)");
}

string pSep = Plots.DecisionMap("neuron-separable.png", $"Sigmoid neuron on separable blobs: y(x), accuracy {separable.FinalAccuracy:P0}",
    (x, y) => separable.Neuron.Forward(Vector<double>.Build.Dense([x, y]))[0], separable.Data.Points(), -4, 4, -4, 4);
string pXor = Plots.DecisionMap("neuron-xor-blobs.png", $"Sigmoid neuron on XOR blobs: y(x), accuracy {xorBlobs.FinalAccuracy:P0}",
    (x, y) => xorBlobs.Neuron.Forward(Vector<double>.Build.Dense([x, y]))[0], xorBlobs.Data.Points(), -4, 4, -4, 4);
var xorPoints = new (double, double, int)[] { (0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 0) };
string pNet = Plots.DecisionMap("xor-net.png", $"2-2-1 sigmoid net on XOR after {settings.Epochs} epochs: y(x)",
    (x, y) => xor.Network.Forward(Vector<double>.Build.Dense([x, y]))[0], xorPoints, -0.5, 1.5, -0.5, 1.5);
string pLoss = Plots.LossCurves("neuron-and-net-loss.png", "J = 1/(2N) Σ (y − t)² per epoch", new (string, IReadOnlyList<double>)[]
{
    ("neuron, separable blobs", separable.History.LossCurve),
    ("neuron, XOR blobs", xorBlobs.History.LossCurve),
    ("2-2-1 net, XOR", xor.History.LossCurve),
});
Console.WriteLine();
foreach (string png in new[] { pSep, pXor, pNet, pLoss })
{
    Console.WriteLine($"wrote {png}");
}

Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s");
return 0;

static string Verdict(bool ok) => ok ? "OK  " : "FAIL";
