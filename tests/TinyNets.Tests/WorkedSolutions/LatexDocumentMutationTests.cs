using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

/// <summary>LaTeX's blocks: a paragraph, an <c>align*</c> and an <c>enumerate</c> each end with a blank line, so that the
/// next block starts a new paragraph.</summary>
public class LatexDocumentMutationTests
{
    [Fact]
    public void EveryBlock_EndsWithABlankLine()
    {
        var document = new LatexDocument(WorkedNumberFormat.Exact);
        document.Paragraph(Segment.Text("Layer 0: "), Segment.Code("Linear"));
        document.Equations([new EquationChain("x", "=", ["1", "2"])]);
        document.NumberedList([[Segment.Text("one")], [Segment.Text("two")]]);
        document.Heading(Segment.Text("End"));
        document.ToString().Should().Be(
            "\\noindent Layer 0: \\texttt{Linear}\n\n" +
            "\\begin{align*}\nx &= 1 \\\\\n &= 2\n\\end{align*}\n\n" +
            "\\begin{enumerate}\n  \\item one\n  \\item two\n\\end{enumerate}\n\n" +
            "\\subsection*{End}\n\n");
    }

    [Fact]
    public void Exercise_SeparatesItsBlocks()
    {
        string latex = WorkedSolutionSheetTests.Sheet004().WriteExercise(WorkedFormat.Latex);
        latex.Should().EndWith("\\end{enumerate}\n\n");
        latex.Should().NotContain("\\end{align*}\\");
        latex.Should().NotContain("\\end{align*}\n\\");
        latex.Should().Contain("\\end{align*}\n\n\\");
        latex.Should().MatchRegex(@"\\noindent Learning rate: \$[^\n]*\$\n\n\\subsection\*\{Tasks\}\n\n");
    }
}
