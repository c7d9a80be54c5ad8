using System;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Data;
using TinyNets.Internal;
using TinyNets.Metrics;

namespace TinyNets.Training;

/// <summary>
/// Ready-made <see cref="NamedMetric"/>s for <see cref="FitOptions.Metrics"/>, computed from the network's outputs and the
/// targets <c>Fit</c> trains on, so that no decoding is written by hand:
/// <code>Metrics = [FitMetrics.Accuracy(), FitMetrics.F1(MetricAverage.Macro)]</code>
/// <para>
/// Classification metrics read the outputs by <see cref="ClassifierOutput"/> (logits unless told otherwise) and the targets
/// as <c>Fit</c> takes them: K ≥ 2 outputs with one-hot K × samples targets (<see cref="OneHot.Encode"/>), or one output
/// with 1 × samples targets of 0 and 1 (as <c>BceWithLogitsLoss</c>). The predicted class is the arg-max of K ≥ 2 outputs,
/// or class 1 when a single output's probability exceeds 0.5. Each metric is that of <see cref="ClassificationMetrics"/> or
/// <see cref="RegressionMetrics"/> of the same name, and its <see cref="NamedMetric.Name"/> is scikit-learn's scoring name
/// (<c>"accuracy"</c>, <c>"f1_macro"</c>, <c>"r2"</c>, …) unless one is given.
/// </para>
/// </summary>
public static class FitMetrics
{
    /// <summary>The share of samples whose predicted class is the target class (<see cref="ClassificationMetrics.Accuracy(ReadOnlySpan{int}, ReadOnlySpan{int})"/>).</summary>
    /// <param name="output">What the network outputs; logits by default.</param>
    /// <param name="name">The reported name; <c>"accuracy"</c> by default.</param>
    /// <returns>A new metric.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="output"/> is not a defined value.</exception>
    public static NamedMetric Accuracy(ClassifierOutput output = ClassifierOutput.Logits, string? name = null)
    {
        ClassifierOutputs.CheckKind(output, nameof(output));
        return new NamedMetric(name ?? "accuracy", (outputs, targets) =>
        {
            (int[] predicted, int[] truth) = Decode(outputs, targets, output);
            return ClassificationMetrics.Accuracy(predicted, truth);
        });
    }

    /// <summary>Precision (<see cref="ClassificationMetrics.Precision"/>).</summary>
    /// <param name="average">How the classes are combined; <see cref="MetricAverage.Binary"/> for a single-output net's class 1.</param>
    /// <param name="output">What the network outputs; logits by default.</param>
    /// <param name="zeroDivision">The value of a 0/0: 0 (default), 1 or NaN.</param>
    /// <param name="name">The reported name; <c>"precision_macro"</c>, <c>"precision_micro"</c>, <c>"precision_weighted"</c> or <c>"precision"</c> (binary) by default.</param>
    /// <returns>A new metric.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An undefined <paramref name="average"/> or <paramref name="output"/>, or <paramref name="zeroDivision"/> other than 0, 1 or NaN.</exception>
    public static NamedMetric Precision(MetricAverage average, ClassifierOutput output = ClassifierOutput.Logits, double zeroDivision = 0.0, string? name = null) =>
        Counting("precision", average, output, zeroDivision, name, ClassificationMetrics.Precision);

    /// <summary>Recall (<see cref="ClassificationMetrics.Recall"/>).</summary>
    /// <param name="average">How the classes are combined; <see cref="MetricAverage.Binary"/> for a single-output net's class 1.</param>
    /// <param name="output">What the network outputs; logits by default.</param>
    /// <param name="zeroDivision">The value of a 0/0: 0 (default), 1 or NaN.</param>
    /// <param name="name">The reported name; <c>"recall_macro"</c> and so on, or <c>"recall"</c> (binary), by default.</param>
    /// <returns>A new metric.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An undefined <paramref name="average"/> or <paramref name="output"/>, or <paramref name="zeroDivision"/> other than 0, 1 or NaN.</exception>
    public static NamedMetric Recall(MetricAverage average, ClassifierOutput output = ClassifierOutput.Logits, double zeroDivision = 0.0, string? name = null) =>
        Counting("recall", average, output, zeroDivision, name, ClassificationMetrics.Recall);

