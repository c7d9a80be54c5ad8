using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using MathNet.Numerics.LinearAlgebra;

namespace TinyNets.Data;

/// <summary>Renumbering the classes of a categorical target.</summary>
public sealed partial class LabeledData
{
    // The row of Targets that holds the class indices, or -1 without a categorical target.
    private readonly int _classRow;

    // A copy of 'source' with other class numbers: the same features matrix, a new targets matrix.
    private LabeledData(LabeledData source, Matrix<double> targets, string[] classNames, int[] classIndices)
    {
        Features = source.Features;
        Targets = targets;
        ColumnNames = source.ColumnNames;
        FeatureColumns = source.FeatureColumns;
        TargetColumns = source.TargetColumns;
        FeatureNames = source.FeatureNames;
        TargetNames = source.TargetNames;
        ClassNames = Array.AsReadOnly(classNames);
        ClassIndices = classIndices;
        _classRow = source._classRow;
    }

    /// <summary>
    /// The same data with the classes numbered in the given order: class index i becomes the class named
    /// <c>classNames[i]</c>, in <see cref="ClassNames"/>, <see cref="ClassIndices"/> and the class row of
    /// <see cref="Targets"/>. Use it to fix the order a model expects whatever order the labels first appear in a file.
    /// The result shares this object's <see cref="Features"/> matrix; this object is not changed.
    /// </summary>
    /// <param name="classNames">Every name of <see cref="ClassNames"/> once, in the new order.</param>
    /// <returns>A new <see cref="LabeledData"/>.</returns>
    /// <exception cref="InvalidOperationException">The data has no categorical target.</exception>
    /// <exception cref="ArgumentException">A name that is not a class of the data, a repeated name, or a count that differs from the classes'.</exception>
    public LabeledData WithClassOrder(IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        if (!IsCategorical)
        {
            throw new InvalidOperationException("This data has no categorical target (DelimitedFileOptions.CategoricalColumn), so it has no classes to order.");
        }

        var oldIndex = new Dictionary<string, int>(ClassNames.Count, StringComparer.Ordinal);
        for (int i = 0; i < ClassNames.Count; i++)
        {
            oldIndex[ClassNames[i]] = i;
        }

        if (classNames.Count != ClassNames.Count)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'{nameof(classNames)}' must list each of the {ClassNames.Count} classes once; {classNames.Count} names were given."),
                nameof(classNames));
        }

        int[] newIndex = new int[ClassNames.Count];
        Array.Fill(newIndex, -1);
        string[] names = new string[classNames.Count];
        for (int i = 0; i < names.Length; i++)
        {
            string name = classNames[i];
            if (name is null || !oldIndex.TryGetValue(name, out int old))
            {
                throw new ArgumentException(
                    $"Name {i} of '{nameof(classNames)}' is {(name is null ? "null" : $"\"{name}\"")}, which is not a class of the data ({string.Join(", ", ClassNames)}).",
                    nameof(classNames));
            }

            if (newIndex[old] >= 0)
            {
                throw new ArgumentException($"Name {i} of '{nameof(classNames)}', \"{name}\", was already given at position {newIndex[old]}.", nameof(classNames));
            }

            newIndex[old] = i;
            names[i] = name;
        }

        int[] classes = new int[ClassIndices.Length];
        Matrix<double> targets = Targets.Clone();
        for (int j = 0; j < classes.Length; j++)
        {
            classes[j] = newIndex[ClassIndices[j]];
            if (_classRow >= 0)
            {
                targets[_classRow, j] = classes[j];
            }
        }

        return new LabeledData(this, targets, names, classes);
    }

    /// <summary>
    /// The same data with the classes numbered in sorted order of their names, as scikit-learn's <c>LabelEncoder</c> and
    /// NumPy's <c>np.unique</c> number string labels: ordinal order of the Unicode code points (not culture-aware, and by
    /// code point rather than UTF-16 unit, so "\uFF01" sorts before "😀"). See <see cref="WithClassOrder"/>.
    /// </summary>
    /// <returns>A new <see cref="LabeledData"/>.</returns>
    /// <exception cref="InvalidOperationException">The data has no categorical target.</exception>
    public LabeledData WithSortedClassNames()
    {
        if (!IsCategorical)
        {
            throw new InvalidOperationException("This data has no categorical target (DelimitedFileOptions.CategoricalColumn), so it has no classes to order.");
        }

        string[] sorted = [.. ClassNames];
        Array.Sort(sorted, CompareCodePoints);
        return WithClassOrder(sorted);
    }

    // Lexicographic order of the strings' Unicode scalar values (an invalid surrogate counts as its UTF-16 unit).
    private static int CompareCodePoints(string? a, string? b)
    {
        int i = 0, k = 0;
        while (i < a!.Length && k < b!.Length)
        {
            int x = CodePointAt(a, ref i), y = CodePointAt(b, ref k);
            if (x != y)
            {
                return x.CompareTo(y);
            }
        }

        return (a.Length - i).CompareTo(b!.Length - k);
    }

    private static int CodePointAt(string s, ref int index)
    {
        if (Rune.TryGetRuneAt(s, index, out Rune rune))
        {
            index += rune.Utf16SequenceLength;
            return rune.Value;
        }

        return s[index++];
    }
}
