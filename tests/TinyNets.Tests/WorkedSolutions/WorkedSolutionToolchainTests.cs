using System.IO;
using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Tests.Support;
using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

/// <summary>
/// The LaTeX documents compile with pdfLaTeX and the Markdown's math parses with KaTeX, for sheets 000 and 004 and a
/// random 2-3-2 net, in every number format. Each test is skipped (not passed) where its tool is missing; CI installs
/// both (texlive-latex-base, and <c>npm ci --prefix tests/katex</c>).
/// </summary>
public class WorkedSolutionToolchainTests
{
    /// <summary>A 2-3-2 net with weights drawn from a seeded generator, tanh and sigmoid, and a mean squared error.</summary>
    internal static WorkedSolution Random232(int seed)
    {
        var random = new Random(seed);
        double Draw() => Math.Round(random.NextDouble() * 4 - 2, 3);
        var net = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 2), new Sigmoid());
        net.SetParameter("0.weight", new[,] { { Draw(), Draw() }, { Draw(), Draw() }, { Draw(), Draw() } });
        net.SetParameter("0.bias", new[] { Draw(), Draw(), Draw() });
        net.SetParameter("2.weight", new[,] { { Draw(), Draw(), Draw() }, { Draw(), Draw(), Draw() } });
        net.SetParameter("2.bias", new[] { Draw(), Draw() });
        return WorkedSolution.Create(net, new[] { Draw(), Draw() }, new[] { 0.25, 0.75 }, new MseLoss(), 0.5, "0.weight", 1, 0);
    }

    public static IEnumerable<(string Name, WorkedSolution Solution)> Solutions() =>
    [
        ("sheet000", WorkedSolutionSheetTests.Sheet000()),
        ("sheet004", WorkedSolutionSheetTests.Sheet004()),
        ("random232", Random232(232)),
        ("wide-odd-names", WideWithOddNames()),
    ];

    /// <summary>11 inputs (wider than amsmath's default bmatrix), names with TeX's special characters, several paths.</summary>
    private static WorkedSolution WideWithOddNames()
    {
        var net = new Sequential(new Linear(11, 2), new LeakyReLU(), new Linear(2, 2), new Softplus());
        var notation = new WorkedNotation
        {
            Input = "x_in", Target = "t#", Loss = "J",
            Layers = [new("z_1", "W&", "b%"), new("h~"), new("o^", "V_{2}", @"c\d"), new("p$")],
        };
        double[] input = Enumerable.Range(0, 11).Select(i => (i - 5) * 0.25).ToArray();
        return WorkedSolution.Create(net, input, new[] { 0.5, -1e-7 }, MseLoss.HalfSse(), 0.01, "0.weight", 1, 10, notation);
    }

    /// <summary>Sheet 003's batch gradient (S003-08) in the sheet's names, with b̃ written with a combining tilde.</summary>
    internal static WorkedBatchGradient Sheet003Batch()
    {
        var net = new Sequential(new Linear(2, 2), new Sigmoid(), new Linear(2, 1), new Sigmoid());
        net.SetParameter("0.weight", new[,] { { 0.1, 0.3 }, { -0.2, 0.4 } });
        net.SetParameter("0.bias", new[] { 0.0, -0.1 });
        net.SetParameter("2.weight", new[,] { { 0.5, -0.6 } });
        net.SetParameter("2.bias", new[] { 0.2 });
        var notation = new WorkedNotation { Loss = "J", Target = "t", IndexBase = 1, Layers = [new("ã", "W", "b\u0303"), new("h"), new("a", "w", "b"), new("y")] };
        return WorkedBatchGradient.Create(net, [[1.0, 2.0], [-1.0, 0.5], [0.3, -0.7]], [[1.0], [0.0], [1.0]], MseLoss.HalfMse(), 0.5, "0.bias", 0, 0, notation);
    }

    private static readonly (string Name, WorkedTextOptions Options)[] Formats =
    [
        ("exact", new WorkedTextOptions()),
        ("fixed4", new WorkedTextOptions { NumberFormat = WorkedNumberFormat.Fixed(4) }),
        ("significant3", new WorkedTextOptions { NumberFormat = WorkedNumberFormat.Significant(3) }),
    ];

    [PdfLatexFact]
    public void LatexDocumentsCompile()
    {
        string folder = Directory.CreateTempSubdirectory("tinynets-latex-").FullName;
        try
        {
            foreach ((string name, WorkedSolution solution) in Solutions())
            {
                foreach ((string format, WorkedTextOptions options) in Formats)
                {
                    string file = $"{name}-{format}.tex";
                    File.WriteAllText(Path.Combine(folder, file), solution.ToLatexDocument(options, $"Lösung – {name} ({format}, 100% & more)"));
                    File.WriteAllText(Path.Combine(folder, "exercise-" + file), solution.WriteExercise(WorkedFormat.LatexDocument, options, "Exercise"));
                    (int exitCode, string output) = ExternalTool.Run(
                        ExternalTool.Find("pdflatex")!, folder, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", file);
                    exitCode.Should().Be(0, "pdflatex must compile {0}:\n{1}", file, Tail(output));
                    new FileInfo(Path.Combine(folder, Path.ChangeExtension(file, ".pdf"))).Length.Should().BeGreaterThan(1000, file);
                    output.Should().NotContain("Missing character", file);
                    (exitCode, output) = ExternalTool.Run(
                        ExternalTool.Find("pdflatex")!, folder, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "exercise-" + file);
                    exitCode.Should().Be(0, "pdflatex must compile the exercise of {0}:\n{1}", file, Tail(output));
                }
            }

            foreach ((string format, WorkedTextOptions options) in Formats)
            {
                string file = $"sheet003-batch-{format}.tex";
                File.WriteAllText(Path.Combine(folder, file), Sheet003Batch().Write(WorkedFormat.LatexDocument, options, "Sheet 003"));
                (int exitCode, string output) = ExternalTool.Run(
                    ExternalTool.Find("pdflatex")!, folder, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", file);
                exitCode.Should().Be(0, "pdflatex must compile {0}:\n{1}", file, Tail(output));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [KatexFact]
    public void MarkdownMathParsesWithKatex()
    {
        string folder = Directory.CreateTempSubdirectory("tinynets-katex-").FullName;
        try
        {
            var files = new List<string>();
            foreach ((string name, WorkedSolution solution) in Solutions())
            {
                foreach ((string format, WorkedTextOptions options) in Formats)
                {
                    string file = Path.Combine(folder, $"{name}-{format}.md");
                    File.WriteAllText(file, solution.ToMarkdown(options));
                    File.WriteAllText(file + ".exercise.md", solution.WriteExercise(WorkedFormat.Markdown, options, "Exercise"));
                    files.Add(file);
                    files.Add(file + ".exercise.md");
                }
            }

            foreach ((string format, WorkedTextOptions options) in Formats)
            {
                string batch = Path.Combine(folder, $"sheet003-batch-{format}.md");
                File.WriteAllText(batch, Sheet003Batch().Write(WorkedFormat.Markdown, options));
                files.Add(batch);
            }

            string script = Path.Combine(ExternalTool.RepositoryRoot, "tests", "katex", "check-math.mjs");
            (int exitCode, string output) = ExternalTool.Run(ExternalTool.Find("node")!, folder, [script, .. files]);
            exitCode.Should().Be(0, "KaTeX must parse every formula:\n{0}", Tail(output));

            // Each file has its input and target inline, five or more headings' formulas and one display block per layer and part.
            output.Should().MatchRegex(@"^\d+ formulas, 0 failed");
            int formulas = int.Parse(output.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            formulas.Should().BeGreaterThanOrEqualTo(files.Count * 8);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Tail(string output) => output.Length <= 3000 ? output : output[^3000..];
}
