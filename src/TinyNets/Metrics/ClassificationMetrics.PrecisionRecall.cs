using System;
using System.Globalization;
using TinyNets.Data;
using TinyNets.Internal;

namespace TinyNets.Metrics;

/// <summary>Precision, recall and F-scores, per class and averaged, with scikit-learn's definitions.</summary>
public static partial class ClassificationMetrics
{
    /// <summary>
    /// Precision, tp / (tp + fp): of the samples predicted as a class, the share that belong to it. As scikit-learn's
    /// <c>precision_score(trueClasses, predicted, average=…, zero_division=…)</c> with its default labels: the averages run
    /// over the classes that occur in <paramref name="trueClasses"/> or <paramref name="predicted"/>.
    /// </summary>
    /// <param name="predicted">Predicted class indices (≥ 0); at least one.</param>
    /// <param name="trueClasses">True class indices (≥ 0), one per prediction.</param>
    /// <param name="average">How the per-class values are combined (see <see cref="MetricAverage"/>).</param>
    /// <param name="zeroDivision">The value of a 0/0 (a class never predicted): 0 (default; scikit-learn's
    /// <c>"warn"</c> also gives 0), 1, or NaN (then left out of the averages, as scikit-learn does).</param>
    /// <returns>A value in [0, 1], or NaN when every averaged value is NaN.</returns>
    /// <exception cref="ArgumentException">Empty, or different lengths; with <see cref="MetricAverage.Binary"/>, a class other than 0 or 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative class index, <paramref name="zeroDivision"/> other than 0, 1 or NaN, or an undefined <paramref name="average"/>.</exception>
    public static double Precision(ReadOnlySpan<int> predicted, ReadOnlySpan<int> trueClasses, MetricAverage average, double zeroDivision = 0.0) =>
        Averaged(predicted, trueClasses, ScoreKind.Precision, 1.0, average, zeroDivision);

    /// <summary>
    /// Recall, tp / (tp + fn): of the samples of a class, the share predicted as it. As scikit-learn's <c>recall_score</c>;
    /// the classes averaged over and the rules are those of <see cref="Precision"/>.
    /// </summary>
    /// <param name="predicted">Predicted class indices (≥ 0); at least one.</param>
    /// <param name="trueClasses">True class indices (≥ 0), one per prediction.</param>
    /// <param name="average">How the per-class values are combined.</param>
    /// <param name="zeroDivision">The value of a 0/0 (a class with no true sample): 0 (default), 1 or NaN.</param>
    /// <returns>A value in [0, 1], or NaN when every averaged value is NaN.</returns>
    /// <exception cref="ArgumentException">Empty, or different lengths; with <see cref="MetricAverage.Binary"/>, a class other than 0 or 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative class index, a bad <paramref name="zeroDivision"/> or <paramref name="average"/>.</exception>
    public static double Recall(ReadOnlySpan<int> predicted, ReadOnlySpan<int> trueClasses, MetricAverage average, double zeroDivision = 0.0) =>
        Averaged(predicted, trueClasses, ScoreKind.Recall, 1.0, average, zeroDivision);

    /// <summary>
    /// F1 = 2·tp / (2·tp + fp + fn), the harmonic mean of precision and recall, as scikit-learn's <c>f1_score</c>
    /// (computed from the counts, as scikit-learn 1.3 and later do, so a class with precision 0/0 but true samples
    /// scores 0). The classes averaged over and the rules are those of <see cref="Precision"/>.
    /// </summary>
    /// <param name="predicted">Predicted class indices (≥ 0); at least one.</param>
    /// <param name="trueClasses">True class indices (≥ 0), one per prediction.</param>
    /// <param name="average">How the per-class values are combined.</param>
    /// <param name="zeroDivision">The value of a 0/0 (a class neither true nor predicted, possible only per class): 0 (default), 1 or NaN.</param>
    /// <returns>A value in [0, 1], or NaN when every averaged value is NaN.</returns>
    /// <exception cref="ArgumentException">Empty, or different lengths; with <see cref="MetricAverage.Binary"/>, a class other than 0 or 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative class index, a bad <paramref name="zeroDivision"/> or <paramref name="average"/>.</exception>
    public static double F1Score(ReadOnlySpan<int> predicted, ReadOnlySpan<int> trueClasses, MetricAverage average, double zeroDivision = 0.0) =>
        Averaged(predicted, trueClasses, ScoreKind.FScore, 1.0, average, zeroDivision);

