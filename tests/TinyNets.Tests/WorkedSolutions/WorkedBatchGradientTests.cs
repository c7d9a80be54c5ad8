using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Tests.Support;
using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

/// <summary>
/// Sheet 003's gradient formulas evaluated: ∂J/∂θ = 1/N·Σᵢ (yᵢ − tᵢ)·σ′(aᵢ)·w₁·σ′(ã_{i,1})·x_{i,1} for the 2-2-1 sigmoid
/// net of S003-08 (J = 1/(2N)·Σᵢ (yᵢ − tᵢ)², MseLoss.HalfMse()), each factor against its closed form and every entry's
/// sum against the catalogue.
/// </summary>
public class WorkedBatchGradientTests
{
    // X = [[1, 2], [−1, 0.5], [0.3, −0.7]] (rows = samples), t = [1, 0, 1].
    private static readonly double[][] X = [[1.0, 2.0], [-1.0, 0.5], [0.3, -0.7]];
    private static readonly double[][] T = [[1.0], [0.0], [1.0]];

    // W̃ = [[0.1, −0.2], [0.3, 0.4]] with rows = inputs (ã = W̃ᵀx + b̃), so "0.weight" = W̃ᵀ.
    private static readonly double[,] WTildeTransposed = { { 0.1, 0.3 }, { -0.2, 0.4 } };

    private static Sequential Network221()
    {
        var net = new Sequential(new Linear(2, 2), new Sigmoid(), new Linear(2, 1), new Sigmoid());
        net.SetParameter("0.weight", WTildeTransposed);
        net.SetParameter("0.bias", new[] { 0.0, -0.1 });
        net.SetParameter("2.weight", new[,] { { 0.5, -0.6 } });
        net.SetParameter("2.bias", new[] { 0.2 });
        return net;
    }

    /// <summary>The sheet's names: ã = W̃ᵀx + b̃ (here W, the stored W̃ᵀ), h = σ(ã), a = w·h + b, y = σ(a); indices from 1.</summary>
    private static readonly WorkedNotation SheetNotation = new()
    {
        Loss = "J",
        Target = "t",
        IndexBase = 1,
        Layers = [new("ã", "W", "b̃"), new("h"), new("a", "w", "b"), new("y")],
    };

    private static WorkedBatchGradient Gradient(string parameter, int row, int column) =>
        WorkedBatchGradient.Create(Network221(), X, T, MseLoss.HalfMse(), 0.5, parameter, row, column, SheetNotation);

    public static TheoryData<string, int, int, double> Catalogue => new()
    {
        { "2.weight", 0, 0, -0.01995716356512227 },    // ∂J/∂w1
        { "2.weight", 0, 1, -0.01313388792785771 },    // ∂J/∂w2
        { "2.bias", 0, 0, -0.03155060818112369 },      // ∂J/∂b
        { "0.weight", 0, 0, -0.01108796362258712 },    // ∂J/∂W̃11
        { "0.weight", 0, 1, -0.00246479046184852 },    // ∂J/∂W̃21 ("0.weight"[j, i] = W̃_{i+1, j+1})
        { "0.bias", 0, 0, -0.003371057801800321 },     // ∂J/∂b̃1
        { "0.weight", 1, 0, 0.01340233461011613 },     // ∂J/∂W̃12
        { "0.weight", 1, 1, 0.003788100305052498 },    // ∂J/∂W̃22
        { "0.bias", 1, 0, 0.004273307616506619 },      // ∂J/∂b̃2
    };

    [Theory]
    [MemberData(nameof(Catalogue))]
    public void S003_08_SumOfTheSamplesChainsIsTheCataloguesGradient(string parameter, int row, int column, double expected)
    {
        WorkedBatchGradient g = Gradient(parameter, row, column);
        Tolerance.Exact(g.Sum, expected, "the sum of the three chains");
        Tolerance.Exact(g.Gradient, expected, "the network's own gradient");
        Tolerance.Exact(g.LossValue, 0.1157502899289222);                       // S003-08: J
        g.Chains.Should().HaveCount(3);
        Tolerance.Exact(g.Chains.Sum(c => c.Product), expected);
        Tolerance.Exact(g.Update.New, g.Update.Old - 0.5 * expected);
    }

    [Fact]
    public void S003_08_EachFactorIsTheSheetsFormula()
    {
        // ∂J/∂W̃11 = 1/N·Σᵢ (yᵢ − tᵢ)·σ′(aᵢ)·w₁·σ′(ã_{i,1})·x_{i,1}, each factor computed here from the definitions.
        WorkedBatchGradient g = Gradient("0.weight", 0, 0);
        double Sig(double v) => Tolerance.Sig(v);
        double SigPrime(double v) => Sig(v) * (1 - Sig(v));
        for (int i = 0; i < 3; i++)
        {
            double a1 = 0.1 * X[i][0] + 0.3 * X[i][1] + 0.0, a2 = -0.2 * X[i][0] + 0.4 * X[i][1] - 0.1;
            double h1 = Sig(a1), h2 = Sig(a2);
            double a = 0.5 * h1 - 0.6 * h2 + 0.2, y = Sig(a);
            double[] expected = [(y - T[i][0]) / 3, SigPrime(a), 0.5, SigPrime(a1), X[i][0]];
            WorkedChain chain = g.Chains[i];
            chain.Factors.Should().HaveCount(5);
            for (int f = 0; f < 5; f++)
            {
                Tolerance.Exact(chain.Factors[f].Value, expected[f], $"sample {i + 1}, factor {f + 1} ({chain.Factors[f].Label})");
            }

            Tolerance.Exact(g.Predictions[i][0], y, $"y of sample {i + 1}");
        }

        string.Join(" · ", g.Formula.Select(f => f.Label)).Should().Be("∂J/∂y[i] · ∂y[i]/∂a[i] · ∂a[i]/∂h[i,1] · ∂h[i,1]/∂ã[i,1] · ∂ã[i,1]/∂W[1,1]");
        g.Chains[1].Factors[3].Label.Should().Be("∂h[2,1]/∂ã[2,1]");
    }

