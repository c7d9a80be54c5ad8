using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using TinyNets.Benchmarks.Peers;
using TinyNets.Serialization.Onnx;

namespace TinyNets.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/TinyNets.Benchmarks -- check</c>: runs the benchmarks' own peer objects
/// side by side from the same initial weights on the same data, and compares every step's loss and the parameters
/// after the run with TinyNets' (relative 1e-9 for losses and outputs, absolute 1e-9 for parameters). A peer that
/// cannot load here is reported as skipped. Exit code 1 when any comparison fails.
/// </summary>
public static class SelfCheck
{
    private const double Tolerance = 1e-9;
    private static int _failures;

    /// <summary>Runs every check and prints one line per comparison.</summary>
    public static int Run()
    {
        Suite.UseOneThread();
        _failures = 0;
        Console.WriteLine($"TorchSharp: {(TorchPeer.Available ? "available" : "skipped: " + TorchPeer.Reason)}");
        Console.WriteLine($"FANN:       {(Fann.Available ? "available" : "skipped: " + Fann.Reason)}");
        Console.WriteLine($"ONNX Runtime: {(OnnxRuntimePeer.Available ? "available" : "skipped: " + OnnxRuntimePeer.Reason)}");
        Console.WriteLine();

        CheckW1();
        CheckW2();
        CheckW2Fann();
        CheckW3();
        CheckDelimitedLoad();

        Console.WriteLine();
        Console.WriteLine(_failures == 0 ? "self-check: every peer agrees with TinyNets" : $"self-check: {_failures} comparison(s) failed");
        return _failures == 0 ? 0 : 1;
    }

    // W1: 300 per-sample steps (all 256 samples, then 44 again), the loss of each, inference before and after.
    private static void CheckW1()
    {
        MlpSpec spec = Workloads.W1Spec;
        LayerParameters[] init = spec.InitialParameters(Workloads.WeightSeed);
        Dataset data = Workloads.W1Data();
        const int steps = 300;
        var tiny = new TinyNetsMlp(spec, init, data);
        var plain = new PlainMlp(spec, init, data);
        using TorchMlp? torch = TorchPeer.Available ? new TorchMlp(spec, init, data) : null;
        using FannMlp? fann = Fann.Available ? new FannMlp(spec, init, data, 2 * spec.LearningRate) : null;

        Compare("W1 inference, sample 7", "MathNet plain", tiny.Infer(7), plain.Infer(7));
        Compare("W1 inference, sample 7", "TorchSharp", tiny.Infer(7), torch?.Infer(7));
        Compare("W1 inference, sample 7", "FANN", tiny.Infer(7), fann?.Infer(7));
        using (OnnxRuntimeMlp? ort = OnnxRuntimePeer.Available ? new OnnxRuntimeMlp(tiny.Net, OnnxElementType.F64, batch: 1) : null)
        {
            Compare("W1 inference, sample 7 (float64 ONNX export)", "ONNX Runtime", tiny.Infer(7), ort?.Infer(data.Inputs.AsSpan(2 * 7, 2)));
        }

        double[] tinyLosses = Steps(steps, i => tiny.Step(i % data.Count));
        CompareAll($"W1 loss of each of {steps} steps", "MathNet plain", tinyLosses, Steps(steps, i => plain.Step(i % data.Count)));
        CompareAll($"W1 loss of each of {steps} steps", "TorchSharp", tinyLosses, torch is null ? null : Steps(steps, i => torch.Step(i % data.Count)));
        if (fann is not null)
        {
            for (int i = 0; i < steps; i++)
            {
                fann.Step(i % data.Count);
            }
        }

        LayerParameters[] expected = tiny.Parameters(spec.LinearLayers);
        CompareParameters($"W1 parameters after {steps} steps", "MathNet plain", expected, plain.Parameters());
        CompareParameters($"W1 parameters after {steps} steps", "TorchSharp", expected, torch?.Parameters());
        CompareParameters($"W1 parameters after {steps} steps (η_FANN = 2η)", "FANN", expected, fann?.Parameters());
        Compare("W1 inference after training, sample 7", "FANN", tiny.Infer(7), fann?.Infer(7));
    }

