using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using TinyNets.Benchmarks.Peers;

namespace TinyNets.Benchmarks;

/// <summary>
/// Loading delimited numeric text into a features × samples matrix of doubles (and the 1 × samples targets):
/// TinyNets' <c>DelimitedFile.Load</c> (baseline), Sep 0.18.0 and Sylvan.Data.Csv 1.4.4 (<see cref="DelimitedLoaders"/>).
/// Workloads: the shipped datasets (airfoil, tab-separated; iris, with its class labels; optdigits.tra), a seeded
/// comma-separated file of numbers of about 100 MB, and a 50 MiB file of one line <c>1,1,…</c> (26 M fields) that only
/// TinyNets reads: Sep refuses rows over 16 M characters and Sylvan does not finish, so their cases are skipped with a
/// message. The generated files are written in the setup into a temporary folder and deleted in the cleanup. In the
/// dry job (CI) the two generated workloads are skipped (their setup takes seconds); the self-check
/// (<c>-- check</c>) compares the three loaders bit for bit on the shipped files and a small generated file.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(DelimitedLoadConfig))]
public class DelimitedLoadBenchmarks
{
    private DelimitedWorkload _workload = null!;
    private string? _folder;

    /// <summary>The workload: a key of <see cref="DelimitedWorkloads.Names"/>.</summary>
    [ParamsSource(nameof(WorkloadNames))]
    public string Workload { get; set; } = "";

    /// <summary>The workloads' names.</summary>
    public static IEnumerable<string> WorkloadNames => DelimitedWorkloads.Names;

    /// <summary>Finds the shipped file, or writes the generated one into a new temporary folder.</summary>
    [GlobalSetup]
    public void Setup()
    {
        if (DelimitedWorkloads.IsGenerated(Workload))
        {
            _folder = Directory.CreateTempSubdirectory("tinynets-delimited-").FullName;
        }

        _workload = DelimitedWorkloads.Prepare(Workload, _folder);
    }

    /// <summary>Deletes the generated file and its folder.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        if (_folder is not null && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>TinyNets: <c>DelimitedFile.Load</c>.</summary>
    [Benchmark(Baseline = true)]
    public LoadedMatrices TinyNets_Load() => DelimitedLoaders.TinyNets(_workload);

    /// <summary>Sep: <c>Sep.Reader</c>, <c>Parse&lt;double&gt;()</c> per field.</summary>
    [Benchmark]
    public LoadedMatrices Sep_Load() => DelimitedLoaders.Sep(_workload);

    /// <summary>Sylvan.Data.Csv: <c>CsvDataReader</c>, <c>GetDouble</c> per field.</summary>
    [Benchmark]
    public LoadedMatrices Sylvan_Load() => DelimitedLoaders.Sylvan(_workload);

    /// <summary>
    /// A short job (1 launch, 2 warm-ups, 5 iterations; a 100 MB load takes seconds), as the class's default job, so a
    /// job given on the command line (<c>--job Dry</c>, as in CI) replaces it; and the filter of the cases that cannot run.
    /// </summary>
    private sealed class DelimitedLoadConfig : ManualConfig
    {
        private static readonly ConcurrentDictionary<string, bool> Told = new();

        public DelimitedLoadConfig()
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5).AsDefault());
            AddFilter(new SimpleFilter(Allows));
        }

        private static bool Allows(BenchmarkCase benchmark)
        {
            string workload = (string)benchmark.Parameters["Workload"];
            string method = benchmark.Descriptor.WorkloadMethod.Name;
            if (DelimitedWorkloads.IsGenerated(workload) && IsDry(benchmark.Job))
            {
                Tell("dry " + workload, $"// Skipping the {workload} workload of DelimitedLoadBenchmarks in the dry job (its file takes seconds to write and read; the self-check reads a small generated file)");
                return false;
            }

            if (workload == DelimitedWorkloads.OneLine && !method.StartsWith("TinyNets_", StringComparison.Ordinal))
            {
                string peer = method[..method.IndexOf('_', StringComparison.Ordinal)];
                Tell(peer, $"// Skipping the {peer} benchmark of the {workload} workload: {DelimitedWorkloads.OneLineRefusal(peer)}");
                return false;
            }

            return true;
        }

        private static bool IsDry(Job job) =>
            job.Run.HasValue(RunMode.RunStrategyCharacteristic) && job.Run.RunStrategy == RunStrategy.ColdStart
            && job.Run.HasValue(RunMode.IterationCountCharacteristic) && job.Run.IterationCount == 1;

        private static void Tell(string key, string message)
        {
            if (Told.TryAdd(key, true))
            {
                Console.WriteLine(message);
            }
        }
    }
}

/// <summary>The workloads of <see cref="DelimitedLoadBenchmarks"/>: the shipped datasets and two generated files.</summary>
public static class DelimitedWorkloads
{
    /// <summary>The seeded comma-separated file of numbers (about 100 MB).</summary>
    public const string Numbers = "numbers-100MB";

    /// <summary>The file of one line <c>1,1,…</c> (50 MiB, 26 214 400 fields).</summary>
    public const string OneLine = "one-line-50MB";

