using System;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Initialization;
using TinyNets.Internal;

namespace TinyNets.Data;

/// <summary>
/// Seeded shuffling and train/test splitting of samples (matrix columns). Every random choice comes from
/// <see cref="SeededRandom"/>, so a seed gives the same split on every OS and .NET version.
/// </summary>
public static partial class DataSplit
{
    /// <summary>
    /// A random permutation of 0 … <paramref name="count"/> − 1 by Fisher–Yates: for i from count − 1 down to 1, swap
    /// entry i with entry <c>random.NextInt32(i + 1)</c>.
    /// </summary>
    /// <param name="count">The number of items; ≥ 0.</param>
    /// <param name="random">The generator; advanced by count − 1 draws.</param>
    /// <returns>A new array holding each of 0 … count − 1 once.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static int[] Permutation(int count, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (count < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, $"A non-negative count was expected; {count} was given.");
        }

        int[] order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        Shuffle(order.AsSpan(), random);
        return order;
    }

    /// <summary>
    /// Shuffles <paramref name="items"/> in place by Fisher–Yates: for i from length − 1 down to 1, swap entry i with
    /// entry <c>random.NextInt32(i + 1)</c>. Applied to 0 … n − 1 this gives <see cref="Permutation(int, SeededRandom)"/>.
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items to reorder.</param>
    /// <param name="random">The generator; advanced by length − 1 draws.</param>
    public static void Shuffle<T>(Span<T> items, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = random.NextInt32(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>A random permutation of 0 … <paramref name="count"/> − 1 from a fresh generator seeded with <paramref name="seed"/>.</summary>
    /// <param name="count">The number of items; ≥ 0.</param>
    /// <param name="seed">The seed of the <see cref="SeededRandom"/>.</param>
    /// <returns>A new array holding each of 0 … count − 1 once.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public static int[] Permutation(int count, ulong seed) => Permutation(count, new SeededRandom(seed));

    /// <summary>Copies the given columns (samples) of a matrix, in the given order; an index may repeat.</summary>
    /// <param name="data">Features × samples; dense.</param>
    /// <param name="columns">Column indices, each in [0, data.ColumnCount); at least one.</param>
    /// <returns>A new data.RowCount × columns.Length matrix.</returns>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not dense, or <paramref name="columns"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A column index is out of range.</exception>
    public static Matrix<double> SelectColumns(Matrix<double> data, ReadOnlySpan<int> columns)
    {
        double[] source = Guard.Storage(data, nameof(data));
        if (columns.IsEmpty)
        {
            throw new ArgumentException($"'{nameof(columns)}' is empty; at least one column index is expected.", nameof(columns));
        }

        int rows = data.RowCount;
        for (int j = 0; j < columns.Length; j++)
        {
            if ((uint)columns[j] >= (uint)data.ColumnCount)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(columns), columns[j],
                    string.Create(CultureInfo.InvariantCulture,
                        $"Entry {j} of '{nameof(columns)}' is {columns[j]}, outside [0, {data.ColumnCount - 1}] ('{nameof(data)}' has {data.ColumnCount} columns)."));
            }
        }

        double[] result = new double[Guard.ElementCount(rows, columns.Length, nameof(columns), "The selected columns")];
        for (int j = 0; j < columns.Length; j++)
        {
            // Columns are contiguous in column-major storage.
            Array.Copy(source, columns[j] * rows, result, j * rows, rows);
        }

        return Matrix<double>.Build.Dense(rows, columns.Length, result);
    }

    /// <summary>
    /// Splits samples (columns) at random into a training and a test part. The test part gets
    /// round(<paramref name="testFraction"/> × n) samples (halves rounded up), the training part the rest; both parts
    /// must be non-empty. The order is that of <see cref="Permutation(int, ulong)"/>: its first entries are the test
    /// samples, the others the training samples.
    /// </summary>
    /// <param name="x">Inputs, features × n; dense.</param>
    /// <param name="y">Targets, targets × n (the same number of columns); dense.</param>
    /// <param name="testFraction">The share of samples held out for testing, in (0, 1).</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <returns>The two parts, with the original column index of each sample.</returns>
    /// <exception cref="ArgumentException">Non-dense matrices, different numbers of columns, or a part that would be empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    public static TrainTestSets TrainTestSplit(Matrix<double> x, Matrix<double> y, double testFraction, ulong seed) =>
        Split(x, y, ReadOnlySpan<int>.Empty, withClasses: false, testFraction, seed);

    /// <summary>
    /// Splits samples (columns) at random as <see cref="TrainTestSplit(Matrix{double}, Matrix{double}, double, ulong)"/>
    /// does (the same seed gives the same division), carrying each sample's class index along.
    /// </summary>
    /// <param name="x">Inputs, features × n; dense.</param>
    /// <param name="y">Targets, targets × n (the same number of columns); dense.</param>
    /// <param name="classes">One class index (≥ 0) per sample.</param>
    /// <param name="testFraction">The share of samples held out for testing, in (0, 1).</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <returns>The two parts, with <see cref="TrainTestSets.TrainClasses"/> and <see cref="TrainTestSets.TestClasses"/> set.</returns>
    /// <exception cref="ArgumentException">Non-dense matrices, different numbers of samples, or a part that would be empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1), or a class index is negative.</exception>
    public static TrainTestSets TrainTestSplit(Matrix<double> x, Matrix<double> y, ReadOnlySpan<int> classes, double testFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(x);
        ClassIndexChecks.SameLength(classes, x.ColumnCount, nameof(classes), nameof(x));
        ClassIndexChecks.NonNegative(classes, nameof(classes));
        return Split(x, y, classes, withClasses: true, testFraction, seed);
    }

    /// <summary>
    /// Splits loaded data into <see cref="LabeledData.Features"/> and <see cref="LabeledData.Targets"/> parts as
    /// <see cref="TrainTestSplit(Matrix{double}, Matrix{double}, double, ulong)"/> does, carrying the class indices
    /// along when the data is categorical.
    /// </summary>
    /// <param name="data">The data.</param>
    /// <param name="testFraction">The share of samples held out for testing, in (0, 1).</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <returns>The two parts.</returns>
    /// <exception cref="ArgumentException">A part would be empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    public static TrainTestSets TrainTestSplit(LabeledData data, double testFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.IsCategorical
            ? Split(data.Features, data.Targets, data.ClassIndices, withClasses: true, testFraction, seed)
            : Split(data.Features, data.Targets, ReadOnlySpan<int>.Empty, withClasses: false, testFraction, seed);
    }

    private static TrainTestSets Split(Matrix<double> x, Matrix<double> y, ReadOnlySpan<int> classes, bool withClasses, double testFraction, ulong seed)
    {
        Guard.Storage(x, nameof(x));
        Guard.Storage(y, nameof(y));
        int n = x.ColumnCount;
        int testCount = TestCount(n, y, testFraction);
        int[] order = Permutation(n, seed);
        int[] test = order[..testCount];
        int[] train = order[testCount..];
        return new TrainTestSets(
            SelectColumns(x, train), SelectColumns(y, train), SelectColumns(x, test), SelectColumns(y, test),
            train, test,
            withClasses ? Pick(classes, train) : null,
            withClasses ? Pick(classes, test) : null);
    }

    private static int[] Pick(ReadOnlySpan<int> values, int[] indices)
    {
        int[] result = new int[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            result[k] = values[indices[k]];
        }

        return result;
    }

    // The test part's size, round(fraction · n), after checking the fraction and the targets' columns; both splits use it.
    private static int TestCount(int n, Matrix<double> y, double testFraction)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(testFraction), testFraction,
                string.Create(CultureInfo.InvariantCulture, $"'{nameof(testFraction)}' must lie strictly between 0 and 1; {testFraction} was given."));
        }

        if (y.ColumnCount != n)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'{nameof(y)}' must have one column per sample of 'x' ({n}); shape {Guard.Shape(y)} was given."),
                nameof(y));
        }

        int testCount = (int)Math.Round(testFraction * n, MidpointRounding.AwayFromZero);
        if (testCount == 0 || testCount == n)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"A test fraction of {testFraction} of {n} samples gives {testCount} test and {n - testCount} training samples; both parts must be non-empty."),
                nameof(testFraction));
        }

        return testCount;
    }
}
