using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

/// <summary>The exercise a solution solves (<see cref="WorkedSolution.WriteExercise"/>) and the format chosen at run
/// time (<see cref="WorkedSolution.Write"/>).</summary>
public class WorkedExerciseTests
{
    [Fact]
    public void Sheet004ExerciseGivesTheGivensAndNoResult()
    {
        WorkedSolution s = WorkedSolutionSheetTests.Sheet004();
        string text = s.WriteExercise(WorkedFormat.Text, title: "Exercise");
        text.Should().StartWith("Exercise\n========\n");
        text.Should().Contain("  W¹ = [0.2, 0.4; 0.8, 0.1; 2, 0.5]\n  b¹ = [1; 1; −4]\n");   // sheet 004's parameters
        text.Should().Contain("  h = ReLU(z)\n");
        text.Should().Contain("Input: x = [1; 2]\nTarget: y = [−1]\n");
        text.Should().Contain("  L = ln(1 + exp((1 − 2·y)·ŷ))\n");
        text.Should().Contain("Learning rate: η = 0.1\n");
        text.Should().Contain("4. Write the chain rule for ∂L/∂W¹[0,1] and evaluate every factor.\n");

        // No result of the solution appears: not ŷ = 2's products, not L, not the gradient, not the new weight.
        foreach (string result in new[] { "6.00247568513773", "2.992582130530096", "0.10074178694699037", "1.496291065265048", "ReLU(2)" })
        {
            text.Should().NotContain(result);
            s.WriteExercise(WorkedFormat.Markdown).Should().NotContain(result);
            s.WriteExercise(WorkedFormat.LatexDocument).Should().NotContain(result);
        }
    }

    [Fact]
    public void ExerciseInLatexListsTheTasks()
    {
        string latex = WorkedSolutionSheetTests.Sheet000().WriteExercise(WorkedFormat.Latex);
        latex.Should().Contain("\\begin{enumerate}\n  \\item Compute the forward pass: $Z_{\\mathrm{in}}, Z_{\\mathrm{out}}, A_{\\mathrm{in}}, A_{\\mathrm{out}}$.\n");
        latex.Should().Contain("\\item Take one gradient-descent step: compute the new $u_{1,1}$.\n\\end{enumerate}");
        latex.Should().Contain("u &= \\begin{bmatrix}-0.7 & 0.2 \\\\ 0.9 & 0.5\\end{bmatrix}");   // sheet 000's u (uᵀ stored)
    }

    [Fact]
    public void WriteGivesTheReviewedTextAndMarkdown_AndPutsATitleAboveThem()
    {
        // The renderers' named methods are Write in a given format: checked against the reviewed snapshots, not against
        // each other.
        WorkedSolution s = WorkedSolutionSheetTests.Sheet004();
        s.Write(WorkedFormat.Text).Should().Be(Sheet004Snapshot.Text);
        s.Write(WorkedFormat.Markdown).Should().Be(Sheet004Snapshot.Markdown);
        s.Write(WorkedFormat.Text, title: "Sheet 004").Should().Be("Sheet 004\n=========\n" + Sheet004Snapshot.Text);
        s.Write(WorkedFormat.Markdown, title: "Sheet 004").Should().Be("## Sheet 004\n\n" + Sheet004Snapshot.Markdown);
        s.Write(WorkedFormat.Latex, title: "Sheet 004").Should().StartWith("\\section*{Sheet 004}\n\n\\noindent Input: $x = ");
        s.Write(WorkedFormat.LatexDocument).Should().Be(
            "\\documentclass{article}\n\\usepackage{amsmath}\n\\begin{document}\n\n" + s.Write(WorkedFormat.Latex) + "\\end{document}\n");
    }

    [Fact]
    public void UnknownFormatIsRefused()
    {
        WorkedSolution s = WorkedSolutionSheetTests.Sheet004();
        Action write = () => s.Write((WorkedFormat)7);
        write.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("format").WithMessage("*Text, Markdown, Latex, LatexDocument was expected; 7 was given*");
        Action exercise = () => s.WriteExercise((WorkedFormat)(-1));
        exercise.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("format");
    }
}
