using System;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Data;
using TinyNets.Internal;

namespace TinyNets.Metrics;

/// <summary>Log-loss and the area under the ROC curve, with scikit-learn's definitions.</summary>
public static partial class ClassificationMetrics
{
    /// <summary>
    /// The clipping bound of <see cref="LogLoss"/>: the machine epsilon of double, 2⁻⁵² (NumPy's
    /// <c>np.finfo(np.float64).eps</c>; not .NET's <see cref="double.Epsilon"/>, the smallest subnormal).
    /// </summary>
    public const double LogLossEpsilon = 2.220446049250313e-16;

    // NumPy's np.allclose(sums, 1, rtol=√eps) with its atol 1e-8: log_loss's test that the probabilities sum to 1.
    private const double LogLossSumTolerance = 1e-8 + 1.4901161193847656e-8;

    /// <summary>
    /// The mean negative log-likelihood of the true classes, as scikit-learn's <c>log_loss</c> (1.5 and later):
    /// −(1/n) Σⱼ ln clip(pⱼ[true class of j]), each probability first clipped to [ε, 1 − ε] with
    /// ε = <see cref="LogLossEpsilon"/>, so a confident mistake costs ln(1/ε) ≈ 36.04 rather than infinity. The columns are
    /// not renormalised; one that does not sum to 1 within 1e-8 + √ε (scikit-learn's warning) is refused. Row c holds class
    /// c (scikit-learn's <c>labels=range(rows)</c>). A single row is the probability of class 1 of a binary classifier,
    /// class 0 having 1 − p.
    /// </summary>
    /// <param name="probabilities">Classes × samples probabilities (each column summing to 1), or 1 × samples P(class 1); dense, each value in [0, 1].</param>
    /// <param name="trueClasses">True class indices, one per column, each in [0, rows) (0 or 1 for a single row).</param>
    /// <returns>A value ≥ 0.</returns>
    /// <exception cref="ArgumentException">Empty, not dense, a value outside [0, 1] or NaN, a column whose sum is not 1, or a count that differs from the number of columns.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class index outside the rows.</exception>
    public static double LogLoss(Matrix<double> probabilities, ReadOnlySpan<int> trueClasses)
    {
        double[] p = CheckProbabilities(probabilities, nameof(probabilities), LogLossSumTolerance, 0.0, "(log-loss takes probabilities: apply softmax or sigmoid to logits)");
        int k = probabilities.RowCount, n = probabilities.ColumnCount;
        ClassIndexChecks.SameLength(trueClasses, n, nameof(trueClasses), nameof(probabilities));
        ClassIndexChecks.InRange(
            trueClasses, Math.Max(k, 2), nameof(trueClasses),
            k == 1 ? "a single row is a binary classifier's P(class 1)" : string.Create(CultureInfo.InvariantCulture, $"'{nameof(probabilities)}' has {k} rows"));
        double sum = 0;
        for (int j = 0; j < n; j++)
        {
            double q = k == 1 ? (trueClasses[j] == 1 ? p[j] : 1.0 - p[j]) : p[(j * k) + trueClasses[j]];
            sum -= Math.Log(Math.Clamp(q, LogLossEpsilon, 1.0 - LogLossEpsilon));
        }

        return sum / n;
    }

