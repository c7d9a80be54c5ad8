using System;
using System.Globalization;
using System.IO;

namespace TinyNets.Data;

/// <summary>
/// Hands out the lines of a text (LF, CRLF or CR ends, as <see cref="TextReader.ReadLine"/>) as spans into one reused
/// buffer, so that reading allocates no string per line; the buffer grows to the longest line.
/// </summary>
internal sealed class DelimitedLineReader
{
    private const int LargestInitialSize = 16 * 1024;

    private readonly TextReader _reader;
    private char[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfText;

    // The last line ended with a CR at the end of the buffer: a LF that starts the next read belongs to it.
    private bool _skipLineFeed;

    /// <param name="reader">The text.</param>
    /// <param name="length">The text's length when known, so that a short text gets a short buffer.</param>
    /// <param name="linesBefore">The number of lines before the text (read by someone else), so that line numbers go on from there.</param>
    public DelimitedLineReader(TextReader reader, int? length = null, int linesBefore = 0)
    {
        _reader = reader;
        _buffer = new char[Math.Clamp(length + 1 ?? LargestInitialSize, 1, LargestInitialSize)];
        LineNumber = linesBefore;
    }

    /// <summary>The 1-based number of the line last returned.</summary>
    public int LineNumber { get; private set; }

    /// <summary>Reads the next line, without its end; the span is valid until the next call.</summary>
    /// <param name="source">The file name for the message when a line is too long for one buffer.</param>
    /// <param name="line">The line.</param>
    /// <returns><see langword="false"/> at the end of the text.</returns>
    public bool TryReadLine(string? source, out ReadOnlySpan<char> line)
    {
        int scanned = _start;
        while (true)
        {
            if (_skipLineFeed && _start < _end)
            {
                _skipLineFeed = false;
                if (_buffer[_start] == '\n')
                {
                    _start++;
                    scanned = _start;
                }
            }

            int found = _buffer.AsSpan(scanned, _end - scanned).IndexOfAny('\r', '\n');
            if (found >= 0)
            {
                int lineEnd = scanned + found;
                line = _buffer.AsSpan(_start, lineEnd - _start);
                _start = lineEnd + 1;
                if (_buffer[lineEnd] == '\r')
                {
                    if (_start < _end)
                    {
                        _start += _buffer[_start] == '\n' ? 1 : 0;
                    }
                    else
                    {
                        _skipLineFeed = true;
                    }
                }

                LineNumber++;
                return true;
            }

            if (_endOfText)
            {
                _skipLineFeed = false;
                if (_start == _end)
                {
                    line = default;
                    return false;
                }

                line = _buffer.AsSpan(_start, _end - _start);
                _start = _end;
                LineNumber++;
                return true;
            }

            scanned = _end - _start;
            Fill(source);
        }
    }

    /// <summary>Moves the unread text to the front of the buffer, doubling the buffer when it is full, and reads more.</summary>
    private void Fill(string? source)
    {
        int pending = _end - _start;
        if (pending == _buffer.Length)
        {
            if (_buffer.Length == Array.MaxLength)
            {
                throw new DelimitedDataException(source, LineNumber + 1, null, null,
                    string.Create(CultureInfo.InvariantCulture, $"the line is longer than {Array.MaxLength} characters, the most one line may hold."));
            }

            var larger = new char[(int)Math.Min(2L * _buffer.Length, Array.MaxLength)];
            _buffer.AsSpan(_start, pending).CopyTo(larger);
            _buffer = larger;
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }

        _start = 0;
        _end = pending;
        int read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read <= 0)
        {
            _endOfText = true;
        }
        else
        {
            _end += read;
        }
    }
}
