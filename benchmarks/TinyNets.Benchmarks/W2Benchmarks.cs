using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TinyNets.Benchmarks.Peers;

namespace TinyNets.Benchmarks;

/// <summary>
/// W2: the 2-16-16-1 tanh net with a sigmoid output and BCE (fused as BCE on logits where the peer has it), one epoch
/// of 1000 samples in mini-batches of 32 (31 × 32 and one of 8), in a fixed order. FANN has no mini-batches and no BCE:
/// its epoch is 1000 fann_train calls (per-sample steps, sigmoid output neuron, ½(y − t)²): the same forward and
/// backward work per sample, 1000 updates instead of 32.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet's [GlobalCleanup] releases the native peers.")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class W2Benchmarks
{
    private const string Epoch = "W2 epoch";

    private TinyNetsMlp _tiny = null!;
    private PlainMlp _plain = null!;
    private TorchMlp _torch = null!;
    private FannMlp _fann = null!;

    /// <summary>TinyNets and the plain MathNet net.</summary>
    [GlobalSetup(Targets = [nameof(TinyNets_Epoch), nameof(MathNetPlain_Epoch)])]
    public void SetupManaged()
    {
        Suite.UseOneThread();
        MlpSpec spec = Workloads.W2Spec();
        _tiny = new TinyNetsMlp(spec, spec.InitialParameters(Workloads.WeightSeed), Workloads.W2Data());
        _plain = new PlainMlp(spec, spec.InitialParameters(Workloads.WeightSeed), Workloads.W2Data());
    }

    /// <summary>TorchSharp (float64, one thread).</summary>
    [GlobalSetup(Target = nameof(TorchSharp_Epoch))]
    public void SetupTorch()
    {
        MlpSpec spec = Workloads.W2Spec();
        _torch = new TorchMlp(spec, spec.InitialParameters(Workloads.WeightSeed), Workloads.W2Data());
    }

    /// <summary>FANN (libdoublefann), per-sample.</summary>
    [GlobalSetup(Target = nameof(Fann_Epoch))]
    public void SetupFann()
    {
        MlpSpec spec = Workloads.W2FannSpec();
        _fann = new FannMlp(spec, spec.InitialParameters(Workloads.WeightSeed), Workloads.W2Data(), spec.LearningRate);
    }

    /// <summary>Releases the native peers.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _torch?.Dispose();
        _fann?.Dispose();
    }

    /// <summary>Plain MathNet: one epoch.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(Epoch)]
    public double MathNetPlain_Epoch() => _plain.Epoch();

    /// <summary>TinyNets: one epoch.</summary>
    [Benchmark, BenchmarkCategory(Epoch)]
    public double TinyNets_Epoch() => _tiny.Epoch();

    /// <summary>TorchSharp: one epoch.</summary>
    [Benchmark, BenchmarkCategory(Epoch)]
    public double TorchSharp_Epoch() => _torch.Epoch();

    /// <summary>FANN: 1000 fann_train calls.</summary>
    [Benchmark, BenchmarkCategory(Epoch)]
    public double Fann_Epoch()
    {
        _fann.Epoch();
        return 0;
    }
}
