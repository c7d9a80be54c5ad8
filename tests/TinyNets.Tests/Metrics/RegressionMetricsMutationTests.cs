using TinyNets.Metrics;

namespace TinyNets.Tests.Metrics;

/// <summary>The regression metrics' checks with their whole messages, and R² at its smallest sample count, two.</summary>
public class RegressionMetricsMutationTests
{
    private static Matrix<double> M(double[,] values) => Matrix<double>.Build.DenseOfArray(values);

    [Fact]
    public void R2Score_TwoSamples_IsDefined()
    {
        // Targets 0, 2 (mean 1, spread 1 + 1 = 2), predictions 1, 2 (residual 1): R² = 1 − 1/2.
        Exact(RegressionMetrics.R2Score(M(new[,] { { 1.0, 2.0 } }), M(new[,] { { 0.0, 2.0 } })), 0.5);
    }

    [Fact]
    public void MeanSquaredError_NoSample_IsRefused()
    {
        Action act = () => RegressionMetrics.MeanSquaredError(Matrix<double>.Build.Dense(2, 0), Matrix<double>.Build.Dense(2, 0));

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("An empty batch was given for 'prediction' (shape 2×0); at least one sample (column) is expected. (Parameter 'prediction')");
    }

    [Fact]
    public void MeanSquaredError_TargetOfAnotherShape_NamesThePredictionsShape()
    {
        Action act = () => RegressionMetrics.MeanSquaredError(M(new[,] { { 1.0, 2.0 } }), M(new[,] { { 1.0 }, { 2.0 } }));

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'target' must have shape 1×2 (the prediction's shape); shape 2×1 was given. (Parameter 'target')");
    }

    [Fact]
    public void MeanAbsoluteError_NaNTarget_IsRefusedWithItsEntry()
    {
        Action act = () => RegressionMetrics.MeanAbsoluteError(M(new[,] { { 1.0, 2.0 } }), M(new[,] { { 1.0, double.NaN } }));

        act.Should().ThrowExactly<ArgumentException>()
            .WithMessage("'target' must contain only finite values; entry [0, 1] is NaN. (Parameter 'target')");
    }
}
