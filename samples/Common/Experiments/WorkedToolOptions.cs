using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TinyNets.WorkedSolutions;

namespace TinyNets.Samples.Experiments;

/// <summary>A command-line error: the option it concerns and a message naming what was expected and what was given.</summary>
public sealed class WorkedToolException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="option">The option, such as <c>--widths</c>.</param>
    /// <param name="detail">What was expected and what was given.</param>
    public WorkedToolException(string option, string detail)
        : base($"{option}: {detail}")
    {
        Option = option;
    }

    /// <summary>Creates the error with the exception that caused it.</summary>
    /// <param name="option">The option.</param>
    /// <param name="detail">What was expected and what was given.</param>
    /// <param name="inner">The cause.</param>
    public WorkedToolException(string option, string detail, Exception inner)
        : base($"{option}: {detail}", inner)
    {
        Option = option;
    }

    /// <summary>The option the error concerns.</summary>
    public string Option { get; }
}

/// <summary>The activation after a <c>Linear</c> layer of a network given on the command line.</summary>
public enum ActivationChoice
{
    /// <summary>No activation layer.</summary>
    None,

    /// <summary><c>ReLU</c>.</summary>
    ReLU,

    /// <summary><c>LeakyReLU</c> with its default slope 0.01.</summary>
    LeakyReLU,

    /// <summary><c>Sigmoid</c>.</summary>
    Sigmoid,

    /// <summary><c>Tanh</c>.</summary>
    Tanh,

    /// <summary><c>Identity</c>.</summary>
    Identity,

    /// <summary><c>Softplus</c> with PyTorch's defaults (β = 1, threshold 20).</summary>
    Softplus,
}

/// <summary>The losses a worked solution covers, by their command-line names.</summary>
public enum LossChoice
{
    /// <summary><c>new MseLoss()</c>: the mean of the squared errors.</summary>
    Mse,

    /// <summary><c>MseLoss.Sse()</c>: Σ (ŷ − y)².</summary>
    Sse,

    /// <summary><c>MseLoss.HalfSse()</c>: ½ Σ (ŷ − y)².</summary>
    HalfSse,

    /// <summary><c>MseLoss.HalfMse()</c>: 1/(2N) Σ (ŷ − y)².</summary>
    HalfMse,

    /// <summary><c>SoftplusLoss</c>: ln(1 + exp((1 − 2y)·ŷ)), sheet 004's loss.</summary>
    Softplus,

    /// <summary><c>BceWithLogitsLoss</c>: binary cross-entropy on a logit.</summary>
    Bce,
}

/// <summary>A parameter's value given as <c>--param NAME=ROWS</c>.</summary>
/// <param name="Name">The state_dict name, such as <c>0.weight</c>.</param>
/// <param name="Rows">The rows, each a list of entries (a bias may be one row or one column).</param>
public sealed record ParameterText(string Name, IReadOnlyList<IReadOnlyList<double>> Rows);

/// <summary>The entry <c>--entry NAME[i,j]</c> names, with its indices as written (in the <c>--index-base</c>).</summary>
/// <param name="Name">The state_dict name.</param>
/// <param name="Row">The row (a bias's index) as written.</param>
/// <param name="Column">The column as written; null when one index was written.</param>
public sealed record EntryText(string Name, int Row, int? Column);

/// <summary>The settings of the worked-solutions tool, read from the command line by <see cref="Parse"/>.</summary>
public sealed record WorkedToolOptions
{
    /// <summary>The default widths of an exercise's network.</summary>
    public static IReadOnlyList<int> DefaultExerciseWidths { get; } = [2, 2, 1];

    /// <summary>The default seed (parameters not given, exercises).</summary>
    public const ulong DefaultSeed = 1;

    /// <summary>The default learning rate.</summary>
    public const double DefaultLearningRate = 0.1;

    /// <summary>--help was given.</summary>
    public bool Help { get; init; }

    /// <summary>--widths: the input width, then each Linear layer's output width.</summary>
    public IReadOnlyList<int>? Widths { get; init; }

    /// <summary>--activations: one per Linear layer.</summary>
    public IReadOnlyList<ActivationChoice>? Activations { get; init; }

    /// <summary>--seed.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Every --param, in order.</summary>
    public IReadOnlyList<ParameterText> Parameters { get; init; } = [];

    /// <summary>--model: a model file to read the network from.</summary>
    public string? ModelPath { get; init; }

    /// <summary>--input.</summary>
    public IReadOnlyList<double>? Input { get; init; }

    /// <summary>--target.</summary>
    public IReadOnlyList<double>? Target { get; init; }

    /// <summary>--loss.</summary>
    public LossChoice Loss { get; init; } = LossChoice.Mse;

    /// <summary>--lr.</summary>
    public double LearningRate { get; init; } = DefaultLearningRate;

