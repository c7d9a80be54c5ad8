using TinyNets.Samples.Experiments;

namespace TinyNets.Tests.Samples;

/// <summary>
/// samples/LinePatterns (sheet 002, catalogue §3c, FLAG-6). The sheet's detectors h1 = σ(x1 + x3 − x2 − x4), h2 = σ(x1 + x2 − x3 − x4)
/// put the classes in an XOR cross, so training only the output layer ends at loss ln 2 with at most 3/4 correct (the sheet
/// claims the design works); a trained 4-4-1 tanh net separates them (4/4, loss &lt; 0.01).
/// </summary>
public class LinePatternsSampleTests
{
    [Fact]
    public void S002_30_hand_designed_detectors_give_the_catalogue_hidden_values()
    {
        var net = LinePatternsExperiment.CreateHandDesigned();
        net.Forward(LinePatternsExperiment.Patterns);
        Matrix<double> h = net[1].Output!;
        double s2 = 0.8807970779778823, sm2 = 0.1192029220221176;
        double[,] expected = { { s2, sm2, 0.5, 0.5 }, { 0.5, 0.5, s2, sm2 } };
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                Exact(h[i, j], expected[i, j]);
            }
        }
    }

    [Fact]
    public void S002_31_FLAG6_training_only_the_output_layer_ends_at_ln2_with_at_most_3_of_4()
    {
        LinePatternsRun run = LinePatternsExperiment.TrainHandDesignedOutputLayer();
        // FLAG-6: the sheet presents the design as a solution; the best mean cross-entropy is ln 2 with every output ½.
        run.Loss.Should().BeApproximately(Math.Log(2.0), 1e-9);
        run.Correct.Should().BeLessThanOrEqualTo(3);
        run.Logits.Should().OnlyContain(z => Math.Abs(z) < 1e-6);
        // The catalogue's identity f(V1) + f(V2) = f(H1) + f(H2) for the trained output layer.
        (run.Logits[0] + run.Logits[1]).Should().BeApproximately(run.Logits[2] + run.Logits[3], 1e-12);
    }

    [Fact]
    public void S002_31_FLAG6_no_random_output_layer_gets_all_4()
    {
        (int best, _, double gap) = LinePatternsExperiment.RandomOutputLayers(trials: 10_000, seed: 7);
        best.Should().Be(3, "3 of 4 is reachable, 4 of 4 never");
        gap.Should().BeLessThan(1e-12);
    }

    [Fact]
    public void S002_29_trained_4_4_1_net_separates_vertical_from_horizontal()
    {
        LinePatternsRun run = LinePatternsExperiment.TrainMlp();
        run.Correct.Should().Be(4);
        run.Loss.Should().BeLessThan(0.01);
    }
}
