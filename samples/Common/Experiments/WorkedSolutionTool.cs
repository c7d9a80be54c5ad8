using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Initialization;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Parameters;
using TinyNets.Serialization;
using TinyNets.WorkedSolutions;

namespace TinyNets.Samples.Experiments;

/// <summary>An exercise drawn with "nice" numbers and its solution.</summary>
/// <param name="Network">The drawn network (its parameters as drawn).</param>
/// <param name="Solution">The worked solution of the drawn sample.</param>
/// <param name="Seed">The seed it was drawn from.</param>
/// <param name="Draws">How many draws it took to reach an entry whose gradient is not zero.</param>
/// <param name="ExerciseText">The exercise (<see cref="WorkedSolution.WriteExercise"/>, with its title).</param>
/// <param name="SolutionText">The solution (<see cref="WorkedSolution.Write"/>, with its title).</param>
/// <param name="Extension">The files' extension: txt, md or tex.</param>
public sealed record WorkedExercise(
    Sequential Network, WorkedSolution Solution, ulong Seed, int Draws, string ExerciseText, string SolutionText, string Extension);

/// <summary>
/// The worked-solutions command-line tool (samples/WorkedSolutions): a network from the command line or a model file,
/// one sample, a loss and a learning rate in; the worked solution (forward pass, loss, backward pass, chain rule for one
/// entry, SGD step) out as text, Markdown or LaTeX. With <c>--exercise</c> it draws a small network with nice numbers
/// and writes an exercise and its solution. Everything is read in invariant culture.
/// </summary>
public static class WorkedSolutionTool
{
    /// <summary>How many networks an exercise draws at most to find one whose chosen entry has a non-zero gradient.</summary>
    public const int MaxExerciseDraws = 100;

    /// <summary>The help text.</summary>
    public static string Usage =>
        """
        usage: dotnet run --project samples/WorkedSolutions -- [options]

        Writes the worked solution of one sample: the forward pass, the loss, the backward pass (δ of every layer), the
        chain rule for one parameter entry and one SGD step. Numbers are read and written in invariant culture (1.5, -2e-3).

        The network
          --widths 2,3,1         the input width, then each Linear layer's output width
          --activations relu,none
                                 one per Linear layer, placed after it: relu, leakyrelu (slope 0.01), sigmoid, tanh,
                                 identity, softplus, or none (no activation layer); default relu for every hidden layer
                                 and identity after the last
          --seed N               parameters not given with --param come from Sequential.Initialize(N): the network's
                                 own seeded initialisation (PyTorch's default, U(-1/sqrt(fan_in), 1/sqrt(fan_in)));
                                 default 1
          --param NAME=ROWS      a parameter's value, rows separated by ';', entries by ',' (quote it in the shell):
                                 --param '0.weight=0.2,0.4;0.8,0.1;2,0.5' --param 0.bias=1,1,-4 (a bias is one row or
                                 one column); repeat for each parameter
          --model FILE           read the network from a model file (ModelFile.Save) instead of --widths,
                                 --activations and --seed; --param may still change parameters

        The sample and the step
          --input 1,2            the sample's features
          --target -1            the target, one value per output
          --loss NAME            mse (mean, default), sse, halfsse (½Σ), halfmse (1/(2N)Σ), softplus (sheet 004's
                                 ln(1 + exp((1 − 2y)·ŷ))), bce (binary cross-entropy on a logit, targets in [0, 1])
          --lr X                 the learning rate η of the SGD step, ≥ 0 (default 0.1)
          --entry NAME[i,j]      the parameter entry the chain rule and the update follow, in the --index-base
                                 (a bias: NAME[i]); default the first Linear layer's weight, first row and column

        The output
          --format F             text (default), markdown (TeX math), latex (an amsmath fragment), latex-document
          --decimals N           numbers with N decimals (0 to 15)
          --digits N             numbers with N significant digits (1 to 17); default: exact (round-trip) numbers,
                                 which show binary rounding as it is (0.2·0.2 − 0.3·0.9 − 0.7 = −0.9299999999999999)
          --index-base 0|1       the first index of vectors and matrices (default 0)
          --names N,N,…          per layer, its output's name, for a Linear layer OUTPUT:WEIGHT:BIAS (sheet 004:
                                 z:W¹:b¹,h,ŷ:W²:b²); default z0, a1, … and the state_dict names (0.weight, 0.bias)
          --symbols X,Y,L        the names of the input, the target and the loss (default x,y,L)
          --out FILE             write to FILE instead of standard output
          --title T              a title above the solution

        Exercise mode
          --exercise             draw a small network with nice numbers and write an exercise and its solution
          --nice-decimals 1|2    every weight, bias, input and regression target is a multiple of 0.1 (1, default) or
                                 0.01 (2) in [-1, 1]; weights and inputs are not 0. The network is redrawn (up to 100
                                 times) until the chosen entry's gradient is not 0
          --seed N               the draw's seed (default 1): the same seed writes the same files
          --widths, --activations, --loss, --lr, --entry, --format, --decimals, --digits, --index-base as above
                                 (default widths 2,2,1; numbers with 6 significant digits); --input and --target replace the drawn ones; targets of
                                 softplus and bce are a class 0 or 1 (for y in {0, 1} both are binary cross-entropy)
          --out-dir DIR          write DIR/exercise.EXT and DIR/solution.EXT (txt, md or tex; default the current
                                 directory), titled "Exercise (seed N)" and "Exercise (seed N): solution", or "T"
                                 and "T: solution" with --title T

          --help                 show this message

        Examples (sheet 004, then an exercise as LaTeX documents):
          dotnet run --project samples/WorkedSolutions -- --widths 2,3,1 --activations relu,none \
            --param '0.weight=0.2,0.4;0.8,0.1;2,0.5' --param 0.bias=1,1,-4 --param 2.weight=0.5,-1,0 --param 2.bias=3 \
            --input 1,2 --target -1 --loss softplus --lr 0.1 --entry '0.weight[0,1]'
          dotnet run --project samples/WorkedSolutions -- --exercise --seed 7 --format latex-document --out-dir exercise7

        Errors name the option, what was expected and what was given, and exit with code 2.
        """;

