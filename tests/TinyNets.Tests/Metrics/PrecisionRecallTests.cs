using TinyNets.Metrics;

namespace TinyNets.Tests.Metrics;

public class PrecisionRecallTests
{
    // scikit-learn's documentation example: y_true = [0, 1, 2, 0, 1, 2], y_pred = [0, 2, 1, 0, 0, 1].
    // By hand, per class (tp, predicted, true):
    //   class 0: tp 2 (samples 0, 3), predicted 3 (0, 3, 4), true 2 → P = 2/3, R = 1, F1 = 2·2/(2 + 3) = 4/5
    //   class 1: tp 0, predicted 2 (2, 5), true 2 → P = 0, R = 0, F1 = 0
    //   class 2: tp 0, predicted 1 (1), true 2   → P = 0, R = 0, F1 = 0
    // macro: P = (2/3)/3 = 2/9, R = 1/3, F1 = (4/5)/3 = 4/15
    // micro: pooled tp 2 of 6 predictions and 6 true samples → P = R = F1 = 1/3 (the accuracy)
    // weighted by the true counts 2, 2, 2: the same as macro here.
    private static readonly int[] True6 = [0, 1, 2, 0, 1, 2];
    private static readonly int[] Pred6 = [0, 2, 1, 0, 0, 1];

    [Fact]
    public void Averages_of_the_documentation_example_match_the_hand_working()
    {
        Exact(ClassificationMetrics.Precision(Pred6, True6, MetricAverage.Macro), 2.0 / 9);
        Exact(ClassificationMetrics.Recall(Pred6, True6, MetricAverage.Macro), 1.0 / 3);
        Exact(ClassificationMetrics.F1Score(Pred6, True6, MetricAverage.Macro), 4.0 / 15);
        Exact(ClassificationMetrics.Precision(Pred6, True6, MetricAverage.Micro), 1.0 / 3);
        Exact(ClassificationMetrics.Recall(Pred6, True6, MetricAverage.Micro), 1.0 / 3);
        Exact(ClassificationMetrics.F1Score(Pred6, True6, MetricAverage.Micro), 1.0 / 3);
        Exact(ClassificationMetrics.Precision(Pred6, True6, MetricAverage.Weighted), 2.0 / 9);
        Exact(ClassificationMetrics.F1Score(Pred6, True6, MetricAverage.Weighted), 4.0 / 15);
        ClassificationMetrics.F1ScorePerClass(Pred6, True6, 3).Should().Equal(0.8, 0.0, 0.0);
        ClassificationMetrics.PrecisionPerClass(Pred6, True6, 3).Should().Equal(2.0 / 3, 0.0, 0.0);
        ClassificationMetrics.RecallPerClass(Pred6, True6, 3).Should().Equal(1.0, 0.0, 0.0);
    }

    [Fact]
    public void Weighted_average_weighs_by_the_true_counts()
    {
        // true [0, 0, 0, 1], pred [0, 0, 1, 1]:
        //   class 0: tp 2, predicted 2, true 3 → R = 2/3;  class 1: tp 1, predicted 2, true 1 → R = 1
        //   weighted recall = (3·2/3 + 1·1)/4 = 3/4; macro = (2/3 + 1)/2 = 5/6
        //   F1: class 0 = 2·2/(3 + 2) = 4/5, class 1 = 2·1/(1 + 2) = 2/3 → weighted (3·4/5 + 2/3)/4 = (12/5 + 2/3)/4 = 23/30
        int[] t = [0, 0, 0, 1], p = [0, 0, 1, 1];
        Exact(ClassificationMetrics.Recall(p, t, MetricAverage.Weighted), 3.0 / 4);
        Exact(ClassificationMetrics.Recall(p, t, MetricAverage.Macro), 5.0 / 6);
        Exact(ClassificationMetrics.F1Score(p, t, MetricAverage.Weighted), 23.0 / 30);
    }

    [Fact]
    public void Micro_average_of_single_label_data_is_the_accuracy()
    {
        var rng = new SeededRandom(5);
        int[] t = Enumerable.Range(0, 200).Select(_ => rng.NextInt32(4)).ToArray();
        int[] p = Enumerable.Range(0, 200).Select(_ => rng.NextInt32(4)).ToArray();
        double accuracy = ClassificationMetrics.Accuracy(p, t);

        Exact(ClassificationMetrics.Precision(p, t, MetricAverage.Micro), accuracy);
        Exact(ClassificationMetrics.Recall(p, t, MetricAverage.Micro), accuracy);
        Exact(ClassificationMetrics.F1Score(p, t, MetricAverage.Micro), accuracy);
    }

