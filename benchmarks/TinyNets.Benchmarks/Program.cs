using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;

namespace TinyNets.Benchmarks;

/// <summary>
/// The benchmark suite (benchmarks/README.md):
/// <list type="bullet">
/// <item><c>dotnet run -c Release --project benchmarks/TinyNets.Benchmarks -- --filter '*W1*' '*W2*' '*W3*'</c> runs BenchmarkDotNet (any of its options);</item>
/// <item><c>… -- check</c> runs the self-check: every peer computes the same losses and parameters as TinyNets;</item>
/// <item><c>… -- scaling [--samples 1000,10000] [--widths 8,64,512] [--out DIR]</c> runs W4 and writes its CSV and PNG plots.</item>
/// </list>
/// TorchSharp and FANN benchmarks are skipped, with a message, where their native libraries cannot be loaded.
/// </summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length > 0 && args[0] == "check")
        {
            return SelfCheck.Run();
        }

        if (args.Length > 0 && args[0] == "scaling")
        {
            return Scaling.Run(args.Skip(1).ToArray());
        }

        Summary[] summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, Config()).ToArray();
        return Failures(summaries) == 0 ? 0 : 1;
    }

    /// <summary>BenchmarkDotNet's default configuration plus the filter that skips unavailable peers.</summary>
    public static IConfig Config() => DefaultConfig.Instance.AddFilter(Suite.PeerFilter);

    /// <summary>
    /// Counts what went wrong in a run, and says so: critical validation errors (each stops its summary's benchmarks)
    /// and benchmark cases that did not build, failed or threw, or gave no measurement. BenchmarkDotNet reports these
    /// but still ends with exit code 0, so the entry points return 1 on any (CI runs every benchmark in the dry job).
    /// When some benchmark ran, ends with one line "// Benchmark cases: N run, M failed".
    /// </summary>
    public static int Failures(IReadOnlyCollection<Summary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        int cases = 0, failures = 0;
        foreach (Summary summary in summaries)
        {
            foreach (ValidationError error in summary.ValidationErrors.Where(e => e.IsCritical))
            {
                Console.WriteLine($"// Critical validation error in {summary.Title}: {error.Message}");
                failures++;
            }

            foreach (BenchmarkCase benchmark in summary.BenchmarksCases)
            {
                cases++;
                BenchmarkReport? report = summary[benchmark];
                if (report is null || !report.Success || report.ResultStatistics is null)
                {
                    Console.WriteLine($"// Failed: {benchmark.DisplayInfo}");
                    failures++;
                }
            }
        }

        if (cases > 0 || failures > 0)
        {
            Console.WriteLine($"// Benchmark cases: {cases} run, {failures} failed");
        }

        return failures;
    }
}
