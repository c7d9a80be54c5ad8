using TinyNets.Samples.Experiments;

namespace TinyNets.Tests.Samples;

/// <summary>
/// samples/Addition (sheet 000 §2 (ii), catalogue S000-13 / T-1 / FLAG-15): from the sheet's initial weights, x ~ U(0,1)², batch 1,
/// SSE, 2000 SGD steps. Only the robust facts are asserted: α = 0.1 reaches test MSE &lt; 1e-4 for each of 5 seeds; α = 0.5 and
/// α = 0.9 do not reach 1e-2.
/// </summary>
public class AdditionSampleTests
{
    [Fact]
    public void S000_07_sample_net_has_the_sheet_weights_output_1_7_at_1_1()
    {
        var net = AdditionExperiment.CreateSheetNetwork();
        double output = net.Forward(Matrix<double>.Build.DenseOfColumnArrays(new[] { 1.0, 1.0 }))[0, 0];
        Exact(output, 1.7);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(4UL)]
    [InlineData(5UL)]
    public void S000_13_T1_alpha_0_1_reaches_test_mse_below_1e_4(ulong seed)
    {
        AdditionRun run = AdditionExperiment.Run(0.1, seed);
        run.StepLosses.Should().HaveCount(AdditionExperiment.DefaultSteps);
        run.TestMse.Should().BeLessThan(1e-4, "the catalogue's reference simulation reached 9e-13 … 6.6e-7 (5/5 seeds)");
        run.Outcome.Should().Be(AdditionOutcome.Converged);
    }

    [Theory]
    [InlineData(0.5, 1UL)]
    [InlineData(0.5, 2UL)]
    [InlineData(0.5, 3UL)]
    [InlineData(0.5, 4UL)]
    [InlineData(0.5, 5UL)]
    [InlineData(0.9, 1UL)]
    [InlineData(0.9, 2UL)]
    [InlineData(0.9, 3UL)]
    [InlineData(0.9, 4UL)]
    [InlineData(0.9, 5UL)]
    public void S000_13_T1_alpha_0_5_and_0_9_do_not_reach_test_mse_1e_2(double alpha, ulong seed)
    {
        AdditionRun run = AdditionExperiment.Run(alpha, seed);
        run.TestMse.Should().BeGreaterThanOrEqualTo(1e-2, "the catalogue's reference simulation ended at 0.16 … 6.4");
    }

    /// <summary>The sample's "collapsed to a dead-ReLU constant" verdict: the net really outputs d everywhere, and its MSE is that of d.</summary>
    [Fact]
    public void S000_13_T1_dead_relu_verdict_means_a_constant_output_d()
    {
        AdditionRun[] dead = new[] { 0.5, 0.9 }.SelectMany(a => new ulong[] { 1, 2, 3, 4, 5 }.Select(s => AdditionExperiment.Run(a, s)))
            .Where(r => r.Outcome == AdditionOutcome.DeadReluConstant).ToArray();
        dead.Should().NotBeEmpty("the catalogue: 0.5 and 0.9 usually collapse to a dead-ReLU constant");
        dead.Should().HaveCount(10, "README.md: α = 0.5 and 0.9 both collapse to a dead-ReLU constant (for each of the 5 seeds)");
        (Matrix<double> x, Matrix<double> y) = AdditionExperiment.Sample(new SeededRandom(AdditionExperiment.TestSeed), AdditionExperiment.TestSize);
        foreach (AdditionRun run in dead)
        {
            Matrix<double> output = run.Network.Forward(x);
            output.Enumerate().Should().OnlyContain(v => v == run.OutputBias);
            double mse = 0;
            for (int j = 0; j < y.ColumnCount; j++)
            {
                mse += (run.OutputBias - y[0, j]) * (run.OutputBias - y[0, j]);
            }

            Exact(run.TestMse, mse / y.ColumnCount);
        }
    }

    /// <summary>The library's SGD run equals a plain scalar implementation of the same 2000 steps (same sample stream).</summary>
    [Fact]
    public void S000_13_T1_alpha_0_1_run_matches_a_plain_loop()
    {
        const double Alpha = 0.1;
        double[,] u = { { -0.7, 0.2 }, { 0.9, 0.5 } };
        double[] c = { -0.4, 0.1 };
        double[] v = { -0.2, 0.6 };
        double d = 0.8;
        var random = new SeededRandom(1);
        for (int step = 0; step < AdditionExperiment.DefaultSteps; step++)
        {
            double x1 = random.NextDouble(), x2 = random.NextDouble();
            double[] z = { (u[0, 0] * x1) + (u[0, 1] * x2) + c[0], (u[1, 0] * x1) + (u[1, 1] * x2) + c[1] };
            double[] h = { Math.Max(z[0], 0), Math.Max(z[1], 0) };
            double yHat = (v[0] * h[0]) + (v[1] * h[1]) + d;
            double g = 2 * (yHat - (x1 + x2)); // dSSE/dŷ
            for (int i = 0; i < 2; i++)
            {
                double gz = z[i] > 0 ? g * v[i] : 0;
                v[i] -= Alpha * g * h[i];
                u[i, 0] -= Alpha * gz * x1;
                u[i, 1] -= Alpha * gz * x2;
                c[i] -= Alpha * gz;
            }

            d -= Alpha * g;
        }

        AdditionRun run = AdditionExperiment.Run(Alpha, 1);
        var net = run.Network;
        double[] expected = { u[0, 0], u[0, 1], u[1, 0], u[1, 1], c[0], c[1], v[0], v[1], d };
        double[] actual =
        {
            net.GetParameter("0.weight").Value[0, 0], net.GetParameter("0.weight").Value[0, 1],
            net.GetParameter("0.weight").Value[1, 0], net.GetParameter("0.weight").Value[1, 1],
            net.GetParameter("0.bias").Value[0, 0], net.GetParameter("0.bias").Value[1, 0],
            net.GetParameter("2.weight").Value[0, 0], net.GetParameter("2.weight").Value[0, 1], net.GetParameter("2.bias").Value[0, 0],
        };
        for (int i = 0; i < expected.Length; i++)
        {
            actual[i].Should().BeApproximately(expected[i], 1e-9, $"parameter {i} after 2000 steps (rounding may differ in the last bits)");
        }
    }
}