    [Fact]
    public void TextWritesTheSheetsFormulaAndTheTerms()
    {
        string text = Gradient("0.weight", 0, 0).ToText(new WorkedTextOptions { NumberFormat = WorkedNumberFormat.Fixed(4) });
        text.Should().StartWith("3 samples, one column each:\n  x = [1.0000, −1.0000, 0.3000; 2.0000, 0.5000, −0.7000]\n  t = [1.0000, 0.0000, 1.0000]\n");
        text.Should().Contain("  J = 1/6·Σᵢ (yᵢ − tᵢ)²\n");          // 1/(2N) with N = 3
        text.Should().Contain("  ∂J/∂W[1,1] = Σᵢ ∂J/∂y[i] · ∂y[i]/∂a[i] · ∂a[i]/∂h[i,1] · ∂h[i,1]/∂ã[i,1] · ∂ã[i,1]/∂W[1,1]\n");
        text.Should().Contain("             = −0.0111\n");             // S003-08: −0.01108796362258712
        // One line per sample: the first after =, the others continuing the sum with +; sample 2's x₁ is −1.
        text.Should().MatchRegex(@"\n {13}= \(\(−0\.\d{4}\) · [^\n]* · 1\.0000\)\n {13}\+ \([^\n]* · \(−1\.0000\)\)\n {13}\+ \([^\n]* · 0\.3000\)\n");
        text.Should().Contain("Gradient for W[1,1] over the samples (\"0.weight\"[0, 0])\n");
    }

    [Fact]
    public void OneSampleIsTheWorkedSolutionsChain()
    {
        Sequential net = WorkedSolutionSheetTests.Sheet004Net();
        WorkedSolution single = WorkedSolution.Create(net, new[] { 1.0, 2.0 }, new[] { -1.0 }, new SoftplusLoss(), 0.1, "0.weight", 0, 1);
        WorkedBatchGradient batch = WorkedBatchGradient.Create(
            WorkedSolutionSheetTests.Sheet004Net(), [[1.0, 2.0]], [[-1.0]], new SoftplusLoss(), 0.1, "0.weight", 0, 1);
        batch.Chains[0].Factors.Select(f => f.Value).Should().Equal(single.Chain.Factors.Select(f => f.Value));
        batch.Sum.Should().Be(single.Chain.Product);
        batch.Update.New.Should().Be(single.Update.New);
        Tolerance.Exact(batch.Update.New, 0.4 - 0.1 * 3 * Tolerance.Sig(6));    // S004-11
    }

    [Fact]
    public void BadBatchesAreRefusedWithTheirPosition()
    {
        Sequential net = Network221();
        var loss = MseLoss.HalfMse();
        Action none = () => WorkedBatchGradient.Create(net, [], [], loss, 0.1, "0.weight", 0, 0);
        none.Should().Throw<ArgumentException>().WithParameterName("inputs").WithMessage("1 to 1000 samples were expected; 0 were given.*");
        Action ragged = () => WorkedBatchGradient.Create(net, [[1.0, 2.0], [1.0]], [[1.0], [0.0]], loss, 0.1, "0.weight", 0, 0);
        ragged.Should().Throw<ArgumentException>().WithParameterName("inputs").WithMessage("Samples of 2 features (as inputs[0]) were expected; inputs[1] has 1.*");
        Action targets = () => WorkedBatchGradient.Create(net, [[1.0, 2.0]], [[1.0], [0.0]], loss, 0.1, "0.weight", 0, 0);
        targets.Should().Throw<ArgumentException>().WithParameterName("targets").WithMessage("One target per sample (1) was expected; 2 were given.*");
        Action nan = () => WorkedBatchGradient.Create(net, [[1.0, 2.0], [double.NaN, 0]], [[1.0], [0.0]], loss, 0.1, "0.weight", 0, 0);
        nan.Should().Throw<ArgumentException>().WithMessage("Finite values were expected; inputs[1][0] is NaN.*");
        Action nullSample = () => WorkedBatchGradient.Create(net, [[1.0, 2.0], null!], [[1.0], [0.0]], loss, 0.1, "0.weight", 0, 0);
        nullSample.Should().Throw<ArgumentNullException>().WithParameterName("inputs[1]");
        Action entry = () => WorkedBatchGradient.Create(net, X, T, loss, 0.1, "0.weight", 2, 0);
        entry.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("row");

        // Nothing ran: the network has no pass.
        net.Output.Should().BeNull();
    }
}
