using System;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Data;
using TinyNets.Internal;

namespace TinyNets.Metrics;

/// <summary>
/// Accuracy and confusion matrices for classifiers. Predictions are class indices, a classes × samples matrix of scores
/// (logits or probabilities; the arg-max of each column is the prediction, the first row on a tie), or for a binary
/// classifier a 1 × samples matrix compared with a threshold. True classes are indices, one per sample.
/// </summary>
public static partial class ClassificationMetrics
{
    /// <summary>The fraction of samples whose predicted class equals the true class.</summary>
    /// <param name="predicted">Predicted class indices (≥ 0); at least one.</param>
    /// <param name="trueClasses">True class indices (≥ 0), one per prediction.</param>
    /// <returns>A value in [0, 1].</returns>
    /// <exception cref="ArgumentException">Empty, or different lengths.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative class index.</exception>
    public static double Accuracy(ReadOnlySpan<int> predicted, ReadOnlySpan<int> trueClasses)
    {
        ClassIndexChecks.NotEmpty(predicted, nameof(predicted));
        ClassIndexChecks.SameLength(trueClasses, predicted.Length, nameof(trueClasses), nameof(predicted));
        ClassIndexChecks.NonNegative(predicted, nameof(predicted));
        ClassIndexChecks.NonNegative(trueClasses, nameof(trueClasses));
        return (double)CountEqual(predicted, trueClasses) / predicted.Length;
    }

    /// <summary>The fraction of samples whose highest-scoring row (arg-max of the column) is the true class.</summary>
    /// <param name="scores">Classes × samples logits or probabilities; dense, finite, at least one sample.</param>
    /// <param name="trueClasses">True class indices, one per column, each in [0, scores.RowCount).</param>
    /// <returns>A value in [0, 1].</returns>
    /// <exception cref="ArgumentException">Empty, not dense, NaN or an infinity, or a count that differs from the number of columns.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class index outside [0, scores.RowCount).</exception>
    public static double Accuracy(Matrix<double> scores, ReadOnlySpan<int> trueClasses)
    {
        int[] predicted = PredictedClasses(scores, trueClasses);
        return (double)CountEqual(predicted, trueClasses) / predicted.Length;
    }

    /// <summary>
    /// Accuracy of a single-output binary classifier: a sample is predicted positive (class 1) when its output is
    /// greater than <paramref name="threshold"/>, negative (class 0) otherwise (an output equal to the threshold is 0).
    /// Use threshold 0 for logits and 0.5 for probabilities.
    /// </summary>
    /// <param name="outputs">1 × samples logits or probabilities; dense, finite, at least one sample.</param>
    /// <param name="trueClasses">True classes, 0 or 1, one per column.</param>
    /// <param name="threshold">The decision threshold; finite.</param>
    /// <returns>A value in [0, 1].</returns>
    /// <exception cref="ArgumentException">Not one row, empty, not dense, NaN or an infinity, or a count that differs from the number of columns.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class other than 0 or 1, or a threshold that is not finite.</exception>
    public static double BinaryAccuracy(Matrix<double> outputs, ReadOnlySpan<int> trueClasses, double threshold)
    {
        double[] data = CheckBinaryOutputs(outputs, threshold);
        ClassIndexChecks.SameLength(trueClasses, data.Length, nameof(trueClasses), nameof(outputs));
        ClassIndexChecks.InRange(trueClasses, 2, nameof(trueClasses), "a binary classifier's classes are 0 and 1");
        int correct = 0;
        for (int j = 0; j < data.Length; j++)
        {
            correct += (data[j] > threshold ? 1 : 0) == trueClasses[j] ? 1 : 0;
        }

        return (double)correct / data.Length;
    }

