using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using MathNet.Numerics.LinearAlgebra;
using nietras.SeparatedValues;

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
/// (inside quotes, as written); labels are compared ordinally (case-sensitive). Control characters other than tab
/// and the line ends, and U+FFFD (what bytes that are not UTF-8 decode to), are reported as text that is not
/// delimited text. Fields are parsed without a string per value, so memory stays within about twice the result.
/// <para>
/// Text with a one-character delimiter (comma, tab, semicolon, most of <see cref="FieldDelimiter.Of"/>) is split into
/// lines and fields by Sep; a line that holds a quote is split by TinyNets' own rules above (Sep's quoting differs),
/// and <see cref="FieldDelimiter.Whitespace"/> and delimiters Sep does not take (outside printable ASCII, or <c>#</c>)
/// are read by TinyNets' own reader, with the same results and messages. A line longer than Sep takes (16 M
/// characters) is read on by the own reader from any source, a reader over an unseekable stream included: the text Sep
/// has read since the start of that line is kept for it, so memory stays bounded by the line and Sep's buffer.
/// </para>
/// </remarks>
public static partial class DelimitedFile
{
    // Offending text longer than this is cut in messages, so that a wrong delimiter does not print a whole line.
    private const int MaxQuotedLength = 60;

    private static readonly DelimitedFileOptions DefaultOptions = new();

    // Characters that delimited text does not hold: controls other than tab and the line ends, and U+FFFD.
    private static readonly SearchValues<char> NotInText = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F\uFFFD");

    /// <summary>Reads a delimited text file (UTF-8, or the encoding its byte order mark names).</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="options">How to read it; <see langword="null"/> for the defaults (comma, no header, last column the target).</param>
    /// <returns>The data.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or the options do not fit the data (a target column beyond the last column, no feature column left).</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="DelimitedDataException">The text is not such data; the message gives the file, line and column.</exception>
    public static LabeledData Load(string path, DelimitedFileOptions? options = null) => Load(path, options, ownReaderOnly: false, out _);

    /// <summary>Reads delimited text from a reader, to its end.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="options">How to read it; <see langword="null"/> for the defaults (comma, no header, last column the target).</param>
    /// <returns>The data.</returns>
    /// <exception cref="ArgumentException">The options do not fit the data (a target column beyond the last column, no feature column left).</exception>
    /// <exception cref="DelimitedDataException">The text is not such data; the message gives the line and column.</exception>
    public static LabeledData Parse(TextReader reader, DelimitedFileOptions? options = null) => Parse(reader, options, ownReaderOnly: false, out _);

    /// <summary>Reads delimited text held in a string.</summary>
    /// <param name="text">The text.</param>
    /// <param name="options">How to read it; <see langword="null"/> for the defaults (comma, no header, last column the target).</param>
    /// <returns>The data.</returns>
    /// <exception cref="ArgumentException">The options do not fit the data (a target column beyond the last column, no feature column left).</exception>
    /// <exception cref="DelimitedDataException">The text is not such data; the message gives the line and column.</exception>
    public static LabeledData Parse(string text, DelimitedFileOptions? options = null) => Parse(text, options, ownReaderOnly: false, out _);