    /// <summary>--entry; null for the first weight of the first Linear layer, entry [0,0].</summary>
    public EntryText? Entry { get; init; }

    /// <summary>--format.</summary>
    public WorkedFormat Format { get; init; } = WorkedFormat.Text;

    /// <summary>--decimals or --digits; exact by default.</summary>
    public WorkedNumberFormat NumberFormat { get; init; } = WorkedNumberFormat.Exact;

    /// <summary>--index-base: 0 or 1.</summary>
    public int IndexBase { get; init; }

    /// <summary>--names: per layer, its output's name and for a Linear layer its weight's and bias's
    /// (<c>z:W¹:b¹,h,ŷ:W²:b²</c>); null for the defaults.</summary>
    public IReadOnlyList<LayerNotation>? Names { get; init; }

    /// <summary>--symbols: the names of the input, the target and the loss (<c>x,y,L</c> by default).</summary>
    public IReadOnlyList<string>? Symbols { get; init; }

    /// <summary>--out: the file to write; null for standard output.</summary>
    public string? OutPath { get; init; }

    /// <summary>--title.</summary>
    public string? Title { get; init; }

    /// <summary>--exercise.</summary>
    public bool Exercise { get; init; }

    /// <summary>--nice-decimals: 1 (multiples of 0.1) or 2 (multiples of 0.01).</summary>
    public int NiceDecimals { get; init; } = 1;

    /// <summary>--out-dir: where an exercise and its solution are written; null for the current directory.</summary>
    public string? OutDirectory { get; init; }

    private static readonly string[] ValueOptions =
    [
        "--widths", "--activations", "--seed", "--param", "--model", "--input", "--target", "--loss", "--lr", "--entry",
        "--format", "--decimals", "--digits", "--index-base", "--out", "--title", "--nice-decimals", "--out-dir",
        "--names", "--symbols",
    ];

    private static readonly Dictionary<string, ActivationChoice> ActivationNames = new(StringComparer.Ordinal)
    {
        ["none"] = ActivationChoice.None,
        ["relu"] = ActivationChoice.ReLU,
        ["leakyrelu"] = ActivationChoice.LeakyReLU,
        ["sigmoid"] = ActivationChoice.Sigmoid,
        ["tanh"] = ActivationChoice.Tanh,
        ["identity"] = ActivationChoice.Identity,
        ["softplus"] = ActivationChoice.Softplus,
    };

    private static readonly Dictionary<string, LossChoice> LossNames = new(StringComparer.Ordinal)
    {
        ["mse"] = LossChoice.Mse,
        ["sse"] = LossChoice.Sse,
        ["halfsse"] = LossChoice.HalfSse,
        ["halfmse"] = LossChoice.HalfMse,
        ["softplus"] = LossChoice.Softplus,
        ["bce"] = LossChoice.Bce,
    };

    private static readonly Dictionary<string, WorkedFormat> FormatNames = new(StringComparer.Ordinal)
    {
        ["text"] = WorkedFormat.Text,
        ["markdown"] = WorkedFormat.Markdown,
        ["latex"] = WorkedFormat.Latex,
        ["latex-document"] = WorkedFormat.LatexDocument,
    };

