using TinyNets.Data;
using TinyNets.Metrics;
using TinyNets.Training;

namespace TinyNets.Tests.Training;

public class FitMetricsMutationTests
{
    private static Matrix<double> M(double[,] values) => Matrix<double>.Build.DenseOfArray(values);

    [Fact]
    public void Every_metric_has_its_scoring_name_by_default_and_the_given_name_when_one_is_given()
    {
        FitMetrics.Recall(MetricAverage.Macro).Name.Should().Be("recall_macro");
        FitMetrics.Recall(MetricAverage.Binary).Name.Should().Be("recall");
        FitMetrics.Precision(MetricAverage.Macro, name: "p").Name.Should().Be("p");
        FitMetrics.LogLoss().Name.Should().Be("log_loss");
        FitMetrics.LogLoss(name: "ll").Name.Should().Be("ll");
        FitMetrics.RocAuc().Name.Should().Be("roc_auc");
        FitMetrics.RocAuc(MetricAverage.Weighted).Name.Should().Be("roc_auc_weighted");
        FitMetrics.RocAuc(MetricAverage.Weighted, name: "auc").Name.Should().Be("auc");
        FitMetrics.R2().Name.Should().Be("r2");
        FitMetrics.R2(name: "det").Name.Should().Be("det");
        FitMetrics.MeanSquaredError().Name.Should().Be("mse");
        FitMetrics.MeanSquaredError(name: "e2").Name.Should().Be("e2");
        FitMetrics.RootMeanSquaredError().Name.Should().Be("rmse");
        FitMetrics.RootMeanSquaredError(name: "re").Name.Should().Be("re");
        FitMetrics.MeanAbsoluteError().Name.Should().Be("mae");
        FitMetrics.MeanAbsoluteError(name: "e1").Name.Should().Be("e1");
    }

    [Fact]
    public void An_undefined_output_kind_is_refused_when_the_metric_is_made_naming_output()
    {
        const ClassifierOutput bad = (ClassifierOutput)99;
        string expected = $"'output' must be Logits, Probabilities or LogProbabilities; 99 was given. (Parameter 'output'){Environment.NewLine}Actual value was 99.";
        foreach (Func<NamedMetric> make in new Func<NamedMetric>[]
                 {
                     () => FitMetrics.LogLoss(bad),
                     () => FitMetrics.RocAuc(MetricAverage.Macro, bad),
                     () => FitMetrics.Precision(MetricAverage.Macro, bad),
                     () => FitMetrics.F1(MetricAverage.Binary, bad),
                 })
        {
            make.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Be(expected);
        }
    }

    [Fact]
    public void Roc_auc_with_an_average_other_than_macro_or_weighted_says_which_was_given()
    {
        Action act = () => FitMetrics.RocAuc(MetricAverage.Binary);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should()
            .Be($"ROC AUC averages Macro or Weighted; Binary was given. (Parameter 'average'){Environment.NewLine}Actual value was Binary.");
    }

    [Fact]
    public void Roc_auc_of_a_single_output_is_the_binary_curve_of_p_not_one_vs_rest_of_one_minus_p_and_p()
    {
        // P(class 1) of 1e-20 (class 0) and 2e-20 (class 1): the positive scores above the negative, so the binary AUC is 1.
        // One-vs-rest over (1 − p, p) would tie class 0's scores (1 − p rounds to 1 for both) and give (1/2 + 1)/2.
        Matrix<double> p = M(new[,] { { 1e-20, 2e-20 } });
        Matrix<double> targets = M(new[,] { { 0.0, 1.0 } });
        FitMetrics.RocAuc(MetricAverage.Macro, ClassifierOutput.Probabilities).Compute(p, targets).Should().Be(1.0);
        FitMetrics.RocAuc(MetricAverage.Weighted, ClassifierOutput.Probabilities).Compute(p, targets).Should().Be(1.0);
    }

    [Fact]
    public void A_regression_metric_with_an_unfitted_target_scaler_says_so()
    {
        Action act = () => FitMetrics.MeanSquaredError(new StandardScaler());
        act.Should().Throw<ArgumentException>().Which.Message.Should()
            .Be("'targetScaler' is not fitted; pass the scaler fitted on the training targets, or null. (Parameter 'targetScaler')");
    }

    [Fact]
    public void Null_outputs_are_named_and_targets_of_another_shape_are_refused_with_both_shapes()
    {
        Matrix<double> targets = OneHot.Encode([0, 1], 2);
        Action noOutputs = () => FitMetrics.Accuracy().Compute(null!, targets);
        noOutputs.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("outputs");

        Matrix<double> outputs = M(new[,] { { 1.0, 0.0, 2.0 }, { 0.0, 1.0, 0.0 } });
        Action wrongShape = () => FitMetrics.Accuracy().Compute(outputs, targets);
        wrongShape.Should().Throw<ArgumentException>().Which.Message.Should()
            .Be("'targets' must have shape 2×3 (the outputs' shape); shape 2×2 was given. (Parameter 'targets')");
    }

    [Fact]
    public void A_target_column_with_two_ones_or_none_is_refused_saying_where()
    {
        Matrix<double> outputs = M(new[,] { { 1.0, 0.0 }, { 0.0, 1.0 }, { 0.0, 0.0 } });

        // Column 1 holds 1 in rows 0 and 1: the second 1 is the offending entry.
        Matrix<double> twoOnes = M(new[,] { { 1.0, 1.0 }, { 0.0, 1.0 }, { 0.0, 0.0 } });
        Action act = () => FitMetrics.Accuracy().Compute(outputs, twoOnes);
        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "'targets' column 1 is not one-hot: entry [1, 1] is 1. Classification metrics take one-hot targets (OneHot.Encode), one 1 per column. (Parameter 'targets')");

        Matrix<double> zeros = M(new[,] { { 1.0, 0.0 }, { 0.0, 0.0 }, { 0.0, 0.0 } });
        act = () => FitMetrics.Accuracy().Compute(outputs, zeros);
        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "'targets' column 1 is all zeros; a one-hot column (one 1) was expected. (Parameter 'targets')");
    }

    [Fact]
    public void Log_loss_of_a_single_output_checks_p_itself_and_names_it()
    {
        // P(class 1) of 1.5 is refused as it is (not as the 1 − p = −0.5 of a two-row reading).
        Matrix<double> p = M(new[,] { { 0.5, 1.5 } });
        Matrix<double> targets = M(new[,] { { 0.0, 1.0 } });
        Action act = () => FitMetrics.LogLoss(ClassifierOutput.Probabilities).Compute(p, targets);
        act.Should().Throw<ArgumentException>().Which.Message.Should().Be(
            "'probabilities' entry [0, 1] is 1.5; a probability in [0, 1] was expected (log-loss takes probabilities: apply softmax or sigmoid to logits). (Parameter 'probabilities')");
    }
}
