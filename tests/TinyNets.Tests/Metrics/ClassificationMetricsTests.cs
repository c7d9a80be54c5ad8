using TinyNets.Metrics;

namespace TinyNets.Tests.Metrics;

public class ClassificationMetricsTests
{
    // Four samples, three classes; arg-max per column by eye: 1, 0, 2, 0 (column 3 ties rows 0 and 1 → row 0).
    private static Matrix<double> Scores() => Matrix<double>.Build.DenseOfArray(new double[,]
    {
        { 0.1, 2.0, -1.0, 5.0 },
        { 0.7, 1.0, -2.0, 5.0 },
        { 0.2, 0.5, 0.0, 1.0 },
    });

    [Fact]
    public void Accuracy_of_class_indices_is_the_share_of_matches()
    {
        ClassificationMetrics.Accuracy([0, 1, 2, 1, 0], [0, 2, 2, 1, 1]).Should().Be(3.0 / 5);
        ClassificationMetrics.Accuracy([4], [4]).Should().Be(1.0);
        ClassificationMetrics.Accuracy([1, 1], [0, 0]).Should().Be(0.0);
    }

    [Fact]
    public void Accuracy_of_scores_uses_the_arg_max_of_each_column()
    {
        // Predictions 1, 0, 2, 0 against 1, 1, 2, 0: three right.
        ClassificationMetrics.Accuracy(Scores(), [1, 1, 2, 0]).Should().Be(0.75);
        ClassificationMetrics.Accuracy(Scores(), [1, 0, 2, 0]).Should().Be(1.0);
    }

    [Fact]
    public void Binary_accuracy_of_logits_with_threshold_0_counts_the_threshold_as_negative()
    {
        Matrix<double> logits = Matrix<double>.Build.DenseOfArray(new double[,] { { -1.0, 0.0, 0.5, 2.0, -3.0 } });

        // Predicted 0, 0, 1, 1, 0 against 0, 1, 1, 0, 0: right at samples 0, 2, 4.
        ClassificationMetrics.BinaryAccuracy(logits, [0, 1, 1, 0, 0], 0.0).Should().Be(3.0 / 5);
    }

    [Fact]
    public void Binary_accuracy_of_probabilities_against_a_target_matrix()
    {
        Matrix<double> p = Matrix<double>.Build.DenseOfArray(new double[,] { { 0.9, 0.5, 0.51, 0.1 } });
        Matrix<double> t = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 1, 1, 0 } });

        // Predicted 1, 0, 1, 0: three right.
        ClassificationMetrics.BinaryAccuracy(p, t, 0.5).Should().Be(0.75);
    }

    [Fact]
    public void Binary_accuracy_refuses_soft_targets_more_rows_and_bad_thresholds()
    {
        Matrix<double> p = Matrix<double>.Build.DenseOfArray(new double[,] { { 0.9, 0.2 } });

        FluentActions.Invoking(() => ClassificationMetrics.BinaryAccuracy(p, Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0.5 } }), 0.5))
            .Should().Throw<ArgumentException>().Which.Message.Should().Contain("[0, 1] is 0.5");
        FluentActions.Invoking(() => ClassificationMetrics.BinaryAccuracy(p, [1, 2], 0.5))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("trueClasses");
        FluentActions.Invoking(() => ClassificationMetrics.BinaryAccuracy(Scores(), [0, 1, 1, 0], 0.5))
            .Should().Throw<ArgumentException>().Which.Message.Should().Contain("1 rows").And.Contain("3×4");
        FluentActions.Invoking(() => ClassificationMetrics.BinaryAccuracy(p, [1, 0], double.NaN))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("threshold");
    }

    [Fact]
    public void Confusion_matrix_rows_are_true_classes_and_columns_predictions()
    {
        int[] predicted = [0, 1, 2, 1, 0, 2, 2];
        int[] truth = [0, 2, 2, 1, 1, 2, 0];

        int[,] m = ClassificationMetrics.ConfusionMatrix(predicted, truth, 3);

        // Counted by hand: (true, predicted) = (0,0), (2,1), (2,2), (1,1), (1,0), (2,2), (0,2).
        m.Should().BeEquivalentTo(new int[,] { { 1, 0, 1 }, { 1, 1, 0 }, { 0, 1, 2 } }, o => o.WithStrictOrdering());
        int diagonal = m[0, 0] + m[1, 1] + m[2, 2];
        ((double)diagonal / predicted.Length).Should().Be(ClassificationMetrics.Accuracy(predicted, truth));
    }

    [Fact]
    public void Confusion_matrix_of_scores_has_one_class_per_row()
    {
        int[,] m = ClassificationMetrics.ConfusionMatrix(Scores(), [1, 1, 2, 0]);

        m.Should().BeEquivalentTo(new int[,] { { 1, 0, 0 }, { 1, 1, 0 }, { 0, 0, 1 } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void Bad_inputs_name_the_argument()
    {
        FluentActions.Invoking(() => ClassificationMetrics.Accuracy([0, 1], [0]))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("trueClasses");
        FluentActions.Invoking(() => ClassificationMetrics.Accuracy([], []))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("predicted");
        FluentActions.Invoking(() => ClassificationMetrics.Accuracy([-1], [0]))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("predicted");
        FluentActions.Invoking(() => ClassificationMetrics.Accuracy(Scores(), [0, 1, 3, 0]))
            .Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("Class index 3 of sample 2");
        FluentActions.Invoking(() => ClassificationMetrics.Accuracy(Scores(), [0, 1, 2]))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("trueClasses");
        FluentActions.Invoking(() => ClassificationMetrics.ConfusionMatrix([0, 3], [0, 1], 3))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("predicted");
        FluentActions.Invoking(() => ClassificationMetrics.ConfusionMatrix([0], [0], 0))
            .Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("classCount");
    }
}
