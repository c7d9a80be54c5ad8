using System.Collections.Generic;

namespace TinyNets.Data;

/// <summary>
/// How <see cref="DelimitedFile"/> reads delimited text: the delimiter, whether the first line is a header, which columns
/// are targets, and whether one target column holds class labels. Column indices are 0-based, in file order.
/// </summary>
public sealed class DelimitedFileOptions
{
    /// <summary>The field delimiter; <see cref="FieldDelimiter.Comma"/> unless set.</summary>
    public FieldDelimiter Delimiter { get; init; } = FieldDelimiter.Comma;

    /// <summary>Whether the first non-blank line holds column names rather than data; <see langword="false"/> unless set.</summary>
    public bool HasHeader { get; init; }

    /// <summary>
    /// The 0-based indices of the target columns, in the order they become rows of <see cref="LabeledData.Targets"/>;
    /// every other column is a feature. <see langword="null"/> (the default) means the last column alone; an empty list
    /// means no targets (a 0 × samples target matrix), as for data to predict on.
    /// </summary>
    public IReadOnlyList<int>? TargetColumns { get; init; }

    /// <summary>
    /// The 0-based index of the one target column that holds class labels (text such as <c>Iris-setosa</c>, or numbers
    /// read as text) instead of numbers; it must be one of the target columns. <see langword="null"/> (the default) means
    /// every column is numeric.
    /// </summary>
    public int? CategoricalColumn { get; init; }
}
