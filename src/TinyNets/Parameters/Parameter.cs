using System;
using System.Globalization;
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
}