    /// <summary>Size of <see cref="Numbers"/> in bytes (at least; it ends with a whole line).</summary>
    public const long NumbersBytes = 100_000_000;

    /// <summary>Size of <see cref="OneLine"/> in bytes.</summary>
    public const long OneLineBytes = 50L << 20;

    /// <summary>Columns of the generated numbers file (11 features and a target).</summary>
    public const int NumbersColumns = 12;

    /// <summary>Seed of the generated numbers.</summary>
    public const int Seed = 1;

    /// <summary>The workloads, small to large.</summary>
    public static IReadOnlyList<string> Names { get; } = ["iris", "airfoil", "optdigits", Numbers, OneLine];

    /// <summary>Whether the workload's file is generated in the setup.</summary>
    public static bool IsGenerated(string name) => name is Numbers or OneLine;

    /// <summary>What Sep or Sylvan does with the one-line file (why its case is skipped).</summary>
    public static string OneLineRefusal(string peer) => peer switch
    {
        "Sep" => "Sep 0.18.0 refuses a row of more than 16 M characters (it throws; the line has 52 M)",
        "Sylvan" => "Sylvan.Data.Csv 1.4.4 refuses the row with its default MaxBufferSize (CsvRecordTooLargeException), and with MaxBufferSize raised to 128 M characters did not finish in 2 minutes",
        _ => "not measured",
    };

    /// <summary>The shipped datasets as <see cref="DelimitedWorkload"/>s (the name and the workload).</summary>
    public static IEnumerable<(string Name, DelimitedWorkload Workload)> Shipped()
    {
        string data = DataFolder();
        yield return ("iris", new DelimitedWorkload(Path.Combine(data, "iris", "iris.data"), ',', LabelColumn: 4));
        yield return ("airfoil", new DelimitedWorkload(Path.Combine(data, "airfoil", "airfoil_self_noise.dat"), '\t'));
        yield return ("optdigits", new DelimitedWorkload(Path.Combine(data, "optdigits", "optdigits.tra"), ','));
    }

    /// <summary>The workload <paramref name="name"/>; a generated one is written into <paramref name="folder"/>.</summary>
    public static DelimitedWorkload Prepare(string name, string? folder)
    {
        switch (name)
        {
            case Numbers:
                string numbers = Path.Combine(folder!, "numbers.csv");
                WriteNumbers(numbers, NumbersBytes, Seed);
                return new DelimitedWorkload(numbers, ',');
            case OneLine:
                string oneLine = Path.Combine(folder!, "one-line.csv");
                WriteOneLine(oneLine, OneLineBytes);
                return new DelimitedWorkload(oneLine, ',');
            default:
                foreach ((string shipped, DelimitedWorkload workload) in Shipped())
                {
                    if (shipped == name)
                    {
                        return workload;
                    }
                }

                throw new ArgumentException($"Unknown workload '{name}'.", nameof(name));
        }
    }

    /// <summary>
    /// Writes lines of <see cref="NumbersColumns"/> seeded numbers until the file holds at least <paramref name="bytes"/>:
    /// by column, integers in [−1000, 1000], numbers with three decimals, and shortest round-trip doubles of
    /// magnitudes 1e−6 … 1e6 (some written with an exponent).
    /// </summary>
    public static void WriteNumbers(string path, long bytes, int seed)
    {
        var random = new Random(seed);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        Span<char> buffer = stackalloc char[64];
        long written = 0;
        while (written < bytes)
        {
            for (int column = 0; column < NumbersColumns; column++)
            {
                double value = (column % 3) switch
                {
                    0 => random.Next(-1000, 1001),
                    1 => random.Next(-1_000_000, 1_000_001) / 1000.0,
                    _ => ((2 * random.NextDouble()) - 1) * Math.Pow(10, random.Next(-6, 7)),
                };
                value.TryFormat(buffer, out int length, "R", CultureInfo.InvariantCulture);
                writer.Write(buffer[..length]);
                writer.Write(column == NumbersColumns - 1 ? '\n' : ',');
                written += length + 1;
            }
        }
    }

    /// <summary>Writes one line <c>1,1,…,1</c> and its line end, <paramref name="bytes"/> in all.</summary>
    public static void WriteOneLine(string path, long bytes)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        char[] block = new char[1 << 16];
        for (int i = 0; i < block.Length; i += 2)
        {
            block[i] = '1';
            block[i + 1] = ',';
        }

        long left = bytes - 2; // the last "1\n"
        while (left > 0)
        {
            int count = (int)Math.Min(left, block.Length);
            writer.Write(block, 0, count);
            left -= count;
        }

        writer.Write("1\n");
    }

    /// <summary>The repository's samples/data folder, found upwards from the program (BenchmarkDotNet runs a copy under bin/).</summary>
    public static string DataFolder()
    {
        for (DirectoryInfo? folder = new(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string data = Path.Combine(folder.FullName, "samples", "data");
            if (Directory.Exists(Path.Combine(data, "iris")))
            {
                return data;
            }
        }

        throw new DirectoryNotFoundException($"samples/data was not found above {AppContext.BaseDirectory}.");
    }
}
