using TinyNets.Metrics;

namespace TinyNets.Tests.Metrics;

public class RegressionMetricsTests
{
    // Two outputs × three samples.
    private static readonly double[,] P = { { 1.0, 2.5, -1.0 }, { 0.0, 4.0, 2.0 } };
    private static readonly double[,] T = { { 1.5, 2.0, 1.0 }, { 0.0, 3.0, 5.0 } };

    private static Matrix<double> M(double[,] a) => Matrix<double>.Build.DenseOfArray(a);

    private static IEnumerable<double> Differences() =>
        from i in Enumerable.Range(0, 2) from j in Enumerable.Range(0, 3) select P[i, j] - T[i, j];

    [Fact]
    public void Mse_rmse_and_mae_average_over_all_entries()
    {
        // Differences −0.5, 0.5, −2, 0, 1, −3: squares sum to 0.25 + 0.25 + 4 + 0 + 1 + 9 = 14.5; |d| sum to 7.
        double mse = Differences().Sum(d => d * d) / 6;
        double mae = Differences().Sum(Math.Abs) / 6;
        mse.Should().Be(14.5 / 6);
        mae.Should().Be(7.0 / 6);

        Exact(RegressionMetrics.MeanSquaredError(M(P), M(T)), mse);
        Exact(RegressionMetrics.RootMeanSquaredError(M(P), M(T)), Math.Sqrt(mse));
        Exact(RegressionMetrics.MeanAbsoluteError(M(P), M(T)), mae);
    }

    [Fact]
    public void Perfect_prediction_has_zero_error_and_r2_one()
    {
        RegressionMetrics.MeanSquaredError(M(T), M(T)).Should().Be(0);
        RegressionMetrics.MeanAbsoluteError(M(T), M(T)).Should().Be(0);
        RegressionMetrics.R2Score(M(T), M(T)).Should().Be(1);
    }

    [Fact]
    public void R2_single_output_matches_the_definition_and_scikit_learns_documented_example()
    {
        double[] y = [3, -0.5, 2, 7];
        double[] p = [2.5, 0.0, 2, 8];
        double mean = y.Average();
        double expected = 1 - (y.Zip(p, (a, b) => (a - b) * (a - b)).Sum() / y.Sum(a => (a - mean) * (a - mean)));

        double r2 = RegressionMetrics.R2Score(Matrix<double>.Build.DenseOfRowArrays(p), Matrix<double>.Build.DenseOfRowArrays(y));

        Exact(r2, expected);
        r2.Should().BeInRange(0.948, 0.949, "scikit-learn's r2_score documentation prints the truncated 0.948...");
    }

    [Fact]
    public void R2_multi_output_is_the_uniform_average_over_rows()
    {
        // scikit-learn's documented example, transposed to outputs × samples: y_true [[0.5, 1], [-1, 1], [7, -6]].
        double[,] y = { { 0.5, -1, 7 }, { 1, 1, -6 } };
        double[,] p = { { 0, -1, 8 }, { 2, 2, -5 } };
        double RowR2(int i)
        {
            double mean = (y[i, 0] + y[i, 1] + y[i, 2]) / 3;
            double res = 0, tot = 0;
            for (int j = 0; j < 3; j++)
            {
                res += (y[i, j] - p[i, j]) * (y[i, j] - p[i, j]);
                tot += (y[i, j] - mean) * (y[i, j] - mean);
            }

            return 1 - (res / tot);
        }

        double r2 = RegressionMetrics.R2Score(M(p), M(y));

        Exact(r2, (RowR2(0) + RowR2(1)) / 2);
        r2.Should().BeInRange(0.936, 0.937, "scikit-learn's documentation prints the truncated 0.936... for multioutput='uniform_average'");
    }

    [Fact]
    public void R2_of_a_constant_target_row_is_1_when_exact_and_0_otherwise()
    {
        // 0.1 three times: the rounded mean is not exactly 0.1, which must not make the total sum of squares non-zero.
        Matrix<double> y = M(new[,] { { 0.1, 0.1, 0.1 } });

        RegressionMetrics.R2Score(y, y).Should().Be(1.0);
        RegressionMetrics.R2Score(M(new[,] { { 0.1, 0.2, 0.1 } }), y).Should().Be(0.0);
    }

    [Fact]
    public void R2_can_be_negative()
    {
        // Targets 1, 2, 3 (mean 2) predicted as 3, 2, 1: residual squares 4 + 0 + 4 = 8, total squares 1 + 0 + 1 = 2.
        RegressionMetrics.R2Score(M(new double[,] { { 3, 2, 1 } }), M(new double[,] { { 1, 2, 3 } })).Should().Be(1 - (8.0 / 2));
    }

    [Fact]
    public void Bad_inputs_name_the_argument()
    {
        FluentActions.Invoking(() => RegressionMetrics.MeanSquaredError(M(P), M(new double[,] { { 1, 2, 3 } })))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("target");
        FluentActions.Invoking(() => RegressionMetrics.MeanAbsoluteError(M(new[,] { { double.NaN } }), M(new[,] { { 1.0 } })))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("prediction");
        FluentActions.Invoking(() => RegressionMetrics.R2Score(M(new[,] { { 1.0 } }), M(new[,] { { 1.0 } })))
            .Should().Throw<ArgumentException>().Which.Message.Should().Contain("at least 2 samples");
    }
}
