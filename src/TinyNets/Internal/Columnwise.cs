using System;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace TinyNets.Internal;

/// <summary>A function of one sample's values (one column) into a span of the same length.</summary>
/// <param name="x">The column.</param>
/// <param name="y">The result, of the same length.</param>
internal delegate void ColumnFunction(ReadOnlySpan<double> x, Span<double> y);

/// <summary>The checks and the batch form shared by the public static per-sample functions (softmax, log-softmax).</summary>
internal static class Columnwise
{
    /// <summary>Applies <paramref name="function"/> to each column of a checked batch, into a new matrix.</summary>
    /// <param name="x">A dense, non-empty matrix of finite values, one sample per column (the argument named 'x').</param>
    /// <param name="function">The per-column function.</param>
    /// <returns>A new matrix of the same shape.</returns>
    public static Matrix<double> Map(Matrix<double> x, ColumnFunction function)
    {
        double[] data = Guard.Storage(x, nameof(x));
        Guard.NotEmpty(x, nameof(x));
        Guard.Finite(data, x.RowCount, nameof(x));
        Matrix<double> y = Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount);
        double[] output = y.AsColumnMajorArray();
        int rows = x.RowCount;
        for (int j = 0; j < x.ColumnCount; j++)
        {
            function(data.AsSpan(j * rows, rows), output.AsSpan(j * rows, rows));
        }

        return y;
    }

    /// <summary>The checks of the static span forms: a non-empty, finite input and an output of its length.</summary>
    /// <param name="x">The input (the argument named 'x').</param>
    /// <param name="y">The output (the argument named 'y').</param>
    public static void CheckSpans(ReadOnlySpan<double> x, Span<double> y)
    {
        if (x.IsEmpty)
        {
            throw new ArgumentException("'x' is empty; at least one value is expected.", nameof(x));
        }

        if (y.Length != x.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'y' must have the length of 'x' ({x.Length}); its length is {y.Length}."), nameof(y));
        }

        int bad = Guard.FirstNonFinite(x);
        if (bad >= 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'x' must contain only finite values; entry {bad} is {x[bad]}."), nameof(x));
        }
    }
}