    /// <summary>As <see cref="Load(string, DelimitedFileOptions?)"/>, telling which reader split the text; <paramref name="ownReaderOnly"/> keeps Sep out (tests).</summary>
    internal static LabeledData Load(string path, DelimitedFileOptions? options, bool ownReaderOnly, out DelimitedTokenizer used)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return Read(reader, null, options ?? DefaultOptions, path, ownReaderOnly, out used);
    }

    /// <summary>As <see cref="Parse(TextReader, DelimitedFileOptions?)"/>, telling which reader split the text; <paramref name="ownReaderOnly"/> keeps Sep out (tests).</summary>
    internal static LabeledData Parse(TextReader reader, DelimitedFileOptions? options, bool ownReaderOnly, out DelimitedTokenizer used)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return Read(reader, null, options ?? DefaultOptions, source: null, ownReaderOnly, out used);
    }

    /// <summary>As <see cref="Parse(string, DelimitedFileOptions?)"/>, telling which reader split the text; <paramref name="ownReaderOnly"/> keeps Sep out (tests).</summary>
    internal static LabeledData Parse(string text, DelimitedFileOptions? options, bool ownReaderOnly, out DelimitedTokenizer used)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var reader = new StringReader(text);
        return Read(reader, text, options ?? DefaultOptions, source: null, ownReaderOnly, out used);
    }

    /// <summary>
    /// Reads the text: with Sep where it takes the delimiter (see <see cref="SepFor"/>), else with
    /// <see cref="DelimitedLineReader"/>; either way each line goes through the same <see cref="Rows"/>.
    /// </summary>
    /// <param name="reader">The text.</param>
    /// <param name="text">The same text when it is held in a string (read from there without a copy), else <see langword="null"/>.</param>
    /// <param name="options">How to read it.</param>
    /// <param name="source">The file name for messages, or <see langword="null"/>.</param>
    /// <param name="ownReaderOnly">Whether to keep Sep out.</param>
    /// <param name="used">Which reader split the text.</param>
    private static LabeledData Read(TextReader reader, string? text, DelimitedFileOptions options, string? source, bool ownReaderOnly, out DelimitedTokenizer used)
    {
        CheckOptions(options);
        var rows = new Rows(options, source);
        if (!ownReaderOnly && SepFor(options.Delimiter) is Sep sep)
        {
            RereadableText input = text is null ? RereadableText.Of(reader) : RereadableText.Of(text);
            used = ReadWithSep(input, sep, rows) ? DelimitedTokenizer.Sep : DelimitedTokenizer.SepThenOwn;
        }
        else
        {
            ReadLines(new DelimitedLineReader(reader, text?.Length), rows);
            used = DelimitedTokenizer.Own;
        }

        return rows.ToData();
    }

    /// <summary>Reads the rest of the lines with the own reader.</summary>
    private static void ReadLines(DelimitedLineReader lines, Rows rows)
    {
        while (lines.TryReadLine(rows.Source, out ReadOnlySpan<char> line))
        {
            rows.AddLine(line, lines.LineNumber);
        }

        rows.LineCount = lines.LineNumber;
    }

    /// <summary>
    /// The samples read so far, and what the first lines fixed (header, columns, class labels): lines are handed in one
    /// by one, whichever reader split them, so every rule and message is the same for both.
    /// </summary>
    private sealed partial class Rows(DelimitedFileOptions options, string? source)
    {
        private readonly FieldDelimiter _delimiter = options.Delimiter;
        private readonly List<string> _classNames = [];
        private readonly Dictionary<string, int> _classByName = new(StringComparer.Ordinal);
        private readonly List<int> _classIndices = [];
        private string[]? _headerNames;
        private ColumnRoles? _roles;
        private SampleBuffer? _featureValues, _targetValues;
        private int _firstLine, _blankLine, _samples;

        /// <summary>The file name for messages, or <see langword="null"/>.</summary>
        public string? Source => source;

        /// <summary>The number of lines of the text, set once it is read to its end.</summary>
        public int LineCount { get; set; }

        /// <summary>Adds a line: the header, a sample, or a blank line; throws for anything else.</summary>
        public void AddLine(ReadOnlySpan<char> line, int lineNumber)
        {
            if (lineNumber == 1 && line.Length > 0 && line[0] == '\uFEFF')
            {
                line = line[1..];
            }

            CheckIsText(line, source, lineNumber);
            if (line.IsWhiteSpace())
            {
                _blankLine = _blankLine == 0 ? lineNumber : _blankLine;
                return;
            }

            if (_blankLine != 0)
            {
                throw new DelimitedDataException(source, _blankLine, null, null,
                    string.Create(CultureInfo.InvariantCulture, $"the line is blank, but data follows on line {lineNumber}; only blank lines at the end are ignored."));
            }

            // A first pass counts the fields (and checks the quotes), so that a row of the wrong length is reported as
            // such before any of its values; the second pass parses each field straight into the sample's storage.
            int fieldCount = CountFields(line, _delimiter, source, lineNumber);
            if (_roles is null)
            {
                _firstLine = lineNumber;
                _roles = ColumnRoles.Resolve(options, fieldCount, _firstLine);
                _featureValues = new SampleBuffer(_roles.FeatureCount);
                _targetValues = new SampleBuffer(_roles.TargetColumns.Length);
                if (options.HasHeader)
                {
                    _headerNames = new string[fieldCount];
                    var names = new FieldSplitter(line, _delimiter, source, lineNumber);
                    for (int c = 0; names.MoveNext(); c++)
                    {
                        _headerNames[c] = Label(line, names.Current);
                    }

                    return;
                }
            }

            ColumnRoles roles = _roles;
            if (fieldCount != roles.ColumnCount)
            {
                int column = Math.Min(fieldCount, roles.ColumnCount) + 1;
                string? extra = fieldCount > roles.ColumnCount ? Text(line, FieldAt(line, _delimiter, roles.ColumnCount)) : null;
                throw new DelimitedDataException(source, lineNumber, column, extra,
                    string.Create(CultureInfo.InvariantCulture,
                        $"{fieldCount} fields separated by {_delimiter} were found, {roles.ColumnCount} were expected (as on line {_firstLine})") +
                    (extra is null ? "." : $"; the first extra field is {Quote(extra)}."));
            }

            CheckRoom(lineNumber);
            Span<double> features = _featureValues!.Append();
            Span<double> targets = _targetValues!.Append();
            var fields = new FieldSplitter(line, _delimiter, source, lineNumber);
            int feature = 0, nextTarget = 0;
            for (int c = 0; fields.MoveNext(); c++)
            {
                // Targets sorted by column are met in file order; every other column is the next feature.
                bool isTarget = nextTarget < roles.SortedTargets.Length && roles.SortedTargets[nextTarget].Column == c;
                Field field = fields.Current;
                double value = c == options.CategoricalColumn
                    ? ClassIndex(Label(line, field), c, lineNumber)
                    : ParseNumber(field.Escaped ? Text(line, field).AsSpan() : line.Slice(field.Start, field.Length), c, isTarget, lineNumber);
                if (isTarget)
                {
                    targets[roles.SortedTargets[nextTarget++].Row] = value;
                }
                else
                {
                    features[feature++] = value;
                }
            }

            _samples++;
        }

        /// <summary>The data read.</summary>
        public LabeledData ToData()
        {
            if (_samples == 0)
            {
                string problem = _roles is null
                    ? "the text is empty (no header and no data lines)."
                    : "there is a header but no data lines.";
                throw new DelimitedDataException(source, Math.Max(LineCount, 1), null, null, problem);
            }

            ColumnRoles final = _roles!;
            // The values of one sample were appended together, so each buffer already is the column-major storage of a
            // rows × samples matrix (one sample per column).
            Matrix<double> featureMatrix = Matrix<double>.Build.Dense(final.FeatureCount, _samples, _featureValues!.ToArray());
            Matrix<double> targetMatrix = Matrix<double>.Build.Dense(final.TargetColumns.Length, _samples, _targetValues!.ToArray());
            bool categorical = options.CategoricalColumn is not null;
            return new LabeledData(
                featureMatrix, targetMatrix, _headerNames, final.ColumnCount, final.TargetColumns,
                categorical ? _classNames.ToArray() : null,
                categorical ? _classIndices.ToArray() : null,
                categorical ? Array.IndexOf(final.TargetColumns, options.CategoricalColumn!.Value) : -1);
        }

        private void CheckRoom(int lineNumber)
        {
            if ((_samples + 1L) * _roles!.ColumnCount > Array.MaxLength)
            {
                throw new DelimitedDataException(source, lineNumber, null, null,
                    string.Create(CultureInfo.InvariantCulture,
                        $"the data holds more values than one matrix can ({_samples + 1} samples of {_roles.ColumnCount} columns; at most {Array.MaxLength} values)."));
            }
        }

        private int ClassIndex(string label, int c, int lineNumber)
        {
            if (label.Length == 0)
            {
                throw new DelimitedDataException(source, lineNumber, c + 1, label,
                    $"the field is empty; a class label for column {Quote(ColumnName(_headerNames, c))} was expected.");
            }

            if (!_classByName.TryGetValue(label, out int cls))
            {
                cls = _classNames.Count;
                _classByName.Add(label, cls);
                _classNames.Add(label);
            }

            _classIndices.Add(cls);
            return cls;
        }

        private double ParseNumber(ReadOnlySpan<char> span, int c, bool isTarget, int lineNumber)
        {
            if (double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
            {
                return value;
            }

            throw NotANumber(span, value, c, isTarget, lineNumber);
        }

        private DelimitedDataException NotANumber(ReadOnlySpan<char> span, double value, int c, bool isTarget, int lineNumber)
        {
            string name = ColumnName(_headerNames, c);
            if (span.IsWhiteSpace())
            {
                // Whitespace other than spaces (a no-break space) is shown, so that the field does not look truly empty.
                string blank = span.ToString();
                string shown = blank.AsSpan().ContainsAnyExcept(' ') ? $" (it holds only the whitespace {Quote(blank)})" : string.Empty;
                return new DelimitedDataException(source, lineNumber, c + 1, blank,
                    $"the field is empty{shown}; a number for column {Quote(name)} was expected (missing values are not supported).");
            }

            string text = span.ToString();
            bool parsed = double.IsNaN(value) || double.IsInfinity(value);
            string problem;
            if (parsed)
            {
                problem = $"{Quote(text)} is not a finite number; column {Quote(name)} must hold finite numbers.";
            }
            else if (DecimalCommaReading(span) is string withPoint)
            {
                // A comma between digits, as written where the comma is the decimal separator: hint at that, not at a header.
                problem = $"{Quote(text)} is not a number; it looks like a number with a decimal comma, but numbers are read in invariant culture, " +
                    $"with a point as the decimal separator ({withPoint}). Write the file's numbers with a point, for example by saving it with an English or invariant locale.";
            }
            else
            {
                problem = $"{Quote(text)} is not a number; column {Quote(name)} must hold numbers in invariant culture (such as 1.5 or -2e-3).";
                // The hints suit text that is not a number at all; NaN and infinities are numbers that are refused.
                if (isTarget)
                {
                    problem += string.Create(CultureInfo.InvariantCulture,
                        $" If this target column holds class labels, set {nameof(DelimitedFileOptions)}.{nameof(DelimitedFileOptions.CategoricalColumn)} = {c}.");
                }
                else if (lineNumber == _firstLine && !options.HasHeader)
                {
                    problem += $" If the first line holds column names, set {nameof(DelimitedFileOptions)}.{nameof(DelimitedFileOptions.HasHeader)}.";
                }
            }

            return new DelimitedDataException(source, lineNumber, c + 1, text, problem);
        }
    }

    private static string ColumnName(string[]? headerNames, int c) =>
        headerNames is null ? string.Create(CultureInfo.InvariantCulture, $"c{c}") : headerNames[c];

    /// <summary>
    /// The text with its one comma turned into a point, when that comma stands between digits and the result is a
    /// finite number (<c>1,5</c> → <c>1.5</c>, <c>1.234,5</c> → <c>1234.5</c>); otherwise <see langword="null"/>.
    /// </summary>
    private static string? DecimalCommaReading(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        int comma = text.IndexOf(',');
        if (comma <= 0 || comma == text.Length - 1 || text[(comma + 1)..].Contains(',') ||
            !char.IsAsciiDigit(text[comma - 1]) || !char.IsAsciiDigit(text[comma + 1]) || text[(comma + 1)..].Contains('.'))
        {
            return null;
        }

        // Points before the comma are thousands separators there.
        string candidate = string.Concat(text[..comma].ToString().Replace(".", string.Empty, StringComparison.Ordinal), ".", text[(comma + 1)..]);
        return double.TryParse(candidate, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? candidate
            : null;
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

    /// <summary>The number of fields of a line; throws for a bad quote, as reading the fields would.</summary>
    private static int CountFields(ReadOnlySpan<char> line, FieldDelimiter delimiter, string? source, int lineNumber)
    {
        var fields = new FieldSplitter(line, delimiter, source, lineNumber);
        int count = 0;
        while (fields.MoveNext())
        {
            count++;
        }

        return count;
    }

    /// <summary>The field with the given 0-based index of a line known to have more fields.</summary>
    private static Field FieldAt(ReadOnlySpan<char> line, FieldDelimiter delimiter, int index)
    {
        var fields = new FieldSplitter(line, delimiter, null, 0);
        for (int i = 0; i <= index; i++)
        {
            fields.MoveNext();
        }

        return fields.Current;
    }

    /// <summary>
    /// Reports text that is not delimited text at all (a binary file, or text in an encoding that was not recognised)
    /// by its first character that such a file does not hold: a control character other than tab and the line ends,
    /// or U+FFFD, which stands for bytes that were not valid UTF-8.
    /// </summary>
    private static void CheckIsText(ReadOnlySpan<char> line, string? source, int lineNumber)
    {
        int at = line.IndexOfAny(NotInText);
        if (at < 0)
        {
            return;
        }

        char ch = line[at];
        string what = ch == '\uFFFD'
            ? "U+FFFD, the replacement character that stands for bytes that are not valid UTF-8"
            : string.Create(CultureInfo.InvariantCulture, $"U+{(int)ch:X4}, a control character{(ch == '\0' ? " (NUL)" : string.Empty)}");
        throw new DelimitedDataException(source, lineNumber, null, null,
            string.Create(CultureInfo.InvariantCulture,
                $"the text does not look like delimited text: character {at + 1} of the line is {what}. Is this a binary file, or text in an encoding other than UTF-8 (such as Latin-1, or UTF-16 without a byte order mark)?"));
    }

    private static bool IsBlank(char c) => c is ' ' or '\t';

    private static string Text(ReadOnlySpan<char> line, Field field)
    {
        string text = line.Slice(field.Start, field.Length).ToString();
        return field.Escaped ? text.Replace("\"\"", "\"", StringComparison.Ordinal) : text;
    }

    /// <summary>A header name or class label: trimmed, unless it was quoted (then exactly as written inside the quotes).</summary>
    private static string Label(ReadOnlySpan<char> line, Field field) => field.Quoted ? Text(line, field) : Text(line, field).Trim();

    /// <summary>
    /// Text for a message: in double quotes, cut after <see cref="MaxQuotedLength"/> characters, with characters that
    /// would not show or would show as a plain space (controls, no-break and other spaces, zero-width and direction
    /// marks, lone surrogates) written as escapes such as <c>\u00A0</c>, and a backslash as <c>\\</c>.
    /// </summary>
    private static string Quote(string text)
    {
        int shown = Math.Min(text.Length, MaxQuotedLength);
        if (shown < text.Length && char.IsHighSurrogate(text[shown - 1]))
        {
            shown--;
        }

        var quoted = new StringBuilder(shown + 16);
        quoted.Append('"');
        for (int i = 0; i < shown; i++)
        {
            char ch = text[i];
            if (char.IsSurrogatePair(text, i))
            {
                quoted.Append(ch).Append(text[++i]);
            }
            else if (ch == '\\')
            {
                quoted.Append(@"\\");
            }
            else if (ch == '\t')
            {
                quoted.Append(@"\t");
            }
            else if (IsInvisible(ch))
            {
                quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)ch:X4}");
            }
            else
            {
                quoted.Append(ch);
            }
        }

        quoted.Append(shown < text.Length ? "…\"" : "\"");
        if (shown < text.Length)
        {
            quoted.Append(CultureInfo.InvariantCulture, $" ({text.Length} characters)");
        }

        return quoted.ToString();
    }

    private static bool IsInvisible(char ch) => ch != ' ' && char.GetUnicodeCategory(ch) is
        UnicodeCategory.Control or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or
        UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse ||
        ch == '\uFFFD';

    /// <summary>A field's position in its line (inside the quotes of a quoted field); <see cref="Escaped"/> when it holds doubled quotes.</summary>
    private readonly record struct Field(int Start, int Length, bool Quoted, bool Escaped);

    /// <summary>
    /// Walks the fields of one line (positions into the line; quoted fields point inside their quotes) without storing
    /// them; a bad quote throws when it is reached, naming its field.
    /// </summary>
    private ref struct FieldSplitter
    {
        private readonly ReadOnlySpan<char> _line;
        private readonly FieldDelimiter _delimiter;
        private readonly string? _source;
        private readonly int _lineNumber;
        private int _pos;
        private int _count;
        private bool _done;

        public FieldSplitter(ReadOnlySpan<char> line, FieldDelimiter delimiter, string? source, int lineNumber)
        {
            _line = line;
            _delimiter = delimiter;
            _source = source;
            _lineNumber = lineNumber;
        }

        public Field Current { get; private set; }

        public bool MoveNext()
        {
            if (_done)
            {
                return false;
            }

            Current = _delimiter.Character is char d ? NextDelimited(d) : NextSeparatedByBlanks();
            if (_done && Current.Start < 0)
            {
                return false;
            }

            _count++;
            return true;
        }

        private Field NextSeparatedByBlanks()
        {
            ReadOnlySpan<char> line = _line;
            int n = line.Length;
            while (_pos < n && IsBlank(line[_pos]))
            {
                _pos++;
            }

            if (_pos >= n)
            {
                _done = true;
                return new Field(-1, 0, false, false);
            }

            if (line[_pos] == '"')
            {
                Field quoted = ReadQuoted(_pos);
                if (_pos < n && !IsBlank(line[_pos]))
                {
                    throw TextAfterQuote();
                }

                return quoted;
            }

            int start = _pos;
            int end = line[start..].IndexOfAny(' ', '\t');
            _pos = end < 0 ? n : start + end;
            return new Field(start, _pos - start, false, false);
        }

        private Field NextDelimited(char d)
        {
            ReadOnlySpan<char> line = _line;
            int n = line.Length;

            // Spaces may stand before an opening quote (as in "1, \"a\""), unless the space is the delimiter itself.
            int q = _pos;
            while (d != ' ' && q < n && line[q] == ' ')
            {
                q++;
            }

            if (q < n && line[q] == '"')
            {
                Field quoted = ReadQuoted(q);
                while (d != ' ' && _pos < n && line[_pos] == ' ')
                {
                    _pos++;
                }

                if (_pos >= n)
                {
                    _done = true;
                }
                else if (line[_pos] != d)
                {
                    throw TextAfterQuote();
                }
                else
                {
                    // After a delimiter at the very end, the next call finds the empty last field.
                    _pos++;
                }

                return quoted;
            }

            int end = line[_pos..].IndexOf(d);
            if (end < 0)
            {
                _done = true;
                return new Field(_pos, n - _pos, false, false);
            }

            var field = new Field(_pos, end, false, false);
            _pos += end + 1;
            return field;
        }

        /// <summary>Reads a quoted field whose opening quote is at <paramref name="open"/>, and moves past its closing quote.</summary>
        private Field ReadQuoted(int open)
        {
            ReadOnlySpan<char> line = _line;
            bool escaped = false;
            int i = open + 1;
            while (true)
            {
                int quote = line[i..].IndexOf('"');
                if (quote < 0)
                {
                    string text = line[open..].ToString();
                    throw new DelimitedDataException(_source, _lineNumber, _count + 1, text,
                        $"the field opens a quote that is not closed on this line (a quoted field must end on its line): {Quote(text)}.");
                }

                i += quote;
                if (i + 1 < line.Length && line[i + 1] == '"')
                {
                    escaped = true;
                    i += 2;
                    continue;
                }

                _pos = i + 1;
                return new Field(open + 1, i - open - 1, true, escaped);
            }
        }

        private readonly DelimitedDataException TextAfterQuote()
        {
            string text = _line[_pos..].ToString();
            return new DelimitedDataException(_source, _lineNumber, _count + 1, text,
                $"{Quote(text)} follows the closing quote of the field; the {_delimiter} delimiter or the end of the line was expected.");
        }
    }

    /// <summary>Which columns are features and which are targets, fixed once the number of columns is known.</summary>
    private sealed class ColumnRoles
    {
        private ColumnRoles(int columnCount, int[] targetColumns)
        {
            ColumnCount = columnCount;
            FeatureCount = columnCount - targetColumns.Length;
            TargetColumns = targetColumns;
            SortedTargets = new (int Column, int Row)[targetColumns.Length];
            for (int row = 0; row < targetColumns.Length; row++)
            {
                SortedTargets[row] = (targetColumns[row], row);
            }

            Array.Sort(SortedTargets);
        }

        public int ColumnCount { get; }

        /// <summary>The number of feature columns: every column that is not a target, in file order.</summary>
        public int FeatureCount { get; }

        public int[] TargetColumns { get; }

        /// <summary>The target columns in file order, each with its row of the target matrix.</summary>
        public (int Column, int Row)[] SortedTargets { get; }

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

            // The targets are distinct columns of the data (checked above and in CheckOptions), so the rest are features.
            if (columnCount - targets.Length == 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"At least one feature column is needed, but every column of the data is a target ({columnCount} counted on line {line}; options.{nameof(DelimitedFileOptions.TargetColumns)} is {(options.TargetColumns is null ? "unset, meaning the last column" : "[" + string.Join(", ", targets) + "]")})."),
                    nameof(options));
            }

            return new ColumnRoles(columnCount, targets);
        }
    }
}
