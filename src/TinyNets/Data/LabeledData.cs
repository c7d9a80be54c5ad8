using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;

namespace TinyNets.Data;

/// <summary>
/// A table of samples read by <see cref="DelimitedFile"/>: the feature columns as a features × samples matrix and the
/// target columns as a targets × samples matrix (one sample per column, as the networks take them), with the column
/// names and, for a categorical target, the class names and each sample's class index.
/// </summary>
public sealed partial class LabeledData
{
    // headerNames: the header line's names, or null for c0, c1, …; targetColumns in target-row order, every other
    // column is a feature, in file order; classRow: the row of targets holding the class indices, or -1.
    internal LabeledData(
        Matrix<double> features,
        Matrix<double> targets,
        string[]? headerNames,
        int columnCount,
        int[] targetColumns,
        string[]? classNames,
        int[]? classIndices,
        int classRow = -1)
    {
        Features = features;
        Targets = targets;
        // The per-column lists are computed on access rather than stored: a file of one very long line has as many
        // columns as values, and lists of names and indices would take more memory than the data.
        ColumnNames = headerNames is null ? new GeneratedNames(columnCount) : Array.AsReadOnly(headerNames);
        FeatureColumns = new OtherColumns(columnCount, targetColumns);
        TargetColumns = Array.AsReadOnly(targetColumns);
        FeatureNames = new NamesOf(ColumnNames, FeatureColumns);
        TargetNames = Array.AsReadOnly(Array.ConvertAll(targetColumns, c => ColumnNames[c]));
        ClassNames = classNames is null ? null : Array.AsReadOnly(classNames);
        ClassIndices = classIndices;
        _classRow = classRow;
    }

    /// <summary>The feature columns, features × samples: row i is feature column <c>FeatureColumns[i]</c>, column j is line j of the data.</summary>
    public Matrix<double> Features { get; }

    /// <summary>
    /// The target columns, targets × samples: row i is target column <c>TargetColumns[i]</c>. The row of a categorical
    /// target holds the class index (0, 1, 2, …) as a number; <see cref="ClassIndices"/> has the same as integers.
    /// </summary>
    public Matrix<double> Targets { get; }

    /// <summary>The number of samples (data lines).</summary>
    public int SampleCount => Features.ColumnCount;

    /// <summary>The names of all columns in file order: from the header, or <c>c0</c>, <c>c1</c>, … without one.</summary>
    public IReadOnlyList<string> ColumnNames { get; }

    /// <summary>The 0-based file columns that became the rows of <see cref="Features"/>, in order.</summary>
    public IReadOnlyList<int> FeatureColumns { get; }

    /// <summary>The 0-based file columns that became the rows of <see cref="Targets"/>, in order.</summary>
    public IReadOnlyList<int> TargetColumns { get; }

    /// <summary>The names of the feature rows.</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>The names of the target rows.</summary>
    public IReadOnlyList<string> TargetNames { get; }

    /// <summary>Whether one target column held class labels; then <see cref="ClassNames"/> and <see cref="ClassIndices"/> are set.</summary>
    [MemberNotNullWhen(true, nameof(ClassNames), nameof(ClassIndices))]
    public bool IsCategorical => ClassIndices is not null;

    /// <summary>
    /// The class labels of the categorical target in order of first appearance in the file (class index i is
    /// <c>ClassNames[i]</c>), or <see langword="null"/> when no column is categorical. <see cref="WithSortedClassNames"/>
    /// renumbers them in scikit-learn's sorted order, <see cref="WithClassOrder"/> in any given order.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>
    /// The class index of each sample (one per column of <see cref="Features"/>), ready for cross-entropy or
    /// <see cref="OneHot.Encode"/>, or <see langword="null"/> when no column is categorical.
    /// </summary>
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "Passed as-is to APIs that take ReadOnlySpan<int> (cross-entropy, metrics, splits).")]
    public int[]? ClassIndices { get; }

    /// <summary>The names <c>c0</c>, <c>c1</c>, … of the columns of a file without a header.</summary>
    private sealed class GeneratedNames(int count) : ReadOnlyListBase<string>(count)
    {
        public override string this[int index] => string.Create(CultureInfo.InvariantCulture, $"c{CheckIndex(index)}");
    }

    /// <summary>The columns that are not targets, in file order: the i-th is i plus the number of targets at or before it.</summary>
    private sealed class OtherColumns : ReadOnlyListBase<int>
    {
        private readonly int[] _sortedTargets;

        public OtherColumns(int columnCount, int[] targetColumns)
            : base(columnCount - targetColumns.Length)
        {
            _sortedTargets = [.. targetColumns];
            Array.Sort(_sortedTargets);
        }

        public override int this[int index]
        {
            get
            {
                int column = CheckIndex(index);
                foreach (int target in _sortedTargets)
                {
                    if (target > column)
                    {
                        break;
                    }

                    column++;
                }

                return column;
            }
        }
    }

    /// <summary>The names of some columns.</summary>
    private sealed class NamesOf(IReadOnlyList<string> names, IReadOnlyList<int> columns) : ReadOnlyListBase<string>(columns.Count)
    {
        public override string this[int index] => names[columns[index]];
    }

    private abstract class ReadOnlyListBase<T>(int count) : IReadOnlyList<T>
    {
        public int Count => count;

        public abstract T this[int index] { get; }

        public IEnumerator<T> GetEnumerator()
        {
            for (int i = 0; i < count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        protected int CheckIndex(int index)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
            return index;
        }
    }
}
