using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Running;
using TinyNets.Benchmarks.Peers;

namespace TinyNets.Benchmarks;

/// <summary>Settings shared by the suite.</summary>
public static class Suite
{
    /// <summary>W4: sample counts of the sweep against samples (set by the scaling entry point before the run).</summary>
    public static IReadOnlyList<int> W4Samples { get; set; } = [1_000, 3_000, 10_000, 30_000, 100_000];

    /// <summary>W4: hidden widths of the sweep against width.</summary>
    public static IReadOnlyList<int> W4Widths { get; set; } = [8, 16, 32, 64, 128, 256, 512];

    /// <summary>W4: the hidden width while the sample count varies (W2's).</summary>
    public const int W4FixedWidth = 16;

    /// <summary>W4: the sample count while the width varies (W2's).</summary>
    public const int W4FixedSamples = 1_000;

    /// <summary>One thread for MathNet's own products (the plain peer); TinyNets' kernels are single-threaded.</summary>
    public static void UseOneThread() => MathNet.Numerics.Control.UseSingleThread();

    /// <summary>
    /// Drops the benchmarks of a peer that cannot run here (TorchSharp that cannot load, FANN without libdoublefann, ONNX
    /// Runtime without its native library), saying why once per peer. A peer's benchmarks are the methods named
    /// <c>TorchSharp_…</c>, <c>Fann_…</c> and <c>OnnxRuntime…_…</c>.
    /// </summary>
    public static IFilter PeerFilter { get; } = new SimpleFilter(Allows);

    private static readonly ConcurrentDictionary<string, bool> Told = new();

    private static bool Allows(BenchmarkCase benchmark)
    {
        string name = benchmark.Descriptor.WorkloadMethod.Name;
        if (name.StartsWith("TorchSharp_", StringComparison.Ordinal) && !TorchPeer.Available)
        {
            Tell("TorchSharp", TorchPeer.Reason!);
            return false;
        }

        if (name.StartsWith("Fann_", StringComparison.Ordinal) && !Fann.Available)
        {
            Tell("FANN", Fann.Reason!);
            return false;
        }

        if (name.StartsWith("OnnxRuntime", StringComparison.Ordinal) && !OnnxRuntimePeer.Available)
        {
            Tell("ONNX Runtime", OnnxRuntimePeer.Reason!);
            return false;
        }

        return true;
    }

    private static void Tell(string peer, string reason)
    {
        if (Told.TryAdd(peer, true))
        {
            Console.WriteLine($"// Skipping the {peer} benchmarks: {reason}");
        }
    }
}
