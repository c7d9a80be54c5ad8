using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TinyNets.Benchmarks.Peers;

namespace TinyNets.Benchmarks;

/// <summary>
/// W3: the 784-128-10 ReLU net with softmax cross-entropy, one SGD step on a batch of 64 and one inference of 64
/// (inputs in [0, 1), classes 0…9). FANN has no softmax or cross-entropy and is not part of W3.
/// A step is about 3 × 2 × 64 × (784·128 + 128·10) ≈ 39 MFLOP (forward, and twice that backward).
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet's [GlobalCleanup] releases the native peers.")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class W3Benchmarks
{
    private const string Step = "W3 step";
    private const string Inference = "W3 inference";

    private TinyNetsMlp _tiny = null!;
    private TinyNetsMlp _tinyTwoThreads = null!;
    private PlainMlp _plain = null!;
    private TorchMlp _torch = null!;

    /// <summary>TinyNets and the plain MathNet net.</summary>
    [GlobalSetup(Targets = [nameof(TinyNets_Step), nameof(TinyNets_Inference), nameof(MathNetPlain_Step), nameof(MathNetPlain_Inference),
        nameof(TinyNets2Threads_Step), nameof(TinyNets2Threads_Inference)])]
    public void SetupManaged()
    {
        Suite.UseOneThread();
        _tiny = new TinyNetsMlp(Workloads.W3Spec, Workloads.W3Spec.InitialParameters(Workloads.WeightSeed), Workloads.W3Data());
        _tinyTwoThreads = new TinyNetsMlp(Workloads.W3Spec, Workloads.W3Spec.InitialParameters(Workloads.WeightSeed), Workloads.W3Data());
        _tinyTwoThreads.Net.MaxDegreeOfParallelism = 2;
        _plain = new PlainMlp(Workloads.W3Spec, Workloads.W3Spec.InitialParameters(Workloads.WeightSeed), Workloads.W3Data());
    }

    /// <summary>TorchSharp (float64, one thread).</summary>
    [GlobalSetup(Targets = [nameof(TorchSharp_Step), nameof(TorchSharp_Inference)])]
    public void SetupTorch() =>
        _torch = new TorchMlp(Workloads.W3Spec, Workloads.W3Spec.InitialParameters(Workloads.WeightSeed), Workloads.W3Data());

    /// <summary>Releases the native peer.</summary>
    [GlobalCleanup]
    public void Cleanup() => _torch?.Dispose();

    /// <summary>Plain MathNet: one step on 64 samples.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(Step)]
    public double MathNetPlain_Step() => _plain.Step(0);

    /// <summary>TinyNets: one step on 64 samples.</summary>
    [Benchmark, BenchmarkCategory(Step)]
    public double TinyNets_Step() => _tiny.Step(0);

    /// <summary>TinyNets with the opt-in parallelism (two threads; bit-identical results): one step on 64 samples.</summary>
    [Benchmark, BenchmarkCategory(Step)]
    public double TinyNets2Threads_Step() => _tinyTwoThreads.Step(0);

    /// <summary>TorchSharp: one step on 64 samples.</summary>
    [Benchmark, BenchmarkCategory(Step)]
    public double TorchSharp_Step() => _torch.Step(0);

    /// <summary>Plain MathNet: inference of 64 samples.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(Inference)]
    public double MathNetPlain_Inference() => _plain.Infer(0);

    /// <summary>TinyNets: inference of 64 samples.</summary>
    [Benchmark, BenchmarkCategory(Inference)]
    public double TinyNets_Inference() => _tiny.Infer(0);

    /// <summary>TinyNets with two threads: inference of 64 samples.</summary>
    [Benchmark, BenchmarkCategory(Inference)]
    public double TinyNets2Threads_Inference() => _tinyTwoThreads.Infer(0);

    /// <summary>TorchSharp: inference of 64 samples (no_grad).</summary>
    [Benchmark, BenchmarkCategory(Inference)]
    public double TorchSharp_Inference() => _torch.Infer(0);
}