    // W2: one epoch (32 mini-batches): each batch's loss and the parameters after it.
    private static void CheckW2()
    {
        MlpSpec spec = Workloads.W2Spec();
        LayerParameters[] init = spec.InitialParameters(Workloads.WeightSeed);
        Dataset data = Workloads.W2Data();
        var tiny = new TinyNetsMlp(spec, init, data);
        var plain = new PlainMlp(spec, init, data);
        using TorchMlp? torch = TorchPeer.Available ? new TorchMlp(spec, init, data) : null;

        double[] tinyLosses = Steps(data.Batches, tiny.Step);
        CompareAll($"W2 loss of each of the epoch's {data.Batches} batches", "MathNet plain", tinyLosses, Steps(data.Batches, plain.Step));
        CompareAll($"W2 loss of each of the epoch's {data.Batches} batches", "TorchSharp", tinyLosses, torch is null ? null : Steps(data.Batches, torch.Step));
        LayerParameters[] expected = tiny.Parameters(spec.LinearLayers);
        CompareParameters("W2 parameters after one epoch", "MathNet plain", expected, plain.Parameters());
        CompareParameters("W2 parameters after one epoch", "TorchSharp", expected, torch?.Parameters());
    }

    // W2 as FANN runs it (per-sample steps, sigmoid output, ½(y − t)²), against TinyNets doing the same with batches of 1.
    private static void CheckW2Fann()
    {
        MlpSpec spec = Workloads.W2FannSpec();
        LayerParameters[] init = spec.InitialParameters(Workloads.WeightSeed);
        Dataset data = Workloads.W2Data(1000, batchSize: 1);
        if (!Fann.Available)
        {
            Compare("W2 (FANN's variant) inference, sample 3", "FANN", 0, null);
            return;
        }

        var tiny = new TinyNetsMlp(spec, init, data);
        using var fann = new FannMlp(spec, init, data, spec.LearningRate);
        Compare("W2 (FANN's variant) inference, sample 3", "FANN", tiny.Infer(3), fann.Infer(3));
        tiny.Epoch();
        fann.Epoch();
        CompareParameters("W2 (FANN's variant) parameters after 1000 per-sample steps", "FANN", tiny.Parameters(spec.LinearLayers), fann.Parameters());
    }

    // W3: three steps on the batch of 64, and the inference before and after.
    private static void CheckW3()
    {
        MlpSpec spec = Workloads.W3Spec;
        LayerParameters[] init = spec.InitialParameters(Workloads.WeightSeed);
        Dataset data = Workloads.W3Data();
        const int steps = 3;
        var tiny = new TinyNetsMlp(spec, init, data);
        var plain = new PlainMlp(spec, init, data);
        using TorchMlp? torch = TorchPeer.Available ? new TorchMlp(spec, init, data) : null;

        Compare("W3 inference of 64, first logit", "MathNet plain", tiny.Infer(0), plain.Infer(0));
        Compare("W3 inference of 64, first logit", "TorchSharp", tiny.Infer(0), torch?.Infer(0));
        using (OnnxRuntimeMlp? ort = OnnxRuntimePeer.Available ? new OnnxRuntimeMlp(tiny.Net, OnnxElementType.F64, batch: 64) : null)
        {
            Compare("W3 inference of 64, first logit (float64 ONNX export)", "ONNX Runtime", tiny.Infer(0), ort?.Infer(data.Inputs));
        }
        double[] tinyLosses = Steps(steps, _ => tiny.Step(0));
        CompareAll($"W3 loss of each of {steps} steps", "MathNet plain", tinyLosses, Steps(steps, _ => plain.Step(0)));
        CompareAll($"W3 loss of each of {steps} steps", "TorchSharp", tinyLosses, torch is null ? null : Steps(steps, _ => torch.Step(0)));
        LayerParameters[] expected = tiny.Parameters(spec.LinearLayers);
        CompareParameters($"W3 parameters after {steps} steps", "MathNet plain", expected, plain.Parameters());
        CompareParameters($"W3 parameters after {steps} steps", "TorchSharp", expected, torch?.Parameters());
    }

