using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace TinyNets.Benchmarks;

/// <summary>
/// The dgemm kernel (TinyNets.Internal.Gemm) on the shapes of a 784-128-10 layer with a batch of 64 (W·X, D·Xᵀ, Wᵀ·D and
/// the 10×128 output layer), square 256 and 512, and a small 16×16·16×32 product; on each of its paths, against
/// MathNet's managed Matrix.Multiply (into a preallocated result) and the axpy/dot Kernels that Linear uses today.
/// The GFLOP/s columns are 2mnk / median time and 2mnk / fastest iteration (the machine may be shared: the median is the
/// typical rate, the best is the closest to an idle core). Run: <c>dotnet run -c Release --project benchmarks/TinyNets.Benchmarks --
/// --filter '*Gemm*'</c>. Gemm is internal; the benchmark calls it through a DynamicMethod that skips visibility.
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

    private delegate void GemmCall(
        bool ta, bool tb, int m, int n, int k, double alpha, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb,
        double beta, Span<double> c, int ldc, int path);

    private delegate void KernelCall3(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> z, int m, int k, int n);

    private delegate void KernelCallBias(ReadOnlySpan<double> w, ReadOnlySpan<double> x, ReadOnlySpan<double> bias, Span<double> y, int m, int k, int n);

    private static readonly Assembly Library = typeof(TinyNets.Network.Sequential).Assembly;
    private static readonly GemmCall Gemm = Bind<GemmCall>("TinyNets.Internal.Gemm", "Multiply");
    private static readonly KernelCallBias KernelsMultiplyAddBias = Bind<KernelCallBias>("TinyNets.Internal.Kernels", "MultiplyAddBias");
    private static readonly KernelCall3 KernelsTransposedRight = Bind<KernelCall3>("TinyNets.Internal.Kernels", "MultiplyTransposedRight");
    private static readonly KernelCall3 KernelsTransposedLeft = Bind<KernelCall3>("TinyNets.Internal.Kernels", "MultiplyTransposedLeft");

    private double[] _a = null!;
    private double[] _b = null!;
    private double[] _c = null!;
    private Matrix<double> _ma = null!;
    private Matrix<double> _mb = null!;
    private Matrix<double> _mc = null!;
    private (bool Ta, bool Tb, int M, int N, int K) _s;

    [ParamsSource(nameof(ShapeNames))]
    public string Shape { get; set; } = "";

    public static IEnumerable<string> ShapeNames => Shapes.Keys;

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

    // GemmPath values: Auto = 0, Direct = 1, Portable = 2, Avx2 = 3, Avx512 = 4.
    [Benchmark(Description = "Gemm Auto")]
    public void GemmAuto() => Run(0);

    [Benchmark(Description = "Gemm Avx512")]
    public void GemmAvx512() => Run(4);

    [Benchmark(Description = "Gemm Avx2")]
    public void GemmAvx2() => Run(3);

    [Benchmark(Description = "Gemm Portable")]
    public void GemmPortable() => Run(2);

    [Benchmark(Description = "Gemm Direct")]
    public void GemmDirect() => Run(1);

    /// <summary>The axpy/dot kernels Linear uses today (NN → MultiplyAddBias without bias, NT → …TransposedRight, TN → …TransposedLeft).</summary>
    [Benchmark(Description = "Kernels (today)")]
    public void KernelsToday()
    {
        (bool ta, bool tb, int m, int n, int k) = _s;
        if (!ta && !tb)
        {
            KernelsMultiplyAddBias(_a, _b, default, _c, m, k, n);
        }
        else if (tb)
        {
            KernelsTransposedRight(_a, _b, _c, m, n, k);
        }
        else
        {
            KernelsTransposedLeft(_a, _b, _c, k, m, n);
        }
    }

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

    private void Run(int path)
    {
        (bool ta, bool tb, int m, int n, int k) = _s;
        Gemm(ta, tb, m, n, k, 1.0, _a, ta ? k : m, _b, tb ? n : k, 0.0, _c, m, path);
    }

    /// <summary>A delegate to an internal static method of the library (the enum parameter of Gemm travels as its int value).</summary>
    private static T Bind<T>(string typeName, string methodName)
        where T : Delegate
    {
        MethodInfo target = Library.GetType(typeName, throwOnError: true)!.GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            ?? throw new MissingMethodException(typeName, methodName);
        Type[] parameters = typeof(T).GetMethod("Invoke")!.GetParameters().Select(p => p.ParameterType).ToArray();
        var method = new DynamicMethod(methodName, typeof(void), parameters, Library.ManifestModule, skipVisibility: true);
        ILGenerator il = method.GetILGenerator();
        for (short i = 0; i < parameters.Length; i++)
        {
            il.Emit(OpCodes.Ldarg, i);
        }

        il.Emit(OpCodes.Call, target);
        il.Emit(OpCodes.Ret);
        return (T)method.CreateDelegate(typeof(T));
    }

    /// <summary>Adds the GFLOP/s columns; a short job (1 launch, 5 warm-ups, 15 iterations) keeps the 49 cases near 15 minutes.</summary>
    private sealed class GemmConfig : ManualConfig
    {
        public GemmConfig()
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(15));
            AddColumn(StatisticColumn.Median, StatisticColumn.Min, new GflopsColumn(best: false), new GflopsColumn(best: true));
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
