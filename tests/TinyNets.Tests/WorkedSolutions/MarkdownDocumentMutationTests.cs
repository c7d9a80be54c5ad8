using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

/// <summary>
/// Markdown as GitHub renders it: a numbered list "1. …" to "n. …" closed by a blank line, and prose whose Markdown
/// characters (CommonMark's backslash escapes: \ ` * _ [ ] &lt; &gt; # $ |) are escaped, so that a title or a name is
/// written as given.
/// </summary>
public class MarkdownDocumentMutationTests
{
    [Fact]
    public void NumberedList_CountsFromOne_AndEndsWithABlankLine()
    {
        var document = new MarkdownDocument(WorkedNumberFormat.Exact);
        document.Paragraph(Segment.Text("Tasks"));
        document.NumberedList(
        [
            [Segment.Text("Compute "), Segment.Math("y"), Segment.Text(".")],
            [Segment.Text("Run "), Segment.Code("Linear(2, 1)")],
            [Segment.Text("Stop")],
        ]);
        document.Paragraph(Segment.Text("End"));
        document.ToString().Should().Be("Tasks\n\n1. Compute $y$.\n2. Run `Linear(2, 1)`\n3. Stop\n\nEnd\n\n");
    }

    [Fact]
    public void Exercise_ListsItsTasksFromOne()
    {
        string markdown = WorkedSolutionSheetTests.Sheet004().WriteExercise(WorkedFormat.Markdown);
        markdown.Should().Contain("### Tasks\n\n1. Compute the forward pass: $");
        markdown.Should().Contain("$.\n2. Compute the loss $L$.\n3. Backpropagate: compute $");
        markdown.Should().EndWith("$ and evaluate every factor.\n5. Take one gradient-descent step: compute the new $W^{1}_{0,1}$.\n\n");
    }

    [Fact]
    public void Prose_EscapesEveryMarkdownCharacter()
    {
        var document = new MarkdownDocument(WorkedNumberFormat.Exact);
        document.Title(@"a\b`c*d_e[f]g<h>i#j$k|l");
        document.Paragraph(Segment.Text("1 * 2 = 2 # not a heading"));
        document.ToString().Should().Be(@"## a\\b\`c\*d\_e\[f\]g\<h\>i\#j\$k\|l" + "\n\n" + @"1 \* 2 = 2 \# not a heading" + "\n\n");
    }

    [Fact]
    public void Title_IsEscapedAboveTheSolution()
    {
        // Every character of the title is written as given: each Markdown character after a backslash, the rest as is.
        const string Title = "Sheet_004 [MLP] *draft* <x> #1 $5 a|b `c` \\d";
        string markdown = WorkedSolutionSheetTests.Sheet004().Write(WorkedFormat.Markdown, title: Title);
        markdown.Should().StartWith(@"## Sheet\_004 \[MLP\] \*draft\* \<x\> \#1 \$5 a\|b \`c\` \\d" + "\n\n");
    }
}
