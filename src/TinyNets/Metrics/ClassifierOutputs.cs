using System;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Data;
using TinyNets.Internal;

namespace TinyNets.Metrics;

/// <summary>Classes and probabilities from a classifier's outputs (outputs × samples), by <see cref="ClassifierOutput"/>.</summary>
internal static class ClassifierOutputs
{
    /// <summary>The probability above which a single-output classifier predicts class 1 (scikit-learn's threshold).</summary>
    public const double BinaryThreshold = 0.5;

    public static void CheckKind(ClassifierOutput kind, string paramName)
    {
        if (kind is not (ClassifierOutput.Logits or ClassifierOutput.Probabilities or ClassifierOutput.LogProbabilities))
        {
            throw new ArgumentOutOfRangeException(
                paramName, kind, string.Create(CultureInfo.InvariantCulture, $"'{paramName}' must be Logits, Probabilities or LogProbabilities; {(int)kind} was given."));
        }
    }

    /// <summary>The number of classes of a network with <paramref name="outputs"/> outputs: 2 for one output, else the outputs.</summary>
    public static int ClassCount(int outputs) => outputs == 1 ? 2 : outputs;

    /// <summary>P(class 1) of a single output.</summary>
    public static double PositiveProbability(double output, ClassifierOutput kind) => kind switch
    {
        ClassifierOutput.Logits => ScalarMath.Sigmoid(output),
        ClassifierOutput.LogProbabilities => Math.Exp(output),
        _ => output,
    };

    /// <summary>The predicted class of one sample's outputs.</summary>
    public static int Class(ReadOnlySpan<double> outputs, ClassifierOutput kind)
    {
        if (outputs.Length == 1)
        {
            return PositiveProbability(outputs[0], kind) > BinaryThreshold ? 1 : 0;
        }

        int best = 0;
        for (int i = 1; i < outputs.Length; i++)
        {
            if (outputs[i] > outputs[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Writes one sample's class probabilities: (1 − p, p) for one output, else softmax / copy / exp.</summary>
    public static void Probabilities(ReadOnlySpan<double> outputs, Span<double> probabilities, ClassifierOutput kind)
    {
        if (outputs.Length == 1)
        {
            double p = PositiveProbability(outputs[0], kind);
            probabilities[0] = 1.0 - p;
            probabilities[1] = p;
            return;
        }

        switch (kind)
        {
            case ClassifierOutput.Logits:
                Softmax.Function(outputs, probabilities);
                break;
            case ClassifierOutput.LogProbabilities:
                for (int i = 0; i < outputs.Length; i++)
                {
                    probabilities[i] = Math.Exp(outputs[i]);
                }

                break;
            default:
                outputs.CopyTo(probabilities);
                break;
        }
    }

    /// <summary>The predicted class of each column, after checking the outputs are dense, non-empty and finite.</summary>
    public static int[] Classes(Matrix<double> outputs, ClassifierOutput kind, string paramName)
    {
        double[] data = Check(outputs, kind, paramName);
        int k = outputs.RowCount;
        int[] classes = new int[outputs.ColumnCount];
        for (int j = 0; j < classes.Length; j++)
        {
            classes[j] = Class(data.AsSpan(j * k, k), kind);
        }

        return classes;
    }

    /// <summary>Class probabilities, classes × samples: one row P(class 1) for one output (<paramref name="binaryTwoRows"/>
    /// false) or the two rows (1 − p, p); otherwise one row per output.</summary>
    public static Matrix<double> Probabilities(Matrix<double> outputs, ClassifierOutput kind, string paramName, bool binaryTwoRows)
    {
        double[] data = Check(outputs, kind, paramName);
        int k = outputs.RowCount, n = outputs.ColumnCount;
        if (k == 1 && !binaryTwoRows)
        {
            double[] p = new double[n];
            for (int j = 0; j < n; j++)
            {
                p[j] = PositiveProbability(data[j], kind);
            }

            return Matrix<double>.Build.Dense(1, n, p);
        }

        int classes = ClassCount(k);
        double[] result = new double[Guard.ElementCount(classes, n, paramName, "The probabilities (classes × samples)")];
        for (int j = 0; j < n; j++)
        {
            Probabilities(data.AsSpan(j * k, k), result.AsSpan(j * classes, classes), kind);
        }

        return Matrix<double>.Build.Dense(classes, n, result);
    }

    private static double[] Check(Matrix<double> outputs, ClassifierOutput kind, string paramName)
    {
        CheckKind(kind, nameof(kind));
        double[] data = Guard.Storage(outputs, paramName);
        Guard.NotEmpty(outputs, paramName);
        Guard.Finite(data, outputs.RowCount, paramName);
        return data;
    }
}