    /// <summary>
    /// The area under the ROC curve of a binary classifier, as scikit-learn's <c>roc_auc_score</c>: the trapezoidal area
    /// under the curve of (false-positive rate, true-positive rate) over the distinct thresholds, so tied scores make a
    /// diagonal step. It equals the Mann–Whitney statistic: the probability that a random positive scores above a random
    /// negative, a tie counting ½. Computed from exact integer counts, rounded once.
    /// </summary>
    /// <param name="scores">One score per sample (a probability, a logit or any monotone score of class 1); finite.</param>
    /// <param name="trueClasses">True classes, 0 or 1, one per score; both must occur.</param>
    /// <returns>A value in [0, 1]; 0.5 is chance, 1 a perfect ranking.</returns>
    /// <exception cref="ArgumentException">Empty, different lengths, NaN or an infinity, or only one class present.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class other than 0 or 1.</exception>
    public static double RocAuc(ReadOnlySpan<double> scores, ReadOnlySpan<int> trueClasses)
    {
        if (scores.IsEmpty)
        {
            throw new ArgumentException($"'{nameof(scores)}' is empty; at least one sample is expected.", nameof(scores));
        }

        ClassIndexChecks.SameLength(trueClasses, scores.Length, nameof(trueClasses), nameof(scores));
        int bad = Guard.FirstNonFinite(scores);
        if (bad >= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"'{nameof(scores)}' must contain only finite values; entry {bad} is {scores[bad]}."), nameof(scores));
        }

        ClassIndexChecks.InRange(trueClasses, 2, nameof(trueClasses), "a binary ROC curve's classes are 0 and 1");
        return BinaryAuc(scores.ToArray(), trueClasses, 1, nameof(trueClasses));
    }

    /// <summary>
    /// The area under the ROC curve from a scores matrix. One row: the binary <see cref="RocAuc(ReadOnlySpan{double}, ReadOnlySpan{int})"/>
    /// of that row. Two or more rows: one-vs-rest, as scikit-learn's <c>roc_auc_score(multi_class="ovr")</c> — class c's
    /// binary AUC of row c against "not c", averaged unweighted (<see cref="MetricAverage.Macro"/>) or by each class's
    /// number of true samples (<see cref="MetricAverage.Weighted"/>). As scikit-learn, the rows must be probabilities
    /// (each column summing to 1 within 1e-8 + 1e-5, NumPy's <c>allclose</c>) and every class must occur in
    /// <paramref name="trueClasses"/>.
    /// </summary>
    /// <param name="scores">1 × samples scores of class 1, or classes × samples probabilities; dense, finite.</param>
    /// <param name="trueClasses">True class indices, one per column, each in [0, rows) (0 or 1 for one row).</param>
    /// <param name="average">Macro or Weighted (ignored for one row, which has one curve).</param>
    /// <returns>A value in [0, 1].</returns>
    /// <exception cref="ArgumentException">Empty, not dense, NaN or an infinity, a column that does not sum to 1, a count that differs from the number of columns, or a class with no true sample (or, for one row, only one class present).</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class index outside the rows, or an average other than Macro or Weighted.</exception>
    public static double RocAuc(Matrix<double> scores, ReadOnlySpan<int> trueClasses, MetricAverage average = MetricAverage.Macro)
    {
        double[] data = Guard.Storage(scores, nameof(scores));
        Guard.NotEmpty(scores, nameof(scores));
        int k = scores.RowCount, n = scores.ColumnCount;
        if (k == 1)
        {
            return RocAuc(data, trueClasses);
        }

        if (average is not (MetricAverage.Macro or MetricAverage.Weighted))
        {
            throw new ArgumentOutOfRangeException(
                nameof(average), average, $"One-vs-rest ROC AUC averages Macro or Weighted; {average} was given.");
        }

        Guard.Finite(data, k, nameof(scores));
        CheckColumnSums(data, k, n, nameof(scores), 1e-8, 1e-5, "(one-vs-rest ROC AUC takes probabilities, as scikit-learn: apply softmax to logits)");
        ClassIndexChecks.SameLength(trueClasses, n, nameof(trueClasses), nameof(scores));
        ClassIndexChecks.InRange(trueClasses, k, nameof(trueClasses), string.Create(CultureInfo.InvariantCulture, $"'{nameof(scores)}' has {k} rows"));
        int[] support = new int[k];
        foreach (int c in trueClasses)
        {
            support[c]++;
        }

        double[] row = new double[n];
        double sum = 0;
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < n; j++)
            {
                row[j] = data[(j * k) + c];
            }

            double auc = BinaryAuc(row, trueClasses, c, nameof(trueClasses));
            sum += average == MetricAverage.Weighted ? auc * support[c] : auc;
        }

        return sum / (average == MetricAverage.Weighted ? n : k);
    }

    // The ROC area of "class == positive" ranked by score: walking the scores from the highest, each group of equal
    // scores moves the curve by (Δfp, Δtp), adding the trapezoid Δfp·(tp_before + tp_after)/2. In integers (twice the
    // area, at most 2·P·N < 2⁶²) and divided once by 2·P·N. Sorts 'score' in place.
    private static double BinaryAuc(double[] score, ReadOnlySpan<int> classes, int positive, string classesName)
    {
        int n = score.Length;
        long positives = 0;
        for (int j = 0; j < n; j++)
        {
            positives += classes[j] == positive ? 1 : 0;
        }

        long negatives = n - positives;
        if (positives == 0 || negatives == 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"ROC AUC needs samples of class {positive} and of other classes in '{classesName}'; all {n} samples are {(positives == 0 ? "of other classes" : $"of class {positive}")}, so the curve is undefined."),
                classesName);
        }

        bool[] isPositive = new bool[n];
        for (int j = 0; j < n; j++)
        {
            isPositive[j] = classes[j] == positive;
        }

        // Ascending sort, walked from the end: the highest scores first.
        Array.Sort(score, isPositive);
        long tp = 0, fp = 0, tpBefore = 0, fpBefore = 0, twiceArea = 0;
        for (int i = n - 1; i >= 0; i--)
        {
            if (isPositive[i])
            {
                tp++;
            }
            else
            {
                fp++;
            }

            if (i == 0 || score[i - 1] != score[i])
            {
                twiceArea += (fp - fpBefore) * (tp + tpBefore);
                (tpBefore, fpBefore) = (tp, fp);
            }
        }

        return twiceArea / (2.0 * positives * negatives);
    }

    // Dense, non-empty, each value in [0, 1], and (with two or more rows) each column summing to 1 within atol + rtol.
    private static double[] CheckProbabilities(Matrix<double> probabilities, string paramName, double atol, double rtol, string hint)
    {
        double[] p = Guard.Storage(probabilities, paramName);
        Guard.NotEmpty(probabilities, paramName);
        int k = probabilities.RowCount;
        for (int i = 0; i < p.Length; i++)
        {
            if (!(p[i] >= 0 && p[i] <= 1))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"'{paramName}' entry [{i % k}, {i / k}] is {p[i]}; a probability in [0, 1] was expected {hint}."),
                    paramName);
            }
        }

        if (k > 1)
        {
            CheckColumnSums(p, k, probabilities.ColumnCount, paramName, atol, rtol, hint);
        }

        return p;
    }

    private static void CheckColumnSums(double[] p, int k, int n, string paramName, double atol, double rtol, string hint)
    {
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int i = 0; i < k; i++)
            {
                sum += p[(j * k) + i];
            }

            if (!(Math.Abs(sum - 1.0) <= atol + (rtol * Math.Abs(sum))))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Column {j} of '{paramName}' sums to {sum}; each column must sum to 1 {hint}."),
                    paramName);
            }
        }
    }
}
