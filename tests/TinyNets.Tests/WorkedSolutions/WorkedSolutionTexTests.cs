using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

/// <summary>The Markdown and LaTeX renderers: names and numbers in TeX, the reviewed Markdown of sheet 004, and what a
/// LaTeX document holds. That the output compiles and parses is <see cref="WorkedSolutionToolchainTests"/>.</summary>
public class WorkedSolutionTexTests
{
    [Theory]
    [InlineData("x", "x")]
    [InlineData("W¹", "W^{1}")]
    [InlineData("W¹[0,1]", "W^{1}_{0,1}")]
    [InlineData("u[1,1]", "u_{1,1}")]
    [InlineData("Z_in", @"Z_{\mathrm{in}}")]
    [InlineData("Z_in[2]", @"Z_{\mathrm{in},2}")]
    [InlineData("z0", "z^{(0)}")]
    [InlineData("z12[3]", "z^{(12)}_{3}")]
    [InlineData("x₁", "x_{1}")]
    [InlineData("ŷ", @"\hat{y}")]
    [InlineData("σ", @"\sigma")]
    [InlineData("0.weight[0,1]", @"\mathrm{0.weight}_{0,1}")]
    [InlineData("output", @"\mathrm{output}")]
    [InlineData("b#1", @"\mathrm{b\#1}")]
    [InlineData("a_1", "a_{1}")]
    [InlineData("h[x]", "h_{x}")]
    [InlineData("h[-1]", @"\mathrm{h[-1]}")]
    [InlineData("h[i,1]", "h_{i,1}")]
    [InlineData("b\u0303", @"\tilde{b}")]
    [InlineData("W\u0303ᵀ", @"\tilde{W}^{\top }")]
    [InlineData("ã[2]", @"\tilde{a}_{2}")]
    [InlineData("σx", @"\mathrm{{\sigma}x}")]
    public void NamesBecomeTex(string name, string tex)
    {
        new TexMath(WorkedNumberFormat.Exact).Name(name).Should().Be(tex);
    }

    [Theory]
    [InlineData(-1.5, "exact", "-1.5")]
    [InlineData(1.234e-5, "significant3", @"1.23 \times 10^{-5}")]
    [InlineData(-2.5e20, "exact", @"-2.5 \times 10^{20}")]
    [InlineData(0.126, "fixed2", "0.13")]
    [InlineData(double.PositiveInfinity, "exact", @"\infty")]
    [InlineData(double.NegativeInfinity, "exact", @"-\infty")]
    public void NumbersBecomeTex(double value, string format, string tex)
    {
        WorkedNumberFormat f = format switch
        {
            "significant3" => WorkedNumberFormat.Significant(3),
            "fixed2" => WorkedNumberFormat.Fixed(2),
            _ => WorkedNumberFormat.Exact,
        };
        new TexMath(f).Number(value).Should().Be(tex);
    }

    [Fact]
    public void Sheet004MarkdownIsTheReviewedSnapshot()
    {
        WorkedSolutionSheetTests.Sheet004().ToMarkdown().Should().Be(Sheet004Snapshot.Markdown);
    }

    [Fact]
    public void LatexIsAsciiWhateverTheNames()
    {
        foreach (WorkedSolution solution in new[] { WorkedSolutionSheetTests.Sheet000(), WorkedSolutionSheetTests.Sheet004() })
        {
            string latex = solution.ToLatexDocument();
            latex.Where(c => c > 127).Should().BeEmpty("names (ŷ, W¹, σ) become TeX commands, which every engine reads");
        }
    }

    [Fact]
    public void LatexDocumentWrapsTheFragment()
    {
        WorkedSolution s = WorkedSolutionSheetTests.Sheet004();
        string fragment = s.ToLatex();
        string document = s.ToLatexDocument(title: "Sheet 004 & 50% of it");
        document.Should().StartWith("\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n");
        document.Should().Contain(@"\section*{Sheet 004 \& 50\% of it}");
        document.Should().EndWith(fragment + "\\end{document}\n");
        fragment.Should().NotContain(@"\documentclass");
        s.ToLatexDocument().Should().NotContain(@"\section*");

        // One align* per layer (3), the loss, the backward pass, the chain and the update; headings for the four parts and the forward pass.
        CountOf(fragment, @"\begin{align*}").Should().Be(7);
        CountOf(fragment, @"\end{align*}").Should().Be(7);
        CountOf(fragment, @"\subsection*{").Should().Be(5);
        fragment.Should().Contain(@"\subsection*{Chain rule for $W^{1}_{0,1}$ (\texttt{""0.weight""[0, 1]}, one path to the loss)}");
        fragment.Should().Contain(@"W^{1}_{0,1} &\leftarrow W^{1}_{0,1} - \eta \cdot \partial L/\partial W^{1}_{0,1} \\");
        fragment.Should().Contain(" &= 0.10074178694699037\n");
    }

    [Fact]
    public void NumberFormatReachesEveryNumber()
    {
        string latex = WorkedSolutionSheetTests.Sheet004().ToLatex(new WorkedTextOptions { NumberFormat = WorkedNumberFormat.Fixed(2) });
        latex.Should().Contain(" &= 0.10\n").And.Contain("6.00").And.Contain(@"2.99 \cdot 0.50 \cdot 1.00 \cdot 2.00");
        latex.Should().NotContain("2.992582130530096");
    }

    [Fact]
    public void WideMatricesUseAnArrayAndSeveralPathsNameDelta()
    {
        // 11 inputs: amsmath's bmatrix takes at most 10 columns by default.
        var net = new Sequential(new Linear(11, 2), new Linear(2, 2));
        double[] input = Enumerable.Range(1, 11).Select(i => i / 10.0).ToArray();
        WorkedSolution s = WorkedSolution.Create(net, input, new[] { 0.0, 1.0 }, new MseLoss(), 0.1, "0.weight", 1, 10);
        string latex = s.ToLatex();
        latex.Should().Contain(@"\left[\begin{array}{ccccccccccc}");
        latex.Should().Contain(@"$x = \left[\begin{array}{ccccccccccc}0.1 & 0.2 & 0.3 & 0.4 & 0.5 & 0.6 & 0.7 & 0.8 & 0.9 & 1 & 1.1\end{array}\right]^\top$");
        s.Chain.SinglePath.Should().BeFalse();
        latex.Should().Contain(@", several paths: $\delta$ sums them)");
        s.ToMarkdown().Should().Contain(@", several paths: $\delta$ sums them)");
        s.ToText().Should().Contain(", several paths: δ sums them)");
    }

    [Fact]
    public void MarkdownEscapesProseAndKeepsCodeAsCode()
    {
        var notation = new WorkedNotation { Layers = [new("z_1", "W*", "b_")] };
        WorkedSolution s = WorkedSolution.Create(new Sequential(new Linear(1, 1)), new[] { 2.0 }, new[] { 1.0 }, new MseLoss(), 0.1, "0.bias", 0, 0, notation);
        string markdown = s.ToMarkdown();
        markdown.Should().Contain("Layer 0: `Linear(in=1, out=1, bias=True)`");
        markdown.Should().Contain(@"z_{1} &= \mathrm{W*} \cdot x + \mathrm{b\_}");
        markdown.Should().StartWith("Input: $x = \\begin{bmatrix}2\\end{bmatrix}$\n\nTarget: $y = \\begin{bmatrix}1\\end{bmatrix}$\n\n### Forward pass\n");
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
