// Addition: sheet 000 §2 (catalogue T-1). The 2-2-1 ReLU net with the sheet's initial weights learns x1 + x2 by SGD on single
// samples x ~ U(0,1)², SSE loss, 2000 steps, for α = 0.1, 0.5 and 0.9. The sheet: "α = 0.1 (almost instantly), α = 0.5 (very
// unsteady, slow) to α = 0.9 (very slow progress, almost random)".
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using TinyNets.Samples;
using TinyNets.Samples.Experiments;

var clock = Stopwatch.StartNew();
Console.WriteLine("== Addition net (sheet 000, T-1): 2-2-1 ReLU, sheet weights, x ~ U(0,1)², batch 1, SSE, 2000 SGD steps ==");
Console.WriteLine(AdditionExperiment.CreateSheetNetwork());
Console.WriteLine($"test set: {AdditionExperiment.TestSize} samples (seed {AdditionExperiment.TestSeed}); best constant (1) has MSE 1/6 = {AdditionExperiment.ConstantPredictorMse:F4}");
Console.WriteLine();

const ulong PlotSeed = 1;
ulong[] seeds = [1, 2, 3, 4, 5];
var runs = AdditionExperiment.LearningRates
    .ToDictionary(alpha => alpha, alpha => seeds.Select(seed => AdditionExperiment.Run(alpha, seed)).ToArray());

Console.WriteLine($"{"α",4} {"seed",5} {"test MSE",12} {"active ReLUs",13} {"d",9}  outcome");
foreach ((double alpha, AdditionRun[] perSeed) in runs)
{
    foreach (AdditionRun run in perSeed)
    {
        Console.WriteLine($"{alpha,4} {run.Seed,5} {run.TestMse,12:0.00e+00} {run.ActiveHiddenUnits,13} {run.OutputBias,9:F4}  {Describe(run)}");
    }
}

Console.WriteLine();
AdditionRun fast = runs[0.1][0];
int firstGood = Array.FindIndex(SampleMath.TrailingMean(fast.StepLosses, 50), v => v < 1e-3);
Console.WriteLine($"α = 0.1, seed {PlotSeed}: the 50-step mean SSE first drops below 1e-3 at step {firstGood + 1}; final test MSE {fast.TestMse:0.00e+00}");
Console.WriteLine($"  final parameters: {string.Join("; ", fast.Network.NamedParameters.Select(p => $"{p.Key} = [{string.Join(", ", p.Value.Value.ToRowMajorArray().Select(v => v.ToString("F4")))}]"))}");
Console.WriteLine("  hidden 1 (weights −0.7, 0.2, bias −0.4) is negative on all of [0,1]² from the start and never learns; hidden 2 alone");
Console.WriteLine("  fits x1 + x2. The spikes in the α = 0.1 curve are samples near (0, 0), where hidden 2 is switched off too.");
Console.WriteLine();

bool claim01 = runs[0.1].All(r => r.TestMse < AdditionExperiment.ConvergedMse);
bool claim05 = runs[0.5].All(r => r.TestMse >= 1e-2);
bool claim09 = runs[0.9].All(r => r.TestMse >= 1e-2);
int dead = runs[0.5].Concat(runs[0.9]).Count(r => r.Outcome == AdditionOutcome.DeadReluConstant);
Console.WriteLine($"[{Verdict(claim01)}] α = 0.1 converges: test MSE < 1e-4 for {runs[0.1].Count(r => r.TestMse < 1e-4)}/5 seeds (sheet: \"almost instantly\")");
Console.WriteLine($"[{Verdict(claim05)}] α = 0.5 does not learn: test MSE ≥ 1e-2 for {runs[0.5].Count(r => r.TestMse >= 1e-2)}/5 seeds (sheet: \"very unsteady, slow\")");
Console.WriteLine($"[{Verdict(claim09)}] α = 0.9 does not learn: test MSE ≥ 1e-2 for {runs[0.9].Count(r => r.TestMse >= 1e-2)}/5 seeds (sheet: \"very slow progress, almost random\")");
Console.WriteLine($"       {dead}/10 of the α = 0.5 / 0.9 runs ended with both ReLUs dead, outputting the constant d (MSE ≈ 1/6 when d ≈ 1):");
Console.WriteLine("       too large a step throws the net into a dead-ReLU state rather than making progress slow (catalogue FLAG-15).");

string png = Plots.LossCurves(
    "addition-loss.png",
    $"Addition net, SSE per SGD step (50-step mean), seed {PlotSeed}",
    runs.Select(kv => ($"α = {kv.Key}", (IReadOnlyList<double>)SampleMath.TrailingMean(kv.Value[0].StepLosses, 50))).ToArray(),
    logScale: true,
    xLabel: "SGD step");
Console.WriteLine();
Console.WriteLine($"wrote {png}");
Console.WriteLine($"done in {clock.Elapsed.TotalSeconds:F1} s");

static string Describe(AdditionRun run) => run.Outcome switch
{
    AdditionOutcome.Converged => "converged",
    AdditionOutcome.DeadReluConstant => $"collapsed: both ReLUs dead, constant output {run.OutputBias:F3}",
    AdditionOutcome.Diverged => "diverged (non-finite)",
    _ => "unstable / not converged",
};

static string Verdict(bool ok) => ok ? "OK  " : "FAIL";
