using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using MathNet.Numerics.LinearAlgebra;

namespace TinyNets.Data;

/// <summary>
/// A table of samples read by <see cref="DelimitedFile"/>: the feature columns as a features × samples matrix and the
/// target columns as a targets × samples matrix (one sample per column, as the networks take them), with the column
/// names and, for a categorical target, the class names and each sample's class index.
/// </summary>
public sealed class LabeledData
{
    internal LabeledData(
        Matrix<double> features,
        Matrix<double> targets,
        string[] columnNames,
        int[] featureColumns,
        int[] targetColumns,
        string[]? classNames,
        int[]? classIndices)
    {
        Features = features;
        Targets = targets;
        ColumnNames = Array.AsReadOnly(columnNames);
        FeatureColumns = Array.AsReadOnly(featureColumns);
        TargetColumns = Array.AsReadOnly(targetColumns);
        FeatureNames = Array.AsReadOnly(Array.ConvertAll(featureColumns, c => columnNames[c]));
        TargetNames = Array.AsReadOnly(Array.ConvertAll(targetColumns, c => columnNames[c]));
        ClassNames = classNames is null ? null : Array.AsReadOnly(classNames);
        ClassIndices = classIndices;
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
    /// The class labels of the categorical target in order of first appearance (class index i is <c>ClassNames[i]</c>),
    /// or <see langword="null"/> when no column is categorical.
    /// </summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>
    /// The class index of each sample (one per column of <see cref="Features"/>), ready for cross-entropy or
    /// <see cref="OneHot.Encode"/>, or <see langword="null"/> when no column is categorical.
    /// </summary>
    [SuppressMessage("Performance", "CA1819:Properties should not return arrays", Justification = "Passed as-is to APIs that take ReadOnlySpan<int> (cross-entropy, metrics, splits).")]
    public int[]? ClassIndices { get; }
}
