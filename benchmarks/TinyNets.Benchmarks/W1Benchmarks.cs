using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TinyNets.Benchmarks.Peers;
using TinyNets.Inference;
using TinyNets.Serialization.Onnx;

namespace TinyNets.Benchmarks;

/// <summary>
/// W1: the 2-3-1 net, tanh hidden and linear output, MSE. One per-sample SGD step (forward, MSE, backward, update)
/// and one inference, cycling through 256 samples. Every peer starts from the same weights and sees the same samples
/// in the same order; the baseline is the same net written plainly with MathNet's operators.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet's [GlobalCleanup] releases the native peers.")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class W1Benchmarks
{
    private const string Step = "W1 step";
    private const string Inference = "W1 inference";

    private TinyNetsMlp _tiny = null!;
    private PlainMlp _plain = null!;
    private TorchMlp _torch = null!;
    private FannMlp _fann = null!;
    private OnnxRuntimeMlp _ortF64 = null!;
    private OnnxRuntimeMlp _ortF32 = null!;
    private Predictor _predictor = null!;
    private double[] _inputs = null!;
    private readonly double[] _output = new double[1];
    private int _next;

    /// <summary>TinyNets and the plain MathNet net.</summary>
    [GlobalSetup(Targets = [nameof(TinyNets_Step), nameof(TinyNets_Inference), nameof(TinyNetsPredictor_Inference),
        nameof(MathNetPlain_Step), nameof(MathNetPlain_Inference)])]
    public void SetupManaged()
    {
        Suite.UseOneThread();
        _tiny = new TinyNetsMlp(Workloads.W1Spec, Workloads.W1Spec.InitialParameters(Workloads.WeightSeed), Workloads.W1Data());
        _predictor = _tiny.Net.ToPredictor();
        _inputs = Workloads.W1Data().Inputs;
        _plain = new PlainMlp(Workloads.W1Spec, Workloads.W1Spec.InitialParameters(Workloads.WeightSeed), Workloads.W1Data());
    }

    /// <summary>TorchSharp (float64, one thread).</summary>
    [GlobalSetup(Targets = [nameof(TorchSharp_Step), nameof(TorchSharp_Inference)])]
    public void SetupTorch() =>
        _torch = new TorchMlp(Workloads.W1Spec, Workloads.W1Spec.InitialParameters(Workloads.WeightSeed), Workloads.W1Data());

    /// <summary>FANN (libdoublefann): η_FANN = 2η, since its rule is the gradient of ½(y − t)² and MSE's is of (y − t)².</summary>
    [GlobalSetup(Targets = [nameof(Fann_Step), nameof(Fann_Inference)])]
    public void SetupFann() =>
        _fann = new FannMlp(Workloads.W1Spec, Workloads.W1Spec.InitialParameters(Workloads.WeightSeed), Workloads.W1Data(), 2 * Workloads.W1Spec.LearningRate);

    /// <summary>
    /// ONNX Runtime on the same net exported by TinyNets in float64 and in float32, each checked here against TinyNets'
    /// Predictor on all 256 samples (float64 within 1e-12 relative, float32 within 1e-5), so that a wrong model fails the
    /// setup instead of being measured.
    /// </summary>
    [GlobalSetup(Targets = [nameof(OnnxRuntime_Inference), nameof(OnnxRuntimeF32_Inference)])]
    public void SetupOnnxRuntime()
    {
        var tiny = new TinyNetsMlp(Workloads.W1Spec, Workloads.W1Spec.InitialParameters(Workloads.WeightSeed), Workloads.W1Data());
        Predictor predictor = tiny.Net.ToPredictor();
        _inputs = Workloads.W1Data().Inputs;
        _ortF64 = new OnnxRuntimeMlp(tiny.Net, OnnxElementType.F64, batch: 1);
        _ortF32 = new OnnxRuntimeMlp(tiny.Net, OnnxElementType.F32, batch: 1);
        int samples = _inputs.Length / 2;
        var expected = new double[samples];
        var f64 = new double[samples];
        var f32 = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            predictor.Predict(_inputs.AsSpan(2 * i, 2), expected.AsSpan(i, 1));
            f64[i] = _ortF64.Infer(_inputs.AsSpan(2 * i, 2));
            f32[i] = _ortF32.Infer(_inputs.AsSpan(2 * i, 2));
        }

        OnnxRuntimeMlp.Verify("W1, float64 model, 256 samples", expected, f64, _ortF64.Tolerance);
        OnnxRuntimeMlp.Verify("W1, float32 model, 256 samples", expected, f32, _ortF32.Tolerance);
    }

    /// <summary>Releases the native peers.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _torch?.Dispose();
        _fann?.Dispose();
        _ortF64?.Dispose();
        _ortF32?.Dispose();
    }

    /// <summary>Plain MathNet: one per-sample step.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(Step)]
    public double MathNetPlain_Step() => _plain.Step(NextSample());

    /// <summary>TinyNets: one per-sample step.</summary>
    [Benchmark, BenchmarkCategory(Step)]
    public double TinyNets_Step() => _tiny.Step(NextSample());

    /// <summary>TorchSharp: one per-sample step.</summary>
    [Benchmark, BenchmarkCategory(Step)]
    public double TorchSharp_Step() => _torch.Step(NextSample());

    /// <summary>FANN: one fann_train.</summary>
    [Benchmark, BenchmarkCategory(Step)]
    public double Fann_Step()
    {
        _fann.Step(NextSample());
        return 0;
    }

    /// <summary>Plain MathNet: one inference.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory(Inference)]
    public double MathNetPlain_Inference() => _plain.Infer(NextSample());

    /// <summary>TinyNets: one inference.</summary>
    [Benchmark, BenchmarkCategory(Inference)]
    public double TinyNets_Inference() => _tiny.Infer(NextSample());

    /// <summary>TinyNets' thread-safe <see cref="Predictor"/> (a snapshot of the same net): one sample through the
    /// span overload, into a reused output; bit-identical to Forward.</summary>
    [Benchmark, BenchmarkCategory(Inference)]
    public double TinyNetsPredictor_Inference()
    {
        int i = NextSample();
        _predictor.Predict(_inputs.AsSpan(2 * i, 2), _output);
        return _output[0];
    }

    /// <summary>TorchSharp: one inference (no_grad).</summary>
    [Benchmark, BenchmarkCategory(Inference)]
    public double TorchSharp_Inference() => _torch.Infer(NextSample());

    /// <summary>FANN: one fann_run.</summary>
    [Benchmark, BenchmarkCategory(Inference)]
    public double Fann_Inference() => _fann.Infer(NextSample());

    /// <summary>ONNX Runtime, the float64 export: the sample copied into the bound input, one RunWithBinding.</summary>
    [Benchmark, BenchmarkCategory(Inference)]
    public double OnnxRuntime_Inference() => _ortF64.Infer(_inputs.AsSpan(2 * NextSample(), 2));

    /// <summary>ONNX Runtime, the float32 export: the sample rounded into the bound float32 input, one RunWithBinding.</summary>
    [Benchmark, BenchmarkCategory(Inference)]
    public double OnnxRuntimeF32_Inference() => _ortF32.Infer(_inputs.AsSpan(2 * NextSample(), 2));

    private int NextSample()
    {
        int i = _next;
        _next = i == 255 ? 0 : i + 1;
        return i;
    }
}
