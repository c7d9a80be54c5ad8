using TinyNets.Samples.Experiments;

namespace TinyNets.Tests.Samples;

/// <summary>
/// samples/NeuronAndTinyNet (sheet 003, catalogue T-3 and T-4). T-3: a sigmoid neuron with J = 1/(2N) Σ (y − t)² reaches 100 % on
/// separable blobs with J decreasing every epoch, and stays clearly below 100 % on XOR blobs. T-4: the 2-2-1 sigmoid net from the
/// fixed init, full batch, ε = 5, 5000 epochs → outputs (0.0214, 0.9813, 0.9813, 0.0222), J ≈ 2.06e-4, 4/4 correct.
/// </summary>
public class NeuronAndTinyNetSampleTests
{
    private static readonly Lazy<XorNetRun> CatalogueRun = new(() => SigmoidXorNetExperiment.Run());

    [Fact]
    public void T3_neuron_on_separable_blobs_reaches_100_percent_with_J_decreasing()
    {
        NeuronRun run = SigmoidNeuronExperiment.Train(SigmoidNeuronExperiment.SeparableBlobs());
        run.InitialAccuracy.Should().BeLessThan(0.5, "the start points the wrong way, so there is something to learn");
        run.FinalAccuracy.Should().Be(1.0);
        IReadOnlyList<double> j = run.History.LossCurve;
        for (int i = 1; i < j.Count; i++)
        {
            j[i].Should().BeLessThanOrEqualTo(j[i - 1], $"J must not rise (epoch {i + 1})");
        }

        run.FinalLoss.Should().BeLessThan(j[0] / 10);
    }

    [Fact]
    public void T3_neuron_on_xor_blobs_stays_clearly_below_100_percent()
    {
        NeuronRun run = SigmoidNeuronExperiment.Train(SigmoidNeuronExperiment.XorBlobs());
        run.FinalAccuracy.Should().BeLessThanOrEqualTo(0.8, "one line can put at most 3 of the 4 blobs right");
    }

    [Fact]
    public void T3_loss_is_the_sheets_half_mse()
    {
        // J = 1/(2N) Σ (y − t)² from its definition, at the neuron's starting weights.
        BinaryData data = SigmoidNeuronExperiment.SeparableBlobs();
        var neuron = SigmoidNeuronExperiment.CreateNeuron();
        Matrix<double> y = neuron.Forward(data.Inputs);
        double sum = 0;
        for (int i = 0; i < data.Inputs.ColumnCount; i++)
        {
            double yi = Sig((-1.0 * data.Inputs[0, i]) + (0.5 * data.Inputs[1, i]));
            Exact(y[0, i], yi);
            sum += (yi - data.Targets[0, i]) * (yi - data.Targets[0, i]);
        }

        NeuronRun run = SigmoidNeuronExperiment.Train(data, epochs: 1);
        Exact(run.History.LossCurve[0], sum / (2 * data.Inputs.ColumnCount));
    }

    [Fact]
    public void T4_xor_net_reaches_the_catalogue_outputs_and_J()
    {
        XorNetRun run = CatalogueRun.Value;
        run.History.Epochs.Should().HaveCount(5000);
        for (int i = 0; i < 4; i++)
        {
            // Catalogue figures have 4 decimals: half a unit is 5e-5.
            run.Outputs[i].Should().BeApproximately(SigmoidXorNetExperiment.CatalogueOutputs[i], 5e-5, $"output {i}");
        }

        run.FinalLoss.Should().BeApproximately(SigmoidXorNetExperiment.CatalogueLoss, 5e-7, "J ≈ 2.06e-4 (3 significant digits)");
        run.Correct.Should().Be(4);
    }

    /// <summary>The same 5000 full-batch steps by a plain scalar loop with the sheet's gradient formulas (independent of the library).</summary>
    [Fact]
    public void T4_xor_net_matches_a_plain_gradient_descent_loop()
    {
        double[][] x = { new[] { 0.0, 0.0 }, new[] { 0.0, 1.0 }, new[] { 1.0, 0.0 }, new[] { 1.0, 1.0 } };
        double[] t = { 0, 1, 1, 0 };
        double[,] wt = { { 1, -1 }, { 1, -1 } }; // W̃: input i → hidden j
        double[] bt = { -0.5, 1.5 };
        double[] w = { 1, 1 };
        double b = -1.5;
        const double Eps = 5.0;
        for (int epoch = 0; epoch < 5000; epoch++)
        {
            var gwt = new double[2, 2];
            var gbt = new double[2];
            var gw = new double[2];
            double gb = 0;
            foreach (int n in Enumerable.Range(0, 4))
            {
                double[] h = new double[2];
                for (int j = 0; j < 2; j++)
                {
                    h[j] = Sig((wt[0, j] * x[n][0]) + (wt[1, j] * x[n][1]) + bt[j]);
                }

                double y = Sig((w[0] * h[0]) + (w[1] * h[1]) + b);
                double delta = (y - t[n]) * y * (1 - y) / 4; // ∂J/∂a for J = 1/(2N) Σ (y − t)², N = 4
                gb += delta;
                for (int j = 0; j < 2; j++)
                {
                    gw[j] += delta * h[j];
                    double dj = delta * w[j] * h[j] * (1 - h[j]);
                    gbt[j] += dj;
                    gwt[0, j] += dj * x[n][0];
                    gwt[1, j] += dj * x[n][1];
                }
            }

            b -= Eps * gb;
            for (int j = 0; j < 2; j++)
            {
                w[j] -= Eps * gw[j];
                bt[j] -= Eps * gbt[j];
                wt[0, j] -= Eps * gwt[0, j];
                wt[1, j] -= Eps * gwt[1, j];
            }
        }

        XorNetRun run = CatalogueRun.Value;
        for (int n = 0; n < 4; n++)
        {
            double h0 = Sig((wt[0, 0] * x[n][0]) + (wt[1, 0] * x[n][1]) + bt[0]);
            double h1 = Sig((wt[0, 1] * x[n][0]) + (wt[1, 1] * x[n][1]) + bt[1]);
            double y = Sig((w[0] * h0) + (w[1] * h1) + b);
            run.Outputs[n].Should().BeApproximately(y, 1e-10, $"output {n}");
        }
    }
}