    // DelimitedLoadBenchmarks: Sep and Sylvan fill the same features and targets as TinyNets' DelimitedFile.Load, bit for bit,
    // on the shipped datasets and on a 1 MB file written by the benchmark's generator.
    private static void CheckDelimitedLoad()
    {
        var workloads = new List<(string Name, DelimitedWorkload Workload)>(DelimitedWorkloads.Shipped());
        DirectoryInfo folder = Directory.CreateTempSubdirectory("tinynets-delimited-");
        try
        {
            string numbers = Path.Combine(folder.FullName, "numbers.csv");
            DelimitedWorkloads.WriteNumbers(numbers, 1_000_000, DelimitedWorkloads.Seed);
            workloads.Add(("numbers (1 MB)", new DelimitedWorkload(numbers, ',')));
            foreach ((string name, DelimitedWorkload workload) in workloads)
            {
                LoadedMatrices expected = DelimitedLoaders.TinyNets(workload);
                CompareBits($"Delimited load of {name}, {expected.Features.RowCount} × {expected.Features.ColumnCount}", "Sep", expected, DelimitedLoaders.Sep(workload));
                CompareBits($"Delimited load of {name}, {expected.Features.RowCount} × {expected.Features.ColumnCount}", "Sylvan", expected, DelimitedLoaders.Sylvan(workload));
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static void CompareBits(string what, string peer, LoadedMatrices expected, LoadedMatrices actual)
    {
        if (expected.Features.RowCount != actual.Features.RowCount || expected.Features.ColumnCount != actual.Features.ColumnCount
            || expected.Targets.RowCount != actual.Targets.RowCount || expected.Targets.ColumnCount != actual.Targets.ColumnCount)
        {
            Report(what, peer, false, $"shapes differ: {peer} {actual.Features.RowCount} × {actual.Features.ColumnCount} and {actual.Targets.RowCount} × {actual.Targets.ColumnCount}");
            return;
        }

        long differ = CountBitDifferences(expected.Features.ToColumnMajorArray(), actual.Features.ToColumnMajorArray())
            + CountBitDifferences(expected.Targets.ToColumnMajorArray(), actual.Targets.ToColumnMajorArray());
        Report(what, peer, differ == 0, differ == 0 ? "every value bit-identical" : $"{differ} value(s) differ");
    }

    private static long CountBitDifferences(double[] expected, double[] actual)
    {
        long differ = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            differ += BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]) ? 0 : 1;
        }

        return differ;
    }

    private static double[] Steps(int count, Func<int, double> step)
    {
        var losses = new double[count];
        for (int i = 0; i < count; i++)
        {
            losses[i] = step(i);
        }

        return losses;
    }

    private static void Compare(string what, string peer, double expected, double? actual) =>
        CompareAll(what, peer, [expected], actual is double a ? [a] : null);

    private static void CompareAll(string what, string peer, IReadOnlyList<double> expected, IReadOnlyList<double>? actual)
    {
        if (actual is null)
        {
            Report(what, peer, null, "skipped (peer not available)");
            return;
        }

        double worst = 0;
        for (int i = 0; i < expected.Count; i++)
        {
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]) / Math.Max(1.0, Math.Abs(expected[i])));
        }

        Report(what, peer, worst <= Tolerance, string.Create(CultureInfo.InvariantCulture,
            $"max rel. diff {worst:0.0e+0} (TinyNets {expected[^1]:R}, {peer} {actual[^1]:R})"));
    }

    private static void CompareParameters(string what, string peer, LayerParameters[] expected, LayerParameters[]? actual)
    {
        if (actual is null)
        {
            Report(what, peer, null, "skipped (peer not available)");
            return;
        }

        double diff = LayerParameters.MaxAbsDifference(expected, actual);
        Report(what, peer, diff <= Tolerance, string.Create(CultureInfo.InvariantCulture, $"max abs diff {diff:0.0e+0}"));
    }

    private static void Report(string what, string peer, bool? ok, string detail)
    {
        if (ok == false)
        {
            _failures++;
        }

        string verdict = ok switch { true => "ok  ", false => "FAIL", null => "skip" };
        Console.WriteLine($"{verdict}  {what,-62} {peer,-14} {detail}");
    }
}
