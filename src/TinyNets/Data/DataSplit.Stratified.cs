using System;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Internal;

namespace TinyNets.Data;

/// <summary>The stratified train/test split: each class divided in the proportion of the whole.</summary>
public static partial class DataSplit
{
    /// <summary>
    /// Splits samples (columns) at random into a training and a test part that keep the classes' proportions, as
    /// scikit-learn's <c>train_test_split(…, stratify=classes)</c> intends. The exact rule:
    /// <list type="number">
    /// <item>The test part gets T = round(<paramref name="testFraction"/> × n) samples (halves rounded up), as
    /// <see cref="TrainTestSplit(Matrix{double}, Matrix{double}, double, ulong)"/>; both parts must be non-empty.</item>
    /// <item>A class of m samples gets ⌊T·m / n⌋ test places; the T − Σ⌊…⌋ places left go one each to the classes with the
    /// largest remainders (T·m mod n, compared exactly), the smaller class index first on a tie (the largest-remainder
    /// method). So every class's test count is within one of T·m / n and the counts add up to T.</item>
    /// <item>Walking the permutation <see cref="Permutation(int, ulong)"/> of the same seed, a sample goes to the test part
    /// while its class has test places left, otherwise to the training part; both parts keep the permutation's order.</item>
    /// </list>
    /// (scikit-learn rounds T up and breaks ties at random; the rule here needs no draw beyond the permutation.) A class
    /// of a single sample goes wholly to one part.
    /// </summary>
    /// <param name="x">Inputs, features × n; dense.</param>
    /// <param name="y">Targets, targets × n (the same number of columns); dense.</param>
    /// <param name="classes">One class index (≥ 0) per sample.</param>
    /// <param name="testFraction">The share of samples held out for testing, in (0, 1).</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <returns>The two parts, with <see cref="TrainTestSets.TrainClasses"/> and <see cref="TrainTestSets.TestClasses"/> set.</returns>
    /// <exception cref="ArgumentException">Non-dense matrices, different numbers of samples, or a part that would be empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1), or a class index is negative.</exception>
    public static TrainTestSets StratifiedTrainTestSplit(Matrix<double> x, Matrix<double> y, ReadOnlySpan<int> classes, double testFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(x);
        ClassIndexChecks.SameLength(classes, x.ColumnCount, nameof(classes), nameof(x));
        ClassIndexChecks.NonNegative(classes, nameof(classes));
        return Stratified(x, y, classes, testFraction, seed);
    }

    /// <summary>
    /// Splits categorical data by <see cref="StratifiedTrainTestSplit(Matrix{double}, Matrix{double}, ReadOnlySpan{int}, double, ulong)"/>
    /// on its <see cref="LabeledData.ClassIndices"/>.
    /// </summary>
    /// <param name="data">Data with a categorical target.</param>
    /// <param name="testFraction">The share of samples held out for testing, in (0, 1).</param>
    /// <param name="seed">The seed of the shuffle.</param>
    /// <returns>The two parts, with their class indices.</returns>
    /// <exception cref="ArgumentException">The data has no categorical target, or a part would be empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    public static TrainTestSets StratifiedTrainTestSplit(LabeledData data, double testFraction, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!data.IsCategorical)
        {
            throw new ArgumentException(
                "A stratified split needs class labels: load the data with DelimitedFileOptions.CategoricalColumn, or pass class indices.", nameof(data));
        }

        return Stratified(data.Features, data.Targets, data.ClassIndices, testFraction, seed);
    }

    private static TrainTestSets Stratified(Matrix<double> x, Matrix<double> y, ReadOnlySpan<int> classes, double testFraction, ulong seed)
    {
        Guard.Storage(x, nameof(x));
        Guard.Storage(y, nameof(y));
        int n = x.ColumnCount;
        int testCount = TestCount(n, y, testFraction);

        // The distinct classes, sorted; a class is referred to by its position here, so memory follows n, not the indices.
        int[] labels = classes.ToArray();
        Array.Sort(labels);
        int k = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (i == 0 || labels[i] != labels[i - 1])
            {
                labels[k++] = labels[i];
            }
        }

        labels = labels[..k];
        int[] position = new int[n];
        long[] size = new long[k];
        for (int j = 0; j < n; j++)
        {
            position[j] = Array.BinarySearch(labels, classes[j]);
            size[position[j]]++;
        }

        // Largest remainders, in exact integer arithmetic: T·m < 2⁶².
        int[] places = new int[k];
        long[] remainder = new long[k];
        int left = testCount;
        for (int c = 0; c < k; c++)
        {
            long share = testCount * size[c];
            places[c] = (int)(share / n);
            remainder[c] = share % n;
            left -= places[c];
        }

        int[] byRemainder = new int[k];
        for (int c = 0; c < k; c++)
        {
            byRemainder[c] = c;
        }

        // Stable on ties: the smaller class first.
        Array.Sort(byRemainder, (a, b) => remainder[a] != remainder[b] ? remainder[b].CompareTo(remainder[a]) : a.CompareTo(b));
        for (int i = 0; i < left; i++)
        {
            places[byRemainder[i]]++;
        }

        int[] order = Permutation(n, seed);
        int[] test = new int[testCount], train = new int[n - testCount];
        int t = 0, r = 0;
        foreach (int j in order)
        {
            if (places[position[j]] > 0)
            {
                places[position[j]]--;
                test[t++] = j;
            }
            else
            {
                train[r++] = j;
            }
        }

        return new TrainTestSets(
            SelectColumns(x, train), SelectColumns(y, train), SelectColumns(x, test), SelectColumns(y, test),
            train, test, Pick(classes, train), Pick(classes, test));
    }
}
