using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Internal;

namespace TinyNets.Benchmarks;

/// <summary>
/// The dgemm kernel (TinyNets.Internal.Gemm) on the shapes of a 784-128-10 layer with a batch of 64 (W·X, D·Xᵀ, Wᵀ·D and
/// the 10×128 output layer), square 256 and 512, and a small 16×16·16×32 product; on each of its paths, against
/// MathNet's managed Matrix.Multiply (into a preallocated result) and the axpy/dot Kernels that Linear uses today.
/// The GFLOP/s columns are 2mnk / median time and 2mnk / fastest iteration (the machine may be shared: the median is the
/// typical rate, the best is the closest to an idle core). Run: <c>dotnet run -c Release --project benchmarks/TinyNets.Benchmarks --
/// --filter '*Gemm*'</c>. Gemm and Kernels are internal; the library lets this assembly see them (InternalsVisibleTo).
/// A path this processor cannot run (Avx512, Avx2) is skipped with a message.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(GemmConfig))]
public class GemmBenchmarks
{
    /// <summary>Shapes: name → (op(A) = Aᵀ, op(B) = Bᵀ, m, n, k).</summary>
    internal static readonly Dictionary<string, (bool Ta, bool Tb, int M, int N, int K)> Shapes = new()
    {
        ["WX_128x784x64"] = (false, false, 128, 64, 784),
        ["DXt_128x64x784"] = (false, true, 128, 784, 64),
        ["WtD_784x128x64"] = (true, false, 784, 64, 128),
        ["WX_10x128x64"] = (false, false, 10, 64, 128),
        ["Square256"] = (false, false, 256, 256, 256),
        ["Square512"] = (false, false, 512, 512, 512),
        ["Small_16x16x32"] = (false, false, 16, 32, 16),
    };

    private double[] _a = null!;
    private double[] _b = null!;
    private double[] _c = null!;
    private Matrix<double> _ma = null!;
    private Matrix<double> _mb = null!;
    private Matrix<double> _mc = null!;
    private (bool Ta, bool Tb, int M, int N, int K) _s;

    /// <summary>The shape: a key of <see cref="Shapes"/>.</summary>
    [ParamsSource(nameof(ShapeNames))]
    public string Shape { get; set; } = "";

    /// <summary>The shapes' names.</summary>
    public static IEnumerable<string> ShapeNames => Shapes.Keys;

    /// <summary>Random A and B of the shape, and C, both as MathNet matrices and as their column-major arrays.</summary>
    [GlobalSetup]
    public void Setup()
    {
        Control.UseManaged();
        _s = Shapes[Shape];
        var random = new Random(1);
        (int aRows, int aColumns) = _s.Ta ? (_s.K, _s.M) : (_s.M, _s.K);
        (int bRows, int bColumns) = _s.Tb ? (_s.N, _s.K) : (_s.K, _s.N);
        _ma = Matrix<double>.Build.Dense(aRows, aColumns, (_, _) => (2 * random.NextDouble()) - 1);
        _mb = Matrix<double>.Build.Dense(bRows, bColumns, (_, _) => (2 * random.NextDouble()) - 1);
        _mc = Matrix<double>.Build.Dense(_s.M, _s.N);
        _a = _ma.AsColumnMajorArray();
        _b = _mb.AsColumnMajorArray();
        _c = _mc.AsColumnMajorArray();
    }

    // Each Gemm… method is named after its GemmPath (the filter in GemmConfig reads the path from the name).

    /// <summary>Gemm.Multiply, <see cref="GemmPath.Auto"/> (the path chosen by the shape).</summary>
    [Benchmark(Description = "Gemm Auto")]
    public void GemmAuto() => Run(GemmPath.Auto);

    /// <summary>Gemm.Multiply, <see cref="GemmPath.Avx512"/>.</summary>
    [Benchmark(Description = "Gemm Avx512")]
    public void GemmAvx512() => Run(GemmPath.Avx512);

    /// <summary>Gemm.Multiply, <see cref="GemmPath.Avx2"/>.</summary>
    [Benchmark(Description = "Gemm Avx2")]
    public void GemmAvx2() => Run(GemmPath.Avx2);

    /// <summary>Gemm.Multiply, <see cref="GemmPath.Portable"/>.</summary>
    [Benchmark(Description = "Gemm Portable")]
    public void GemmPortable() => Run(GemmPath.Portable);

