using TinyNets.Losses;
using TinyNets.Tests.Support;
using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

public class WorkedSolutionTextTests
{
    [Fact]
    public void Sheet004TextIsTheReviewedSnapshot()
    {
        string[] expected = Sheet004Snapshot.Text.ReplaceLineEndings("\n").Split('\n');
        string[] actual = WorkedSolutionSheetTests.Sheet004().ToText().Split('\n');
        for (int i = 0; i < Math.Min(expected.Length, actual.Length); i++)
        {
            actual[i].Should().Be(expected[i], $"line {i + 1}");
        }

        actual.Should().HaveCount(expected.Length);
    }

    [Fact]
    public void Sheet000TextShowsTheDeadUnitsZeroFactor()
    {
        string text = WorkedSolutionSheetTests.Sheet000().ToText();
        text.Should().Contain("∂L/∂u[1,1] = ∂L/∂A_out · ∂A_out/∂A_in · ∂A_in/∂Z_out[1] · ∂Z_out[1]/∂Z_in[1] · ∂Z_in[1]/∂u[1,1]\n");
        text.Should().Contain("Z_out[1] = ReLU(");
        text.Should().Contain(",   ReLU′(1.5) = 1\n");
        text.Should().Contain("  L = (A_out − y)²\n    = (1.7 − 2)²\n");
    }

    [Fact]
    public void HalvedAndMeanLossesShowTheirFactor()
    {
        WorkedSolution half = WorkedSolution.Create(
            WorkedSolutionSheetTests.Sheet000Net(), new[] { 1.0, 1.0 }, new[] { 2.0 }, MseLoss.HalfSse(), 0.1, "2.bias", 0, 0);
        half.Loss.Formula.Should().Be("L = ½·(a3 − y)²");
        Tolerance.Exact(half.Loss.Value, 0.045);                          // S000-09: ½-SSE would be 0.045
        half.ToText().Should().Contain("= ½·(1.7 − 2)²\n");

        var twoOutputs = new TinyNets.Network.Sequential(new TinyNets.Layers.Linear(1, 2));
        twoOutputs.SetParameter("0.weight", new[,] { { 1.0 }, { 2.0 } });
        twoOutputs.SetParameter("0.bias", new[] { 0.0, 0.0 });
        WorkedSolution mean = WorkedSolution.Create(twoOutputs, new[] { 1.0 }, new[] { 0.0, 0.0 }, new MseLoss(), 0.1, "0.bias", 1, 0);
        mean.Loss.Factor.Should().Be(0.5);
        mean.Loss.Formula.Should().Be("L = ½·Σᵢ (z0ᵢ − yᵢ)²");
        Tolerance.Exact(mean.Loss.Value, (1.0 + 4.0) / 2);
        mean.ToText().Should().Contain("= ½·((1 − 0)² + (2 − 0)²)\n");
    }

    [Fact]
    public void BceWithLogitsShowsItsFormula()
    {
        WorkedSolution s = WorkedSolution.Create(
            WorkedSolutionSheetTests.Sheet004Net(), new[] { 1.0, 2.0 }, new[] { 0.0 }, new BceWithLogitsLoss(), 0.1, "2.bias", 0, 0);
        s.Loss.Formula.Should().Be("L = −[y·ln σ(z2) + (1 − y)·ln(1 − σ(z2))]");
        Tolerance.Exact(s.Loss.Value, 2.126928011042972);                 // S004-05: the negative class (FLAG-12)
        s.ToText().Should().Contain("= −[0·ln σ(2) + (1 − 0)·ln(1 − σ(2))]\n");
    }
}
