using System;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TinyNets.Benchmarks.Peers;
using TinyNets.Inference;
using TinyNets.Serialization.Onnx;

namespace TinyNets.Benchmarks;

/// <summary>
/// W3: the 784-128-10 ReLU net with softmax cross-entropy, one SGD step on a batch of 64 and one inference of 64
/// (inputs in [0, 1), classes 0…9). FANN has no softmax or cross-entropy and is not part of W3.
/// A step is about 3 × 2 × 64 × (784·128 + 128·10) ≈ 39 MFLOP (forward, and twice that backward).
/// The category "W3 throughput" runs <see cref="Predictions"/> inferences of 64 samples with one shared thread-safe
/// <see cref="Predictor"/>, on one thread and split over two; its times are per inference of 64 (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet's [GlobalCleanup] releases the native peers.")]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class W3Benchmarks
{
    private const string Step = "W3 step";
    private const string Inference = "W3 inference";
    private const string Throughput = "W3 throughput";

    /// <summary>Inferences of 64 samples per invocation of a throughput benchmark.</summary>
    public const int Predictions = 16;

    private TinyNetsMlp _tiny = null!;
    private TinyNetsMlp _tinyTwoThreads = null!;
    private PlainMlp _plain = null!;
    private TorchMlp _torch = null!;
    private OnnxRuntimeMlp _ortF64 = null!;
    private OnnxRuntimeMlp _ortF32 = null!;
    private Predictor _predictor = null!;
    private double[] _inputs = null!;
    private double[] _transposedInputs = null!;
    private double[][] _outputs = null!;
    private readonly ParallelOptions _twoThreads = new() { MaxDegreeOfParallelism = 2 };
    private Action<int> _predictOne = null!;

    /// <summary>TinyNets and the plain MathNet net.</summary>
    [GlobalSetup(Targets = [nameof(TinyNets_Step), nameof(TinyNets_Inference), nameof(MathNetPlain_Step), nameof(MathNetPlain_Inference),
        nameof(TinyNets2Threads_Step), nameof(TinyNets2Threads_Inference), nameof(TinyNetsPredictor_Inference),
        nameof(TinyNetsPredictor_InferenceFeaturesContiguous), nameof(TinyNetsPredictor_OneThread), nameof(TinyNetsPredictor_TwoThreads)])]
    public void SetupManaged()
    {
        Suite.UseOneThread();
        _tiny = new TinyNetsMlp(Workloads.W3Spec, Workloads.W3Spec.InitialParameters(Workloads.WeightSeed), Workloads.W3Data());
        _predictor = _tiny.Net.ToPredictor();
        _inputs = Workloads.W3Data().Inputs;
        _transposedInputs = new double[_inputs.Length];
        for (int j = 0; j < 64; j++)
        {
            for (int f = 0; f < 784; f++)
            {
                _transposedInputs[(f * 64) + j] = _inputs[(j * 784) + f];
            }
        }

        _predictOne = p => _predictor.PredictBatch(_inputs, _outputs[p], 64, BatchLayout.SamplesContiguous);
        _outputs = new double[Predictions][];
        for (int p = 0; p < Predictions; p++)
        {
            _outputs[p] = new double[10 * 64];
        }
        _tinyTwoThreads = new TinyNetsMlp(Workloads.W3Spec, Workloads.W3Spec.InitialParameters(Workloads.WeightSeed), Workloads.W3Data());
        _tinyTwoThreads.Net.MaxDegreeOfParallelism = 2;
        _plain = new PlainMlp(Workloads.W3Spec, Workloads.W3Spec.InitialParameters(Workloads.WeightSeed), Workloads.W3Data());
    }

    /// <summary>TorchSharp (float64, one thread).</summary>
    [GlobalSetup(Targets = [nameof(TorchSharp_Step), nameof(TorchSharp_Inference)])]
    public void SetupTorch() =>
        _torch = new TorchMlp(Workloads.W3Spec, Workloads.W3Spec.InitialParameters(Workloads.WeightSeed), Workloads.W3Data());

    /// <summary>
    /// ONNX Runtime on the same net exported by TinyNets in float64 and in float32, the batch of 64 loaded into each bound
    /// input once (rounded to float32 for the float32 model: TinyNets' input matrix is built once too), each checked here
    /// against TinyNets' Predictor on the 64 × 10 logits (float64 within 1e-12 relative, float32 within 1e-5).
    /// </summary>
    [GlobalSetup(Targets = [nameof(OnnxRuntime_Inference), nameof(OnnxRuntimeF32_Inference)])]
    public void SetupOnnxRuntime()
    {
        var tiny = new TinyNetsMlp(Workloads.W3Spec, Workloads.W3Spec.InitialParameters(Workloads.WeightSeed), Workloads.W3Data());
        double[] inputs = Workloads.W3Data().Inputs;
        var expected = new double[10 * 64];
        tiny.Net.ToPredictor().PredictBatch(inputs, expected, 64, BatchLayout.SamplesContiguous);
        _ortF64 = new OnnxRuntimeMlp(tiny.Net, OnnxElementType.F64, batch: 64);
        _ortF32 = new OnnxRuntimeMlp(tiny.Net, OnnxElementType.F32, batch: 64);
        _ortF64.Infer(inputs);
        _ortF32.Infer(inputs);
        OnnxRuntimeMlp.Verify("W3, float64 model, 64 × 10 logits", expected, _ortF64.LastOutputs(), _ortF64.Tolerance);
        OnnxRuntimeMlp.Verify("W3, float32 model, 64 × 10 logits", expected, _ortF32.LastOutputs(), _ortF32.Tolerance);
    }

    /// <summary>Releases the native peers.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _torch?.Dispose();
        _ortF64?.Dispose();
        _ortF32?.Dispose();
    }

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

    /// <summary>TinyNets' thread-safe <see cref="Predictor"/> (a snapshot of the same net): inference of 64 samples
    /// through the span overload (samples contiguous: TinyNets' own layout, a row-major [64, 784]); bit-identical to Forward.</summary>
    [Benchmark, BenchmarkCategory(Inference)]
    public double TinyNetsPredictor_Inference()
    {
        double[] output = _outputs[0];
        _predictor.PredictBatch(_inputs, output, 64, BatchLayout.SamplesContiguous);
        return output[0];
    }

    /// <summary>The same from a column-major [64, 784] batch (features contiguous): the predictor transposes it into a
    /// rented workspace first.</summary>
    [Benchmark, BenchmarkCategory(Inference)]
    public double TinyNetsPredictor_InferenceFeaturesContiguous()
    {
        double[] output = _outputs[0];
        _predictor.PredictBatch(_transposedInputs, output, 64, BatchLayout.FeaturesContiguous);
        return output[0];
    }

    /// <summary>TorchSharp: inference of 64 samples (no_grad).</summary>
    [Benchmark, BenchmarkCategory(Inference)]
    public double TorchSharp_Inference() => _torch.Infer(0);

    /// <summary>ONNX Runtime, the float64 export: inference of the 64 samples in its bound input (one RunWithBinding).</summary>
    [Benchmark, BenchmarkCategory(Inference)]
    public double OnnxRuntime_Inference() => _ortF64.Run();

    /// <summary>ONNX Runtime, the float32 export: inference of the 64 samples in its bound float32 input.</summary>
    [Benchmark, BenchmarkCategory(Inference)]
    public double OnnxRuntimeF32_Inference() => _ortF32.Run();

    /// <summary>Throughput on one thread: <see cref="Predictions"/> inferences of 64 samples in a row with the shared
    /// predictor (the time shown is per inference).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Predictions), BenchmarkCategory(Throughput)]
    public double TinyNetsPredictor_OneThread()
    {
        for (int p = 0; p < Predictions; p++)
        {
            _predictor.PredictBatch(_inputs, _outputs[p], 64, BatchLayout.SamplesContiguous);
        }

        return _outputs[Predictions - 1][0];
    }

    /// <summary>Throughput on two threads: the same <see cref="Predictions"/> inferences handed out by
    /// <c>Parallel.For</c> with <c>MaxDegreeOfParallelism = 2</c> (the calling thread and a pool thread, each taking the
    /// next inference when done) to one shared predictor; each writes its own output. The time shown is per inference;
    /// the allocation is Parallel.For's.</summary>
    [Benchmark(OperationsPerInvoke = Predictions), BenchmarkCategory(Throughput)]
    public double TinyNetsPredictor_TwoThreads()
    {
        Parallel.For(0, Predictions, _twoThreads, _predictOne);
        return _outputs[Predictions - 1][0];
    }
}
