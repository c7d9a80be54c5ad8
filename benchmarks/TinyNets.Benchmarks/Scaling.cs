using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using ScottPlot;

namespace TinyNets.Benchmarks;

/// <summary>
/// W4: <c>dotnet run -c Release --project benchmarks/TinyNets.Benchmarks -- scaling [--samples 1000,10000,100000]
/// [--widths 8,64,512] [--out DIR] [BenchmarkDotNet options]</c> (or <c>scaling --replot W4-scaling.csv</c>). Runs <see cref="W4SamplesBenchmarks"/> and
/// <see cref="W4WidthBenchmarks"/> through BenchmarkDotNet, then writes W4-scaling.csv (every point: peer, samples,
/// width, mean epoch time, time per sample, allocated) and two plots: W4-time-per-sample-vs-width.png and
/// W4-time-per-sample-vs-samples.png (log scales), by default into BenchmarkDotNet.Artifacts/results.
/// </summary>
public static class Scaling
{
    private static readonly string[] PeerOrder = ["TinyNets", "TorchSharp", "MathNetPlain", "Fann"];

    /// <summary>Runs the sweep and writes the CSV and plots (of the points that ran); 1 if any benchmark failed.</summary>
    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rest = new List<string>();
        string? outDir = null;
        string? replot = null;
        bool runSamples = true, runWidths = true;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--samples" when i + 1 < args.Length:
                    Suite.W4Samples = ParseList(args[++i]);
                    runSamples = Suite.W4Samples.Count > 0;
                    break;
                case "--widths" when i + 1 < args.Length:
                    Suite.W4Widths = ParseList(args[++i]);
                    runWidths = Suite.W4Widths.Count > 0;
                    break;
                case "--out" when i + 1 < args.Length:
                    outDir = args[++i];
                    break;
                case "--replot" when i + 1 < args.Length:
                    replot = args[++i];
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }

        if (replot is not null)
        {
            // Draws the plots again from a W4-scaling.csv of an earlier run, without measuring.
            List<Point> saved = File.ReadAllLines(replot).Skip(1).Where(l => l.Length > 0).Select(ParsePoint).ToList();
            WritePlots(saved, outDir ?? Path.GetDirectoryName(Path.GetFullPath(replot))!);
            return 0;
        }

        var types = new List<Type>();
        if (runSamples)
        {
            types.Add(typeof(W4SamplesBenchmarks));
        }

        if (runWidths)
        {
            types.Add(typeof(W4WidthBenchmarks));
        }

        Summary[] summaries = BenchmarkRunner.Run(types.ToArray(), Program.Config(), rest.ToArray());
        int failures = Program.Failures(summaries);
        List<Point> points = summaries.SelectMany(Points).ToList();
        if (points.Count == 0)
        {
            Console.WriteLine("W4: no results (every benchmark failed or was filtered out).");
            return 1;
        }

        outDir ??= summaries.Select(s => s.ResultsDirectoryPath).FirstOrDefault(p => !string.IsNullOrEmpty(p)) ?? ".";
        Directory.CreateDirectory(outDir);
        string csv = Path.Combine(outDir, "W4-scaling.csv");
        File.WriteAllText(csv, Csv(points));
        Console.WriteLine($"W4: {csv}");
        WritePlots(points, outDir);
        return failures == 0 ? 0 : 1;
    }

    private static void WritePlots(List<Point> points, string outDir)
    {
        List<Point> widths = points.Where(p => p.Sweep == "width").ToList();
        if (widths.Count > 0)
        {
            Console.WriteLine("W4: " + Plot(
                widths, p => p.Width, Path.Combine(outDir, "W4-time-per-sample-vs-width.png"),
                $"W4: one epoch of {Suite.W4FixedSamples} samples (batches of 32), 2-H-H-1 tanh, BCE", "hidden width H", log2: true));
        }

        List<Point> samples = points.Where(p => p.Sweep == "samples").ToList();
        if (samples.Count > 0)
        {
            Console.WriteLine("W4: " + Plot(
                samples, p => p.Samples, Path.Combine(outDir, "W4-time-per-sample-vs-samples.png"),
                $"W4: one epoch, 2-{Suite.W4FixedWidth}-{Suite.W4FixedWidth}-1 tanh, BCE, batches of 32", "samples in the epoch", log2: false));
        }
    }

    private static Point ParsePoint(string line)
    {
        string[] f = line.Split(',');
        return new Point(
            f[0], f[1], f[2], int.Parse(f[3], CultureInfo.InvariantCulture), int.Parse(f[4], CultureInfo.InvariantCulture),
            double.Parse(f[5], CultureInfo.InvariantCulture), double.Parse(f[6], CultureInfo.InvariantCulture), long.Parse(f[8], CultureInfo.InvariantCulture));
    }

    private static int[] ParseList(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.Parse(s.Replace("_", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture)).ToArray();

    private static IEnumerable<Point> Points(Summary summary)
    {
        foreach (BenchmarkReport report in summary.Reports)
        {
            if (report.ResultStatistics is null)
            {
                continue;
            }

            BenchmarkCase bc = report.BenchmarkCase;
            string peer = bc.Descriptor.WorkloadMethod.Name.Split('_')[0];
            bool widthSweep = bc.Descriptor.Type == typeof(W4WidthBenchmarks);
            int width = widthSweep ? (int)bc.Parameters["Width"] : Suite.W4FixedWidth;
            int samples = widthSweep ? Suite.W4FixedSamples : (int)bc.Parameters["Samples"];
            long? allocated = report.GcStats.GetBytesAllocatedPerOperation(bc);
            yield return new Point(
                widthSweep ? "width" : "samples", peer, bc.Job.ResolvedId, samples, width,
                report.ResultStatistics.Mean, report.ResultStatistics.Median, allocated ?? -1);
        }
    }

    private static string Csv(List<Point> points)
    {
        var text = new StringBuilder("sweep,peer,job,samples,width,mean_epoch_ns,median_epoch_ns,mean_ns_per_sample,allocated_bytes_per_epoch\n");
        foreach (Point p in points.OrderBy(p => p.Sweep).ThenBy(p => Array.IndexOf(PeerOrder, p.Peer)).ThenBy(p => p.Job, StringComparer.Ordinal).ThenBy(p => p.Samples).ThenBy(p => p.Width))
        {
            text.Append(CultureInfo.InvariantCulture, $"{p.Sweep},{p.Peer},{p.Job},{p.Samples},{p.Width},{p.MeanNs:0.#},{p.MedianNs:0.#},{p.MeanNs / p.Samples:0.###},{p.Allocated}\n");
        }

        return text.ToString();
    }

    // Time per sample (µs, log10 axis) against x (log2 or log10 axis), one line per peer.
    private static string Plot(List<Point> points, Func<Point, int> x, string path, string title, string xLabel, bool log2)
    {
        var plot = new Plot();
        Func<double, double> toAxis = log2 ? Math.Log2 : Math.Log10;
        string[] jobs = points.Select(p => p.Job).Distinct().ToArray();
        foreach ((string peer, string job) in PeerOrder.SelectMany(peer => jobs.Select(job => (peer, job))))
        {
            List<Point> series = points.Where(p => p.Peer == peer && p.Job == job).OrderBy(x).ToList();
            if (series.Count == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(
                series.Select(p => toAxis(x(p))).ToArray(),
                series.Select(p => Math.Log10(p.MeanNs / p.Samples / 1000.0)).ToArray());
            line.LegendText = peer switch
            {
                "MathNetPlain" => "MathNet, plain operators",
                "Fann" => "FANN (per-sample steps, MSE)",
                _ => peer,
            } + (jobs.Length > 1 ? $" ({job})" : string.Empty);
            line.MarkerSize = 7;
            line.LineWidth = 2;
        }

        int[] xs = points.Select(x).Distinct().Order().ToArray();
        plot.Axes.Bottom.SetTicks(xs.Select(v => toAxis(v)).ToArray(), xs.Select(v => v.ToString("N0", CultureInfo.InvariantCulture)).ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = y => Math.Pow(10, y).ToString("0.###", CultureInfo.InvariantCulture),
        };
        plot.Axes.Left.MinorTickStyle.Length = 3;
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.Grid.MinorLineWidth = 1;
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel("time per sample (µs, log scale)");
        plot.ShowLegend(Edge.Right);
        plot.SavePng(path, 1100, 560);
        return path;
    }

    private sealed record Point(string Sweep, string Peer, string Job, int Samples, int Width, double MeanNs, double MedianNs, long Allocated);
}