    /// <summary>Gemm.Multiply, <see cref="GemmPath.Direct"/>.</summary>
    [Benchmark(Description = "Gemm Direct")]
    public void GemmDirect() => Run(GemmPath.Direct);

    /// <summary>The axpy/dot kernels Linear uses today (NN → MultiplyAddBias without bias, NT → …TransposedRight, TN → …TransposedLeft).</summary>
    [Benchmark(Description = "Kernels (today)")]
    public void KernelsToday()
    {
        (bool ta, bool tb, int m, int n, int k) = _s;
        if (!ta && !tb)
        {
            Kernels.MultiplyAddBias(_a, _b, default, _c, m, k, n);
        }
        else if (tb)
        {
            Kernels.MultiplyTransposedRight(_a, _b, _c, m, n, k);
        }
        else
        {
            Kernels.MultiplyTransposedLeft(_a, _b, _c, k, m, n);
        }
    }

    /// <summary>MathNet's managed product into the preallocated C (the baseline).</summary>
    [Benchmark(Baseline = true, Description = "MathNet managed")]
    public void MathNetManaged()
    {
        if (_s.Ta)
        {
            _ma.TransposeThisAndMultiply(_mb, _mc);
        }
        else if (_s.Tb)
        {
            _ma.TransposeAndMultiply(_mb, _mc);
        }
        else
        {
            _ma.Multiply(_mb, _mc);
        }
    }

    private void Run(GemmPath path)
    {
        (bool ta, bool tb, int m, int n, int k) = _s;
        Gemm.Multiply(ta, tb, m, n, k, 1.0, _a, ta ? k : m, _b, tb ? n : k, 0.0, _c, m, path);
    }

    /// <summary>
    /// Adds the GFLOP/s columns; a short job (1 launch, 5 warm-ups, 15 iterations) keeps the 49 cases near 15 minutes.
    /// That job is the class's default job, so a job given on the command line (<c>--job Dry</c>, as in CI) replaces it
    /// instead of running next to it. Drops the Gemm paths this processor cannot run, saying so once per path.
    /// </summary>
    private sealed class GemmConfig : ManualConfig
    {
        private static readonly ConcurrentDictionary<GemmPath, bool> Told = new();

        public GemmConfig()
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(15).AsDefault());
            AddColumn(StatisticColumn.Median, StatisticColumn.Min, new GflopsColumn(best: false), new GflopsColumn(best: true));
            AddFilter(new SimpleFilter(PathSupported));
        }

        private static bool PathSupported(BenchmarkCase benchmark)
        {
            string name = benchmark.Descriptor.WorkloadMethod.Name;
            if (!name.StartsWith("Gemm", StringComparison.Ordinal) || !Enum.TryParse(name["Gemm".Length..], out GemmPath path) || Gemm.IsSupported(path))
            {
                return true;
            }

            if (Told.TryAdd(path, true))
            {
                Console.WriteLine($"// Skipping the Gemm {path} benchmarks: this processor cannot run that path");
            }

            return false;
        }
    }

    /// <summary>2·m·n·k / median (or fastest) time, in GFLOP/s.</summary>
    private sealed class GflopsColumn(bool best) : IColumn
    {
        public string Id => best ? "GFLOPsBest" : "GFLOPsMedian";

        public string ColumnName => best ? "GFLOP/s best" : "GFLOP/s";

        public bool AlwaysShow => true;

        public ColumnCategory Category => ColumnCategory.Custom;

        public int PriorityInCategory => 0;

        public bool IsNumeric => true;

        public UnitType UnitType => UnitType.Dimensionless;

        public string Legend => best
            ? "2·m·n·k floating-point operations per fastest iteration's time, 10⁹ per second"
            : "2·m·n·k floating-point operations per median time, 10⁹ per second";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            BenchmarkReport? report = summary[benchmarkCase];
            if (report?.ResultStatistics is null || benchmarkCase.Parameters["Shape"] is not string shape)
            {
                return "-";
            }

            (_, _, int m, int n, int k) = Shapes[shape];
            double flops = 2.0 * m * n * k;
            double nanoseconds = best ? report.ResultStatistics.Min : report.ResultStatistics.Median;
            return (flops / nanoseconds).ToString("F2", CultureInfo.InvariantCulture); // FLOP per ns = GFLOP/s
        }

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
