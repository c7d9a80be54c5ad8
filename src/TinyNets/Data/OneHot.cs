using System;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Internal;

namespace TinyNets.Data;

/// <summary>
/// One-hot encoding of class indices as classes × samples matrices (one sample per column, as cross-entropy takes its
/// probability targets), and back by arg-max.
/// </summary>
public static class OneHot
{
    /// <summary>Encodes class indices: column j is 1 in row <c>classes[j]</c> and 0 elsewhere.</summary>
    /// <param name="classes">One class index per sample, each in [0, <paramref name="classCount"/>); at least one.</param>
    /// <param name="classCount">The number of classes (rows of the result); positive.</param>
    /// <returns>A new <paramref name="classCount"/> × samples matrix.</returns>
    /// <exception cref="ArgumentException"><paramref name="classes"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classCount"/> is not positive, an index is outside [0, classCount), or
    /// classCount × samples values cannot be one array.</exception>
    public static Matrix<double> Encode(ReadOnlySpan<int> classes, int classCount)
    {
        Guard.Positive(classCount, nameof(classCount));
        ClassIndexChecks.NotEmpty(classes, nameof(classes));
        ClassIndexChecks.InRange(classes, classCount, nameof(classes), $"{nameof(classCount)} is {classCount}");
        double[] data = new double[Guard.ElementCount(classCount, classes.Length, nameof(classCount), "The one-hot matrix (classes × samples)")];
        for (int j = 0; j < classes.Length; j++)
        {
            data[(j * classCount) + classes[j]] = 1.0;
        }

        return Matrix<double>.Build.Dense(classCount, classes.Length, data);
    }

    /// <summary>
    /// Decodes a classes × samples matrix (one-hot targets, probabilities, or logits) to the row of the largest entry of
    /// each column. On a tie the first (lowest) row wins, as NumPy's and PyTorch's argmax.
    /// </summary>
    /// <param name="scores">Classes × samples; dense, non-empty and finite.</param>
    /// <returns>One class index per column.</returns>
    /// <exception cref="ArgumentException"><paramref name="scores"/> is empty, not dense, or holds NaN or an infinity.</exception>
    public static int[] Decode(Matrix<double> scores) => ClassIndexChecks.ArgMaxPerColumn(scores, nameof(scores));
}
