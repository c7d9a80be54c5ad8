using System;
using System.Collections.Generic;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Initialization;

namespace TinyNets.Samples.Experiments;

/// <summary>Small helpers the experiments share: Gaussian draws, one-hot targets, accuracy, smoothing.</summary>
public static class SampleMath
{
    /// <summary>A standard normal draw (Box–Muller) from the project's seeded generator.</summary>
    /// <param name="random">The generator.</param>
    /// <returns>A draw from N(0, 1).</returns>
    public static double Gaussian(SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u1 = 1.0 - random.NextDouble(); // in (0, 1], so the log is finite
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>One-hot targets: classes × samples, one sample per column.</summary>
    /// <param name="classes">The class of each sample.</param>
    /// <param name="classCount">The number of classes (rows).</param>
    /// <returns>The one-hot matrix.</returns>
    public static Matrix<double> OneHot(IReadOnlyList<int> classes, int classCount)
    {
        ArgumentNullException.ThrowIfNull(classes);
        var m = Matrix<double>.Build.Dense(classCount, classes.Count);
        for (int j = 0; j < classes.Count; j++)
        {
            m[classes[j], j] = 1.0;
        }

        return m;
    }

    /// <summary>The row index of the largest entry of each column (the predicted class of each sample).</summary>
    /// <param name="scores">Classes × samples.</param>
    /// <returns>One class per column.</returns>
    public static int[] ArgMaxPerColumn(Matrix<double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var result = new int[scores.ColumnCount];
        for (int j = 0; j < scores.ColumnCount; j++)
        {
            int best = 0;
            for (int i = 1; i < scores.RowCount; i++)
            {
                if (scores[i, j] > scores[best, j])
                {
                    best = i;
                }
            }

            result[j] = best;
        }

        return result;
    }

    /// <summary>The fraction of samples whose predicted class is the true one.</summary>
    /// <param name="predicted">Predicted classes.</param>
    /// <param name="actual">True classes.</param>
    /// <returns>Accuracy in [0, 1].</returns>
    public static double Accuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> actual)
    {
        ArgumentNullException.ThrowIfNull(predicted);
        ArgumentNullException.ThrowIfNull(actual);
        int correct = 0;
        for (int i = 0; i < actual.Count; i++)
        {
            if (predicted[i] == actual[i])
            {
                correct++;
            }
        }

        return (double)correct / actual.Count;
    }

    /// <summary>Accuracy of a one-output classifier: output ≥ threshold means class 1; targets are 0/1.</summary>
    /// <param name="outputs">1 × samples outputs (probabilities, or logits with threshold 0).</param>
    /// <param name="targets">1 × samples targets, 0 or 1.</param>
    /// <param name="threshold">The decision threshold (0.5 for probabilities, 0 for logits).</param>
    /// <returns>Accuracy in [0, 1].</returns>
    public static double BinaryAccuracy(Matrix<double> outputs, Matrix<double> targets, double threshold)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(targets);
        int correct = 0;
        for (int j = 0; j < outputs.ColumnCount; j++)
        {
            bool predicted = outputs[0, j] >= threshold;
            bool actual = targets[0, j] >= 0.5;
            if (predicted == actual)
            {
                correct++;
            }
        }

        return (double)correct / outputs.ColumnCount;
    }

    /// <summary>The mean of each value and up to <paramref name="window"/> − 1 values before it (for plotting noisy per-step losses).</summary>
    /// <param name="values">The series.</param>
    /// <param name="window">The window length (at least 1).</param>
    /// <returns>The smoothed series, as long as the input.</returns>
    public static double[] TrailingMean(IReadOnlyList<double> values, int window)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var result = new double[values.Count];
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window)
            {
                sum -= values[i - window];
            }

            result[i] = sum / Math.Min(i + 1, window);
        }

        return result;
    }
}
