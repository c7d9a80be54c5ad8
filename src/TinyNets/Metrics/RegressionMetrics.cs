using System;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Internal;

namespace TinyNets.Metrics;

/// <summary>
/// Error measures of a regressor: predictions and targets are matrices of the same shape, outputs × samples (one sample
/// per column). MSE, RMSE and MAE average over all entries; R² is computed per output (row) and averaged uniformly,
/// as scikit-learn's <c>r2_score</c> with its default <c>multioutput="uniform_average"</c>.
/// </summary>
public static class RegressionMetrics
{
    /// <summary>The mean squared error over all entries: Σ (prediction − target)² / (rows × columns).</summary>
    /// <param name="prediction">Outputs × samples; dense, finite, non-empty.</param>
    /// <param name="target">The same shape; dense, finite.</param>
    /// <returns>A value ≥ 0.</returns>
    /// <exception cref="ArgumentException">Empty, not dense, different shapes, or NaN or an infinity.</exception>
    public static double MeanSquaredError(Matrix<double> prediction, Matrix<double> target)
    {
        (double[] p, double[] t) = Check(prediction, target);
        double sum = 0;
        for (int k = 0; k < p.Length; k++)
        {
            double d = p[k] - t[k];
            sum += d * d;
        }

        return sum / p.Length;
    }

    /// <summary>The root of <see cref="MeanSquaredError"/>, in the targets' units.</summary>
    /// <param name="prediction">Outputs × samples; dense, finite, non-empty.</param>
    /// <param name="target">The same shape; dense, finite.</param>
    /// <returns>A value ≥ 0.</returns>
    /// <exception cref="ArgumentException">Empty, not dense, different shapes, or NaN or an infinity.</exception>
    public static double RootMeanSquaredError(Matrix<double> prediction, Matrix<double> target) =>
        Math.Sqrt(MeanSquaredError(prediction, target));

    /// <summary>The mean absolute error over all entries: Σ |prediction − target| / (rows × columns).</summary>
    /// <param name="prediction">Outputs × samples; dense, finite, non-empty.</param>
    /// <param name="target">The same shape; dense, finite.</param>
    /// <returns>A value ≥ 0.</returns>
    /// <exception cref="ArgumentException">Empty, not dense, different shapes, or NaN or an infinity.</exception>
    public static double MeanAbsoluteError(Matrix<double> prediction, Matrix<double> target)
    {
        (double[] p, double[] t) = Check(prediction, target);
        double sum = 0;
        for (int k = 0; k < p.Length; k++)
        {
            sum += Math.Abs(p[k] - t[k]);
        }

        return sum / p.Length;
    }

    /// <summary>
    /// The coefficient of determination, as scikit-learn's <c>r2_score</c>: for each output (row),
    /// R² = 1 − Σ (target − prediction)² / Σ (target − mean(target))²; the result is the plain mean over the rows. A row
    /// whose targets are constant scores 1 if it is predicted exactly and 0 otherwise (scikit-learn's
    /// <c>force_finite=True</c>). 1 is a perfect fit, 0 is as good as predicting the mean, and it can be negative.
    /// </summary>
    /// <param name="prediction">Outputs × samples; dense, finite, at least two samples.</param>
    /// <param name="target">The same shape; dense, finite.</param>
    /// <returns>A value ≤ 1.</returns>
    /// <exception cref="ArgumentException">Fewer than two samples, not dense, different shapes, or NaN or an infinity.</exception>
    public static double R2Score(Matrix<double> prediction, Matrix<double> target)
    {
        (double[] p, double[] t) = Check(prediction, target);
        int rows = prediction.RowCount, n = prediction.ColumnCount;
        if (n < 2)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"R² needs at least 2 samples (columns) in '{nameof(prediction)}'; shape {Guard.Shape(prediction)} was given."),
                nameof(prediction));
        }

        double total = 0;
        for (int i = 0; i < rows; i++)
        {
            double mean = 0;
            bool constant = true;
            for (int k = i; k < t.Length; k += rows)
            {
                mean += t[k];
                constant &= t[k] == t[i];
            }

            // A constant row is detected exactly: the rounded mean of equal values can differ from them, and that
            // noise would turn the "constant target" rule into a huge negative score.
            mean = constant ? t[i] : mean / n;
            double residual = 0, spread = 0;
            for (int k = i; k < t.Length; k += rows)
            {
                double r = t[k] - p[k], s = t[k] - mean;
                residual += r * r;
                spread += s * s;
            }

            total += spread != 0 ? 1.0 - (residual / spread) : residual == 0 ? 1.0 : 0.0;
        }

        return total / rows;
    }

    private static (double[] Prediction, double[] Target) Check(Matrix<double> prediction, Matrix<double> target)
    {
        double[] p = Guard.Storage(prediction, nameof(prediction));
        double[] t = Guard.Storage(target, nameof(target));
        Guard.NotEmpty(prediction, nameof(prediction));
        Guard.SameShape(target, prediction.RowCount, prediction.ColumnCount, nameof(target), "the prediction's shape");
        Guard.Finite(p, prediction.RowCount, nameof(prediction));
        Guard.Finite(t, target.RowCount, nameof(target));
        return (p, t);
    }
}