    /// <summary>
    /// F_β = (1 + β²)·tp / ((1 + β²)·tp + β²·fn + fp), as scikit-learn's <c>fbeta_score</c>: recall weighs β times as
    /// much as precision. β = 1 is <see cref="F1Score"/>.
    /// </summary>
    /// <param name="predicted">Predicted class indices (≥ 0); at least one.</param>
    /// <param name="trueClasses">True class indices (≥ 0), one per prediction.</param>
    /// <param name="beta">β; positive and finite.</param>
    /// <param name="average">How the per-class values are combined.</param>
    /// <param name="zeroDivision">The value of a 0/0: 0 (default), 1 or NaN.</param>
    /// <returns>A value in [0, 1], or NaN when every averaged value is NaN.</returns>
    /// <exception cref="ArgumentException">Empty, or different lengths; with <see cref="MetricAverage.Binary"/>, a class other than 0 or 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A negative class index, a bad β, <paramref name="zeroDivision"/> or <paramref name="average"/>.</exception>
    public static double FBetaScore(ReadOnlySpan<int> predicted, ReadOnlySpan<int> trueClasses, double beta, MetricAverage average, double zeroDivision = 0.0)
    {
        Guard.PositiveFinite(beta, nameof(beta));
        return Averaged(predicted, trueClasses, ScoreKind.FScore, beta * beta, average, zeroDivision);
    }

    /// <summary>The precision of each class 0 … classCount − 1 (scikit-learn's <c>average=None</c> with <c>labels=range(classCount)</c>).</summary>
    /// <param name="predicted">Predicted class indices, each in [0, <paramref name="classCount"/>); at least one.</param>
    /// <param name="trueClasses">True class indices, one per prediction, each in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">The number of classes; positive.</param>
    /// <param name="zeroDivision">The value of a class never predicted: 0 (default), 1 or NaN.</param>
    /// <returns>A new array: entry c is class c's precision.</returns>
    /// <exception cref="ArgumentException">Empty, or different lengths.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class index outside [0, classCount), a class count that is not positive, or a bad <paramref name="zeroDivision"/>.</exception>
    public static double[] PrecisionPerClass(ReadOnlySpan<int> predicted, ReadOnlySpan<int> trueClasses, int classCount, double zeroDivision = 0.0) =>
        PerClass(predicted, trueClasses, classCount, ScoreKind.Precision, zeroDivision);

    /// <summary>The recall of each class 0 … classCount − 1 (scikit-learn's <c>average=None</c> with <c>labels=range(classCount)</c>).</summary>
    /// <param name="predicted">Predicted class indices, each in [0, <paramref name="classCount"/>); at least one.</param>
    /// <param name="trueClasses">True class indices, one per prediction, each in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">The number of classes; positive.</param>
    /// <param name="zeroDivision">The value of a class with no true sample: 0 (default), 1 or NaN.</param>
    /// <returns>A new array: entry c is class c's recall.</returns>
    /// <exception cref="ArgumentException">Empty, or different lengths.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class index outside [0, classCount), a class count that is not positive, or a bad <paramref name="zeroDivision"/>.</exception>
    public static double[] RecallPerClass(ReadOnlySpan<int> predicted, ReadOnlySpan<int> trueClasses, int classCount, double zeroDivision = 0.0) =>
        PerClass(predicted, trueClasses, classCount, ScoreKind.Recall, zeroDivision);