    /// <summary>Runs the tool: reads the arguments, writes the solution (or the exercise's two files) and reports
    /// errors as one line on <paramref name="error"/>.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Standard output: the solution, the help or the files written.</param>
    /// <param name="error">Standard error: one line per error.</param>
    /// <returns>0 on success and for --help, 2 for an error of the arguments or their files.</returns>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            WorkedToolOptions options = WorkedToolOptions.Parse(args);
            if (options.Help)
            {
                output.Write(Usage.Replace("\r\n", "\n", StringComparison.Ordinal));
                output.Write('\n');
                return 0;
            }

            if (options.Exercise)
            {
                WorkedExercise exercise = CreateExercise(options);
                string directory = options.OutDirectory ?? ".";
                string exercisePath = Path.Combine(directory, "exercise." + exercise.Extension);
                string solutionPath = Path.Combine(directory, "solution." + exercise.Extension);
                WriteFile("--out-dir", exercisePath, exercise.ExerciseText, createDirectory: true);
                WriteFile("--out-dir", solutionPath, exercise.SolutionText, createDirectory: true);
                output.WriteLine($"wrote {exercisePath} and {solutionPath} (seed {exercise.Seed.ToString(CultureInfo.InvariantCulture)})");
                return 0;
            }

            WorkedSolution solution = CreateSolution(options);
            string text = solution.Write(options.Format, new WorkedTextOptions { NumberFormat = options.NumberFormat }, options.Title);
            if (options.OutPath is null)
            {
                output.Write(text);
            }
            else
            {
                WriteFile("--out", options.OutPath, text, createDirectory: false);
            }

