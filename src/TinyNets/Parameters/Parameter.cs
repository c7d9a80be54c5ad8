using System;
using System.Globalization;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using TinyNets.Internal;

namespace TinyNets.Parameters;

/// <summary>
/// A trainable tensor of rank 1 (a bias of length <c>out</c>) or rank 2 (a weight of shape <c>out×in</c>),
/// together with the gradient of the last backward pass. Value and gradient live in contiguous column-major arrays
/// that <see cref="Value"/> and <see cref="Gradient"/> wrap without copying.
/// </summary>
public sealed class Parameter
{
    private readonly double[] _value;
    private readonly double[] _gradient;

    /// <summary>
    /// Creates a matrix parameter (rank 2, like a weight of shape out×in) for a layer of your own, zero-filled; its
    /// gradient starts at zero. The layer lists it in <see cref="Layers.Layer.Parameters"/>, and the network names it
    /// <c>"{layer index}.{name}"</c>.
    /// </summary>
    /// <param name="name">The local name inside the layer, such as <c>"weight"</c>: not empty, without <c>'.'</c> or white space.</param>
    /// <param name="rows">Rows; positive.</param>
    /// <param name="columns">Columns; positive.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or holds '.' or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or rows × columns values cannot be one array.</exception>
    public Parameter(string name, int rows, int columns)
        : this(CheckName(name), CheckSize(rows, nameof(rows)), CheckSize(columns, nameof(columns)), isVector: false)
    {
    }

    /// <summary>
    /// Creates a vector parameter (rank 1, like a bias) of <paramref name="length"/> values for a layer of your own,
    /// zero-filled. Its <see cref="Value"/> and <see cref="Gradient"/> views are length×1.
    /// </summary>
    /// <param name="name">The local name inside the layer, such as <c>"bias"</c>: not empty, without <c>'.'</c> or white space.</param>
    /// <param name="length">Number of values; positive.</param>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or holds '.' or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is not positive.</exception>
    public Parameter(string name, int length)
        : this(CheckName(name), CheckSize(length, nameof(length)), 1, isVector: true)
    {
    }

    internal Parameter(string name, int rows, int columns, bool isVector)
    {
        Name = name;
        Rows = rows;
        Columns = columns;
        IsVector = isVector;
        int length = Guard.ElementCount(rows, columns, nameof(rows), $"Parameter '{name}'");
        _value = new double[length];
        _gradient = new double[length];
        Value = new DenseMatrix(rows, columns, _value);
        Gradient = new DenseMatrix(rows, columns, _gradient);
    }

    /// <summary>The parameter's local name inside its layer, as PyTorch names it: <c>"weight"</c> or <c>"bias"</c>.</summary>
    public string Name { get; }

    /// <summary>Number of rows (output features).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (input features); 1 for a bias.</summary>
    public int Columns { get; }

    /// <summary>True for a rank-1 parameter (a bias), which is set from a vector.</summary>
    public bool IsVector { get; }

    /// <summary>Number of scalar entries.</summary>
    public int Length => _value.Length;

    /// <summary>The shape as text, PyTorch style: <c>3×2</c> for a weight, <c>(3)</c> for a bias.</summary>
    public string ShapeText => IsVector ? string.Create(CultureInfo.InvariantCulture, $"({Rows})") : Guard.Shape(Rows, Columns);

    /// <summary>The live value (a bias is an <c>out×1</c> column). Writing into it changes the parameter without checks.</summary>
    public Matrix<double> Value { get; }

    /// <summary>The live gradient of the loss with respect to this parameter, as left by the last backward pass.</summary>
    public Matrix<double> Gradient { get; }

    /// <summary>The value as a flat span in column-major order (for optimizers and kernels).</summary>
    public Span<double> Data => _value;

    /// <summary>The gradient as a flat span in column-major order.</summary>
    public Span<double> GradientData => _gradient;

    /// <summary>The value's array (for the single-sample path, which works on references).</summary>
    internal double[] ValueArray => _value;

    /// <summary>The gradient's array.</summary>
    internal double[] GradientArray => _gradient;

    /// <summary>Returns a copy of the value as a vector (column-major order for a weight).</summary>
    /// <returns>A new vector holding the values.</returns>
    public Vector<double> ToVector() => DenseVector.OfArray((double[])_value.Clone());

    /// <summary>Sets every gradient entry to zero.</summary>
    public void ZeroGradient() => Array.Clear(_gradient);

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {ShapeText}";

    /// <summary>Checks <paramref name="source"/> and copies it in; on any error the parameter is left unchanged.</summary>
    internal void Assign(Matrix<double> source, string fullName, string paramName)
    {
        ArgumentNullException.ThrowIfNull(source, paramName);
        if (IsVector)
        {
            throw new ArgumentException(
                $"Parameter \"{fullName}\" is a vector of shape {ShapeText}; a matrix of shape {Guard.Shape(source)} was given. Pass a Vector<double> or double[].",
                paramName);
        }

        if (source.RowCount != Rows || source.ColumnCount != Columns)
        {
            throw new ArgumentException(
                $"Shape {ShapeText} was expected for parameter \"{fullName}\"; shape {Guard.Shape(source)} was given.", paramName);
        }

        double[] copy = source.ToColumnMajorArray();
        CheckFinite(copy, fullName, paramName);
        copy.CopyTo(_value, 0);
    }

    /// <summary>Checks <paramref name="source"/> and copies it in; on any error the parameter is left unchanged.</summary>
    internal void Assign(ReadOnlySpan<double> source, string fullName, string paramName)
    {
        if (!IsVector)
        {
            throw new ArgumentException(
                $"Parameter \"{fullName}\" is a matrix of shape {ShapeText}; a vector of length {source.Length} was given. Pass a Matrix<double> or double[,].",
                paramName);
        }

        if (source.Length != Rows)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Shape {ShapeText} was expected for parameter \"{fullName}\"; shape ({source.Length}) was given."),
                paramName);
        }

        CheckFinite(source, fullName, paramName);
        source.CopyTo(_value);
    }

    private void CheckFinite(ReadOnlySpan<double> values, string fullName, string paramName)
    {
        int bad = Guard.FirstNonFinite(values);
        if (bad >= 0)
        {
            string where = IsVector
                ? string.Create(CultureInfo.InvariantCulture, $"[{bad}]")
                : string.Create(CultureInfo.InvariantCulture, $"[{bad % Rows}, {bad / Rows}]");
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"Parameter \"{fullName}\" accepts only finite values; entry {where} is {values[bad]}."),
                paramName);
        }
    }

    private static string CheckName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.Contains('.', StringComparison.Ordinal) || name.Any(char.IsWhiteSpace))
        {
            // The network joins the layer's index and this name with a dot: "0.weight".
            throw new ArgumentException(
                $"A parameter's name must be non-empty, without '.' or white space (the network names it \"<layer index>.<name>\"); \"{name}\" was given.",
                nameof(name));
        }

        return name;
    }

    private static int CheckSize(int value, string paramName)
    {
        Guard.Positive(value, paramName);
        return value;
    }
}
