using TinyNets.Metrics;

namespace TinyNets.Tests.Metrics;

/// <summary>
/// Log-loss and ROC AUC: their messages pinned whole (specified text), each check met before the computation it guards,
/// and NumPy's <c>allclose(1, sums, rtol=1e-5, atol=1e-8)</c>, |1 − s| ≤ 1e-8 + 1e-5·|s|, at its boundary.
/// </summary>
public class ProbabilisticMetricsMutationTests
{
    private const string OvrHint = "(one-vs-rest ROC AUC takes probabilities, as scikit-learn: apply softmax to logits)";

    private static Matrix<double> M(double[,] values) => Matrix<double>.Build.DenseOfArray(values);

    [Fact]
    public void LogLoss_AValueAboveOne_NamesItsRowAndColumn_AndTheHint()
    {
        // Entry (row 1, column 2) of a 2 × 3 matrix: column-major index 5.
        Matrix<double> p = M(new[,] { { 0.5, 0.5, 0.5 }, { 0.5, 0.5, 1.5 } });

        Action act = () => ClassificationMetrics.LogLoss(p, [0, 1, 1]);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'probabilities' entry [1, 2] is 1.5; a probability in [0, 1] was expected (log-loss takes probabilities: apply softmax or sigmoid to logits). (Parameter 'probabilities')");
    }

    [Fact]
    public void LogLoss_ClassBeyondTwoRows_NamesTheRows()
    {
        Action act = () => ClassificationMetrics.LogLoss(M(new[,] { { 0.5 }, { 0.5 } }), [2]);

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Class index 2 of sample 0 in 'trueClasses' is outside [0, 1] ('probabilities' has 2 rows). (Parameter 'trueClasses')*");
    }

    [Fact]
    public void LogLoss_NoSample_IsRefused()
    {
        Action act = () => ClassificationMetrics.LogLoss(Matrix<double>.Build.Dense(2, 0), []);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("An empty batch was given for 'probabilities' (shape 2×0); at least one sample (column) is expected. (Parameter 'probabilities')");
    }

    [Fact]
    public void RocAuc_NoScore_IsRefused()
    {
        Action act = () => ClassificationMetrics.RocAuc(ReadOnlySpan<double>.Empty, []);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'scores' is empty; at least one sample is expected. (Parameter 'scores')");
    }

    [Fact]
    public void RocAuc_NaNAsTheFirstScore_IsRefused()
    {
        Action act = () => ClassificationMetrics.RocAuc([double.NaN, 0.5], [0, 1]);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'scores' must contain only finite values; entry 0 is NaN. (Parameter 'scores')");
    }

    [Fact]
    public void RocAuc_AClassOtherThanZeroOrOne_NamesTheBinaryCurve()
    {
        Action act = () => ClassificationMetrics.RocAuc([0.2, 0.7], [0, 2]);

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Class index 2 of sample 1 in 'trueClasses' is outside [0, 1] (a binary ROC curve's classes are 0 and 1). (Parameter 'trueClasses')*");
    }

    [Fact]
    public void RocAuc_OnlyOneClass_SaysWhichIsMissing()
    {
        // One row, every sample positive: no negative.
        Action allPositive = () => ClassificationMetrics.RocAuc([0.1, 0.9], [1, 1]);
        // Three classes, class 2 without a true sample: its curve has no positive.
        Matrix<double> p = M(new[,] { { 0.6, 0.2, 0.1 }, { 0.3, 0.5, 0.7 }, { 0.1, 0.3, 0.2 } });
        Action noSampleOfTwo = () => ClassificationMetrics.RocAuc(p, [0, 1, 1]);

        allPositive.Should().ThrowExactly<ArgumentException>()
            .WithMessage("ROC AUC needs samples of class 1 and of other classes in 'trueClasses'; all 2 samples are of class 1, so the curve is undefined. (Parameter 'trueClasses')");
        noSampleOfTwo.Should().ThrowExactly<ArgumentException>()
            .WithMessage("ROC AUC needs samples of class 2 and of other classes in 'trueClasses'; all 3 samples are of other classes, so the curve is undefined. (Parameter 'trueClasses')");
    }

    [Fact]
    public void RocAucMatrix_NoSample_IsRefused()
    {
        Action act = () => ClassificationMetrics.RocAuc(Matrix<double>.Build.Dense(2, 0), []);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("An empty batch was given for 'scores' (shape 2×0); at least one sample (column) is expected. (Parameter 'scores')");
    }

    [Fact]
    public void RocAucMatrix_MicroAverage_IsRefusedByName()
    {
        Action act = () => ClassificationMetrics.RocAuc(M(new[,] { { 0.5, 0.5 }, { 0.5, 0.5 } }), [0, 1], MetricAverage.Micro);

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("One-vs-rest ROC AUC averages Macro or Weighted; Micro was given. (Parameter 'average')*")
            .Which.ParamName.Should().Be("average");
    }

    [Fact]
    public void RocAucMatrix_NaN_IsRefusedAsNotFinite()
    {
        Action act = () => ClassificationMetrics.RocAuc(M(new[,] { { 0.5, 0.5 }, { double.NaN, 0.5 } }), [0, 1]);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'scores' must contain only finite values; entry [1, 0] is NaN. (Parameter 'scores')");
    }

    [Fact]
    public void RocAucMatrix_FewerTrueClassesThanColumns_IsRefused()
    {
        Action act = () => ClassificationMetrics.RocAuc(M(new[,] { { 0.5, 0.5, 0.5 }, { 0.5, 0.5, 0.5 } }), [0, 1]);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'trueClasses' must hold one class index per sample of 'scores' (3); 2 were given. (Parameter 'trueClasses')");
    }

    [Fact]
    public void RocAucMatrix_ClassBeyondTheRows_NamesTheRows()
    {
        Action act = () => ClassificationMetrics.RocAuc(M(new[,] { { 0.5, 0.5 }, { 0.5, 0.5 } }), [0, 2]);

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Class index 2 of sample 1 in 'trueClasses' is outside [0, 1] ('scores' has 2 rows). (Parameter 'trueClasses')*");
    }

    [Fact]
    public void RocAucMatrix_ColumnSums_AreTestedRelativeToTheSum()
    {
        // allclose(1, s): |1 − s| ≤ 1e-8 + 1e-5·|s|. s = 1 + 1.001e-5 passes (bound 1.001e-5 + 1.0001e-10);
        // s = 1 − 1.001e-5 does not (bound 1.001e-5 − 0.9999e-10). Relative to 1/|s| instead the two would swap.
        Matrix<double> above = M(new[,] { { 0.5, 0.8 }, { 0.50001001, 0.2 } });
        Matrix<double> below = M(new[,] { { 0.5, 0.8 }, { 0.49998999, 0.2 } });

        // Sample 0 is class 1, sample 1 class 0; each class's positive outscores its negative: both AUCs are 1.
        Exact(ClassificationMetrics.RocAuc(above, [1, 0]), 1.0);
        Action act = () => ClassificationMetrics.RocAuc(below, [1, 0]);
        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage($"Column 0 of 'scores' sums to 0.99998999; each column must sum to 1 {OvrHint}. (Parameter 'scores')");
    }
}
