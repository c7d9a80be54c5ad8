using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

/// <summary>
/// The factor before a loss's sum: 1/n for a mean over n (n from 2 to 10⁹), the number itself for any other scale;
/// and the double sum Σᵢ Σₖ over samples and outputs of a batch with several outputs.
/// </summary>
public class LossFormulaMutationTests
{
    // z0 = w·x + b, one feature and one output.
    private static string FormulaFor(double scale)
    {
        var net = new Sequential(new Linear(1, 1));
        net.SetParameter("0.weight", new[,] { { 2.0 } });
        net.SetParameter("0.bias", new[] { 0.0 });
        return WorkedSolution.Create(net, new[] { 1.0 }, new[] { 0.0 }, new MseLoss(Reduction.Sum, scale), 0.1, "0.weight", 0, 0).Loss.Formula;
    }

    [Fact]
    public void AScaleThatIsNoReciprocal_IsWrittenAsItsNumber()
    {
        // 0.3 is no 1/n (1/3 ≠ 0.3): it is written as 0.3, not as the nearest fraction 1/3.
        FormulaFor(0.3).Should().Be("L = 0.3·(z0 − y)²");
        FormulaFor(3.0).Should().Be("L = 3·(z0 − y)²");
    }

    [Fact]
    public void TheReciprocalOfABillion_IsStillAFraction()
    {
        // 1e-9 is the double nearest 10⁻⁹, and 1.0/1e9 rounds to it: n = 10⁹ is the largest n written as 1/n.
        (1.0 / 1e9).Should().Be(1e-9);
        FormulaFor(1e-9).Should().Be("L = 1/1000000000·(z0 − y)²");
        FormulaFor(0.25).Should().Be("L = 1/4·(z0 − y)²");
    }

    [Fact]
    public void AReciprocalBeyondABillion_IsWrittenAsItsNumber()
    {
        // 2⁻³¹ = 1/2147483648 exactly, but n > 10⁹: written as the shortest round-trip text of 2⁻³¹
        // (4.656612873077392578125e-10; 16 digits are the fewest that read back as the same double), with the minus sign −.
        double factor = Math.Pow(2, -31);
        (1.0 / 2147483648.0).Should().Be(factor);
        FormulaFor(factor).Should().Be("L = 4.656612873077393E−10·(z0 − y)²");
    }

    [Fact]
    public void ABatchOfSeveralOutputs_SumsOverSamplesAndOutputs()
    {
        // Two samples, two outputs, the mean over the 4 elements: J = 1/4·Σᵢ Σₖ (z0ᵢₖ − yᵢₖ)².
        var net = new Sequential(new Linear(1, 2));
        net.SetParameter("0.weight", new[,] { { 1.0 }, { -1.0 } });
        net.SetParameter("0.bias", new[] { 0.0, 0.0 });
        WorkedBatchGradient g = WorkedBatchGradient.Create(net, [[1.0], [2.0]], [[0.0, 0.0], [1.0, 1.0]], new MseLoss(), 0.1, "0.weight", 0, 0);
        Exact(g.LossFactor, 0.25);
        g.ToText().Should().Contain("  L = 1/4·Σᵢ Σₖ (z0ᵢₖ − yᵢₖ)²\n");
    }
}