    /// <summary>The F1 score (<see cref="ClassificationMetrics.F1Score"/>).</summary>
    /// <param name="average">How the classes are combined; <see cref="MetricAverage.Binary"/> for a single-output net's class 1.</param>
    /// <param name="output">What the network outputs; logits by default.</param>
    /// <param name="zeroDivision">The value of a 0/0: 0 (default), 1 or NaN.</param>
    /// <param name="name">The reported name; <c>"f1_macro"</c> and so on, or <c>"f1"</c> (binary), by default.</param>
    /// <returns>A new metric.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An undefined <paramref name="average"/> or <paramref name="output"/>, or <paramref name="zeroDivision"/> other than 0, 1 or NaN.</exception>
    public static NamedMetric F1(MetricAverage average, ClassifierOutput output = ClassifierOutput.Logits, double zeroDivision = 0.0, string? name = null) =>
        Counting("f1", average, output, zeroDivision, name, ClassificationMetrics.F1Score);

    /// <summary>The log-loss of the predicted probabilities (<see cref="ClassificationMetrics.LogLoss"/>): softmax or sigmoid of logits, exp of log-probabilities.</summary>
    /// <param name="output">What the network outputs; logits by default.</param>
    /// <param name="name">The reported name; <c>"log_loss"</c> by default.</param>
    /// <returns>A new metric.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="output"/> is not a defined value.</exception>
    public static NamedMetric LogLoss(ClassifierOutput output = ClassifierOutput.Logits, string? name = null)
    {
        ClassifierOutputs.CheckKind(output, nameof(output));
        return new NamedMetric(name ?? "log_loss", (outputs, targets) =>
        {
            int[] truth = TrueClasses(outputs, targets);
            return ClassificationMetrics.LogLoss(ClassifierOutputs.Probabilities(outputs, output, nameof(outputs), binaryTwoRows: false), truth);
        });
    }

    /// <summary>
    /// The area under the ROC curve (<see cref="ClassificationMetrics.RocAuc(Matrix{double}, ReadOnlySpan{int}, MetricAverage)"/>):
    /// binary for one output, one-vs-rest on the probabilities for K ≥ 2. Every class must occur in the data it is computed on.
    /// </summary>
    /// <param name="average">Macro (default) or Weighted, for K ≥ 2 outputs.</param>
    /// <param name="output">What the network outputs; logits by default.</param>
    /// <param name="name">The reported name; <c>"roc_auc"</c> (macro) or <c>"roc_auc_weighted"</c> by default.</param>
    /// <returns>A new metric.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An average other than Macro or Weighted, or an undefined <paramref name="output"/>.</exception>
    public static NamedMetric RocAuc(MetricAverage average = MetricAverage.Macro, ClassifierOutput output = ClassifierOutput.Logits, string? name = null)
    {
        ClassifierOutputs.CheckKind(output, nameof(output));
        if (average is not (MetricAverage.Macro or MetricAverage.Weighted))
        {
            throw new ArgumentOutOfRangeException(nameof(average), average, $"ROC AUC averages Macro or Weighted; {average} was given.");
        }

        return new NamedMetric(name ?? (average == MetricAverage.Macro ? "roc_auc" : "roc_auc_weighted"), (outputs, targets) =>
        {
            int[] truth = TrueClasses(outputs, targets);
            return ClassificationMetrics.RocAuc(ClassifierOutputs.Probabilities(outputs, output, nameof(outputs), binaryTwoRows: false), truth, average);
        });
    }

    /// <summary>The coefficient of determination (<see cref="RegressionMetrics.R2Score"/>; unchanged by a per-output target scaler, so it reads the outputs as they are).</summary>
    /// <param name="name">The reported name; <c>"r2"</c> by default.</param>
    /// <returns>A new metric.</returns>
    public static NamedMetric R2(string? name = null) => new(name ?? "r2", RegressionMetrics.R2Score);

    /// <summary>The mean squared error (<see cref="RegressionMetrics.MeanSquaredError"/>), in the targets' original units when a target scaler is given.</summary>
    /// <param name="targetScaler">The fitted scaler the targets were transformed with; both outputs and targets are mapped back through it. Null (default): the values as they are.</param>
    /// <param name="name">The reported name; <c>"mse"</c> by default.</param>
    /// <returns>A new metric.</returns>
    public static NamedMetric MeanSquaredError(FeatureScaler? targetScaler = null, string? name = null) =>
        Regression(name ?? "mse", targetScaler, RegressionMetrics.MeanSquaredError);

