using System;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using TinyNets.Network;
using TinyNets.Serialization.Onnx;

namespace TinyNets.Benchmarks.Peers;

/// <summary>Whether ONNX Runtime's native library loads here, checked once per process.</summary>
public static class OnnxRuntimePeer
{
    private static readonly Lazy<string?> Failure = new(TryLoad);

    /// <summary>True when libonnxruntime loaded.</summary>
    public static bool Available => Failure.Value is null;

    /// <summary>Why ONNX Runtime is skipped, or null.</summary>
    public static string? Reason => Failure.Value;

    /// <summary>Throws with <see cref="Reason"/> when ONNX Runtime cannot run.</summary>
    public static void EnsureAvailable()
    {
        if (!Available)
        {
            throw new InvalidOperationException("ONNX Runtime is not available: " + Reason);
        }
    }

    private static string? TryLoad()
    {
        try
        {
            return OrtEnv.Instance().GetVersionString().Length > 0 ? null : "libonnxruntime reported no version";
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException or OnnxRuntimeException)
        {
            return $"libonnxruntime could not be loaded ({e.GetType().Name}: {e.Message.Split('\n')[0]})";
        }
    }
}

/// <summary>
/// The ONNX Runtime peer: the TinyNets network exported with <see cref="OnnxFile.ToOnnx"/> (float64 or float32), run by
/// ONNX Runtime's CPU provider on one thread (one intra-op and one inter-op thread, sequential execution, every graph
/// optimisation). Its fastest path: the input and output tensors are created once over preallocated arrays (pinned by
/// <see cref="OrtValue"/>) and bound to the session with an <see cref="OrtIoBinding"/>, so a call copies the sample into
/// the input array and runs the bound graph, with no managed allocation.
/// </summary>
public sealed class OnnxRuntimeMlp : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly OrtIoBinding _binding;
    private readonly OrtValue _input;
    private readonly OrtValue _output;
    private readonly double[]? _inputF64;
    private readonly double[]? _outputF64;
    private readonly float[]? _inputF32;
    private readonly float[]? _outputF32;

    /// <summary>Exports <paramref name="network"/> and opens it in ONNX Runtime for batches of <paramref name="batch"/> rows.</summary>
    /// <param name="network">The TinyNets network (its current weights are exported).</param>
    /// <param name="elementType">The exported model's element type.</param>
    /// <param name="batch">Rows of the bound input (and output).</param>
    public OnnxRuntimeMlp(Sequential network, OnnxElementType elementType, int batch)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        OnnxRuntimePeer.EnsureAvailable();
        ElementType = elementType;
        Batch = batch;
        var options = new OnnxExportOptions { ElementType = elementType };
        byte[] model = network.ToOnnx(options);
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(model, sessionOptions);
        Features = (int)_session.InputMetadata[options.InputName].Dimensions[^1];
        Outputs = (int)_session.OutputMetadata[options.OutputName].Dimensions[^1];
        long[] inputShape = [batch, Features], outputShape = [batch, Outputs];
        if (elementType == OnnxElementType.F64)
        {
            _inputF64 = new double[batch * Features];
            _outputF64 = new double[batch * Outputs];
            _input = OrtValue.CreateTensorValueFromMemory(_inputF64, inputShape);
            _output = OrtValue.CreateTensorValueFromMemory(_outputF64, outputShape);
        }
        else
        {
            _inputF32 = new float[batch * Features];
            _outputF32 = new float[batch * Outputs];
            _input = OrtValue.CreateTensorValueFromMemory(_inputF32, inputShape);
            _output = OrtValue.CreateTensorValueFromMemory(_outputF32, outputShape);
        }

        _runOptions = new RunOptions();
        _binding = _session.CreateIoBinding();
        _binding.BindInput(options.InputName, _input);
        _binding.BindOutput(options.OutputName, _output);
    }

    /// <summary>The exported model's element type.</summary>
    public OnnxElementType ElementType { get; }

    /// <summary>Rows per run.</summary>
    public int Batch { get; }

    /// <summary>Input features per row.</summary>
    public int Features { get; }

    /// <summary>Outputs per row.</summary>
    public int Outputs { get; }

    /// <summary>
    /// How far this model's outputs may be from TinyNets' float64 ones, relative to the largest |output|: 1e-12 in float64
    /// (only the order of the sums differs), 1e-5 in float32 (inputs, weights and every sum rounded to 24 bits).
    /// </summary>
    public double Tolerance => ElementType == OnnxElementType.F64 ? 1e-12 : 1e-5;

    /// <summary>Copies <paramref name="rows"/> (row-major, <see cref="Batch"/> × <see cref="Features"/>) into the bound
    /// input, rounded to float32 for a float32 model.</summary>
    public void SetInput(ReadOnlySpan<double> rows)
    {
        if (_inputF64 is not null)
        {
            rows.CopyTo(_inputF64);
            return;
        }

        for (int i = 0; i < rows.Length; i++)
        {
            _inputF32![i] = (float)rows[i];
        }
    }

    /// <summary>Runs the bound model on the current input; returns the first output.</summary>
    public double Run()
    {
        _session.RunWithBinding(_runOptions, _binding);
        return _outputF64 is not null ? _outputF64[0] : _outputF32![0];
    }

    /// <summary>Copies <paramref name="rows"/> into the input and runs: one call as a server makes it.</summary>
    public double Infer(ReadOnlySpan<double> rows)
    {
        SetInput(rows);
        return Run();
    }

    /// <summary>The last run's outputs, row-major (<see cref="Batch"/> × <see cref="Outputs"/>), as float64.</summary>
    public double[] LastOutputs() =>
        _outputF64 is not null ? (double[])_outputF64.Clone() : Array.ConvertAll(_outputF32!, v => (double)v);

    /// <summary>
    /// Throws unless <paramref name="actual"/> equals <paramref name="expected"/> within <paramref name="relativeTolerance"/>
    /// of the largest |expected| (a wrong model differs by about that magnitude itself); says how close they are in one
    /// line (in BenchmarkDotNet's log) and returns that relative difference.
    /// </summary>
    public static double Verify(string what, ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double relativeTolerance)
    {
        if (expected.Length != actual.Length)
        {
            throw new InvalidOperationException($"{what}: ONNX Runtime gave {actual.Length} outputs, TinyNets {expected.Length}.");
        }

        double scale = 0, worst = 0;
        int at = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
        }

        for (int i = 0; i < expected.Length; i++)
        {
            double d = Math.Abs(expected[i] - actual[i]);
            if (!(d <= worst))
            {
                worst = d;
                at = i;
            }
        }

        double relative = worst / Math.Max(scale, double.Epsilon);
        if (!(relative <= relativeTolerance))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: ONNX Runtime's output {at} is {actual[at]:R}, TinyNets' {expected[at]:R}: a relative difference of {relative:0.0e+0} " +
                $"(of the largest |output| {scale:R}), more than {relativeTolerance:0e+0}; the benchmark would measure a different model."));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// {what}: ONNX Runtime agrees with TinyNets to {relative:0.0e+0} of the largest |output| (tolerance {relativeTolerance:0e+0})"));
        return relative;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _binding.Dispose();
        _runOptions.Dispose();
        _input.Dispose();
        _output.Dispose();
        _session.Dispose();
    }
}
