using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace TinyNets.Internal;

/// <summary>
/// A few dense matrices kept by shape, so that alternating shapes (full mini-batches and a smaller last one)
/// reuse their buffers instead of reallocating every epoch.
/// </summary>
internal sealed class MatrixCache
{
    private const int Slots = 4;
    private readonly Matrix<double>?[] _matrices = new Matrix<double>?[Slots];
    private readonly double[]?[] _storage = new double[]?[Slots];
    private int _next;
    private Matrix<double>? _last;
    private double[]? _lastStorage;

    /// <summary>Returns a matrix of the shape (contents unspecified) and its column-major storage.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Matrix<double> Get(int rows, int columns, out double[] storage)
    {
        // The shape of the last call first, from fields and inlined into the caller: a training loop asks for the
        // same shape batch after batch, and on a net of a few neurons even a call shows.
        Matrix<double>? last = _last;
        if (last is not null && last.RowCount == rows && last.ColumnCount == columns)
        {
            storage = _lastStorage!;
            return last;
        }

        return Find(rows, columns, out storage);
    }

    private Matrix<double> Find(int rows, int columns, out double[] storage)
    {
        for (int i = 0; i < Slots; i++)
        {
            Matrix<double>? m = _matrices[i];
            if (m is not null && m.RowCount == rows && m.ColumnCount == columns)
            {
                storage = _storage[i]!;
                return Remember(m, storage);
            }
        }

        storage = new double[rows * columns];
        var created = new DenseMatrix(rows, columns, storage);
        _matrices[_next] = created;
        _storage[_next] = storage;
        _next = (_next + 1) % Slots;
        return Remember(created, storage);
    }

    private Matrix<double> Remember(Matrix<double> matrix, double[] storage)
    {
        _last = matrix;
        _lastStorage = storage;
        return matrix;
    }
}