    /// <summary>Reads the command line. Every option with a value takes the next argument (so <c>--target -1</c>
    /// works); an option given twice, an unknown option, a missing or malformed value, or options that do not go
    /// together are refused.</summary>
    /// <param name="args">The arguments after <c>--</c>.</param>
    /// <returns>The settings (with <see cref="Help"/> set when --help or -h was given; the rest is then not read).</returns>
    /// <exception cref="WorkedToolException">Anything wrong, naming the option, what was expected and what was given.</exception>
    public static WorkedToolOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Any(a => a is "--help" or "-h"))
        {
            return new WorkedToolOptions { Help = true };
        }

        var options = new WorkedToolOptions();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var parameters = new List<ParameterText>();
        int? decimals = null, digits = null;
        for (int i = 0; i < args.Count; i++)
        {
            string option = args[i];
            if (option == "--exercise")
            {
                Once(seen, option);
                options = options with { Exercise = true };
                continue;
            }

            if (!ValueOptions.Contains(option))
            {
                throw new WorkedToolException(option, $"unknown option; the options are {string.Join(", ", ValueOptions.Append("--exercise").Append("--help"))}");
            }

            if (option != "--param")
            {
                Once(seen, option);
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                throw new WorkedToolException(option, "a value was expected; none was given");
            }

            string value = args[++i];
            options = option switch
            {
                "--widths" => options with { Widths = ParseWidths(option, value) },
                "--activations" => options with { Activations = ParseList(option, value).Select(a => Choice(option, a, ActivationNames)).ToArray() },
                "--seed" => options with { Seed = ParseSeed(option, value) },
                "--model" => options with { ModelPath = NonEmpty(option, value, "a file path") },
                "--input" => options with { Input = ParseNumbers(option, value) },
                "--target" => options with { Target = ParseNumbers(option, value) },
                "--loss" => options with { Loss = Choice(option, value, LossNames) },
                "--lr" => options with { LearningRate = ParseLearningRate(option, value) },
                "--entry" => options with { Entry = ParseEntry(option, value) },
                "--format" => options with { Format = Choice(option, value, FormatNames) },
                "--index-base" => options with { IndexBase = ParseInteger(option, value, 0, 1) },
                "--names" => options with { Names = ParseNames(option, value) },
                "--symbols" => options with { Symbols = ParseSymbols(option, value) },
                "--out" => options with { OutPath = NonEmpty(option, value, "a file path") },
                "--title" => options with { Title = NonEmpty(option, value, "a title") },
                "--nice-decimals" => options with { NiceDecimals = ParseInteger(option, value, 1, 2) },
                "--out-dir" => options with { OutDirectory = NonEmpty(option, value, "a directory path") },
                _ => options,
            };
            switch (option)
            {
                case "--param":
                    ParameterText parameter = ParseParameter(option, value);
                    if (parameters.Any(p => p.Name == parameter.Name))
                    {
                        throw new WorkedToolException(option, $"each parameter once was expected; \"{parameter.Name}\" was given twice");
                    }

                    parameters.Add(parameter);
                    break;
                case "--decimals":
                    decimals = ParseInteger(option, value, 0, 15);
                    break;
                case "--digits":
                    digits = ParseInteger(option, value, 1, 17);
                    break;
            }
        }

        if (decimals is not null && digits is not null)
        {
            throw new WorkedToolException("--digits", "either --decimals or --digits was expected; both were given");
        }

        options = options with
        {
            Parameters = parameters,
            // An exercise's nice numbers stay nice in its solution (0.41, not 0.41000000000000014) unless asked otherwise.
            NumberFormat = decimals is int d ? WorkedNumberFormat.Fixed(d)
                : digits is int g ? WorkedNumberFormat.Significant(g)
                : options.Exercise ? WorkedNumberFormat.Significant(ExerciseDigits) : WorkedNumberFormat.Exact,
        };
        CheckCombination(options, seen);
        return options;
    }

    /// <summary>The significant digits of an exercise's numbers unless --decimals or --digits says otherwise.</summary>
    public const int ExerciseDigits = 6;

    private static void CheckCombination(WorkedToolOptions options, HashSet<string> seen)
    {
        if (options.Exercise)
        {
            foreach (string option in new[] { "--model", "--out" })
            {
                if (seen.Contains(option))
                {
                    throw new WorkedToolException(option, $"not with --exercise (an exercise draws its network and writes two files into --out-dir); {option} was given");
                }
            }

            if (options.Parameters.Count > 0)
            {
                throw new WorkedToolException("--param", "not with --exercise (an exercise draws every parameter); --param was given");
            }
        }
        else
        {
            foreach (string option in new[] { "--nice-decimals", "--out-dir" })
            {
                if (seen.Contains(option))
                {
                    throw new WorkedToolException(option, $"only with --exercise; {option} was given without it");
                }
            }
        }

        if (options.ModelPath is not null)
        {
            foreach (string option in new[] { "--widths", "--activations", "--seed" })
            {
                if (seen.Contains(option))
                {
                    throw new WorkedToolException(option, $"not with --model (the model file gives the network and its parameters; --param may change some); {option} was given");
                }
            }
        }

        if (options.Widths is { } widths && options.Activations is { } activations && activations.Count != widths.Count - 1)
        {
            throw new WorkedToolException(
                "--activations",
                $"{Count(widths.Count - 1, "activation")} (one per Linear layer of --widths {string.Join(",", widths)}) {Were(widths.Count - 1)} expected; {activations.Count.ToString(CultureInfo.InvariantCulture)} {Were(activations.Count)} given");
        }
    }

    private static void Once(HashSet<string> seen, string option)
    {
        if (!seen.Add(option))
        {
            throw new WorkedToolException(option, "the option once was expected; it was given twice");
        }
    }

    private static string NonEmpty(string option, string value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new WorkedToolException(option, $"{what} was expected; an empty value was given") : value;

    private static T Choice<T>(string option, string value, Dictionary<string, T> names) =>
        names.TryGetValue(value, out T? choice)
            ? choice
            : throw new WorkedToolException(option, $"one of {string.Join(", ", names.Keys)} was expected; '{value}' was given");

    private static string[] ParseList(string option, string value)
    {
        string[] items = value.Split(',');
        if (items.Any(string.IsNullOrWhiteSpace))
        {
            throw new WorkedToolException(option, $"a comma-separated list without empty items was expected; '{value}' was given");
        }

        return items.Select(s => s.Trim()).ToArray();
    }

    // z:W¹:b¹,h,ŷ:W²:b² → one LayerNotation per layer (a weight and bias name only where given).
    private static LayerNotation[] ParseNames(string option, string value) =>
        ParseList(option, value).Select(item =>
        {
            string[] parts = item.Split(':');
            if (parts.Length > 3 || parts.Any(string.IsNullOrWhiteSpace))
            {
                throw new WorkedToolException(
                    option, $"per layer OUTPUT or OUTPUT:WEIGHT:BIAS (e.g. z:W¹:b¹,h,ŷ:W²:b²) was expected; '{item}' was given");
            }

            return new LayerNotation(parts[0], parts.Length > 1 ? parts[1] : null, parts.Length > 2 ? parts[2] : null);
        }).ToArray();

    private static string[] ParseSymbols(string option, string value)
    {
        string[] symbols = ParseList(option, value);
        return symbols.Length == 3
            ? symbols
            : throw new WorkedToolException(option, $"three names, of the input, the target and the loss (e.g. x,y,L), were expected; '{value}' was given");
    }

    private static int[] ParseWidths(string option, string value)
    {
        string[] items = ParseList(option, value);
        var widths = new int[items.Length];
        for (int i = 0; i < items.Length; i++)
        {
            if (!int.TryParse(items[i], NumberStyles.None, CultureInfo.InvariantCulture, out widths[i]) || widths[i] < 1 || widths[i] > 1000)
            {
                throw new WorkedToolException(option, $"positive integers up to 1000 (the input width, then each Linear layer's output width) were expected; '{items[i]}' was given in '{value}'");
            }
        }

        if (widths.Length < 2)
        {
            throw new WorkedToolException(option, $"at least two widths (the input width and one Linear layer's output width) were expected; '{value}' was given");
        }

        return widths;
    }

    private static ulong ParseSeed(string option, string value) =>
        ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed)
            ? seed
            : throw new WorkedToolException(option, $"a non-negative integer was expected; '{value}' was given");

    private static int ParseInteger(string option, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max
            ? n
            : throw new WorkedToolException(option, Invariant($"an integer from {min} to {max} was expected; '{value}' was given"));

    private static double ParseNumber(string option, string item, string value)
    {
        if (!double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || !double.IsFinite(number))
        {
            string where = item == value ? string.Empty : $" in '{value}'";
            throw new WorkedToolException(option, $"finite numbers in invariant culture (1.5, -2e-3) were expected; '{item}' was given{where}");
        }

        return number;
    }

    private static double[] ParseNumbers(string option, string value) =>
        ParseList(option, value).Select(item => ParseNumber(option, item, value)).ToArray();

    private static double ParseLearningRate(string option, string value)
    {
        double rate = ParseNumber(option, value, value);
        return rate >= 0 ? rate : throw new WorkedToolException(option, $"a finite learning rate ≥ 0 was expected; '{value}' was given");
    }

    private static ParameterText ParseParameter(string option, string value)
    {
        int equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == value.Length - 1)
        {
            throw new WorkedToolException(option, $"NAME=ROWS (such as 0.weight=0.2,0.4;0.8,0.1) was expected; '{value}' was given");
        }

        string name = value[..equals].Trim();
        string rowsText = value[(equals + 1)..];
        var rows = new List<IReadOnlyList<double>>();
        foreach (string row in rowsText.Split(';'))
        {
            rows.Add(ParseNumbers($"{option} {name}", row));
        }

        return new ParameterText(name, rows);
    }

    private static EntryText ParseEntry(string option, string value)
    {
        int open = value.IndexOf('[', StringComparison.Ordinal);
        string expected = $"NAME[ROW,COLUMN] or, for a bias, NAME[INDEX] (such as 0.weight[0,1]) was expected; '{value}' was given";
        if (open <= 0 || !value.EndsWith(']'))
        {
            throw new WorkedToolException(option, expected);
        }

        string[] indices = value[(open + 1)..^1].Split(',');
        var parsed = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            if (!int.TryParse(indices[i].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out parsed[i]))
            {
                throw new WorkedToolException(option, expected);
            }
        }

        return parsed.Length switch
        {
            1 => new EntryText(value[..open], parsed[0], null),
            2 => new EntryText(value[..open], parsed[0], parsed[1]),
            _ => throw new WorkedToolException(option, expected),
        };
    }

    /// <summary>"1 value", "3 values".</summary>
    internal static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");

    /// <summary>"was" for one, "were" for any other count.</summary>
    internal static string Were(int n) => n == 1 ? "was" : "were";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
