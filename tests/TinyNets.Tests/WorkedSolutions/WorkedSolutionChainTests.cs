using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Tests.Support;
using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

/// <summary>The chain's product against the backward pass's gradient, on seeded random small nets, and each activation's
/// f′ against its closed form.</summary>
public class WorkedSolutionChainTests
{
    private static Layer RandomActivation(Random random) => random.Next(6) switch
    {
        0 => new ReLU(),
        1 => new LeakyReLU(0.1),
        2 => new Sigmoid(),
        3 => new Tanh(),
        4 => new Identity(),
        _ => new Softplus(),
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void ChainProductIsTheGradientOnRandomNets(int seed)
    {
        var random = new Random(seed);
        int singlePaths = 0, severalPaths = 0;
        for (int trial = 0; trial < 60; trial++)
        {
            int depth = 1 + random.Next(3);
            int inputs = 1 + random.Next(3);
            var layers = new List<Layer>();
            int width = inputs;
            for (int d = 0; d < depth; d++)
            {
                // Widths of 1 give single paths (the sheets' nets), wider layers give several.
                int next = d == depth - 1 ? 1 + random.Next(2) : 1 + random.Next(3);
                layers.Add(new Linear(width, next, bias: random.Next(4) != 0));
                width = next;
                if (random.Next(3) != 0)
                {
                    layers.Add(RandomActivation(random));
                }
            }

            var net = new Sequential(layers).Initialize((ulong)(seed * 1000 + trial));
            double[] x = Enumerable.Range(0, inputs).Select(_ => random.NextDouble() * 4 - 2).ToArray();
            (Loss loss, double[] y) = random.Next(3) switch
            {
                0 => ((Loss)new MseLoss(), Enumerable.Range(0, width).Select(_ => random.NextDouble() * 2 - 1).ToArray()),
                1 => (new SoftplusLoss(Reduction.Sum), Enumerable.Range(0, width).Select(_ => (double)random.Next(2)).ToArray()),
                _ => (new BceWithLogitsLoss(), Enumerable.Range(0, width).Select(_ => random.NextDouble()).ToArray()),
            };

            var named = net.NamedParameters[random.Next(net.NamedParameters.Count)];
            int row = random.Next(named.Value.Value.RowCount), column = random.Next(named.Value.Value.ColumnCount);
            WorkedSolution s = WorkedSolution.Create(net, x, y, loss, 0.05, named.Key, row, column);

            double expected = net.GetGradient(named.Key)[row, column];
            s.Chain.Gradient.Should().Be(expected);
            s.Chain.Product.Should().BeApproximately(expected, 1e-12 * Math.Abs(expected), $"trial {trial}: {net}, {named.Key}[{row},{column}]");
            double old = net.GetParameter(named.Key).Value[row, column];
            s.Update.Old.Should().Be(old, "the network's parameter is left as it was");
            s.Update.New.Should().Be(old - (0.05 * expected));
            if (s.Chain.SinglePath)
            {
                singlePaths++;
            }
            else
            {
                severalPaths++;
                s.Chain.Factors.Should().HaveCount(2, "δ·x with several paths");
            }
        }

        singlePaths.Should().BePositive();
        severalPaths.Should().BePositive();
    }

    [Fact]
    public void SeveralPathsGiveDeltaTimesInput()
    {
        // z0 = W·x + b (2 units) feeds a 2-output layer: W[1,0] reaches the loss along two paths.
        var net = new Sequential(new Linear(1, 2), new Tanh(), new Linear(2, 2));
        net.SetParameter("0.weight", new[,] { { 0.5 }, { -1.5 } });
        net.SetParameter("0.bias", new[] { 0.1, 0.2 });
        net.SetParameter("2.weight", new[,] { { 1.0, 2.0 }, { 3.0, 4.0 } });
        net.SetParameter("2.bias", new[] { 0.0, 0.0 });
        WorkedSolution s = WorkedSolution.Create(net, new[] { 2.0 }, new[] { 1.0, -1.0 }, MseLoss.Sse(), 0.1, "0.weight", 1, 0);
        s.Chain.SinglePath.Should().BeFalse();
        s.Chain.Factors.Select(f => f.Label).Should().Equal("∂L/∂z0[1]", "∂z0[1]/∂0.weight[1,0]");

        // Independently: z0[1] = −2.8, a = tanh(z0), ŷ = V·a, ∂L/∂ŷ = 2(ŷ − y), δ = Σₖ ∂L/∂ŷₖ·V[k,1]·(1 − a1²).
        double a0 = Math.Tanh(0.5 * 2 + 0.1), a1 = Math.Tanh(-1.5 * 2 + 0.2);
        double g0 = 2 * (1.0 * a0 + 2.0 * a1 - 1.0), g1 = 2 * (3.0 * a0 + 4.0 * a1 + 1.0);
        double delta = (g0 * 2.0 + g1 * 4.0) * (1 - a1 * a1);
        s.Chain.Factors[0].Value.Should().BeApproximately(delta, 1e-12 * Math.Abs(delta));
        s.Chain.Factors[1].Value.Should().Be(2.0);
        s.Chain.Product.Should().BeApproximately(delta * 2.0, 1e-12 * Math.Abs(delta * 2.0));
    }

    [Fact]
    public void ActivationDerivativesAreTheClosedForms()
    {
        double[] z = [-1.5, -0.25, 0.0, 0.75, 2.0];
        var cases = new (Activation Layer, Func<double, double> Derivative)[]
        {
            (new ReLU(), v => v > 0 ? 1 : 0),
            (new LeakyReLU(0.2), v => v > 0 ? 1 : 0.2),
            (new Sigmoid(), v => Tolerance.Sig(v) * (1 - Tolerance.Sig(v))),
            (new Tanh(), v => 1 - (Math.Tanh(v) * Math.Tanh(v))),
            (new Identity(), _ => 1),
            (new Softplus(), v => Tolerance.Sig(v)),
        };
        foreach ((Activation layer, Func<double, double> derivative) in cases)
        {
            var net = new Sequential(new Linear(5, 5, bias: false), layer, new Linear(5, 1));
            net.SetParameter("0.weight", Enumerable.Range(0, 5).Select(i => Enumerable.Range(0, 5).Select(j => i == j ? 1.0 : 0.0).ToArray()).ToArray().To2D());
            WorkedSolution s = WorkedSolution.Create(net, z, new[] { 0.0 }, new MseLoss(), 0.1, "2.bias", 0, 0);
            var step = (ActivationStep)s.Steps[1];
            for (int i = 0; i < z.Length; i++)
            {
                step.Derivative[i].Should().BeApproximately(derivative(z[i]), 1e-15, $"{layer}′({z[i]})");
            }
        }
    }
}

internal static class ArrayExtensions
{
    public static double[,] To2D(this double[][] rows)
    {
        var result = new double[rows.Length, rows[0].Length];
        for (int i = 0; i < rows.Length; i++)
        {
            for (int j = 0; j < rows[i].Length; j++)
            {
                result[i, j] = rows[i][j];
            }
        }

        return result;
    }
}
