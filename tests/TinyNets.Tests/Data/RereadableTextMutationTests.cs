using System.IO;
using TinyNets.Data;

namespace TinyNets.Tests.Data;

/// <summary>
/// The text the delimited-file loader reads through Sep and reads again from a position on: a match that ends exactly
/// at the end of the text and one that runs past it, the positions after released text was dropped, a failing
/// underlying reader, the size of the kept copy (dropping released text before growing, doubling when it grows), and
/// the single-character <c>Read</c> and <c>Peek</c> of the readers handed out.
/// </summary>
public class RereadableTextMutationTests
{
    private const int InitialKept = 4096; // The kept copy's first length.

    /// <summary>A text of the given length, "abc…w" over and over.</summary>
    private static string Text(int length) => new(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 23))).ToArray());

    private static void ReadChunk(RereadableText text, int length)
    {
        Span<char> buffer = new char[length];
        text.Reader.Read(buffer).Should().Be(length);
    }

    [Fact]
    public void A_string_holds_a_match_that_ends_at_its_end_but_not_one_that_runs_past_it_or_differs()
    {
        RereadableText text = RereadableText.Of("abc");

        text.Holds(0, "abc").Should().BeTrue();
        text.Holds(1, "bc").Should().BeTrue();
        text.Holds(3, "").Should().BeTrue();
        text.Holds(2, "cd").Should().BeFalse();
        text.Holds(1, "bcde").Should().BeFalse();
        text.Holds(0, "abd").Should().BeFalse();
        text.Holds(0, "xbc").Should().BeFalse();
    }

    [Fact]
    public void A_read_text_holds_a_match_that_ends_where_the_reading_ended_but_not_one_that_runs_past_it_or_differs()
    {
        RereadableText text = RereadableText.Of(new StringReader("abc"));
        text.Reader.ReadToEnd().Should().Be("abc");

        text.Holds(0, "abc").Should().BeTrue();
        text.Holds(1, "bc").Should().BeTrue();
        // Past the kept text the copy's room is still zero-filled: a match with '\0' there must not count.
        text.Holds(2, "c\0").Should().BeFalse();
        text.Holds(3, "\0").Should().BeFalse();
        text.Holds(0, "abd").Should().BeFalse();
    }

    [Fact]
    public void After_released_text_is_dropped_positions_still_count_from_the_start_of_the_text()
    {
        string source = Text(6000);
        RereadableText text = RereadableText.Of(new StringReader(source));
        ReadChunk(text, InitialKept);
        text.Release(4000);
        ReadChunk(text, 1000); // No room left: the 4000 released characters are dropped.

        text.CharAt(4000).Should().Be(source[4000]);
        text.CharAt(5095).Should().Be(source[5095]);
        text.CharAt(5096).Should().Be(-1);
        text.Holds(4090, source.AsSpan(4090, 20)).Should().BeTrue();
        text.From(4050).ReadToEnd().Should().Be(source[4050..]);
    }

    [Fact]
    public void A_failing_underlying_reader_is_recorded_and_its_exception_passes_through()
    {
        RereadableText text = RereadableText.Of(new FailingReader());
        text.ReadFailed.Should().BeFalse();

        Action read = () => text.Reader.Read(new char[8], 0, 8);

        read.Should().ThrowExactly<IOException>().WithMessage("disk gone");
        text.ReadFailed.Should().BeTrue();
        RereadableText.Of("abc").ReadFailed.Should().BeFalse();
    }

    [Fact]
    public void Released_text_makes_room_before_the_kept_copy_grows()
    {
        static long AllocatedByTheLastRead(out RereadableText text, out string source)
        {
            source = Text(InitialKept + 100);
            text = RereadableText.Of(new StringReader(source));
            Span<char> buffer = new char[InitialKept];
            text.Reader.Read(buffer).Should().Be(InitialKept);
            text.Release(100);
            Span<char> more = buffer[..100];
            long before = GC.GetAllocatedBytesForCurrentThread();
            int read = text.Reader.Read(more);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            read.Should().Be(100);
            return allocated;
        }

        AllocatedByTheLastRead(out _, out _); // First-call work is not the copy's memory.

        long allocated = AllocatedByTheLastRead(out RereadableText text, out string source);

        // The 100 released characters leave exactly the room for the 100 new ones: no larger copy (8 KiB or more).
        allocated.Should().BeLessThan(1024);
        text.CharAt(100).Should().Be(source[100]);
        text.Holds(InitialKept, source.AsSpan(InitialKept, 100)).Should().BeTrue();
        text.CharAt(InitialKept + 100).Should().Be(-1);
    }

    [Fact]
    public void The_kept_copy_grows_by_doubling()
    {
        const int chunks = 32;
        static long AllocatedWhileReading(out RereadableText text, out string source)
        {
            source = Text(chunks * InitialKept);
            text = RereadableText.Of(new StringReader(source));
            Span<char> buffer = new char[InitialKept];
            int read = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < chunks; i++)
            {
                read += text.Reader.Read(buffer);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            read.Should().Be(source.Length);
            return allocated;
        }

        AllocatedWhileReading(out _, out _); // First-call work is not the copy's memory.

        long allocated = AllocatedWhileReading(out RereadableText text, out string source);

        // Nothing released: the copy holds all 131072 characters. Doubling from 4096 allocates 8192 + 16384 + ... +
        // 131072 = 253952 characters (under twice the text); growing to the size needed each time would allocate
        // 8192 + 12288 + ... + 131072 = 2158592 characters.
        allocated.Should().BeLessThan(2L * sizeof(char) * source.Length);
        allocated.Should().BeGreaterThanOrEqualTo(253_952L * sizeof(char));
        text.From(0).ReadToEnd().Should().Be(source);
    }

    [Fact]
    public void The_reader_handed_to_Sep_reads_and_keeps_one_character_at_a_time_and_ends_with_minus_one()
    {
        RereadableText text = RereadableText.Of(new StringReader("ab"));

        text.Reader.Read().Should().Be('a');
        text.Reader.Read().Should().Be('b');
        text.Reader.Read().Should().Be(-1);
        text.Reader.Read().Should().Be(-1);
        text.CharAt(0).Should().Be('a');
        text.CharAt(1).Should().Be('b');
        text.CharAt(2).Should().Be(-1);
    }

    [Fact]
    public void The_rest_of_a_string_reads_one_character_at_a_time_and_ends_with_minus_one()
    {
        RereadableText text = RereadableText.Of("xyz");

        TextReader rest = text.From(1);

        rest.Read().Should().Be('y');
        rest.Read().Should().Be('z');
        rest.Read().Should().Be(-1);
        text.From(3).Read().Should().Be(-1);
    }

    [Fact]
    public void The_rest_of_a_string_peeks_without_reading_and_peeks_minus_one_at_its_end()
    {
        TextReader rest = RereadableText.Of("xy").From(0);

        rest.Peek().Should().Be('x');
        rest.Peek().Should().Be('x');
        rest.Read().Should().Be('x');
        rest.Peek().Should().Be('y');
        rest.Read().Should().Be('y');
        rest.Peek().Should().Be(-1);
        RereadableText.Of("xy").From(2).Peek().Should().Be(-1);
    }

    [Fact]
    public void The_rest_of_a_read_text_peeks_into_the_kept_text_then_into_the_unread_text()
    {
        RereadableText text = RereadableText.Of(new StringReader("abcdef"));
        ReadChunk(text, 3);

        text.From(1).Peek().Should().Be('b');
        TextReader rest = text.From(3);
        rest.Peek().Should().Be('d');
        rest.ReadToEnd().Should().Be("def");
        rest.Peek().Should().Be(-1);
    }

    private sealed class FailingReader : TextReader
    {
        public override int Read(Span<char> buffer) => throw new IOException("disk gone");

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));
    }
}
