using System;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

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

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, Config());
        return 0;
    }

    /// <summary>BenchmarkDotNet's default configuration plus the filter that skips unavailable peers.</summary>
    public static IConfig Config() => DefaultConfig.Instance.AddFilter(Suite.PeerFilter);
}
