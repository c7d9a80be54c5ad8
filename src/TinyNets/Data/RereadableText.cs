using System;
using System.Diagnostics;
using System.IO;

namespace TinyNets.Data;

/// <summary>
/// Text that Sep reads through <see cref="Reader"/> and that stays readable again from a position on, so that
/// <see cref="DelimitedLineReader"/> can go on where Sep stopped (at a line longer than Sep takes). Positions count
/// characters from the start of the text; the text before the position last given to <see cref="Release"/> may be dropped.
/// </summary>
internal abstract class RereadableText
{
    /// <summary>What Sep reads.</summary>
    public abstract TextReader Reader { get; }

    /// <summary>Whether reading the underlying text threw (so an exception from Sep is not Sep's own refusal).</summary>
    public bool ReadFailed { get; private protected set; }

    /// <summary>A text held in a string: nothing is copied, everything stays readable.</summary>
    public static RereadableText Of(string text) => new StringText(text);

    /// <summary>A text read from a reader: what Sep reads is kept from the released position on.</summary>
    public static RereadableText Of(TextReader reader) => new RecordingReader(reader);

    /// <summary>The character at <paramref name="position"/>, or -1 when Sep has not read that far (or the text ends before).</summary>
    public abstract int CharAt(long position);

    /// <summary>Says that the text before <paramref name="position"/> will not be read again.</summary>
    public abstract void Release(long position);

    /// <summary>The text from <paramref name="position"/> (released or later) to its end.</summary>
    public abstract TextReader From(long position);

    /// <summary>Whether the text at <paramref name="position"/> (released or later) is <paramref name="expected"/>.</summary>
    public abstract bool Holds(long position, ReadOnlySpan<char> expected);

    private sealed class StringText(string text) : RereadableText
    {
        public override TextReader Reader { get; } = new StringReader(text);

        public override int CharAt(long position) => position < text.Length ? text[(int)position] : -1;

        public override bool Holds(long position, ReadOnlySpan<char> expected) =>
            position + expected.Length <= text.Length && text.AsSpan((int)position, expected.Length).SequenceEqual(expected);

        public override void Release(long position)
        {
        }

        public override TextReader From(long position) => new TailReader(text.AsMemory((int)position), null);
    }

    /// <summary>
    /// Hands out the underlying reader's text and keeps a copy of it from the released position on: at most the row Sep
    /// is reading and what Sep has read ahead, so the copy is bounded by Sep's own buffer.
    /// </summary>
    private sealed class RecordingReader : RereadableText
    {
        private const int InitialLength = 4096;

        private readonly TextReader _inner;
        private char[] _kept = new char[InitialLength];
        private long _keptStart;
        private int _keptCount;
        private long _released;

        public RecordingReader(TextReader inner)
        {
            _inner = inner;
            Reader = new Wrapper(this);
        }

        public override TextReader Reader { get; }

        public override int CharAt(long position)
        {
            Debug.Assert(position >= _keptStart, "released text is not read again");
            long at = position - _keptStart;
            return at < _keptCount ? _kept[at] : -1;
        }

        public override bool Holds(long position, ReadOnlySpan<char> expected)
        {
            Debug.Assert(position >= _keptStart, "released text is not read again");
            long at = position - _keptStart;
            return at + expected.Length <= _keptCount && _kept.AsSpan((int)at, expected.Length).SequenceEqual(expected);
        }

        public override void Release(long position)
        {
            Debug.Assert(position >= _released && position <= _keptStart + _keptCount, "positions only move forward, over read text");
            _released = position;
        }

        public override TextReader From(long position)
        {
            Debug.Assert(position >= _keptStart && position <= _keptStart + _keptCount, "the rest starts in the kept text");
            int at = (int)(position - _keptStart);
            return new TailReader(_kept.AsMemory(at, _keptCount - at), _inner);
        }

        private int ReadInner(Span<char> buffer)
        {
            int read;
            try
            {
                read = _inner.Read(buffer);
            }
            catch
            {
                ReadFailed = true;
                throw;
            }

            Keep(buffer[..Math.Max(read, 0)]);
            return read;
        }

        private void Keep(ReadOnlySpan<char> chars)
        {
            if (_keptCount + chars.Length > _kept.Length)
            {
                // Drop what was released, then grow if the rest and the new text still do not fit.
                int drop = (int)(_released - _keptStart);
                _kept.AsSpan(drop, _keptCount - drop).CopyTo(_kept);
                _keptStart = _released;
                _keptCount -= drop;
                if (_keptCount + chars.Length > _kept.Length)
                {
                    long length = Math.Max(2L * _kept.Length, (long)_keptCount + chars.Length);
                    var larger = new char[(int)Math.Min(length, Array.MaxLength)];
                    _kept.AsSpan(0, _keptCount).CopyTo(larger);
                    _kept = larger;
                }
            }

            chars.CopyTo(_kept.AsSpan(_keptCount));
            _keptCount += chars.Length;
        }

        /// <summary>The reader Sep gets: every way of reading goes through <see cref="ReadInner"/>.</summary>
        private sealed class Wrapper(RecordingReader owner) : TextReader
        {
            public override int Read(Span<char> buffer) => owner.ReadInner(buffer);

            public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

            public override int Read()
            {
                Span<char> one = stackalloc char[1];
                return Read(one) == 1 ? one[0] : -1;
            }

            public override int ReadBlock(Span<char> buffer)
            {
                int total = 0, read;
                while (total < buffer.Length && (read = Read(buffer[total..])) > 0)
                {
                    total += read;
                }

                return total;
            }

            public override int ReadBlock(char[] buffer, int index, int count) => ReadBlock(buffer.AsSpan(index, count));

            // A peeked character is not handed out, so it is not kept either.
            public override int Peek() => owner._inner.Peek();
        }
    }

    /// <summary>Some kept text, then (when given) the rest of a reader.</summary>
    private sealed class TailReader(ReadOnlyMemory<char> head, TextReader? rest) : TextReader
    {
        private ReadOnlyMemory<char> _head = head;

        public override int Read(Span<char> buffer)
        {
            if (_head.IsEmpty)
            {
                return rest?.Read(buffer) ?? 0;
            }

            int count = Math.Min(buffer.Length, _head.Length);
            _head.Span[..count].CopyTo(buffer);
            _head = _head[count..];
            return count;
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read()
        {
            Span<char> one = stackalloc char[1];
            return Read(one) == 1 ? one[0] : -1;
        }

        public override int Peek() => !_head.IsEmpty ? _head.Span[0] : rest?.Peek() ?? -1;
    }
}
