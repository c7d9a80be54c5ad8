using System.IO;
using System.Text;
using TinyNets.Samples.Experiments;
using TinyNets.Serialization;
using TinyNets.Tests.WorkedSolutions;
using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.Samples;

/// <summary>
/// samples/WorkedSolutions, run in-process through <see cref="WorkedSolutionTool"/>: sheet 004 typed on the command line
/// gives WorkedSolution.Create's solution of the same net built here (and S004-11's new weight), a model file gives the
/// in-memory net's solution, exercises draw nice numbers and write the same files for the same seed, and every error
/// exits with code 2 and one line naming the option.
/// </summary>
public class WorkedSolutionsSampleTests
{
    private static readonly string[] Sheet004Args =
    [
        "--widths", "2,3,1", "--activations", "relu,none",
        "--param", "0.weight=0.2,0.4;0.8,0.1;2,0.5", "--param", "0.bias=1,1,-4", "--param", "2.weight=0.5,-1,0", "--param", "2.bias=3",
        "--input", "1,2", "--target", "-1", "--loss", "softplus", "--lr", "0.1", "--entry", "0.weight[0,1]",
    ];

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = WorkedSolutionTool.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static WorkedSolution Sheet004Solution(WorkedNotation? notation = null) =>
        WorkedSolution.Create(
            WorkedSolutionSheetTests.Sheet004Net(), new[] { 1.0, 2.0 }, new[] { -1.0 }, new SoftplusLoss(), 0.1, "0.weight", 0, 1, notation);

    private static string TempDirectory() => Path.Combine(Path.GetTempPath(), $"tinynets-worked-{Guid.NewGuid():N}");

    private static bool IsMultipleOf(double value, int scale) => Math.Round(value * scale) / scale == value;

    [Fact]
    public void Sheet004_on_the_command_line_gives_WorkedSolution_Creates_text()
    {
        (int code, string output, string error) = Run(Sheet004Args);
        code.Should().Be(0);
        error.Should().BeEmpty();
        output.Should().Be(Sheet004Solution().ToText());
        output.Should().Contain("= 0.4 − 0.1·2.992582130530096\n                = 0.10074178694699037\n");
    }

    [Fact]
    public void Names_and_symbols_are_the_sheets_notation()
    {
        (int code, string output, string error) = Run([.. Sheet004Args, "--names", "z:W¹:b¹,h,ŷ:W²:b²", "--symbols", "x,y,J"]);
        code.Should().Be(0, error);
        var notation = new WorkedNotation { Loss = "J", Layers = [new("z", "W¹", "b¹"), new("h"), new("ŷ", "W²", "b²")] };
        output.Should().Be(Sheet004Solution(notation).ToText());
        output.Should().Contain("  ∂J/∂W¹[0,1] = ∂J/∂ŷ · ∂ŷ/∂h[0] · ∂h[0]/∂z[0] · ∂z[0]/∂W¹[0,1]\n");
    }

    [Fact]
    public void S004_11_sheet004_on_the_command_line_updates_W12_to_0_4_minus_0_1_times_3_sigma_6()
    {
        WorkedSolution s = WorkedSolutionTool.CreateSolution(WorkedToolOptions.Parse(Sheet004Args));
        s.Update.Old.Should().Be(0.4);
        s.Update.New.Should().Be(0.10074178694699037);               // catalogue S004-11
        Exact(s.Update.New, 0.4 - (0.1 * 3 * Sig(6)));             // 0.4 − 0.1·3σ(6), the closed form
        s.Chain.Entry.Should().Be("0.weight[0,1]");
    }

