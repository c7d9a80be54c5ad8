using System;
using System.Buffers;
using nietras.SeparatedValues;

namespace TinyNets.Data;

/// <summary>Which reader split a delimited text into lines and fields.</summary>
internal enum DelimitedTokenizer
{
    /// <summary>The own reader (<see cref="DelimitedLineReader"/>) alone: the whitespace delimiter, or Sep kept out.</summary>
    Own,

    /// <summary>Sep alone.</summary>
    Sep,

    /// <summary>Sep up to a line longer than Sep takes, the own reader from that line on.</summary>
    SepThenOwn,
}

public static partial class DelimitedFile
{
    // Lines that hold any of these go through the own field splitter: quotes (whose rules Sep does not share), and the
    // characters that are reported as not text.
    private static readonly SearchValues<char> NotInTextOrQuote = SearchValues.Create(
        "\"\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000B\u000C\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F\uFFFD");

    /// <summary>
    /// Sep for a delimiter of one character that Sep takes as a separator (tab, and the printable ASCII characters but
    /// <c>"</c> and <c>#</c>); <see langword="null"/> for <see cref="FieldDelimiter.Whitespace"/> and other characters,
    /// which the own reader splits. (Sep also takes U+001F, a control character that no line of delimited text may hold.)
    /// </summary>
    internal static Sep? SepFor(FieldDelimiter delimiter) =>
        delimiter.Character is char c && (c == '\t' || (c >= ' ' && c <= '~' && c != '"' && c != '#')) ? new Sep(c) : null;

    /// <summary>
    /// Reads the text with Sep, which splits it into lines (LF, CRLF and CR ends, as the own reader) and the lines into
    /// fields at each delimiter. Quotes are not parsed by Sep: a line that holds one (or a character that is not text) is
    /// handed to <see cref="Rows.AddLine"/> as a whole and split there, so that quoting keeps its rules (on one line,
    /// spaces before the opening quote, nothing after the closing one) and every message stays the same. The own reader
    /// goes on from a line, over the text that <paramref name="text"/> kept, where Sep refuses it (longer than its buffer
    /// of 16 M characters) or where the line Sep hands out is not the text's next line (Sep 0.18.0 drops a blank line
    /// when the CR CR around it straddles the edge of what it has read), and reads the blank lines Sep did not hand out
    /// at the end.
    /// </summary>
    /// <returns><see langword="true"/> when Sep read the whole text, <see langword="false"/> when the own reader took over.</returns>
    private static bool ReadWithSep(RereadableText text, Sep sep, Rows rows)
    {
        // The last line's start and length (-1 once passed): its line end, 1 or 2 characters, is passed when Sep has read
        // beyond it (a CR that ends what Sep has read may be followed by a LF).
        long lineStart = 0;
        int lineLength = -1;
        int lineNumber = 0;
        bool handOver = false;
        using (SepReader? reader = Open(text, sep))
        {
            handOver = reader is null;
            while (reader is not null)
            {
                bool more;
                try
                {
                    more = reader.MoveNext();
                }
                catch (NotSupportedException) when (!text.ReadFailed)
                {
                    // Sep's refusal of a line longer than its buffer: "Buffer or row has reached maximum supported length".
                    handOver = true;
                    break;
                }

                if (!more)
                {
                    break;
                }

                if (lineLength >= 0)
                {
                    lineStart = NextLineStart(text, lineStart + lineLength);
                    lineLength = -1;
                    text.Release(lineStart);
                }

                SepReader.Row row = reader.Current;
                ReadOnlySpan<char> line = row.Span;
                if (!text.Holds(lineStart, line) || !IsLineEnd(text.CharAt(lineStart + line.Length)))
                {
                    handOver = true;
                    break;
                }

                lineNumber++;
                if (!rows.TryAdd(row, lineNumber))
                {
                    rows.AddLine(line, lineNumber);
                }

                lineLength = line.Length;
            }
        }

        if (lineLength >= 0)
        {
            lineStart = NextLineStart(text, lineStart + lineLength);
        }

        if (handOver || text.CharAt(lineStart) >= 0)
        {
            ReadLines(new DelimitedLineReader(text.From(lineStart), linesBefore: lineNumber), rows);
            return false;
        }

        rows.LineCount = lineNumber;
        return true;
    }

    /// <summary>Whether a character ends a line: CR, LF, or -1 for the end of the text.</summary>
    private static bool IsLineEnd(int c) => c is '\r' or '\n' or -1;

    /// <summary>A Sep reader of the text, or <see langword="null"/> when Sep refuses its first line already (it reads ahead when it opens).</summary>
    private static SepReader? Open(RereadableText text, Sep sep)
    {
        try
        {
            return sep.Reader(o => o with { HasHeader = false, DisableColCountCheck = true, DisableQuotesParsing = true })
                .From(text.Reader, leaveOpen: true);
        }
        catch (NotSupportedException) when (!text.ReadFailed)
        {
            return null;
        }
    }

    /// <summary>Where the next line starts after a line that ends at <paramref name="end"/> (past a CR, LF or CRLF there).</summary>
    private static long NextLineStart(RereadableText text, long end) => text.CharAt(end) switch
    {
        '\r' => text.CharAt(end + 1) == '\n' ? end + 2 : end + 1,
        '\n' => end + 1,
        _ => end,
    };

    private sealed partial class Rows
    {
        /// <summary>
        /// Adds a line as Sep split it, when it is a sample without quotes or characters that are not text (the fields are
        /// then exactly those the own splitter finds); <see langword="false"/> for any other line (the header, a blank
        /// line, one with quotes, a wrong number of fields), which the caller hands to <see cref="AddLine"/>.
        /// </summary>
        public bool TryAdd(SepReader.Row row, int lineNumber)
        {
            ColumnRoles? roles = _roles;
            ReadOnlySpan<char> line = row.Span;
            if (roles is null || _blankLine != 0 || row.ColCount != roles.ColumnCount ||
                line.ContainsAny(NotInTextOrQuote) || line.IsWhiteSpace() || (_samples + 1L) * roles.ColumnCount > Array.MaxLength)
            {
                return false;
            }

            Span<double> features = _featureValues!.Append();
            Span<double> targets = _targetValues!.Append();
            int feature = 0, nextTarget = 0;
            int categorical = options.CategoricalColumn ?? -1;
            for (int c = 0; c < roles.ColumnCount; c++)
            {
                bool isTarget = nextTarget < roles.SortedTargets.Length && roles.SortedTargets[nextTarget].Column == c;
                ReadOnlySpan<char> field = row[c].Span;
                double value = c == categorical
                    ? ClassIndex(field.ToString().Trim(), c, lineNumber)
                    : ParseNumber(field, c, isTarget, lineNumber);
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
            return true;
        }
    }
}
