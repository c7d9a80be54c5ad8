// XorGivenWeights: sheet 001 Task 2.5 (catalogue §2d, T-6). The 2-unit and 3-unit ReLU nets with the sheet's hand-set weights
// classify XOR; printed as the sheet's run_2unit_model.py / run_3unit_model.py do, in double (the library) and in float32
// (an emulation of PyTorch, which is what the sheet printed: FLAG-3).
using System;
using System.Diagnostics;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Samples.Experiments;

var clock = Stopwatch.StartNew();
XorEvaluation[] runs =
[
    XorGivenWeightsExperiment.Evaluate("2-unit net (run_2unit_model.py)", XorGivenWeightsExperiment.CreateTwoUnitNet()),
    XorGivenWeightsExperiment.Evaluate("3-unit net (run_3unit_model.py)", XorGivenWeightsExperiment.CreateThreeUnitNet()),
];
string[] inputs = ["(0,0)", "(0,1)", "(1,0)", "(1,1)"];
bool allOk = true;
foreach (XorEvaluation run in runs)
{
    Console.WriteLine($"== {run.Name} ==");
    Console.WriteLine("Raw prediction logits (double | float32 emulation | sheet):");
    for (int j = 0; j < 4; j++)
    {
        Console.WriteLine($"  {inputs[j]} [{run.Logits[0, j],20:R} {run.Logits[1, j],20:R}] | [{run.LogitsFloat32[j, 0],10} {run.LogitsFloat32[j, 1],10}] | [{XorGivenWeightsExperiment.SheetLogitRows[j]}]");
    }

    Console.WriteLine("Prediction after softmax (double | float32 emulation | sheet):");
    for (int j = 0; j < 4; j++)
    {
        Console.WriteLine($"  {inputs[j]} [{run.Probabilities[0, j],-17:0.000000000000e+00} {run.Probabilities[1, j],-17:0.000000000000e+00}] | " +
            $"[{(double)run.ProbabilitiesFloat32[j, 0]:0.0000000e+00} {(double)run.ProbabilitiesFloat32[j, 1]:0.0000000e+00}] | [{XorGivenWeightsExperiment.SheetSoftmaxRows[j]}]");
    }

    Console.WriteLine($"True labels, one-hot encoded: {string.Join(" ", XorGivenWeightsExperiment.Labels.Select(l => l == 0 ? "[1 0]" : "[0 1]"))}");
    Console.WriteLine($"Loss (mean cross-entropy): double {run.Loss:R} (exact {XorGivenWeightsExperiment.ExactLoss:R}); " +
        $"float32 emulation {(double)run.LossFloat32:0.0000000000e+00}; sheet {XorGivenWeightsExperiment.SheetLoss}");

    double worst = 0;
    for (int j = 0; j < 4; j++)
    {
        for (int c = 0; c < 2; c++)
        {
            double oneHot = XorGivenWeightsExperiment.Labels[j] == c ? 1 : 0;
            worst = Math.Max(worst, Math.Abs(run.Probabilities[c, j] - oneHot));
        }
    }

    bool ok = worst < 1e-3 && run.Loss < 1e-3;
    allOk &= ok;
    Console.WriteLine($"[{(ok ? "OK  " : "FAIL")}] softmax within 1e-3 of one-hot (largest gap {worst:0.00e+00}) and loss < 1e-3");
    Console.WriteLine();
}

Console.WriteLine($"the 3-unit net's extra unit (zero weights in and out) changes nothing: identical logits: {runs[0].Logits.Equals(runs[1].Logits)}");
Console.WriteLine("FLAG-3: the sheet's digits are float32 (PyTorch's default); the library computes in double. The float32 emulation");
Console.WriteLine("reproduces the sheet's logits digit for digit, its softmax within a few float32 ulps (PyTorch's exp differs slightly)");
Console.WriteLine($"and its loss to one float32 ulp. The sheet's loss {XorGivenWeightsExperiment.SheetLoss} is the float32 MEAN over the 4 samples (the sum would be");
Console.WriteLine($"≈ {4 * runs[0].Loss:0.000e+00}); it differs from the double value by {Math.Abs(XorGivenWeightsExperiment.SheetLoss - runs[0].Loss) / runs[0].Loss:0.0e+00} relative.");
// The picture: P(class 1) of the 2-unit net over the plane, with the four XOR inputs.
var mapNet = XorGivenWeightsExperiment.CreateTwoUnitNet();
var point = Matrix<double>.Build.Dense(2, 1);
var softmax = new TinyNets.Activations.Softmax();
string png = TinyNets.Samples.Plots.DecisionMap(
    "xor-given-weights.png", "Sheet 001's 2-unit net: P(class 1) over the plane",
    (x1, x2) =>
    {
        point[0, 0] = x1;
        point[1, 0] = x2;
        return softmax.Forward(mapNet.Forward(point))[1, 0];
    },
    [(0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 0)], -0.5, 1.5, -0.5, 1.5);
Console.WriteLine($"wrote {png}");
Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F2} s");
return allOk ? 0 : 1;
