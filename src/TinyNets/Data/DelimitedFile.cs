using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using MathNet.Numerics.LinearAlgebra;

namespace TinyNets.Data;

/// <summary>
/// Reads numeric delimited text (CSV, TSV, semicolon- or whitespace-separated) into <see cref="LabeledData"/>: one
/// sample per line, every line with the same number of fields, numbers in invariant culture (<c>1.5</c>, <c>-2e-3</c>).
/// LF, CRLF and CR line ends are all accepted; blank lines at the end are ignored, a blank line between data lines is an
/// error. A field may be enclosed in double quotes (<c>"a, b"</c>, with <c>""</c> for a quote inside), on one line.
/// </summary>
/// <remarks>
/// Only finite numbers are accepted: <c>NaN</c>, <c>Infinity</c>, an empty field or a number too large for a double is
/// reported, not read as a missing value. Header names and class labels are read trimmed of surrounding whitespace
/// (inside quotes, as written); labels are compared ordinally (case-sensitive).
/// </remarks>
public static class DelimitedFile
{
    // Offending text longer than this is cut in messages, so that a wrong delimiter does not print a whole line.
    private const int MaxQuotedLength = 60;

    private static readonly DelimitedFileOptions DefaultOptions = new();

    /// <summary>Reads a delimited text file (UTF-8, or the encoding its byte order mark names).</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="options">How to read it; <see langword="null"/> for the defaults (comma, no header, last column the target).</param>
    /// <returns>The data.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or the options do not fit the data (a target column beyond the last column, no feature column left).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DelimitedDataException">The text is not such data; the message gives the file, line and column.</exception>
    public static LabeledData Load(string path, DelimitedFileOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, options ?? DefaultOptions, path);
    }

    /// <summary>Reads delimited text from a reader, to its end.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="options">How to read it; <see langword="null"/> for the defaults (comma, no header, last column the target).</param>
    /// <returns>The data.</returns>
    /// <exception cref="ArgumentException">The options do not fit the data (a target column beyond the last column, no feature column left).</exception>
    /// <exception cref="DelimitedDataException">The text is not such data; the message gives the line and column.</exception>
    public static LabeledData Parse(TextReader reader, DelimitedFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Read(reader, options ?? DefaultOptions, source: null);
    }

    /// <summary>Reads delimited text held in a string.</summary>
    /// <param name="text">The text.</param>
    /// <param name="options">How to read it; <see langword="null"/> for the defaults (comma, no header, last column the target).</param>
    /// <returns>The data.</returns>
    /// <exception cref="ArgumentException">The options do not fit the data (a target column beyond the last column, no feature column left).</exception>
    /// <exception cref="DelimitedDataException">The text is not such data; the message gives the line and column.</exception>
    public static LabeledData Parse(string text, DelimitedFileOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Read(reader, options ?? DefaultOptions, source: null);
    }

    private static LabeledData Read(TextReader reader, DelimitedFileOptions options, string? source)
    {
        CheckOptions(options);
        FieldDelimiter delimiter = options.Delimiter;
        var fields = new List<Field>();
        string[]? columnNames = null;
        ColumnRoles? roles = null;
        var featureValues = new List<double>();
        var targetValues = new List<double>();
        var classNames = new List<string>();
        var classByName = new Dictionary<string, int>(StringComparer.Ordinal);
        var classIndices = new List<int>();
        int lineNumber = 0, firstLine = 0, blankLine = 0, samples = 0;

        while (reader.ReadLine() is string line)
        {
            lineNumber++;
            if (lineNumber == 1 && line.Length > 0 && line[0] == '\uFEFF')
            {
                line = line[1..];
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                blankLine = blankLine == 0 ? lineNumber : blankLine;
                continue;
            }

            if (blankLine != 0)
            {
                throw new DelimitedDataException(source, blankLine, null, null,
                    string.Create(CultureInfo.InvariantCulture, $"the line is blank, but data follows on line {lineNumber}; only blank lines at the end are ignored."));
            }

            Split(line, delimiter, fields, source, lineNumber);
            if (columnNames is null)
            {
                firstLine = lineNumber;
                roles = ColumnRoles.Resolve(options, fields.Count, firstLine);
                columnNames = new string[fields.Count];
                for (int c = 0; c < columnNames.Length; c++)
                {
                    columnNames[c] = options.HasHeader
                        ? Label(line, fields[c])
                        : string.Create(CultureInfo.InvariantCulture, $"c{c}");
                }

                if (options.HasHeader)
                {
                    continue;
                }
            }

            if (fields.Count != columnNames.Length)
            {
                int column = Math.Min(fields.Count, columnNames.Length) + 1;
                string? extra = fields.Count > columnNames.Length ? Text(line, fields[columnNames.Length]) : null;
                throw new DelimitedDataException(source, lineNumber, column, extra,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{fields.Count} fields separated by {delimiter} were found, {columnNames.Length} were expected (as on line {firstLine})") +
                    (extra is null ? "." : $"; the first extra field is {Quote(extra)}."));
            }

            ColumnRoles r = roles!;
            for (int c = 0; c < fields.Count; c++)
            {
                if (c == options.CategoricalColumn)
                {
                    string label = Label(line, fields[c]);
                    if (label.Length == 0)
                    {
                        throw new DelimitedDataException(source, lineNumber, c + 1, label,
                            $"the field is empty; a class label for column {Quote(columnNames[c])} was expected.");
                    }

                    if (!classByName.TryGetValue(label, out int cls))
                    {
                        cls = classNames.Count;
                        classByName.Add(label, cls);
                        classNames.Add(label);
                    }

                    classIndices.Add(cls);
                    r.Row[c] = cls;
                }
                else
                {
                    r.Row[c] = ParseNumber(line, fields[c], c, columnNames[c], r, options, source, lineNumber, firstLine);
                }
            }

            foreach (int c in r.FeatureColumns)
            {
                featureValues.Add(r.Row[c]);
            }

            foreach (int c in r.TargetColumns)
            {
                targetValues.Add(r.Row[c]);
            }

            samples++;
        }

        if (samples == 0)
        {
            string problem = columnNames is null
                ? "the text is empty (no header and no data lines)."
                : "there is a header but no data lines.";
            throw new DelimitedDataException(source, Math.Max(lineNumber, 1), null, null, problem);
        }

        ColumnRoles final = roles!;
        // The values of one sample were appended together, so each list already is the column-major storage of a
        // rows × samples matrix (one sample per column).
        Matrix<double> features = Matrix<double>.Build.Dense(final.FeatureColumns.Length, samples, featureValues.ToArray());
        Matrix<double> targets = Matrix<double>.Build.Dense(final.TargetColumns.Length, samples, targetValues.ToArray());
        bool categorical = options.CategoricalColumn is not null;
        return new LabeledData(
            features, targets, columnNames!, final.FeatureColumns, final.TargetColumns,
            categorical ? classNames.ToArray() : null,
            categorical ? classIndices.ToArray() : null);
    }

    private static double ParseNumber(
        string line, Field field, int c, string name, ColumnRoles roles, DelimitedFileOptions options, string? source, int lineNumber, int firstLine)
    {
        ReadOnlySpan<char> span = field.Escaped ? Text(line, field).AsSpan() : line.AsSpan(field.Start, field.Length);
        if (span.IsWhiteSpace())
        {
            throw new DelimitedDataException(source, lineNumber, c + 1, span.ToString(),
                $"the field is empty; a number for column {Quote(name)} was expected (missing values are not supported).");
        }

        if (double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
        {
            return value;
        }

        string text = span.ToString();
        bool parsed = double.IsNaN(value) || double.IsInfinity(value);
        string problem = parsed
            ? $"{Quote(text)} is not a finite number; column {Quote(name)} must hold finite numbers."
            : $"{Quote(text)} is not a number; column {Quote(name)} must hold numbers in invariant culture (such as 1.5 or -2e-3).";
        // The hints suit text that is not a number at all; NaN and infinities are numbers that are refused.
        if (!parsed && Array.IndexOf(roles.TargetColumns, c) >= 0)
        {
            problem += string.Create(CultureInfo.InvariantCulture,
                $" If this target column holds class labels, set {nameof(DelimitedFileOptions)}.{nameof(DelimitedFileOptions.CategoricalColumn)} = {c}.");
        }
        else if (!parsed && lineNumber == firstLine && !options.HasHeader)
        {
            problem += $" If the first line holds column names, set {nameof(DelimitedFileOptions)}.{nameof(DelimitedFileOptions.HasHeader)}.";
        }

        throw new DelimitedDataException(source, lineNumber, c + 1, text, problem);
    }

    private static void CheckOptions(DelimitedFileOptions options)
    {
        if (options.Delimiter is null)
        {
            throw new ArgumentException($"options.{nameof(DelimitedFileOptions.Delimiter)} must be set; null was given.", nameof(options));
        }

        if (options.TargetColumns is IReadOnlyList<int> targets)
        {
            var seen = new HashSet<int>();
            foreach (int c in targets)
            {
                if (c < 0)
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"options.{nameof(DelimitedFileOptions.TargetColumns)} must hold 0-based column indices (≥ 0); {c} was given."),
                        nameof(options));
                }

                if (!seen.Add(c))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture, $"options.{nameof(DelimitedFileOptions.TargetColumns)} must list each column once; column {c} is listed twice."),
                        nameof(options));
                }
            }
        }

        if (options.CategoricalColumn is int cat)
        {
            if (cat < 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"options.{nameof(DelimitedFileOptions.CategoricalColumn)} must be a 0-based column index (≥ 0); {cat} was given."),
                    nameof(options));
            }

            if (options.TargetColumns is IReadOnlyList<int> list && !Contains(list, cat))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"options.{nameof(DelimitedFileOptions.CategoricalColumn)} must be one of the target columns ({string.Join(", ", list)}); {cat} was given."),
                    nameof(options));
            }
        }
    }

    private static bool Contains(IReadOnlyList<int> list, int value)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Splits one line into fields (positions into the line; quoted fields point inside their quotes).</summary>
    private static void Split(string line, FieldDelimiter delimiter, List<Field> fields, string? source, int lineNumber)
    {
        fields.Clear();
        int n = line.Length;
        int pos = 0;
        if (delimiter.Character is not char d)
        {
            while (true)
            {
                while (pos < n && IsBlank(line[pos]))
                {
                    pos++;
                }

                if (pos >= n)
                {
                    return;
                }

                if (line[pos] == '"')
                {
                    pos = ReadQuoted(line, pos, fields, source, lineNumber);
                    if (pos < n && !IsBlank(line[pos]))
                    {
                        throw TextAfterQuote(line, pos, fields.Count, source, lineNumber, delimiter);
                    }
                }
                else
                {
                    int start = pos;
                    while (pos < n && !IsBlank(line[pos]))
                    {
                        pos++;
                    }

                    fields.Add(new Field(start, pos - start, false, false));
                }
            }
        }

        while (true)
        {
            // Spaces may stand before an opening quote (as in "1, \"a\""), unless the space is the delimiter itself.
            int q = pos;
            while (d != ' ' && q < n && line[q] == ' ')
            {
                q++;
            }

            if (q < n && line[q] == '"')
            {
                pos = ReadQuoted(line, q, fields, source, lineNumber);
                while (d != ' ' && pos < n && line[pos] == ' ')
                {
                    pos++;
                }

                if (pos >= n)
                {
                    return;
                }

                if (line[pos] != d)
                {
                    throw TextAfterQuote(line, pos, fields.Count, source, lineNumber, delimiter);
                }

                pos++;
                if (pos == n)
                {
                    fields.Add(new Field(n, 0, false, false));
                    return;
                }

                continue;
            }

            int end = line.IndexOf(d, pos);
            if (end < 0)
            {
                fields.Add(new Field(pos, n - pos, false, false));
                return;
            }

            fields.Add(new Field(pos, end - pos, false, false));
            pos = end + 1;
        }
    }

    /// <summary>Reads a quoted field whose opening quote is at <paramref name="open"/>; returns the position after its closing quote.</summary>
    private static int ReadQuoted(string line, int open, List<Field> fields, string? source, int lineNumber)
    {
        bool escaped = false;
        int i = open + 1;
        while (true)
        {
            if (i >= line.Length)
            {
                string text = line[open..];
                throw new DelimitedDataException(source, lineNumber, fields.Count + 1, text,
                    $"the field opens a quote that is not closed on this line (a quoted field must end on its line): {Quote(text)}.");
            }

            if (line[i] == '"')
            {
                if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    escaped = true;
                    i += 2;
                    continue;
                }

                fields.Add(new Field(open + 1, i - open - 1, true, escaped));
                return i + 1;
            }

            i++;
        }
    }

    private static DelimitedDataException TextAfterQuote(string line, int pos, int fieldCount, string? source, int lineNumber, FieldDelimiter delimiter)
    {
        string text = line[pos..];
        return new DelimitedDataException(source, lineNumber, fieldCount, text,
            $"{Quote(text)} follows the closing quote of the field; the {delimiter} delimiter or the end of the line was expected.");
    }

    private static bool IsBlank(char c) => c is ' ' or '\t';

    private static string Text(string line, Field field)
    {
        string text = line.Substring(field.Start, field.Length);
        return field.Escaped ? text.Replace("\"\"", "\"", StringComparison.Ordinal) : text;
    }

    /// <summary>A header name or class label: trimmed, unless it was quoted (then exactly as written inside the quotes).</summary>
    private static string Label(string line, Field field) => field.Quoted ? Text(line, field) : Text(line, field).Trim();

    private static string Quote(string text) =>
        text.Length <= MaxQuotedLength ? $"\"{text}\"" : $"\"{text[..MaxQuotedLength]}…\" ({text.Length.ToString(CultureInfo.InvariantCulture)} characters)";

    /// <summary>A field's position in its line (inside the quotes of a quoted field); <see cref="Escaped"/> when it holds doubled quotes.</summary>
    private readonly record struct Field(int Start, int Length, bool Quoted, bool Escaped);

    /// <summary>Which columns are features and which are targets, fixed once the number of columns is known.</summary>
    private sealed class ColumnRoles
    {
        private ColumnRoles(int[] featureColumns, int[] targetColumns, int columnCount)
        {
            FeatureColumns = featureColumns;
            TargetColumns = targetColumns;
            Row = new double[columnCount];
        }

        public int[] FeatureColumns { get; }

        public int[] TargetColumns { get; }

        /// <summary>The values of the current line, by column.</summary>
        public double[] Row { get; }

        public static ColumnRoles Resolve(DelimitedFileOptions options, int columnCount, int line)
        {
            int[] targets = options.TargetColumns is IReadOnlyList<int> list ? [.. list] : [columnCount - 1];
            foreach (int c in targets)
            {
                if (c >= columnCount)
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture,
                            $"options.{nameof(DelimitedFileOptions.TargetColumns)} names column {c}, but the data has {columnCount} columns (0 to {columnCount - 1}, counted on line {line})."),
                        nameof(options));
                }
            }

            if (options.CategoricalColumn is int cat && Array.IndexOf(targets, cat) < 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"options.{nameof(DelimitedFileOptions.CategoricalColumn)} must be one of the target columns ({string.Join(", ", targets)}); {cat} was given (the data has {columnCount} columns)."),
                    nameof(options));
            }

            var features = new List<int>(columnCount);
            for (int c = 0; c < columnCount; c++)
            {
                if (Array.IndexOf(targets, c) < 0)
                {
                    features.Add(c);
                }
            }

            if (features.Count == 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"At least one feature column is needed, but every column of the data is a target ({columnCount} counted on line {line}; options.{nameof(DelimitedFileOptions.TargetColumns)} is {(options.TargetColumns is null ? "unset, meaning the last column" : "[" + string.Join(", ", targets) + "]")})."),
                    nameof(options));
            }

            return new ColumnRoles([.. features], targets, columnCount);
        }
    }
}
