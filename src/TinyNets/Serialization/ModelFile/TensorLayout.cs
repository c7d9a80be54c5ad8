using System;

namespace TinyNets.Serialization;

/// <summary>A parameter's values between its column-major storage and the file's row-major (C, PyTorch) order.</summary>
internal static class TensorLayout
{
    public static double[] ToRowMajor(ReadOnlySpan<double> columnMajor, int rows, int columns)
    {
        var result = new double[columnMajor.Length];
        for (int j = 0; j < columns; j++)
        {
            for (int i = 0; i < rows; i++)
            {
                result[(i * columns) + j] = columnMajor[(j * rows) + i];
            }
        }

        return result;
    }

    public static double[] ToColumnMajor(ReadOnlySpan<double> rowMajor, int rows, int columns)
    {
        var result = new double[rowMajor.Length];
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < columns; j++)
            {
                result[(j * rows) + i] = rowMajor[(i * columns) + j];
            }
        }

        return result;
    }
}