    /// <summary>The F1 score of each class 0 … classCount − 1 (scikit-learn's <c>average=None</c> with <c>labels=range(classCount)</c>).</summary>
    /// <param name="predicted">Predicted class indices, each in [0, <paramref name="classCount"/>); at least one.</param>
    /// <param name="trueClasses">True class indices, one per prediction, each in [0, <paramref name="classCount"/>).</param>
    /// <param name="classCount">The number of classes; positive.</param>
    /// <param name="zeroDivision">The value of a class neither true nor predicted: 0 (default), 1 or NaN.</param>
    /// <returns>A new array: entry c is class c's F1 score.</returns>
    /// <exception cref="ArgumentException">Empty, or different lengths.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class index outside [0, classCount), a class count that is not positive, or a bad <paramref name="zeroDivision"/>.</exception>
    public static double[] F1ScorePerClass(ReadOnlySpan<int> predicted, ReadOnlySpan<int> trueClasses, int classCount, double zeroDivision = 0.0) =>
        PerClass(predicted, trueClasses, classCount, ScoreKind.FScore, zeroDivision);

    private enum ScoreKind
    {
        Precision,
        Recall,
        FScore,
    }

    private static double[] PerClass(ReadOnlySpan<int> predicted, ReadOnlySpan<int> trueClasses, int classCount, ScoreKind kind, double zeroDivision)
    {
        Guard.Positive(classCount, nameof(classCount));
        CheckPairs(predicted, trueClasses);
        CheckZeroDivision(zeroDivision);
        string why = string.Create(CultureInfo.InvariantCulture, $"{nameof(classCount)} is {classCount}");
        ClassIndexChecks.InRange(predicted, classCount, nameof(predicted), why);
        ClassIndexChecks.InRange(trueClasses, classCount, nameof(trueClasses), why);
        long[] tp = new long[classCount], predictedCount = new long[classCount], trueCount = new long[classCount];
        for (int j = 0; j < predicted.Length; j++)
        {
            Count(predicted[j], trueClasses[j], tp, predictedCount, trueCount);
        }

        double[] scores = new double[classCount];
        for (int c = 0; c < classCount; c++)
        {
            scores[c] = Score(kind, 1.0, tp[c], predictedCount[c], trueCount[c], zeroDivision);
        }

        return scores;
    }

    private static double Averaged(ReadOnlySpan<int> predicted, ReadOnlySpan<int> trueClasses, ScoreKind kind, double beta2, MetricAverage average, double zeroDivision)
    {
        CheckPairs(predicted, trueClasses);
        CheckZeroDivision(zeroDivision);
        if (average is not (MetricAverage.Macro or MetricAverage.Micro or MetricAverage.Weighted or MetricAverage.Binary))
        {
            throw new ArgumentOutOfRangeException(nameof(average), average, string.Create(CultureInfo.InvariantCulture, $"'{nameof(average)}' must be Macro, Micro, Weighted or Binary; {(int)average} was given."));
        }

        if (average == MetricAverage.Binary)
        {
            // scikit-learn's average="binary": the scores of the positive class 1 alone, on data whose classes are 0 and 1.
            ClassIndexChecks.InRange(predicted, 2, nameof(predicted), "a binary average's classes are 0 and 1");
            ClassIndexChecks.InRange(trueClasses, 2, nameof(trueClasses), "a binary average's classes are 0 and 1");
            long tp1 = 0, predicted1 = 0, true1 = 0;
            for (int j = 0; j < predicted.Length; j++)
            {
                predicted1 += predicted[j];
                true1 += trueClasses[j];
                tp1 += predicted[j] & trueClasses[j];
            }

            return Score(kind, beta2, tp1, predicted1, true1, zeroDivision);
        }

        // scikit-learn's default labels: the sorted classes that occur in either array. Indexed through a sorted array
        // rather than by class value, so that memory follows the input's length whatever the indices.
        int[] labels = Labels(predicted, trueClasses);
        int k = labels.Length;
        long[] tp = new long[k], predictedCount = new long[k], trueCount = new long[k];
        for (int j = 0; j < predicted.Length; j++)
        {
            Count(Array.BinarySearch(labels, predicted[j]), Array.BinarySearch(labels, trueClasses[j]), tp, predictedCount, trueCount);
        }

        if (average == MetricAverage.Micro)
        {
            long tpSum = 0, predictedSum = 0, trueSum = 0;
            for (int c = 0; c < k; c++)
            {
                tpSum += tp[c];
                predictedSum += predictedCount[c];
                trueSum += trueCount[c];
            }

            return Score(kind, beta2, tpSum, predictedSum, trueSum, zeroDivision);
        }

        // The mean over the classes whose value is not NaN (scikit-learn's _nanaverage): with zeroDivision = NaN the
        // undefined classes are left out. Weighted: by each class's true count; if the weights left are all 0, unweighted.
        double sum = 0, weightedSum = 0;
        long weights = 0;
        int defined = 0;
        for (int c = 0; c < k; c++)
        {
            double value = Score(kind, beta2, tp[c], predictedCount[c], trueCount[c], zeroDivision);
            if (double.IsNaN(value))
            {
                continue;
            }

            defined++;
            sum += value;
            weightedSum += value * trueCount[c];
            weights += trueCount[c];
        }

        return defined == 0 ? double.NaN
            : average == MetricAverage.Weighted && weights != 0 ? weightedSum / weights
            : sum / defined;
    }