    [Fact]
    public void Binary_average_scores_class_1()
    {
        // true [1, 0, 1, 1, 0], pred [1, 1, 0, 1, 0]: class 1 has tp 2 (samples 0, 3), predicted 3, true 3
        // → P = 2/3, R = 2/3, F1 = 2·2/(3 + 3) = 2/3; F2 = 5·2/(4·3 + 3) = 2/3 as well.
        int[] t = [1, 0, 1, 1, 0], p = [1, 1, 0, 1, 0];
        Exact(ClassificationMetrics.Precision(p, t, MetricAverage.Binary), 2.0 / 3);
        Exact(ClassificationMetrics.Recall(p, t, MetricAverage.Binary), 2.0 / 3);
        Exact(ClassificationMetrics.F1Score(p, t, MetricAverage.Binary), 2.0 / 3);

        // true [1, 1, 1, 0], pred [1, 0, 0, 0]: tp 1, predicted 1, true 3 → P = 1, R = 1/3, F1 = 2/(3 + 1) = 1/2,
        // F2 = 5·1/(4·3 + 1) = 5/13, F½ = 1.25·1/(0.25·3 + 1) = 5/7.
        int[] t2 = [1, 1, 1, 0], p2 = [1, 0, 0, 0];
        Exact(ClassificationMetrics.F1Score(p2, t2, MetricAverage.Binary), 0.5);
        Exact(ClassificationMetrics.FBetaScore(p2, t2, 2.0, MetricAverage.Binary), 5.0 / 13);
        Exact(ClassificationMetrics.FBetaScore(p2, t2, 0.5, MetricAverage.Binary), 5.0 / 7);

        FluentActions.Invoking(() => ClassificationMetrics.F1Score([0, 2], [0, 1], MetricAverage.Binary))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("predicted");
    }

    [Fact]
    public void F_beta_of_the_documentation_example()
    {
        // β = 2, class 0: (1 + 4)·2 / (4·2 + 3) = 10/11, the others 0 → macro 10/33.
        Exact(ClassificationMetrics.FBetaScore(Pred6, True6, 2.0, MetricAverage.Macro), 10.0 / 33);
        Exact(ClassificationMetrics.FBetaScore(Pred6, True6, 1.0, MetricAverage.Macro), ClassificationMetrics.F1Score(Pred6, True6, MetricAverage.Macro));
        FluentActions.Invoking(() => ClassificationMetrics.FBetaScore(Pred6, True6, 0.0, MetricAverage.Macro))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("beta");
    }

    [Fact]
    public void Zero_division_gives_the_chosen_value_and_NaN_is_left_out_of_averages()
    {
        // true [0, 0, 1], pred [0, 0, 0]: class 0 P = 2/3; class 1 is never predicted, P = 0/0.
        int[] t = [0, 0, 1], p = [0, 0, 0];
        Exact(ClassificationMetrics.Precision(p, t, MetricAverage.Macro), (2.0 / 3) / 2);              // 0/0 → 0
        Exact(ClassificationMetrics.Precision(p, t, MetricAverage.Macro, zeroDivision: 1.0), (2.0 / 3 + 1) / 2);
        Exact(ClassificationMetrics.Precision(p, t, MetricAverage.Macro, zeroDivision: double.NaN), 2.0 / 3);
        // Weighted by true counts 2 and 1, NaN left out with its weight: (2·2/3)/2.
        Exact(ClassificationMetrics.Precision(p, t, MetricAverage.Weighted, zeroDivision: double.NaN), 2.0 / 3);
        // F1 of class 1 is 2·0/(1 + 0) = 0, not a 0/0: the zero-division value does not enter.
        Exact(ClassificationMetrics.F1Score(p, t, MetricAverage.Macro, zeroDivision: 1.0), (0.8 + 0) / 2);

        // Per class over 0 … 2: class 2 occurs nowhere, so all three of its scores are 0/0.
        double[] precision = ClassificationMetrics.PrecisionPerClass(p, t, 3, zeroDivision: double.NaN);
        precision[0].Should().Be(2.0 / 3);
        double.IsNaN(precision[1]).Should().BeTrue();
        double.IsNaN(precision[2]).Should().BeTrue();
        ClassificationMetrics.F1ScorePerClass(p, t, 3, zeroDivision: 1.0).Should().Equal(0.8, 0.0, 1.0);
        double.IsNaN(ClassificationMetrics.Precision([0], [1], MetricAverage.Binary, double.NaN)).Should().BeTrue();   // class 1 never predicted

        FluentActions.Invoking(() => ClassificationMetrics.Precision(p, t, MetricAverage.Macro, zeroDivision: 0.5))
            .Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("0, 1 or NaN").And.Contain("0.5");
    }

    [Fact]
    public void Averages_run_over_the_classes_present_as_scikit_learn_default_labels()
    {
        // Classes 0 and 5 only: true [0, 5, 5], pred [0, 5, 0].
        //   class 0: tp 1, predicted 2, true 1 → P = 1/2;  class 5: tp 1, predicted 1, true 2 → P = 1
        //   macro P = 3/4 (classes 1–4 do not exist for the average)
        Exact(ClassificationMetrics.Precision([0, 5, 0], [0, 5, 5], MetricAverage.Macro), 0.75);
        // An index far beyond the count of samples costs no memory proportional to it.
        Exact(ClassificationMetrics.Recall([int.MaxValue], [int.MaxValue], MetricAverage.Macro), 1.0);
    }

    [Fact]
    public void Bad_input_names_the_parameter_expected_and_given()
    {
        FluentActions.Invoking(() => ClassificationMetrics.F1Score([0, 1], [0, 1, 1], MetricAverage.Macro))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "trueClasses" && e.Message.Contains("(2)") && e.Message.Contains("3 were given"));
        FluentActions.Invoking(() => ClassificationMetrics.F1Score([], [], MetricAverage.Macro))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("predicted");
        FluentActions.Invoking(() => ClassificationMetrics.Recall([0, -1], [0, 1], MetricAverage.Macro))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("predicted");
        FluentActions.Invoking(() => ClassificationMetrics.Recall([0], [0], (MetricAverage)9))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("average");
        FluentActions.Invoking(() => ClassificationMetrics.RecallPerClass([0, 3], [0, 1], 3))
            .Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("outside [0, 2]");
    }
}