            return 0;
        }
        catch (WorkedToolException e)
        {
            error.WriteLine($"error: {e.Message} (see --help)");
            return 2;
        }
    }

    /// <summary>The network the options describe: read from --model, or built from --widths and --activations with
    /// Sequential.Initialize(--seed); then every --param is set.</summary>
    /// <param name="options">The options (not an exercise).</param>
    /// <returns>The network.</returns>
    /// <exception cref="WorkedToolException">A missing --widths, a model file that cannot be read or has a layer worked
    /// solutions do not cover, or a --param of an unknown name or the wrong shape.</exception>
    public static Sequential CreateNetwork(WorkedToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Sequential network;
        if (options.ModelPath is { } path)
        {
            network = LoadModel(path);
        }
        else
        {
            IReadOnlyList<int> widths = options.Widths
                ?? throw new WorkedToolException("--widths", "the network's widths (such as 2,3,1), or --model FILE, were expected; neither was given");
            network = Build(widths, options.Activations ?? DefaultActivations(widths.Count - 1))
                .Initialize(options.Seed ?? WorkedToolOptions.DefaultSeed, Initializer.PyTorchDefault);
        }

        foreach (ParameterText parameter in options.Parameters)
        {
            SetParameter(network, parameter);
        }

        return network;
    }

    /// <summary>The worked solution the options ask for (not an exercise).</summary>
    /// <param name="options">The options.</param>
    /// <returns>The solution.</returns>
    /// <exception cref="WorkedToolException">Anything wrong with the options, naming the option.</exception>
    public static WorkedSolution CreateSolution(WorkedToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Exercise)
        {
            throw new ArgumentException("Options of --exercise were given; use CreateExercise.", nameof(options));
        }

        Sequential network = CreateNetwork(options);
        double[] input = (options.Input ?? throw new WorkedToolException("--input", "the sample's features (such as 1,2) were expected; none were given")).ToArray();
        double[] target = (options.Target ?? throw new WorkedToolException("--target", "the sample's target (such as -1) was expected; none was given")).ToArray();
        return Solve(network, input, target, options);
    }

    /// <summary>Draws an exercise: a network of --widths (default 2,2,1) and --activations (default relu, then
    /// identity) whose weights, biases and inputs are multiples of 0.1 (or 0.01 with --nice-decimals 2) in [−1, 1],
    /// weights and inputs not 0, from one generator seeded with --seed (default 1); a regression target on the same
    /// grid, a class 0 or 1 for softplus and bce. The draw is repeated (up to <see cref="MaxExerciseDraws"/> times) until
    /// the chosen entry's gradient is not 0. Then writes the exercise and its solution.</summary>
    /// <param name="options">The options (with --exercise).</param>
    /// <returns>The exercise.</returns>
    /// <exception cref="WorkedToolException">Anything wrong with the options, naming the option.</exception>
    public static WorkedExercise CreateExercise(WorkedToolOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<int> widths = options.Widths ?? WorkedToolOptions.DefaultExerciseWidths;
        IReadOnlyList<ActivationChoice> activations = options.Activations ?? DefaultActivations(widths.Count - 1);
        if (activations.Count != widths.Count - 1)
        {
            throw new WorkedToolException(
                "--activations",
                $"{WorkedToolOptions.Count(widths.Count - 1, "activation")} (one per Linear layer of the widths {string.Join(",", widths)}) {WorkedToolOptions.Were(widths.Count - 1)} expected; {activations.Count.ToString(CultureInfo.InvariantCulture)} {WorkedToolOptions.Were(activations.Count)} given");
        }

        ulong seed = options.Seed ?? WorkedToolOptions.DefaultSeed;
        int scale = options.NiceDecimals switch
        {
            1 => 10,
            2 => 100,
            _ => throw new WorkedToolException("--nice-decimals", Invariant($"1 or 2 was expected; {options.NiceDecimals} was given")),
        };
        var random = new SeededRandom(seed);
        Sequential network = Build(widths, activations);
        bool classes = options.Loss is LossChoice.Softplus or LossChoice.Bce;
        WorkedSolution? solution = null;
        int draws = 0;
        while (draws < MaxExerciseDraws)
        {
            draws++;
            for (int l = 0; l < network.Count; l++)
            {
                if (network[l] is Linear linear)
                {
                    var weight = new double[linear.OutFeatures, linear.InFeatures];
                    for (int i = 0; i < linear.OutFeatures; i++)
                    {
                        for (int j = 0; j < linear.InFeatures; j++)
                        {
                            weight[i, j] = NiceNonZero(random, scale);
                        }
                    }

                    network.SetParameter(Invariant($"{l}.weight"), weight);
                    network.SetParameter(Invariant($"{l}.bias"), Enumerable.Range(0, linear.OutFeatures).Select(_ => Nice(random, scale)).ToArray());
                }
            }

            double[] input = options.Input?.ToArray() ?? Enumerable.Range(0, widths[0]).Select(_ => NiceNonZero(random, scale)).ToArray();
            double[] target = options.Target?.ToArray()
                ?? Enumerable.Range(0, widths[^1]).Select(_ => classes ? random.NextInt32(2) : Nice(random, scale)).ToArray();
            solution = Solve(network, input, target, options);
            if (solution.Update.Gradient != 0)
            {
                break;
            }
        }

        string title = options.Title ?? Invariant($"Exercise (seed {seed})");
        var textOptions = new WorkedTextOptions { NumberFormat = options.NumberFormat };
        return new WorkedExercise(
            network, solution!, seed, draws,
            solution!.WriteExercise(options.Format, textOptions, title),
            solution.Write(options.Format, textOptions, title + ": solution"),
            Extension(options.Format));
    }

    /// <summary>The loss a command-line name stands for.</summary>
    /// <param name="choice">The choice.</param>
    /// <returns>A new loss.</returns>
    public static Loss CreateLoss(LossChoice choice) => choice switch
    {
        LossChoice.Mse => new MseLoss(),
        LossChoice.Sse => MseLoss.Sse(),
        LossChoice.HalfSse => MseLoss.HalfSse(),
        LossChoice.HalfMse => MseLoss.HalfMse(),
        LossChoice.Softplus => new SoftplusLoss(),
        LossChoice.Bce => new BceWithLogitsLoss(),
        _ => throw new ArgumentOutOfRangeException(nameof(choice), choice, $"One of {string.Join(", ", Enum.GetNames<LossChoice>())} was expected; {choice} was given."),
    };

    /// <summary>The file extension of a format: txt, md or tex.</summary>
    /// <param name="format">The format.</param>
    /// <returns>The extension, without a dot.</returns>
    public static string Extension(WorkedFormat format) => format switch
    {
        WorkedFormat.Text => "txt",
        WorkedFormat.Markdown => "md",
        WorkedFormat.Latex or WorkedFormat.LatexDocument => "tex",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, $"One of {string.Join(", ", Enum.GetNames<WorkedFormat>())} was expected; {format} was given."),
    };

    private static ActivationChoice[] DefaultActivations(int linears) =>
        Enumerable.Range(0, linears).Select(k => k < linears - 1 ? ActivationChoice.ReLU : ActivationChoice.Identity).ToArray();

    private static Sequential Build(IReadOnlyList<int> widths, IReadOnlyList<ActivationChoice> activations)
    {
        var layers = new List<Layer>();
        for (int k = 0; k < widths.Count - 1; k++)
        {
            layers.Add(new Linear(widths[k], widths[k + 1]));
            Layer? activation = activations[k] switch
            {
                ActivationChoice.None => null,
                ActivationChoice.ReLU => new ReLU(),
                ActivationChoice.LeakyReLU => new LeakyReLU(),
                ActivationChoice.Sigmoid => new Sigmoid(),
                ActivationChoice.Tanh => new Tanh(),
                ActivationChoice.Identity => new Identity(),
                ActivationChoice.Softplus => new Softplus(),
                _ => throw new ArgumentOutOfRangeException(nameof(activations), activations[k], "Unknown activation."),
            };
            if (activation is not null)
            {
                layers.Add(activation);
            }
        }

        return new Sequential(layers);
    }

    private static Sequential LoadModel(string path)
    {
        Sequential network;
        try
        {
            network = ModelFile.Load(path);
        }
        catch (Exception e) when (e is ModelFormatException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new WorkedToolException("--model", $"a readable model file was expected; '{path}' could not be read: {FirstLine(e.Message)}", e);
        }

        for (int l = 0; l < network.Count; l++)
        {
            if (network[l] is not (Linear or ReLU or LeakyReLU or Sigmoid or Tanh or Identity or Softplus))
            {
                throw new WorkedToolException(
                    "--model",
                    Invariant($"a network of Linear, ReLU, LeakyReLU, Sigmoid, Tanh, Identity and Softplus layers was expected; layer {l} of '{path}' is {network[l]}"));
            }
        }

        if (!network.OfType<Linear>().Any())
        {
            throw new WorkedToolException("--model", $"a network with at least one Linear layer was expected; '{path}' has none");
        }

        return network;
    }

    private static void SetParameter(Sequential network, ParameterText given)
    {
        string option = "--param " + given.Name;
        if (!network.TryGetParameter(given.Name, out Parameter? parameter))
        {
            throw new WorkedToolException(
                "--param", $"a parameter of the network ({Names(network)}) was expected; \"{given.Name}\" was given");
        }

        int rows = parameter.Value.RowCount, columns = parameter.Value.ColumnCount;
        IReadOnlyList<IReadOnlyList<double>> values = given.Rows;
        int givenColumns = values[0].Count;
        for (int r = 1; r < values.Count; r++)
        {
            if (values[r].Count != givenColumns)
            {
                throw new WorkedToolException(
                    option, Invariant($"rows of equal length were expected; row {r + 1} has {values[r].Count} entries, row 1 has {givenColumns}"));
            }
        }

        bool isBias = network.OfType<Linear>().Any(linear => ReferenceEquals(linear.Bias, parameter));
        if (isBias)
        {
            if (values.Count * givenColumns != rows || (values.Count != 1 && givenColumns != 1))
            {
                throw new WorkedToolException(
                    option, Invariant($"a bias of {rows} values (one row, entries separated by ',') was expected; {values.Count}×{givenColumns} values were given"));
            }

            network.SetParameter(given.Name, values.SelectMany(v => v).ToArray());
            return;
        }

        if (values.Count != rows || givenColumns != columns)
        {
            throw new WorkedToolException(
                option,
                Invariant($"a {rows}×{columns} matrix ({rows} rows separated by ';', {columns} entries each separated by ',') was expected; {values.Count}×{givenColumns} was given"));
        }

        network.SetParameter(given.Name, Matrix<double>.Build.DenseOfRowArrays(values.Select(v => v.ToArray())));
    }

    private static WorkedSolution Solve(Sequential network, double[] input, double[] target, WorkedToolOptions options)
    {
        int inputWidth = network.InputSize ?? input.Length;
        if (input.Length != inputWidth)
        {
            throw new WorkedToolException(
                "--input", $"{WorkedToolOptions.Count(inputWidth, "value")} (the network's input width) {WorkedToolOptions.Were(inputWidth)} expected; {input.Length.ToString(CultureInfo.InvariantCulture)} {WorkedToolOptions.Were(input.Length)} given ({Numbers(input)})");
        }

        int outputWidth = network.OutputSize ?? inputWidth;
        if (target.Length != outputWidth)
        {
            throw new WorkedToolException(
                "--target", $"{WorkedToolOptions.Count(outputWidth, "value")} (the network's output width) {WorkedToolOptions.Were(outputWidth)} expected; {target.Length.ToString(CultureInfo.InvariantCulture)} {WorkedToolOptions.Were(target.Length)} given ({Numbers(target)})");
        }

        (string name, int row, int column) = ResolveEntry(network, options.Entry, options.IndexBase);
        var notation = Notation(network, options);
        try
        {
            return WorkedSolution.Create(network, input, target, CreateLoss(options.Loss), options.LearningRate, name, row, column, notation);
        }
        catch (ArgumentException e) when (OptionOf(e.ParamName) is { } option)
        {
            throw new WorkedToolException(option, FirstLine(e.Message.Replace($" (Parameter '{e.ParamName}')", string.Empty, StringComparison.Ordinal)), e);
        }
        catch (NotSupportedException e)
        {
            throw new WorkedToolException(options.ModelPath is null ? "--activations" : "--model", FirstLine(e.Message), e);
        }
    }

    // --index-base, --names (one per layer) and --symbols as the solution's notation.
    private static WorkedNotation Notation(Sequential network, WorkedToolOptions options)
    {
        if (options.Names is { } names && names.Count != network.Count)
        {
            string layers = string.Join(", ", Enumerable.Range(0, network.Count).Select(l => network[l].GetType().Name));
            throw new WorkedToolException(
                "--names", $"one name per layer ({WorkedToolOptions.Count(network.Count, "layer")}: {layers}) was expected; {names.Count.ToString(CultureInfo.InvariantCulture)} {WorkedToolOptions.Were(names.Count)} given");
        }

        var notation = new WorkedNotation { IndexBase = options.IndexBase, Layers = options.Names };
        return options.Symbols is [string input, string target, string loss]
            ? notation with { Input = input, Target = target, Loss = loss }
            : notation;
    }

    private static string? OptionOf(string? paramName) => paramName switch
    {
        "input" => "--input",
        "target" => "--target",
        "learningRate" => "--lr",
        "parameter" or "row" or "column" => "--entry",
        "notation" => "--names",
        _ => null,
    };

    private static (string Name, int Row, int Column) ResolveEntry(Sequential network, EntryText? entry, int indexBase)
    {
        if (entry is null)
        {
            int first = Enumerable.Range(0, network.Count).First(l => network[l] is Linear);
            return (Invariant($"{first}.weight"), 0, 0);
        }

        if (!network.TryGetParameter(entry.Name, out Parameter? parameter))
        {
            throw new WorkedToolException("--entry", $"a parameter of the network ({Names(network)}) was expected; \"{entry.Name}\" was given");
        }

        int rows = parameter.Value.RowCount, columns = parameter.Value.ColumnCount;
        string shape = Invariant($"\"{entry.Name}\" ({rows}×{columns}, indices from {indexBase})");
        if (entry.Column is null && columns != 1)
        {
            throw new WorkedToolException("--entry", Invariant($"two indices {entry.Name}[ROW,COLUMN] for {shape} were expected; one was given ({entry.Name}[{entry.Row}])"));
        }

        int row = entry.Row - indexBase;
        int column = (entry.Column ?? indexBase) - indexBase;
        if (row < 0 || row >= rows)
        {
            throw new WorkedToolException("--entry", Invariant($"a row from {indexBase} to {rows - 1 + indexBase} of {shape} was expected; {entry.Row} was given"));
        }

        if (column < 0 || column >= columns)
        {
            throw new WorkedToolException("--entry", Invariant($"a column from {indexBase} to {columns - 1 + indexBase} of {shape} was expected; {entry.Column} was given"));
        }

        return (entry.Name, row, column);
    }

    private static void WriteFile(string option, string path, string text, bool createDirectory)
    {
        try
        {
            if (createDirectory && Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } directory)
            {
                Directory.CreateDirectory(directory);
            }

            File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new WorkedToolException(option, $"a writable path was expected; '{path}' could not be written: {FirstLine(e.Message)}", e);
        }
    }

    // k/scale for k uniform in −scale…scale: a multiple of 1/scale in [−1, 1] (k/scale is the double nearest to it).
    private static double Nice(SeededRandom random, int scale) => (random.NextInt32((2 * scale) + 1) - scale) / (double)scale;

    // The same without 0: k uniform in −scale…−1, 1…scale.
    private static double NiceNonZero(SeededRandom random, int scale)
    {
        int k = random.NextInt32(2 * scale) - scale;
        return (k >= 0 ? k + 1 : k) / (double)scale;
    }

    private static string Names(Sequential network) => string.Join(", ", network.NamedParameters.Select(p => $"\"{p.Key}\""));

    private static string Numbers(IEnumerable<double> values) => string.Join(",", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    // The first line of an exception's message, without its closing full stop (the tool's line goes on after it).
    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        string line = end < 0 ? message : message[..end];
        return line.TrimEnd('.');
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
