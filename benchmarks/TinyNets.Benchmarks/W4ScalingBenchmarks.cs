using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using TinyNets.Benchmarks.Peers;

namespace TinyNets.Benchmarks;

/// <summary>
/// W4's peers and benchmarks, shared by its two sweeps: one epoch of W2's kind of net (2-H-H-1 tanh, BCE on logits,
/// batches of 32; FANN per sample) at the point a derived class names. A shorter job (<see cref="W4Job"/>: 2 warm-ups,
/// 8 iterations) keeps a sweep in minutes.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet's [GlobalCleanup] releases the native peers.")]
[Config(typeof(W4Job))]
public abstract class W4Benchmarks
{
    private W4Peers _peers = null!;

    /// <summary>The point of this benchmark case: hidden width and samples in the epoch.</summary>
    protected abstract (int Width, int Samples) Point { get; }

    /// <summary>TinyNets and plain MathNet.</summary>
    [GlobalSetup(Targets = [nameof(TinyNets_Epoch), nameof(MathNetPlain_Epoch)])]
    public void SetupManaged() => _peers = W4Peers.Managed(Point.Width, Point.Samples);

    /// <summary>TorchSharp.</summary>
    [GlobalSetup(Target = nameof(TorchSharp_Epoch))]
    public void SetupTorch() => _peers = W4Peers.Torch(Point.Width, Point.Samples);

    /// <summary>FANN.</summary>
    [GlobalSetup(Target = nameof(Fann_Epoch))]
    public void SetupFann() => _peers = W4Peers.Fann(Point.Width, Point.Samples);

    /// <summary>Releases the native peers.</summary>
    [GlobalCleanup]
    public void Cleanup() => _peers?.Dispose();

    /// <summary>Plain MathNet: one epoch.</summary>
    [Benchmark(Baseline = true)]
    public double MathNetPlain_Epoch() => _peers.Plain!.Epoch();

    /// <summary>TinyNets: one epoch.</summary>
    [Benchmark]
    public double TinyNets_Epoch() => _peers.Tiny!.Epoch();

    /// <summary>TorchSharp: one epoch.</summary>
    [Benchmark]
    public double TorchSharp_Epoch() => _peers.TorchNet!.Epoch();

    /// <summary>FANN: one fann_train per sample.</summary>
    [Benchmark]
    public double Fann_Epoch()
    {
        _peers.FannNet!.Epoch();
        return 0;
    }
}

/// <summary>
/// W4, scaling against the number of samples: W2's net (H = 16) on 1 000 … 100 000 samples. The points come from
/// <see cref="Suite.W4Samples"/> (the scaling entry point can set them: <c>scaling --samples 1000,10000</c>).
/// </summary>
public class W4SamplesBenchmarks : W4Benchmarks
{
    /// <summary>The sample counts of the sweep.</summary>
    public static IEnumerable<int> SampleCounts => Suite.W4Samples;

    /// <summary>Samples in the epoch.</summary>
    [ParamsSource(nameof(SampleCounts))]
    public int Samples { get; set; }

    /// <inheritdoc/>
    protected override (int Width, int Samples) Point => (Suite.W4FixedWidth, Samples);
}

/// <summary>
/// W4, scaling against the hidden width: one epoch of 1000 samples of a 2-H-H-1 net, H = 8 … 512. The points come
/// from <see cref="Suite.W4Widths"/> (<c>scaling --widths 8,64,512</c>).
/// </summary>
public class W4WidthBenchmarks : W4Benchmarks
{
    /// <summary>The widths of the sweep.</summary>
    public static IEnumerable<int> Widths => Suite.W4Widths;

    /// <summary>Hidden width H.</summary>
    [ParamsSource(nameof(Widths))]
    public int Width { get; set; }

    /// <inheritdoc/>
    protected override (int Width, int Samples) Point => (Width, Suite.W4FixedSamples);
}

/// <summary>
/// W4's job: 1 launch, 2 warm-ups, 8 iterations. It is the classes' default job, so a job given on the command line
/// (<c>--job Dry</c>, as in CI) replaces it instead of running next to it.
/// </summary>
internal sealed class W4Job : ManualConfig
{
    public W4Job() => AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(8).AsDefault());
}

/// <summary>The peers of one W4 point (only the ones a benchmark process needs).</summary>
internal sealed class W4Peers : System.IDisposable
{
    public TinyNetsMlp? Tiny { get; private init; }

    public PlainMlp? Plain { get; private init; }

    public TorchMlp? TorchNet { get; private init; }

    public FannMlp? FannNet { get; private init; }

    public static W4Peers Managed(int width, int samples)
    {
        Suite.UseOneThread();
        MlpSpec spec = Workloads.W2Spec(width);
        LayerParameters[] init = spec.InitialParameters(Workloads.WeightSeed);
        Dataset data = Workloads.W2Data(samples);
        return new W4Peers { Tiny = new TinyNetsMlp(spec, init, data), Plain = new PlainMlp(spec, init, data) };
    }

    public static W4Peers Torch(int width, int samples)
    {
        MlpSpec spec = Workloads.W2Spec(width);
        return new W4Peers { TorchNet = new TorchMlp(spec, spec.InitialParameters(Workloads.WeightSeed), Workloads.W2Data(samples)) };
    }

    public static W4Peers Fann(int width, int samples)
    {
        MlpSpec spec = Workloads.W2FannSpec(width);
        return new W4Peers { FannNet = new FannMlp(spec, spec.InitialParameters(Workloads.WeightSeed), Workloads.W2Data(samples), spec.LearningRate) };
    }

    public void Dispose()
    {
        TorchNet?.Dispose();
        FannNet?.Dispose();
    }
}