    /// <summary>The root mean squared error (<see cref="RegressionMetrics.RootMeanSquaredError"/>), in the targets' original units when a target scaler is given.</summary>
    /// <param name="targetScaler">The fitted scaler the targets were transformed with; both outputs and targets are mapped back through it. Null (default): the values as they are.</param>
    /// <param name="name">The reported name; <c>"rmse"</c> by default.</param>
    /// <returns>A new metric.</returns>
    public static NamedMetric RootMeanSquaredError(FeatureScaler? targetScaler = null, string? name = null) =>
        Regression(name ?? "rmse", targetScaler, RegressionMetrics.RootMeanSquaredError);

    /// <summary>The mean absolute error (<see cref="RegressionMetrics.MeanAbsoluteError"/>), in the targets' original units when a target scaler is given.</summary>
    /// <param name="targetScaler">The fitted scaler the targets were transformed with; both outputs and targets are mapped back through it. Null (default): the values as they are.</param>
    /// <param name="name">The reported name; <c>"mae"</c> by default.</param>
    /// <returns>A new metric.</returns>
    public static NamedMetric MeanAbsoluteError(FeatureScaler? targetScaler = null, string? name = null) =>
        Regression(name ?? "mae", targetScaler, RegressionMetrics.MeanAbsoluteError);

    private delegate double CountingMetric(ReadOnlySpan<int> predicted, ReadOnlySpan<int> trueClasses, MetricAverage average, double zeroDivision);

    private static NamedMetric Counting(string stem, MetricAverage average, ClassifierOutput output, double zeroDivision, string? name, CountingMetric metric)
    {
        ClassifierOutputs.CheckKind(output, nameof(output));
        // The arguments are checked now, on an example, rather than at the end of the first epoch.
        _ = metric([0], [0], average, zeroDivision);
        string suffix = average switch
        {
            MetricAverage.Binary => "",
            _ => "_" + average.ToString().ToLowerInvariant(),
        };
        return new NamedMetric(name ?? stem + suffix, (outputs, targets) =>
        {
            (int[] predicted, int[] truth) = Decode(outputs, targets, output);
            return metric(predicted, truth, average, zeroDivision);
        });
    }

    private static NamedMetric Regression(string name, FeatureScaler? targetScaler, Func<Matrix<double>, Matrix<double>, double> metric)
    {
        if (targetScaler is { IsFitted: false })
        {
            throw new ArgumentException($"'{nameof(targetScaler)}' is not fitted; pass the scaler fitted on the training targets, or null.", nameof(targetScaler));
        }

        return targetScaler is null
            ? new NamedMetric(name, metric)
            : new NamedMetric(name, (outputs, targets) => metric(targetScaler.InverseTransform(outputs), targetScaler.InverseTransform(targets)));
    }

    private static (int[] Predicted, int[] Truth) Decode(Matrix<double> outputs, Matrix<double> targets, ClassifierOutput output)
    {
        int[] truth = TrueClasses(outputs, targets);
        return (ClassifierOutputs.Classes(outputs, output, nameof(outputs)), truth);
    }

    // The target classes: the row of the 1 of each one-hot column for K ≥ 2 outputs, the 0/1 value for one output.
    private static int[] TrueClasses(Matrix<double> outputs, Matrix<double> targets)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        double[] t = Guard.Storage(targets, nameof(targets));
        Guard.SameShape(targets, outputs.RowCount, outputs.ColumnCount, nameof(targets), "the outputs' shape");
        int k = targets.RowCount;
        int[] classes = new int[targets.ColumnCount];
        for (int j = 0; j < classes.Length; j++)
        {
            if (k == 1)
            {
                classes[j] = t[j] switch
                {
                    0.0 => 0,
                    1.0 => 1,
                    _ => throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"'{nameof(targets)}' entry [0, {j}] is {t[j]}; a single-output classifier's targets are 0 or 1."),
                        nameof(targets)),
                };
                continue;
            }

            int hot = -1;
            for (int i = 0; i < k; i++)
            {
                double v = t[(j * k) + i];
                if (v == 1.0 && hot < 0)
                {
                    hot = i;
                }
                else if (v != 0.0)
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture,
                            $"'{nameof(targets)}' column {j} is not one-hot: entry [{i}, {j}] is {v}. Classification metrics take one-hot targets (OneHot.Encode), one 1 per column."),
                        nameof(targets));
                }
            }

            classes[j] = hot >= 0 ? hot : throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'{nameof(targets)}' column {j} is all zeros; a one-hot column (one 1) was expected."),
                nameof(targets));
        }

        return classes;
    }
}
