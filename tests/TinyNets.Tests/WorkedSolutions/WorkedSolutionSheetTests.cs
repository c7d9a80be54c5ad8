using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Tests.Support;
using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

/// <summary>The worked solutions of sheets 000 and 004 against the worked-numbers catalogue (S000-04…12, S004-01…11).</summary>
public class WorkedSolutionSheetTests
{
    /// <summary>Sheet 000: u (uᵀ stored, row i = weights into hidden i), c, v, d; x = (1, 1), y = 2, SSE.</summary>
    internal static Sequential Sheet000Net()
    {
        var net = new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 1), new Identity());
        net.SetParameter("0.weight", new[,] { { -0.7, 0.2 }, { 0.9, 0.5 } });
        net.SetParameter("0.bias", new[] { -0.4, 0.1 });
        net.SetParameter("2.weight", new[,] { { -0.2, 0.6 } });
        net.SetParameter("2.bias", new[] { 0.8 });
        return net;
    }

    internal static readonly WorkedNotation Sheet000Notation = new()
    {
        IndexBase = 1,
        Layers = [new("Z_in", "u", "c"), new("Z_out"), new("A_in", "v", "d"), new("A_out")],
    };

    /// <summary>Sheet 004: W¹, b¹, ReLU, W², b²; x = (1, 2), y = −1, softplus loss, η = 0.1.</summary>
    internal static Sequential Sheet004Net()
    {
        var net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
        net.SetParameter("0.weight", new[,] { { 0.2, 0.4 }, { 0.8, 0.1 }, { 2.0, 0.5 } });
        net.SetParameter("0.bias", new[] { 1.0, 1.0, -4.0 });
        net.SetParameter("2.weight", new[,] { { 0.5, -1.0, 0.0 } });
        net.SetParameter("2.bias", new[] { 3.0 });
        return net;
    }

    internal static readonly WorkedNotation Sheet004Notation = new()
    {
        Layers = [new("z", "W¹", "b¹"), new("h"), new("ŷ", "W²", "b²")],
    };

    internal static WorkedSolution Sheet000() =>
        WorkedSolution.Create(Sheet000Net(), new[] { 1.0, 1.0 }, new[] { 2.0 }, MseLoss.Sse(), 0.1, "0.weight", 0, 0, Sheet000Notation);

    internal static WorkedSolution Sheet004() =>
        WorkedSolution.Create(Sheet004Net(), new[] { 1.0, 2.0 }, new[] { -1.0 }, new SoftplusLoss(), 0.1, "0.weight", 0, 1, Sheet004Notation);

    private static void Exact(IReadOnlyList<double> actual, params double[] expected)
    {
        actual.Should().HaveCount(expected.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Tolerance.Exact(actual[i], expected[i], $"entry {i}");
        }
    }

    [Fact]
    public void S000_04_to_08_ForwardStepsAreTheSheets()
    {
        WorkedSolution s = Sheet000();
        var first = (LinearStep)s.Steps[0];
        first.OutputName.Should().Be("Z_in");
        first.WeightName.Should().Be("u");
        first.BiasName.Should().Be("c");
        Exact(first.Input, 1, 1);
        Exact(first.Weight[0], -0.7, 0.2);
        Exact(first.Weight[1], 0.9, 0.5);
        Exact(first.Bias, -0.4, 0.1);
        Exact(first.Terms[0], -0.7 * 1, 0.2 * 1);
        Exact(first.Terms[1], 0.9 * 1, 0.5 * 1);
        Exact(first.Output, -0.9, 1.5);                                   // S000-04, S000-05

        var relu = (ActivationStep)s.Steps[1];
        relu.Function.Should().Be("ReLU");
        relu.InputName.Should().Be("Z_in");
        Exact(relu.Output, 0, 1.5);                                       // S000-06
        Exact(relu.Derivative, 0, 1);                                     // ReLU′(−0.9) = 0, ReLU′(1.5) = 1

        Exact(s.Steps[2].Output, 1.7);                                    // S000-07
        Exact(s.Steps[3].Output, 1.7);                                    // S000-08
        Exact(((ActivationStep)s.Steps[3]).Derivative, 1);
    }

    [Fact]
    public void S000_09_LossIsTheSse()
    {
        WorkedLoss loss = Sheet000().Loss;
        loss.Term.Should().Be(LossTerm.SquaredError);
        loss.Factor.Should().Be(1.0);
        loss.Formula.Should().Be("L = (A_out − y)²");
        Tolerance.Exact(loss.Value, 0.09);                                // S000-09
        Exact(loss.Gradient, -0.6);                                       // S000-10: δ1 = −2(2 − 1.7)
    }

    [Fact]
    public void S000_10_ChainForU11HasTheSheetsFiveFactors()
    {
        WorkedChain chain = Sheet000().Chain;
        chain.SinglePath.Should().BeTrue();
        chain.Entry.Should().Be("u[1,1]");
        chain.Factors.Select(f => f.Label).Should().Equal(
            "∂L/∂A_out", "∂A_out/∂A_in", "∂A_in/∂Z_out[1]", "∂Z_out[1]/∂Z_in[1]", "∂Z_in[1]/∂u[1,1]");
        Exact(chain.Factors.Select(f => f.Value).ToArray(), -0.6, 1, -0.2, 0, 1);
        chain.Product.Should().Be(0.0);
        chain.Gradient.Should().Be(0.0, "u11 feeds the dead hidden unit");
    }

    [Fact]
    public void S000_11_DeltasAreTheFullSseGradient()
    {
        WorkedSolution s = Sheet000();
        s.Deltas.Select(d => d.Name).Should().Equal("A_out", "A_in", "Z_out", "Z_in", "x");
        Exact(s.Deltas[0].Values, -0.6);
        Exact(s.Deltas[1].Values, -0.6);
        Exact(s.Deltas[2].Values, 0.12, -0.36);                           // ∂L/∂Z_out
        Exact(s.Deltas[3].Values, 0, -0.36);                              // ∂L/∂Z_in = ∂L/∂c
        Exact(s.Deltas[4].Values, -0.36 * 0.9, -0.36 * 0.5);              // uᵀ·δ: only hidden 2 passes a gradient
    }

    [Fact]
    public void S000_12_UpdateOfAHiddenTwoWeightIsTheSheets()
    {
        // S000-12: the hidden-2 weights become (0.936, 0.536).
        WorkedSolution s = WorkedSolution.Create(
            Sheet000Net(), new[] { 1.0, 1.0 }, new[] { 2.0 }, MseLoss.Sse(), 0.1, "0.weight", 1, 0, Sheet000Notation);
        s.Update.Entry.Should().Be("u[2,1]");
        s.Update.Old.Should().Be(0.9);
        Tolerance.Exact(s.Update.Gradient, -0.36);
        Tolerance.Exact(s.Update.New, 0.936);
        s.Chain.Factors.Select(f => f.Label).Should().Equal(
            "∂L/∂A_out", "∂A_out/∂A_in", "∂A_in/∂Z_out[2]", "∂Z_out[2]/∂Z_in[2]", "∂Z_in[2]/∂u[2,1]");
        Exact(s.Chain.Factors.Select(f => f.Value).ToArray(), -0.6, 1, 0.6, 1, 1);
    }

    [Fact]
    public void S000_12_BiasEntryUpdateIsTheSheets()
    {
        WorkedSolution s = WorkedSolution.Create(
            Sheet000Net(), new[] { 1.0, 1.0 }, new[] { 2.0 }, MseLoss.Sse(), 0.1, "2.bias", 0, 0, Sheet000Notation);
        s.Chain.Entry.Should().Be("d");
        s.Chain.Factors.Select(f => f.Label).Should().Equal("∂L/∂A_out", "∂A_out/∂A_in", "∂A_in/∂d");
        Tolerance.Exact(s.Update.New, 0.86);                              // S000-12: d = 0.86
    }

    [Fact]
    public void S004_01_to_04_ForwardStepsAreTheSheets()
    {
        WorkedSolution s = Sheet004();
        var first = (LinearStep)s.Steps[0];
        Exact(first.Terms.Select(t => t.Sum()).ToArray(), 1.0, 1.0, 3.0); // S004-01: W¹x
        Exact(first.Output, 2, 2, -1);                                    // S004-02
        Exact(s.Steps[1].Output, 2, 2, 0);                                // S004-03
        Exact(((ActivationStep)s.Steps[1]).Derivative, 1, 1, 0);
        Exact(s.Steps[2].Output, 2);                                      // S004-04
    }

    [Fact]
    public void S004_05_06_LossAndItsGradient()
    {
        WorkedLoss loss = Sheet004().Loss;
        loss.Term.Should().Be(LossTerm.Softplus);
        loss.Formula.Should().Be("L = ln(1 + exp((1 − 2·y)·ŷ))");
        Tolerance.Exact(loss.Value, Math.Log(1 + Math.Exp(6)));           // S004-05: ln(1 + e⁶) = 6.002475685137730
        Tolerance.Exact(loss.Value, 6.002475685137730);
        Exact(loss.Gradient, 3 * Tolerance.Sig(6));                        // S004-06: 3σ(6)
    }

    [Fact]
    public void S004_07_to_11_ChainAndUpdate()
    {
        WorkedSolution s = Sheet004();
        WorkedChain chain = s.Chain;
        chain.SinglePath.Should().BeTrue();
        chain.Entry.Should().Be("W¹[0,1]");
        chain.Factors.Select(f => f.Label).Should().Equal("∂L/∂ŷ", "∂ŷ/∂h[0]", "∂h[0]/∂z[0]", "∂z[0]/∂W¹[0,1]");
        Exact(chain.Factors.Select(f => f.Value).ToArray(), 3 * Tolerance.Sig(6), 0.5, 1, 2);  // S004-06…09
        Tolerance.Exact(chain.Product, 3 * Tolerance.Sig(6) * 0.5 * 1 * 2);                     // S004-10
        Tolerance.Exact(chain.Product, 2.992582130530096);
        Tolerance.Exact(chain.Gradient, 2.992582130530096);
        s.Update.Old.Should().Be(0.4);
        s.Update.LearningRate.Should().Be(0.1);
        Tolerance.Exact(s.Update.New, 0.1007417869469904);                // S004-11 (the sheet rounds to 0.1)
    }

    [Fact]
    public void TheNetworksParametersStayAsTheyWere()
    {
        Sequential net = Sheet004Net();
        var before = net.NamedParameters.Select(p => p.Value.Value.Clone()).ToList();
        WorkedSolution.Create(net, new[] { 1.0, 2.0 }, new[] { -1.0 }, new SoftplusLoss(), 0.1, "0.weight", 0, 1);
        var after = net.NamedParameters.Select(p => p.Value.Value).ToList();
        for (int i = 0; i < before.Count; i++)
        {
            after[i].Should().Be(before[i]);
        }

        net.GetGradient("0.weight")[0, 1].Should().BeApproximately(2.992582130530096, 1e-12, "the backward pass ran");
    }

    [Fact]
    public void DefaultNamesAreStateDictNames()
    {
        WorkedSolution s = WorkedSolution.Create(Sheet004Net(), Vector<double>.Build.Dense(new[] { 1.0, 2.0 }), new[] { -1.0 }, new SoftplusLoss(), 0.1, "0.weight", 0, 1);
        s.Steps.Select(st => st.OutputName).Should().Equal("z0", "a1", "z2");
        ((LinearStep)s.Steps[0]).WeightName.Should().Be("0.weight");
        ((LinearStep)s.Steps[2]).BiasName.Should().Be("2.bias");
        s.Chain.Entry.Should().Be("0.weight[0,1]");
        s.Chain.Factors.Select(f => f.Label).Should().Equal("∂L/∂z2", "∂z2/∂a1[0]", "∂a1[0]/∂z0[0]", "∂z0[0]/∂0.weight[0,1]");
    }

    [Fact]
    public void TheSolutionKeepsItsOwnCopyOfTheNames()
    {
        var layers = new List<LayerNotation> { new("z", "W¹", "b¹"), new("h"), new("ŷ", "W²", "b²") };
        WorkedSolution s = WorkedSolution.Create(
            Sheet004Net(), new[] { 1.0, 2.0 }, new[] { -1.0 }, new SoftplusLoss(), 0.1, "0.weight", 0, 1, new WorkedNotation { Layers = layers });
        layers[0] = new("changed");
        s.Notation.Layers![0].Output.Should().Be("z");
        s.ToText().Should().NotContain("changed");
    }
}