    // precision tp / predicted, recall tp / true, F_β (1 + β²)·tp / (β²·true + predicted); a zero denominator gives zeroDivision.
    private static double Score(ScoreKind kind, double beta2, long tp, long predicted, long trueCount, double zeroDivision)
    {
        (double numerator, double denominator) = kind switch
        {
            ScoreKind.Precision => ((double)tp, (double)predicted),
            ScoreKind.Recall => (tp, trueCount),
            _ => ((1 + beta2) * tp, (beta2 * trueCount) + predicted),
        };
        return denominator == 0 ? zeroDivision : numerator / denominator;
    }

    private static void Count(int predicted, int trueClass, long[] tp, long[] predictedCount, long[] trueCount)
    {
        predictedCount[predicted]++;
        trueCount[trueClass]++;
        if (predicted == trueClass)
        {
            tp[trueClass]++;
        }
    }

    private static int[] Labels(ReadOnlySpan<int> predicted, ReadOnlySpan<int> trueClasses)
    {
        int[] all = new int[predicted.Length + trueClasses.Length];
        predicted.CopyTo(all);
        trueClasses.CopyTo(all.AsSpan(predicted.Length));
        Array.Sort(all);
        int distinct = 0;
        for (int i = 0; i < all.Length; i++)
        {
            if (i == 0 || all[i] != all[i - 1])
            {
                all[distinct++] = all[i];
            }
        }

        return all[..distinct];
    }

    private static void CheckPairs(ReadOnlySpan<int> predicted, ReadOnlySpan<int> trueClasses)
    {
        ClassIndexChecks.NotEmpty(predicted, nameof(predicted));
        ClassIndexChecks.SameLength(trueClasses, predicted.Length, nameof(trueClasses), nameof(predicted));
        ClassIndexChecks.NonNegative(predicted, nameof(predicted));
        ClassIndexChecks.NonNegative(trueClasses, nameof(trueClasses));
    }

    private static void CheckZeroDivision(double zeroDivision)
    {
        if (!(zeroDivision is 0.0 or 1.0 || double.IsNaN(zeroDivision)))
        {
            throw new ArgumentOutOfRangeException(
                nameof(zeroDivision), zeroDivision,
                string.Create(CultureInfo.InvariantCulture, $"'{nameof(zeroDivision)}' must be 0, 1 or NaN (the value of a 0/0 score); {zeroDivision} was given."));
        }
    }
}
