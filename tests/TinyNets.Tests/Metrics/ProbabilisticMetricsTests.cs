using TinyNets.Metrics;

namespace TinyNets.Tests.Metrics;

public class ProbabilisticMetricsTests
{
    private static Matrix<double> M(double[,] values) => Matrix<double>.Build.DenseOfArray(values);

    [Fact]
    public void Log_loss_of_the_documentation_example_is_the_mean_negative_log_of_the_true_class()
    {
        // scikit-learn's example: labels ["spam", "ham", "ham", "spam"] (sorted: ham = 0, spam = 1) with rows
        // [.1, .9], [.9, .1], [.8, .2], [.35, .65]: the true class's probabilities are .9, .9, .8, .65.
        Matrix<double> p = M(new[,] { { 0.1, 0.9, 0.8, 0.35 }, { 0.9, 0.1, 0.2, 0.65 } });
        double expected = -(Math.Log(0.9) + Math.Log(0.9) + Math.Log(0.8) + Math.Log(0.65)) / 4;   // 0.21616…

        Exact(ClassificationMetrics.LogLoss(p, [1, 0, 0, 1]), expected);
        expected.Should().BeApproximately(0.21616, 1e-5);
        // One row: P(class 1) of a binary classifier, the same data.
        Exact(ClassificationMetrics.LogLoss(M(new[,] { { 0.9, 0.1, 0.2, 0.65 } }), [1, 0, 0, 1]), expected);
    }

    [Fact]
    public void Log_loss_clips_to_machine_epsilon()
    {
        // A true class given probability 0 costs −ln ε = 52·ln 2; one given probability 1 costs −ln(1 − ε) ≈ ε.
        Exact(ClassificationMetrics.LogLoss(M(new[,] { { 1.0 }, { 0.0 } }), [1]), 52 * Math.Log(2));
        ClassificationMetrics.LogLoss(M(new[,] { { 1.0 }, { 0.0 } }), [0]).Should().BeApproximately(Math.Pow(2, -52), 1e-30);
        Exact(ClassificationMetrics.LogLoss(M(new[,] { { 0.0, 1.0 } }), [1, 1]), 26 * Math.Log(2));
        ClassificationMetrics.LogLossEpsilon.Should().Be(Math.Pow(2, -52));
    }

    [Fact]
    public void Log_loss_refuses_what_is_not_probabilities()
    {
        FluentActions.Invoking(() => ClassificationMetrics.LogLoss(M(new[,] { { 0.5, 0.6 }, { 0.5, 0.5 } }), [0, 1]))
            .Should().Throw<ArgumentException>().Which.Message.Should().Contain("Column 1").And.Contain("1.1");
        FluentActions.Invoking(() => ClassificationMetrics.LogLoss(M(new[,] { { 2.0, -1.0 } }), [0, 1]))
            .Should().Throw<ArgumentException>().Which.Message.Should().Contain("[0, 0] is 2");
        FluentActions.Invoking(() => ClassificationMetrics.LogLoss(M(new[,] { { 0.5, 0.5 }, { 0.5, 0.5 } }), [0]))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("trueClasses");
        FluentActions.Invoking(() => ClassificationMetrics.LogLoss(M(new[,] { { 0.5 } }), [2]))
            .Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("binary");
        // Within NumPy's allclose(…, rtol=√ε) of 1 passes.
        FluentActions.Invoking(() => ClassificationMetrics.LogLoss(M(new[,] { { 0.5 }, { 0.5 + 1e-8 } }), [0])).Should().NotThrow();
    }

    [Fact]
    public void Binary_roc_auc_of_the_documentation_example_and_with_ties()
    {
        // y = [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8]: of the 4 (positive, negative) pairs, (0.35, 0.4) is misordered → 3/4.
        Exact(ClassificationMetrics.RocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);

        // y = [0, 1, 0, 1], scores [0.5, 0.5, 0.2, 0.9]. Pairs: (0.5, 0.5) tie ½, (0.5, 0.2) 1, (0.9, ·) 1 + 1 → 3.5/4.
        // Trapezoids over thresholds 0.9, 0.5, 0.2: (0, 0) → (0, ½) → (½, 1) → (1, 1): ½·(½ + 1)/2 + ½·1 = 0.875.
        Exact(ClassificationMetrics.RocAuc([0.5, 0.5, 0.2, 0.9], [0, 1, 0, 1]), 0.875);
        // All scores equal: the diagonal.
        Exact(ClassificationMetrics.RocAuc([3.0, 3.0, 3.0], [0, 1, 1]), 0.5);
        Exact(ClassificationMetrics.RocAuc(M(new[,] { { 0.1, 0.4, 0.35, 0.8 } }), [0, 0, 1, 1]), 0.75);
    }