    /// <summary>
    /// Accuracy of a single-output binary classifier against 0/1 targets given as a matrix (as binary cross-entropy
    /// takes them); the prediction rule is that of <see cref="BinaryAccuracy(Matrix{double}, ReadOnlySpan{int}, double)"/>.
    /// </summary>
    /// <param name="outputs">1 × samples logits or probabilities; dense, finite, at least one sample.</param>
    /// <param name="targets">1 × samples targets, each exactly 0 or 1.</param>
    /// <param name="threshold">The decision threshold; finite.</param>
    /// <returns>A value in [0, 1].</returns>
    /// <exception cref="ArgumentException">Shapes that differ or are not 1 × samples, empty, not dense, NaN or an infinity, or a target other than 0 or 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A threshold that is not finite.</exception>
    public static double BinaryAccuracy(Matrix<double> outputs, Matrix<double> targets, double threshold)
    {
        double[] data = CheckBinaryOutputs(outputs, threshold);
        double[] t = Guard.Storage(targets, nameof(targets));
        Guard.SameShape(targets, outputs.RowCount, outputs.ColumnCount, nameof(targets), "the outputs' shape");
        int[] classes = new int[t.Length];
        for (int j = 0; j < t.Length; j++)
        {
            // Exactly 0 or 1: a soft target has no single correct class, so it is refused rather than rounded.
            classes[j] = t[j] switch
            {
                0.0 => 0,
                1.0 => 1,
                _ => throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"'{nameof(targets)}' entry [0, {j}] is {t[j]}; 0 or 1 was expected."),
                    nameof(targets)),
            };
        }

        return BinaryAccuracy(outputs, classes, threshold);
    }

    /// <summary>
    /// The confusion matrix: entry [t, p] counts the samples of true class t predicted as p (rows are true classes,
    /// columns predicted classes, as scikit-learn's <c>confusion_matrix</c>).
    /// </summary>
    /// <param name="predicted">Predicted class indices, each in [0, <paramref name="classCount"/>); at least one.</param>
    /// <param name="trueClasses">True class indices, one per prediction, each in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">The number of classes; positive.</param>
    /// <returns>A new <paramref name="classCount"/> × <paramref name="classCount"/> array of counts.</returns>
    /// <exception cref="ArgumentException">Empty, or different lengths.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class index outside [0, classCount), or a class count that is not positive.</exception>
    public static int[,] ConfusionMatrix(ReadOnlySpan<int> predicted, ReadOnlySpan<int> trueClasses, int classCount)
    {
        Guard.Positive(classCount, nameof(classCount));
        ClassIndexChecks.NotEmpty(predicted, nameof(predicted));
        ClassIndexChecks.SameLength(trueClasses, predicted.Length, nameof(trueClasses), nameof(predicted));
        string why = string.Create(CultureInfo.InvariantCulture, $"{nameof(classCount)} is {classCount}");
        ClassIndexChecks.InRange(predicted, classCount, nameof(predicted), why);
        ClassIndexChecks.InRange(trueClasses, classCount, nameof(trueClasses), why);
        int[,] counts = new int[classCount, classCount];
        for (int j = 0; j < predicted.Length; j++)
        {
            counts[trueClasses[j], predicted[j]]++;
        }

        return counts;
    }

    /// <summary>The confusion matrix of a scores matrix's arg-max predictions, with one class per row of <paramref name="scores"/>.</summary>
    /// <param name="scores">Classes × samples logits or probabilities; dense, finite, at least one sample.</param>
    /// <param name="trueClasses">True class indices, one per column, each in [0, scores.RowCount).</param>
    /// <returns>A new classes × classes array of counts: [true, predicted].</returns>
    /// <exception cref="ArgumentException">Empty, not dense, NaN or an infinity, or a count that differs from the number of columns.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class index outside [0, scores.RowCount).</exception>
    public static int[,] ConfusionMatrix(Matrix<double> scores, ReadOnlySpan<int> trueClasses)
    {
        int[] predicted = PredictedClasses(scores, trueClasses);
        return ConfusionMatrix(predicted, trueClasses, scores.RowCount);
    }

    private static int[] PredictedClasses(Matrix<double> scores, ReadOnlySpan<int> trueClasses)
    {
        int[] predicted = ClassIndexChecks.ArgMaxPerColumn(scores, nameof(scores));
        ClassIndexChecks.SameLength(trueClasses, predicted.Length, nameof(trueClasses), nameof(scores));
        ClassIndexChecks.InRange(
            trueClasses, scores.RowCount, nameof(trueClasses),
            string.Create(CultureInfo.InvariantCulture, $"'{nameof(scores)}' has {scores.RowCount} rows"));
        return predicted;
    }

    private static double[] CheckBinaryOutputs(Matrix<double> outputs, double threshold)
    {
        double[] data = Guard.Storage(outputs, nameof(outputs));
        Guard.NotEmpty(outputs, nameof(outputs));
        Guard.Rows(outputs, 1, nameof(outputs), "a single-output binary classifier");
        Guard.Finite(data, 1, nameof(outputs));
        if (!double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, $"A finite threshold was expected; {threshold.ToString(CultureInfo.InvariantCulture)} was given.");
        }

        return data;
    }

    private static int CountEqual(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int count = 0;
        for (int j = 0; j < a.Length; j++)
        {
            count += a[j] == b[j] ? 1 : 0;
        }

        return count;
    }
}
