using System;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Internal;

namespace TinyNets.Data;

/// <summary>Checks and arg-max shared by one-hot encoding, splits and the classification metrics.</summary>
internal static class ClassIndexChecks
{
    /// <summary>Throws unless every index is in [0, <paramref name="classCount"/>).</summary>
    public static void InRange(ReadOnlySpan<int> classes, int classCount, string paramName, string why)
    {
        for (int j = 0; j < classes.Length; j++)
        {
            if ((uint)classes[j] >= (uint)classCount)
            {
                throw new ArgumentOutOfRangeException(
                    paramName, classes[j],
                    string.Create(CultureInfo.InvariantCulture, $"Class index {classes[j]} of sample {j} in '{paramName}' is outside [0, {classCount - 1}] ({why})."));
            }
        }
    }

    /// <summary>Throws for a negative index (when no class count bounds them).</summary>
    public static void NonNegative(ReadOnlySpan<int> classes, string paramName)
    {
        for (int j = 0; j < classes.Length; j++)
        {
            if (classes[j] < 0)
            {
                throw new ArgumentOutOfRangeException(
                    paramName, classes[j],
                    string.Create(CultureInfo.InvariantCulture, $"Class indices in '{paramName}' must be ≥ 0; sample {j} has {classes[j]}."));
            }
        }
    }

    public static void NotEmpty(ReadOnlySpan<int> classes, string paramName)
    {
        if (classes.IsEmpty)
        {
            throw new ArgumentException($"'{paramName}' is empty; at least one sample is expected.", paramName);
        }
    }

    public static void SameLength(ReadOnlySpan<int> classes, int samples, string paramName, string otherName)
    {
        if (classes.Length != samples)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'{paramName}' must hold one class index per sample of '{otherName}' ({samples}); {classes.Length} were given."),
                paramName);
        }
    }

    /// <summary>The row of the largest entry of each column (the first on ties), after checking the matrix is dense, non-empty and finite.</summary>
    public static int[] ArgMaxPerColumn(Matrix<double> scores, string paramName)
    {
        double[] data = Guard.Storage(scores, paramName);
        Guard.NotEmpty(scores, paramName);
        Guard.Finite(data, scores.RowCount, paramName);
        int k = scores.RowCount;
        int[] result = new int[scores.ColumnCount];
        for (int j = 0; j < result.Length; j++)
        {
            int offset = j * k;
            int best = 0;
            for (int i = 1; i < k; i++)
            {
                if (data[offset + i] > data[offset + best])
                {
                    best = i;
                }
            }

            result[j] = best;
        }

        return result;
    }
}
