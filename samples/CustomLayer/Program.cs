// A layer of one's own (LearnableSwish.cs), checked against central differences and trained with Fit.
using System;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Diagnostics;
using TinyNets.Initialization;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Optimizers;
using TinyNets.Samples.CustomLayer;
using TinyNets.Training;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
Console.WriteLine("== a custom layer: Swish with a learnable slope per feature, y = x·σ(β·x) ==");

// Data: y = sin(x₁) + x₂²/2 on 200 seeded points in [−2, 2]², one sample per column.
var random = new SeededRandom(11);
Matrix<double> x = Matrix<double>.Build.Dense(2, 200, (_, _) => random.NextUniform(-2, 2));
Matrix<double> y = Matrix<double>.Build.Dense(1, 200, (_, j) => Math.Sin(x[0, j]) + (x[1, j] * x[1, j] / 2));

var net = new Sequential(new Linear(2, 16), new LearnableSwish(16), new Linear(16, 1)).Initialize(seed: 3);
Console.WriteLine(net.Summary());

// The check a layer of one's own should pass before it trains: every gradient against central differences.
GradientCheckReport check = GradientCheck.Run(net, x.SubMatrix(0, 2, 0, 8), y.SubMatrix(0, 1, 0, 8), new MseLoss());
Console.WriteLine();
Console.WriteLine("gradient check (worst entry per parameter):");
Console.Write(check);
Console.WriteLine($"[{(check.Passed ? "OK  " : "FAIL")}] every gradient agrees with its central difference (worst relative error {check.WorstRelativeError:E1})");

Console.WriteLine();
TrainingHistory history;
using (var progress = new ConsoleProgress(300))
{
    history = net.Fit(x, y, new MseLoss(), new Adam(net, learningRate: 0.01), new FitOptions { Epochs = 300, BatchSize = 20, Seed = 5 }, progress);
}

var beta = ((LearnableSwish)net[1]).Beta.Data;
double smallest = double.MaxValue, largest = double.MinValue;
foreach (double b in beta)
{
    (smallest, largest) = (Math.Min(smallest, b), Math.Max(largest, b));
}

Console.WriteLine($"training MSE {history.LossCurve[0]:F4} → {history.LossCurve[^1]:F4}; the learned slopes β range over [{smallest:F2}, {largest:F2}] (all 1 at the start)");
bool learned = history.LossCurve[^1] < history.LossCurve[0] / 10;
Console.WriteLine($"[{(learned ? "OK  " : "FAIL")}] the network with the custom layer learns the function (MSE down more than tenfold)");
return check.Passed && learned ? 0 : 1;
