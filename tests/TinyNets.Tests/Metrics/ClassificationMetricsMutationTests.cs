using TinyNets.Metrics;

namespace TinyNets.Tests.Metrics;

/// <summary>
/// The argument checks of accuracy, the confusion matrix, precision, recall and F-scores: each bad input is refused with
/// its whole message (specified text) and the parameter it names, before any counting could index out of range or
/// return a silent value.
/// </summary>
public class ClassificationMetricsMutationTests
{
    private static Matrix<double> M(double[,] values) => Matrix<double>.Build.DenseOfArray(values);

    [Fact]
    public void Accuracy_NegativeTrueClass_IsRefusedByName()
    {
        Action act = () => ClassificationMetrics.Accuracy([0, 1], [0, -1]);

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Class indices in 'trueClasses' must be ≥ 0; sample 1 has -1. (Parameter 'trueClasses')*")
            .Which.ParamName.Should().Be("trueClasses");
    }

    [Fact]
    public void BinaryAccuracy_MoreTrueClassesThanOutputs_IsRefused()
    {
        Action act = () => ClassificationMetrics.BinaryAccuracy(M(new[,] { { 0.2, 0.7 } }), [0, 1, 1], 0.5);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'trueClasses' must hold one class index per sample of 'outputs' (2); 3 were given. (Parameter 'trueClasses')");
    }

    [Fact]
    public void BinaryAccuracy_AClassOtherThanZeroOrOne_NamesTheBinaryClasses()
    {
        Action act = () => ClassificationMetrics.BinaryAccuracy(M(new[,] { { 0.2, 0.7 } }), [0, 2], 0.5);

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Class index 2 of sample 1 in 'trueClasses' is outside [0, 1] (a binary classifier's classes are 0 and 1). (Parameter 'trueClasses')*");
    }

    [Fact]
    public void BinaryAccuracy_TargetsOfAnotherShape_NameTheOutputsShape()
    {
        Action act = () => ClassificationMetrics.BinaryAccuracy(M(new[,] { { 0.2, 0.7 } }), M(new[,] { { 0.0, 1.0, 1.0 } }), 0.5);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'targets' must have shape 1×2 (the outputs' shape); shape 1×3 was given. (Parameter 'targets')");
    }

    [Fact]
    public void BinaryAccuracy_NoSample_IsRefused()
    {
        Action act = () => ClassificationMetrics.BinaryAccuracy(Matrix<double>.Build.Dense(1, 0), [], 0.5);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("An empty batch was given for 'outputs' (shape 1×0); at least one sample (column) is expected. (Parameter 'outputs')");
    }

    [Fact]
    public void BinaryAccuracy_TwoRows_NameTheSingleOutput()
    {
        Action act = () => ClassificationMetrics.BinaryAccuracy(M(new[,] { { 0.2 }, { 0.7 } }), [0], 0.5);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'outputs' must have 1 rows (a single-output binary classifier, one sample per column); shape 2×1 was given. (Parameter 'outputs')");
    }

    [Fact]
    public void BinaryAccuracy_NaNOutput_IsRefusedWithItsEntry()
    {
        Action act = () => ClassificationMetrics.BinaryAccuracy(M(new[,] { { 0.2, double.NaN } }), [0, 1], 0.5);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'outputs' must contain only finite values; entry [0, 1] is NaN. (Parameter 'outputs')");
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void BinaryAccuracy_ThresholdNotFinite_IsRefusedWithItsValue(double threshold, string shown)
    {
        Action act = () => ClassificationMetrics.BinaryAccuracy(M(new[,] { { 0.2 } }), [0], threshold);

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage($"A finite threshold was expected; {shown} was given. (Parameter 'threshold')*")
            .Which.ParamName.Should().Be("threshold");
    }

    [Fact]
    public void ConfusionMatrix_NoSample_IsRefused()
    {
        Action act = () => ClassificationMetrics.ConfusionMatrix([], [], 2);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'predicted' is empty; at least one sample is expected. (Parameter 'predicted')");
    }

    [Fact]
    public void ConfusionMatrix_MoreTrueClassesThanPredictions_IsRefused()
    {
        Action act = () => ClassificationMetrics.ConfusionMatrix([0, 1], [0, 1, 1], 2);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'trueClasses' must hold one class index per sample of 'predicted' (2); 3 were given. (Parameter 'trueClasses')");
    }

    [Fact]
    public void ConfusionMatrix_TrueClassBeyondTheCount_NamesTheCount()
    {
        Action act = () => ClassificationMetrics.ConfusionMatrix([0, 1], [0, 2], 2);

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Class index 2 of sample 1 in 'trueClasses' is outside [0, 1] (classCount is 2). (Parameter 'trueClasses')*");
    }

    [Fact]
    public void PerClass_ClassCountZero_IsRefusedByName()
    {
        Action act = () => ClassificationMetrics.PrecisionPerClass([0], [0], 0);

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("'classCount' must be a positive integer; 0 was given. (Parameter 'classCount')*")
            .Which.ParamName.Should().Be("classCount");
    }

    [Fact]
    public void PerClass_NoSample_IsRefused()
    {
        Action act = () => ClassificationMetrics.RecallPerClass([], [], 2);

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'predicted' is empty; at least one sample is expected. (Parameter 'predicted')");
    }

    [Fact]
    public void PerClass_ZeroDivisionOneHalf_IsRefused()
    {
        Action act = () => ClassificationMetrics.F1ScorePerClass([0], [0], 2, 0.5);

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("'zeroDivision' must be 0, 1 or NaN (the value of a 0/0 score); 0.5 was given. (Parameter 'zeroDivision')*");
    }

    [Fact]
    public void PerClass_TrueClassBeyondTheCount_NamesTheCount()
    {
        Action act = () => ClassificationMetrics.PrecisionPerClass([0, 1], [0, 2], 2);

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Class index 2 of sample 1 in 'trueClasses' is outside [0, 1] (classCount is 2). (Parameter 'trueClasses')*");
    }

    [Fact]
    public void BinaryAverage_AClassOtherThanZeroOrOne_NamesTheBinaryAverage()
    {
        Action predicted = () => ClassificationMetrics.Precision([0, 2], [0, 1], MetricAverage.Binary);
        Action trueClasses = () => ClassificationMetrics.Recall([0, 1], [0, 2], MetricAverage.Binary);

        predicted.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Class index 2 of sample 1 in 'predicted' is outside [0, 1] (a binary average's classes are 0 and 1). (Parameter 'predicted')*");
        trueClasses.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Class index 2 of sample 1 in 'trueClasses' is outside [0, 1] (a binary average's classes are 0 and 1). (Parameter 'trueClasses')*");
    }

    [Fact]
    public void MacroAverage_NegativeTrueClass_IsRefusedByName()
    {
        Action act = () => ClassificationMetrics.Precision([0, 1], [0, -1], MetricAverage.Macro);

        act.Should().Throw<ArgumentOutOfRangeException>()
            .WithMessage("Class indices in 'trueClasses' must be ≥ 0; sample 1 has -1. (Parameter 'trueClasses')*")
            .Which.ParamName.Should().Be("trueClasses");
    }
}
