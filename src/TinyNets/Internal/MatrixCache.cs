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

    /// <summary>Returns a matrix of the shape (contents unspecified) and its column-major storage.</summary>
    public Matrix<double> Get(int rows, int columns, out double[] storage)
    {
        for (int i = 0; i < Slots; i++)
        {
            Matrix<double>? m = _matrices[i];
            if (m is not null && m.RowCount == rows && m.ColumnCount == columns)
            {
                storage = _storage[i]!;
                return m;
            }
        }

        storage = new double[rows * columns];
        var created = new DenseMatrix(rows, columns, storage);
        _matrices[_next] = created;
        _storage[_next] = storage;
        _next = (_next + 1) % Slots;
        return created;
    }
}
