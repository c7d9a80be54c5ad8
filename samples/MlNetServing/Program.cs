// MlNetServing: a TinyNets classifier plugged into ML.NET. The Iris sample's 4-8-3 tanh MLP, trained on standardised
// measurements, is exported to ONNX in float32 with its input scaler folded in and softmax probabilities as a second
// output; an ML.NET pipeline (ApplyOnnxModel, ONNX Runtime underneath) scores the raw test rows, and its predictions are
// compared with TinyNets' own float64 ones. Exit code 1 if a class differs or a probability differs by more than float32
// rounding allows.
using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using TinyNets.Samples;
using TinyNets.Samples.MlNetServing;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var clock = Stopwatch.StartNew();
// Beside the program (under bin/), so a run leaves nothing in the working tree.
string modelPath = System.IO.Path.Combine(AppContext.BaseDirectory, "iris-mlp.onnx");

Console.WriteLine("== MlNetServing: a TinyNets iris classifier exported to ONNX and served by an ML.NET pipeline ==");
MlNetServingResult r = IrisMlNetServing.Run(modelPath);
string[] species = r.Experiment.Data.ClassNames!.Select(n => n.Replace("Iris-", string.Empty, StringComparison.Ordinal)).ToArray();

Console.WriteLine($"trained   {r.Experiment.Mlp.Network} on {r.Experiment.Split.TrainClasses!.Length} standardised rows (the Iris sample's recipe)");
Console.WriteLine($"exported  {r.ModelPath} ({r.FileBytes} bytes): float32, the StandardScaler folded in front (raw cm in), " +
    "outputs 'output' (logits) and 'probabilities' (softmax)");
Console.WriteLine("served    MLContext → Transforms.ApplyOnnxModel(outputs: output, probabilities; input: input) → Fit → Transform " +
    $"over the {r.Rows.Count} raw test rows (float32)");
Console.WriteLine();
Console.WriteLine(" row  true         TinyNets (float64)      ML.NET (float32 ONNX)    max |Δp|   bound");
for (int j = 0; j < r.Rows.Count; j++)
{
    ServedRow row = r.Rows[j];
    Console.WriteLine($"{j,4}  {species[row.TrueClass],-11}  {species[row.TinyNetsClass],-10} {row.TinyNetsProbability,10:F7}   " +
        $"{species[row.MlNetClass],-10} {row.MlNetProbability,10:F7}   {row.MaxDifference,8:0.0e+0}  {row.Bound,7:0.0e+0}{(row.Agrees ? string.Empty : "  <- differs")}");
}

Console.WriteLine();
Console.WriteLine($"largest probability difference {r.MaxProbabilityDifference:0.00e+0} (float32's unit roundoff is {IrisMlNetServing.UnitRoundoff:0.00e+0}); " +
    $"the per-row bounds of float32 rounding go up to {r.MaxBound:0.0e+0}");
Console.WriteLine(ConsoleText.Verdict(r.ClassMismatches == 0, $"ML.NET predicts TinyNets' class on every test row ({r.ClassMismatches} of {r.Rows.Count} differ)"));
Console.WriteLine(ConsoleText.Verdict(r.ProbabilityMismatches == 0,
    $"every probability is within float32 rounding of TinyNets' ({r.ProbabilityMismatches} of {r.Rows.Count} rows beyond their bound)"));
Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s");
return r.Agrees ? 0 : 1;