    [Fact]
    public void Binary_roc_auc_is_the_Mann_Whitney_statistic()
    {
        var rng = new SeededRandom(11);
        for (int round = 0; round < 20; round++)
        {
            int n = 2 + rng.NextInt32(60);
            // Few distinct scores, so that ties are frequent.
            double[] scores = Enumerable.Range(0, n).Select(_ => (double)rng.NextInt32(6)).ToArray();
            int[] y = Enumerable.Range(0, n).Select(j => j < 2 ? j : rng.NextInt32(2)).ToArray();

            Exact(ClassificationMetrics.RocAuc(scores, y), MannWhitney(scores, y, 1));
        }
    }

    [Fact]
    public void One_vs_rest_roc_auc_averages_each_class_against_the_rest()
    {
        // Three classes, six samples (columns are probabilities). Class c's AUC ranks row c, positives = class c.
        Matrix<double> p = M(new[,]
        {
            { 0.7, 0.2, 0.1, 0.5, 0.3, 0.2 },
            { 0.2, 0.5, 0.3, 0.3, 0.3, 0.2 },
            { 0.1, 0.3, 0.6, 0.2, 0.4, 0.6 },
        });
        int[] y = [0, 1, 2, 0, 2, 1];
        // By hand, class 0: positives 0.7, 0.5; negatives 0.2, 0.1, 0.3, 0.2 → all 8 pairs ordered → 1.
        // class 1: positives 0.5, 0.2; negatives 0.2, 0.3, 0.3, 0.4 → 0.5 beats all 4; 0.2 ties one (½) → 4.5/8.
        // class 2: positives 0.6, 0.4; negatives 0.1, 0.3, 0.2, 0.6 → 0.6: 3 + ½; 0.4: 3 → 6.5/8.
        double[] perClass = [1.0, 4.5 / 8, 6.5 / 8];
        for (int c = 0; c < 3; c++)
        {
            Exact(MannWhitney(p.Row(c).ToArray(), y, c), perClass[c]);
        }

        Exact(ClassificationMetrics.RocAuc(p, y), perClass.Average());
        Exact(ClassificationMetrics.RocAuc(p, y, MetricAverage.Weighted), (2 * perClass[0] + 2 * perClass[1] + 2 * perClass[2]) / 6);

        int[] y2 = [0, 1, 2, 0, 2, 0];   // supports 3, 1, 2
        double[] perClass2 = Enumerable.Range(0, 3).Select(c => MannWhitney(p.Row(c).ToArray(), y2, c)).ToArray();
        Exact(ClassificationMetrics.RocAuc(p, y2, MetricAverage.Weighted), (3 * perClass2[0] + 1 * perClass2[1] + 2 * perClass2[2]) / 6);
    }

    [Fact]
    public void Roc_auc_refuses_undefined_curves_and_bad_input()
    {
        FluentActions.Invoking(() => ClassificationMetrics.RocAuc([0.1, 0.2], [1, 1]))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "trueClasses" && e.Message.Contains("all 2 samples are of class 1"));
        FluentActions.Invoking(() => ClassificationMetrics.RocAuc([0.1, 0.2], [1]))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "trueClasses" && e.Message.Contains("(2)") && e.Message.Contains("1 were given"));
        FluentActions.Invoking(() => ClassificationMetrics.RocAuc([0.1, double.NaN], [0, 1]))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("scores");
        Matrix<double> p = M(new[,] { { 0.6, 0.3, 0.5 }, { 0.3, 0.3, 0.4 }, { 0.1, 0.4, 0.1 } });
        // Class 2 has no true sample: its curve has no positives.
        FluentActions.Invoking(() => ClassificationMetrics.RocAuc(p, [0, 1, 1]))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "trueClasses" && e.Message.Contains("class 2"));
        FluentActions.Invoking(() => ClassificationMetrics.RocAuc(M(new[,] { { 2.0, 0.0 }, { 1.0, 1.0 } }), [0, 1]))
            .Should().Throw<ArgumentException>().Which.Message.Should().Contain("softmax");
        FluentActions.Invoking(() => ClassificationMetrics.RocAuc(p, [0, 1, 2], MetricAverage.Micro))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("average");
    }

    // The Mann–Whitney statistic by counting every (positive, negative) pair: the reference for the ROC area.
    private static double MannWhitney(double[] scores, int[] y, int positive)
    {
        double wins = 0;
        long pairs = 0;
        for (int a = 0; a < scores.Length; a++)
        {
            for (int b = 0; b < scores.Length; b++)
            {
                if (y[a] == positive && y[b] != positive)
                {
                    pairs++;
                    wins += scores[a] > scores[b] ? 1 : scores[a] == scores[b] ? 0.5 : 0;
                }
            }
        }

        return wins / pairs;
    }
}
