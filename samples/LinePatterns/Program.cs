// LinePatterns: sheet 002, vertical vs horizontal lines on 2×2 pixels (catalogue §3c, FLAG-6). The sheet's hand-designed
// hidden layer cannot separate the classes whatever its output layer; a trained 4-4-1 net can.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Samples;
using TinyNets.Samples.Experiments;

var clock = Stopwatch.StartNew();
Console.WriteLine("== Vertical vs horizontal lines (sheet 002, §3c) ==");
Console.WriteLine("pixels x1 x2 / x3 x4; vertical (target 1): V1 = [1,0,1,0], V2 = [0,1,0,1]; horizontal (target 0): H1 = [1,1,0,0], H2 = [0,0,1,1]");
Console.WriteLine();

Console.WriteLine("-- the sheet's design: h1 = σ(x1 + x3 − x2 − x4), h2 = σ(x1 + x2 − x3 − x4), y = σ(W1h1 + W2h2 + b) --");
var design = LinePatternsExperiment.CreateHandDesigned();
design.Forward(LinePatternsExperiment.Patterns);
Matrix<double> h = design[1].Output!;
for (int j = 0; j < 4; j++)
{
    Console.WriteLine($"{LinePatternsExperiment.Names[j]}: (h1, h2) = ({h[0, j]:F4}, {h[1, j]:F4})");
}

Console.WriteLine("in h-space the classes form an XOR cross around (½, ½): for any W1, W2, b the logits satisfy f(V1) + f(V2) = f(H1) + f(H2) = W1 + W2 + 2b");
LinePatternsRun handRun = LinePatternsExperiment.TrainHandDesignedOutputLayer();
var p = handRun.Network.GetParameter("2.weight").Value;
double b = handRun.Network.GetParameter("2.bias").Value[0, 0];
Console.WriteLine($"training only the output layer (SGD lr 5, full batch, {handRun.History.Epochs.Count} epochs) from (W1, W2, b) = (3, −2, 1):");
Console.WriteLine($"  → (W1, W2, b) = ({p[0, 0]:0.000e+00}, {p[0, 1]:0.000e+00}, {b:0.000e+00}); outputs {string.Join(", ", handRun.Logits.Select(z => Sigmoid.Function(z).ToString("F6")))}");
Console.WriteLine($"  loss {handRun.Loss:F12} (ln 2 = {LinePatternsExperiment.Ln2:F12}), {handRun.Correct}/4 correct");
(int bestRandom, (double W1, double W2, double B) bestLayer, double gap) = LinePatternsExperiment.RandomOutputLayers();
Console.WriteLine($"10000 random output layers (W1, W2, b in [−10, 10]): at most {bestRandom}/4 correct (first: W1 = {bestLayer.W1:F2}, W2 = {bestLayer.W2:F2}, b = {bestLayer.B:F2});");
Console.WriteLine($"  largest |f(V1) + f(V2) − f(H1) − f(H2)| = {gap:0.0e+00} (rounding only)");
bool flag6 = Math.Abs(handRun.Loss - LinePatternsExperiment.Ln2) < 1e-9 && handRun.Correct <= 3 && bestRandom == 3;
Console.WriteLine($"[{Verdict(flag6)}] FLAG-6: the hand-designed net cannot separate the lines: best loss ln 2, at most 3/4 correct (the sheet claims it works)");
Console.WriteLine();

Console.WriteLine("-- a trained 4-4-1 tanh net, BCE on the logit, Adam(lr 0.05), full batch --");
LinePatternsRun mlp = LinePatternsExperiment.TrainMlp();
for (int j = 0; j < 4; j++)
{
    Console.WriteLine($"{LinePatternsExperiment.Names[j]}: y = {Sigmoid.Function(mlp.Logits[j]):F6}");
}

Console.WriteLine($"loss {mlp.Loss:0.000e+00} after {mlp.History.Epochs.Count} epochs, {mlp.Correct}/4 correct");
Console.WriteLine($"[{Verdict(mlp.Correct == 4 && mlp.Loss < 0.01)}] a trained hidden layer separates the lines: 4/4 correct, loss < 0.01");

string lossPng = Plots.LossCurves("line-patterns-loss.png", "Line patterns: mean BCE per epoch", new (string, IReadOnlyList<double>)[]
{
    ("sheet's design, output layer trained", handRun.History.LossCurve),
    ("4-4-1 tanh, all trained", mlp.History.LossCurve),
});
var hPoints = Enumerable.Range(0, 4).Select(j => (h[0, j], h[1, j], j < 2 ? 1 : 0)).ToArray();
string mapPng = Plots.DecisionMap("line-patterns-hidden-space.png", $"Sheet's hidden space (h1, h2): best random output layer, {bestRandom}/4 right",
    (h1, h2) => Sigmoid.Function((bestLayer.W1 * h1) + (bestLayer.W2 * h2) + bestLayer.B), hPoints, 0, 1, 0, 1);
Console.WriteLine();
Console.WriteLine($"wrote {lossPng}");
Console.WriteLine($"wrote {mapPng}  (class 1 = vertical)");
Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s");

static string Verdict(bool ok) => ok ? "OK  " : "FAIL";