    [Fact]
    public void Format_numbers_title_and_index_base_reach_the_writer()
    {
        string[] args = [.. Sheet004Args[..^2], "--entry", "0.weight[1,2]", "--index-base", "1", "--format", "markdown", "--digits", "4", "--title", "Sheet 004"];
        (int code, string output, _) = Run(args);
        code.Should().Be(0);
        WorkedSolution expected = Sheet004Solution(new WorkedNotation { IndexBase = 1 });
        output.Should().Be(expected.Write(WorkedFormat.Markdown, new WorkedTextOptions { NumberFormat = WorkedNumberFormat.Significant(4) }, "Sheet 004"));

        // [1,2] counted from 1 is the entry [0,1]: the same update as the sheet's W¹₁₂.
        WorkedSolution s = WorkedSolutionTool.CreateSolution(WorkedToolOptions.Parse(args));
        s.Update.New.Should().Be(0.10074178694699037);
        s.Chain.Entry.Should().Be("0.weight[1,2]");
    }

    [Fact]
    public void Out_writes_the_solution_as_utf8_without_a_byte_order_mark()
    {
        string directory = TempDirectory();
        Directory.CreateDirectory(directory);
        try
        {
            string path = Path.Combine(directory, "sheet004.tex");
            (int code, string output, string error) = Run([.. Sheet004Args, "--format", "latex-document", "--decimals", "3", "--out", path]);
            code.Should().Be(0);
            output.Should().BeEmpty();
            error.Should().BeEmpty();
            string expected = Sheet004Solution().ToLatexDocument(new WorkedTextOptions { NumberFormat = WorkedNumberFormat.Fixed(3) });
            File.ReadAllBytes(path).Should().Equal(new UTF8Encoding(false).GetBytes(expected));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void A_model_file_gives_the_same_solution_as_the_network_in_memory()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-worked-{Guid.NewGuid():N}.json");
        try
        {
            WorkedSolutionSheetTests.Sheet004Net().Save(path);
            (int code, string output, string error) = Run(
                "--model", path, "--input", "1,2", "--target", "-1", "--loss", "softplus", "--lr", "0.1", "--entry", "0.weight[0,1]");
            code.Should().Be(0, error);
            output.Should().Be(Sheet004Solution().ToText());

            // --param changes a loaded parameter: the same as changing it in memory.
            Sequential changed = WorkedSolutionSheetTests.Sheet004Net();
            changed.SetParameter("2.bias", new[] { -2.5 });
            string expected = WorkedSolution.Create(changed, new[] { 1.0, 2.0 }, new[] { -1.0 }, new SoftplusLoss(), 0.1, "2.bias", 0, 0).ToText();
            (code, output, _) = Run("--model", path, "--param", "2.bias=-2.5", "--input", "1,2", "--target", "-1", "--loss", "softplus", "--entry", "2.bias[0]");
            code.Should().Be(0);
            output.Should().Be(expected);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_model_file_with_a_layer_worked_solutions_do_not_cover_is_refused_naming_the_layer()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-worked-{Guid.NewGuid():N}.json");
        try
        {
            new Sequential(new Linear(2, 3), new Dropout(0.5), new Linear(3, 1)).Initialize(1).Save(path);
            (int code, string output, string error) = Run("--model", path, "--input", "1,2", "--target", "1");
            code.Should().Be(2);
            output.Should().BeEmpty();
            error.Should().StartWith("error: --model: ").And.Contain("layer 1").And.Contain("Dropout");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parameters_not_given_come_from_Sequentials_seeded_initialisation()
    {
        WorkedToolOptions options = WorkedToolOptions.Parse(["--widths", "2,3,1", "--activations", "tanh,sigmoid", "--seed", "5", "--param", "0.bias=1;1;-4"]);
        Sequential net = WorkedSolutionTool.CreateNetwork(options);
        Sequential expected = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1), new Sigmoid()).Initialize(5);
        net.Select(l => l.GetType()).Should().Equal(expected.Select(l => l.GetType()));
        net.GetParameter("0.weight").Value.Should().Be(expected.GetParameter("0.weight").Value);
        net.GetParameter("2.weight").Value.Should().Be(expected.GetParameter("2.weight").Value);
        net.GetParameter("2.bias").Value.Should().Be(expected.GetParameter("2.bias").Value);
        net.GetParameter("0.bias").Value.Column(0).ToArray().Should().Equal(1.0, 1.0, -4.0);   // a bias given as a column
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(2, 100)]
    public void An_exercise_has_nice_weights_biases_and_inputs(int niceDecimals, int scale)
    {
        foreach (ulong seed in new ulong[] { 1, 2, 3, 4, 5 })
        {
            WorkedExercise exercise = WorkedSolutionTool.CreateExercise(WorkedToolOptions.Parse(
                ["--exercise", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--nice-decimals", niceDecimals.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
            WorkedSolution s = exercise.Solution;
            var linears = s.Steps.OfType<LinearStep>().ToList();
            linears.Should().HaveCount(2);
            s.Steps.Select(step => step.GetType()).Should().Equal(typeof(LinearStep), typeof(ActivationStep), typeof(LinearStep), typeof(ActivationStep));
            ((ActivationStep)s.Steps[1]).Function.Should().Be("ReLU");
            var values = linears.SelectMany(l => l.Weight.SelectMany(row => row)).ToList();
            values.Should().HaveCount((2 * 2) + (2 * 1));
            values.Should().NotContain(0.0, "weights are drawn without 0");
            values.AddRange(linears.SelectMany(l => l.Bias));
            values.Should().HaveCount(6 + 3);
            s.Input.Should().HaveCount(2).And.NotContain(0.0);
            values.AddRange(s.Input);
            values.AddRange(s.Loss.Target);
            foreach (double v in values)
            {
                v.Should().BeInRange(-1, 1);
                IsMultipleOf(v, scale).Should().BeTrue($"{v} is a multiple of 1/{scale} (seed {seed})");
            }

            // The network the solution was read from holds the same numbers.
            exercise.Network.GetParameter("0.weight").Value[0, 0].Should().Be(linears[0].Weight[0][0]);
            s.Update.Gradient.Should().NotBe(0.0, "the exercise is redrawn until the chosen entry learns something");
            exercise.Draws.Should().BeInRange(1, WorkedSolutionTool.MaxExerciseDraws);
        }
    }

    [Theory]
    [InlineData("softplus")]
    [InlineData("bce")]
    public void A_classification_exercise_draws_a_class_0_or_1(string loss)
    {
        var targets = new HashSet<double>();
        for (ulong seed = 1; seed <= 12; seed++)
        {
            WorkedExercise exercise = WorkedSolutionTool.CreateExercise(WorkedToolOptions.Parse(
                ["--exercise", "--loss", loss, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
            targets.UnionWith(exercise.Solution.Loss.Target);
        }

        targets.Should().BeEquivalentTo(new[] { 0.0, 1.0 }, "both classes appear in twelve draws");
    }

    [Fact]
    public void An_exercises_widths_and_activations_come_from_the_command_line()
    {
        WorkedExercise exercise = WorkedSolutionTool.CreateExercise(WorkedToolOptions.Parse(
            ["--exercise", "--widths", "3,2,2,1", "--activations", "tanh,sigmoid,none", "--entry", "2.bias[1]"]));
        exercise.Network.Select(l => l.GetType()).Should().Equal(typeof(Linear), typeof(Tanh), typeof(Linear), typeof(Sigmoid), typeof(Linear));
        exercise.Solution.Input.Should().HaveCount(3);
        exercise.Solution.Update.Entry.Should().Be("2.bias[1]");
    }

    [Theory]
    [InlineData("text", "txt")]
    [InlineData("markdown", "md")]
    [InlineData("latex", "tex")]
    [InlineData("latex-document", "tex")]
    public void An_exercise_writes_both_files_the_same_for_the_same_seed(string format, string extension)
    {
        string first = TempDirectory(), second = TempDirectory(), other = TempDirectory();
        try
        {
            (int code, string output, string error) = Run("--exercise", "--seed", "7", "--format", format, "--out-dir", first);
            code.Should().Be(0, error);
            output.Should().Contain("exercise." + extension).And.Contain("solution." + extension);
            Run("--exercise", "--seed", "7", "--format", format, "--out-dir", second).Code.Should().Be(0);
            Run("--exercise", "--seed", "8", "--format", format, "--out-dir", other).Code.Should().Be(0);
            foreach (string name in new[] { "exercise." + extension, "solution." + extension })
            {
                byte[] bytes = File.ReadAllBytes(Path.Combine(first, name));
                bytes.Should().NotBeEmpty();
                File.ReadAllBytes(Path.Combine(second, name)).Should().Equal(bytes, "the same seed writes the same bytes");
                File.ReadAllBytes(Path.Combine(other, name)).Should().NotEqual(bytes, "another seed draws another exercise");
            }

            // The files are the exercise and the solution of the drawn sample, both with titles.
            WorkedExercise exercise = WorkedSolutionTool.CreateExercise(WorkedToolOptions.Parse(["--exercise", "--seed", "7", "--format", format]));
            WorkedFormat worked = WorkedToolOptions.Parse(["--format", format]).Format;
            // An exercise's numbers have 6 significant digits unless --decimals or --digits says otherwise.
            var six = new WorkedTextOptions { NumberFormat = WorkedNumberFormat.Significant(6) };
            File.ReadAllText(Path.Combine(first, "exercise." + extension)).Should().Be(exercise.Solution.WriteExercise(worked, six, "Exercise (seed 7)"));
            File.ReadAllText(Path.Combine(first, "solution." + extension)).Should().Be(exercise.Solution.Write(worked, six, "Exercise (seed 7): solution"));
            string newWeight = WorkedNumberFormat.Significant(6).Format(exercise.Solution.Update.New);
            if (format is "latex-document" or "markdown")
            {
                newWeight = newWeight.Replace('−', '-');
            }

            File.ReadAllText(Path.Combine(first, "solution." + extension)).Should().Contain(newWeight);
            File.ReadAllText(Path.Combine(first, "exercise." + extension)).Should().NotContain(newWeight);
        }
        finally
        {
            foreach (string directory in new[] { first, second, other })
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void An_exercises_solution_has_no_binary_rounding_tails_unless_asked(int seed)
    {
        WorkedExercise exercise = WorkedSolutionTool.CreateExercise(WorkedToolOptions.Parse(["--exercise", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        string solution = exercise.Solution.Write(WorkedFormat.Text, new WorkedTextOptions { NumberFormat = WorkedToolOptions.Parse(["--exercise"]).NumberFormat });
        System.Text.RegularExpressions.Regex.Matches(solution, @"\d+\.\d+").Select(m => m.Value.Replace(".", string.Empty).TrimStart('0').Length)
            .Should().OnlyContain(digits => digits <= 6, "an exercise's solution is written with 6 significant digits by default");
        WorkedToolOptions.Parse(["--exercise", "--decimals", "2"]).NumberFormat.Description.Should().Be("2 decimals");
        WorkedToolOptions.Parse(["--widths", "2,1"]).NumberFormat.Should().BeSameAs(WorkedNumberFormat.Exact, "a solution from the command line is exact by default");
    }

    [Fact]
    public void Help_prints_the_usage_and_exits_0()
    {
        (int code, string output, string error) = Run("--widths", "2,1", "--help");
        code.Should().Be(0);
        error.Should().BeEmpty();
        output.Should().StartWith("usage: dotnet run --project samples/WorkedSolutions -- [options]");
        output.Should().Contain("Sequential.Initialize(N)");
    }

    [Theory]
    [InlineData("--colour", new[] { "--colour", "red" }, "unknown option")]
    [InlineData("--input", new[] { "--widths", "2,1", "--target", "1", "--input" }, "a value was expected; none was given")]
    [InlineData("--input", new[] { "--widths", "2,1", "--input", "--target", "1" }, "a value was expected; none was given")]
    [InlineData("--input", new[] { "--widths", "2,1", "--input", "1,x", "--target", "1" }, "'x' was given in '1,x'")]
    [InlineData("--lr", new[] { "--widths", "2,1", "--input", "1,2", "--target", "1", "--lr", "1,5" }, "'1,5' was given")]
    [InlineData("--widths", new[] { "--widths", "2,0,1", "--input", "1,2", "--target", "1" }, "'0' was given in '2,0,1'")]
    [InlineData("--activations", new[] { "--widths", "2,3,1", "--activations", "relu", "--input", "1,2", "--target", "1" }, "2 activations (one per Linear layer of --widths 2,3,1) were expected; 1 was given")]
    [InlineData("--activations", new[] { "--widths", "2,1", "--activations", "swish", "--input", "1,2", "--target", "1" }, "'swish' was given")]
    [InlineData("--input", new[] { "--widths", "2,3,1", "--input", "1,2,3", "--target", "1" }, "2 values (the network's input width) were expected; 3 were given (1,2,3)")]
    [InlineData("--target", new[] { "--widths", "2,3,1", "--input", "1,2", "--target", "1,2" }, "1 value (the network's output width) was expected; 2 were given (1,2)")]
    [InlineData("--target", new[] { "--widths", "2,1", "--input", "1,2", "--target", "2", "--loss", "bce" }, "a probability in [0, 1] was expected")]
    [InlineData("--param 0.weight", new[] { "--widths", "2,3,1", "--param", "0.weight=1,2;3,4", "--input", "1,2", "--target", "1" }, "a 3×2 matrix")]
    [InlineData("--param 0.bias", new[] { "--widths", "2,3,1", "--param", "0.bias=1,2", "--input", "1,2", "--target", "1" }, "a bias of 3 values")]
    [InlineData("--param", new[] { "--widths", "2,3,1", "--param", "1.weight=1", "--input", "1,2", "--target", "1" }, "\"1.weight\" was given")]
    [InlineData("--entry", new[] { "--widths", "2,3,1", "--input", "1,2", "--target", "1", "--entry", "0.weight[0,2]" }, "a column from 0 to 1")]
    [InlineData("--entry", new[] { "--widths", "2,3,1", "--input", "1,2", "--target", "1", "--entry", "0.weight[1]" }, "two indices")]
    [InlineData("--loss", new[] { "--widths", "2,1", "--input", "1,2", "--target", "1", "--loss", "hinge" }, "'hinge' was given")]
    [InlineData("--widths", new[] { "--input", "1,2", "--target", "1" }, "neither was given")]
    [InlineData("--seed", new[] { "--widths", "2,1", "--seed", "-3", "--input", "1,2", "--target", "1" }, "'-3' was given")]
    [InlineData("--lr", new[] { "--widths", "2,1", "--lr", "0.1", "--lr", "0.2", "--input", "1,2", "--target", "1" }, "given twice")]
    [InlineData("--digits", new[] { "--widths", "2,1", "--input", "1,2", "--target", "1", "--digits", "18" }, "from 1 to 17")]
    [InlineData("--model", new[] { "--model", "no-such-model.json", "--input", "1,2", "--target", "1" }, "'no-such-model.json' could not be read")]
    [InlineData("--nice-decimals", new[] { "--exercise", "--nice-decimals", "3" }, "from 1 to 2")]
    [InlineData("--nice-decimals", new[] { "--widths", "2,1", "--input", "1,2", "--target", "1", "--nice-decimals", "1" }, "only with --exercise")]
    [InlineData("--out", new[] { "--exercise", "--out", "x.txt" }, "not with --exercise")]
    [InlineData("--names", new[] { "--widths", "2,3,1", "--activations", "relu,none", "--input", "1,2", "--target", "1", "--names", "z,h" }, "one name per layer (3 layers: Linear, ReLU, Linear) was expected; 2 were given")]
    [InlineData("--names", new[] { "--widths", "2,1", "--input", "1,2", "--target", "1", "--names", "z:W:b:c" }, "'z:W:b:c' was given")]
    [InlineData("--symbols", new[] { "--widths", "2,1", "--input", "1,2", "--target", "1", "--symbols", "x,y" }, "'x,y' was given")]
    public void A_bad_command_line_exits_2_with_one_line_naming_the_option(string option, string[] args, string detail)
    {
        (int code, string output, string error) = Run(args);
        code.Should().Be(2);
        output.Should().BeEmpty();
        error.Should().StartWith($"error: {option}: ").And.Contain(detail);
        error.TrimEnd('\n', '\r').Should().NotContain("\n", "the error is one line");
    }
}
