using System.Globalization;
using System.IO;
using System.Text;
using nietras.SeparatedValues;
using TinyNets.Data;
using TinyNets.Fuzz;

namespace TinyNets.Tests.Data;

/// <summary>
/// Which reader splits a text (Sep for one-character delimiters, the own reader for whitespace, for characters Sep
/// refuses and from a line longer than Sep takes), and that the choice never shows: the same text gives the same
/// matrices, bit for bit, or the same exception with the same message, through Sep and through the own reader.
/// </summary>
public class DelimitedFileSepTests
{
    // Sep refuses a row of more than 16 M characters (16 777 216): this line is longer.
    private const int OverlongLength = 17_000_000;

    private static readonly DelimitedFileOptions CommaOptions = new();

    /// <summary>The outcome of a read as text: every value's bits, names and classes, or the exception's type, place and message.</summary>
    private static string Outcome(Func<LabeledData> read)
    {
        try
        {
            LabeledData data = read();
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"features {data.Features.RowCount}x{data.Features.ColumnCount}:");
            foreach (double value in data.Features.ToColumnMajorArray())
            {
                text.Append(CultureInfo.InvariantCulture, $" {BitConverter.DoubleToInt64Bits(value):X16}");
            }

            text.Append(CultureInfo.InvariantCulture, $"\ntargets {data.Targets.RowCount}x{data.Targets.ColumnCount}:");
            foreach (double value in data.Targets.ToColumnMajorArray())
            {
                text.Append(CultureInfo.InvariantCulture, $" {BitConverter.DoubleToInt64Bits(value):X16}");
            }

            text.Append("\ncolumns: ").AppendJoin('|', data.ColumnNames);
            text.Append("\nfeature columns: ").AppendJoin(',', data.FeatureColumns);
            text.Append("\ntarget columns: ").AppendJoin(',', data.TargetColumns);
            text.Append("\nclasses: ").AppendJoin('|', data.ClassNames ?? []);
            text.Append("\nclass indices: ").AppendJoin(',', data.ClassIndices ?? []);
            return text.ToString();
        }
        catch (DelimitedDataException e)
        {
            return $"{nameof(DelimitedDataException)} line {e.Line} column {e.Column} field {e.FieldText}: {e.Message}";
        }
        catch (ArgumentException e)
        {
            return $"{e.GetType().Name} {e.ParamName}: {e.Message}";
        }
    }

    private static string ThroughOwnReader(string text, DelimitedFileOptions options) =>
        Outcome(() => DelimitedFile.Parse(text, options, ownReaderOnly: true, out _));

    /// <summary>
    /// The text read with Sep from the string, from a reader, from a reader handing out one character per call and from
    /// one handing out chunks of random length (so that line ends fall on the edge of what Sep has read).
    /// </summary>
    private static IEnumerable<(string How, string Outcome)> ThroughSep(string text, DelimitedFileOptions options)
    {
        yield return ("string", Outcome(() => DelimitedFile.Parse(text, options, ownReaderOnly: false, out _)));
        yield return ("reader", Outcome(() => DelimitedFile.Parse(new StringReader(text), options, ownReaderOnly: false, out _)));
        yield return ("one-character reader", Outcome(() => DelimitedFile.Parse(new ChunkReader(text, 1, seed: 0), options, ownReaderOnly: false, out _)));
        yield return ("chunk reader", Outcome(() => DelimitedFile.Parse(new ChunkReader(text, 7, seed: text.Length), options, ownReaderOnly: false, out _)));
    }

    private static void ShouldBeTheSameThroughBothReaders(string text, DelimitedFileOptions options)
    {
        string expected = ThroughOwnReader(text, options);
        foreach ((string how, string outcome) in ThroughSep(text, options))
        {
            outcome.Should().Be(expected, $"Sep reading from a {how} must give what the own reader gives for {Escape(text)} with delimiter {options.Delimiter}");
        }
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\t", "\\t", StringComparison.Ordinal).Replace("\0", "\\0", StringComparison.Ordinal);

    [Theory]
    [InlineData(',')]
    [InlineData('\t')]
    [InlineData(';')]
    [InlineData('|')]
    [InlineData(' ')]
    public void One_character_delimiters_are_split_by_Sep(char delimiter)
    {
        string d = delimiter.ToString();
        string text = string.Join(d, "1.5", "-2e-3", "7") + "\n" + string.Join(d, "0.25", "4", "-8") + "\n";
        var options = new DelimitedFileOptions { Delimiter = FieldDelimiter.Of(delimiter) };

        LabeledData data = DelimitedFile.Parse(text, options, ownReaderOnly: false, out DelimitedTokenizer used);

        used.Should().Be(DelimitedTokenizer.Sep);
        data.Features.ToColumnMajorArray().Should().Equal(1.5, -0.002, 0.25, 4);
        data.Targets.ToColumnMajorArray().Should().Equal(7, -8);
    }

    [Fact]
    public void Whitespace_delimited_text_uses_the_own_reader()
    {
        var options = new DelimitedFileOptions { Delimiter = FieldDelimiter.Whitespace };

        LabeledData data = DelimitedFile.Parse("  1.5 \t -2e-3  7\n0.25\t4 -8  \n", options, ownReaderOnly: false, out DelimitedTokenizer used);

        used.Should().Be(DelimitedTokenizer.Own);
        data.Features.ToColumnMajorArray().Should().Equal(1.5, -0.002, 0.25, 4);
        data.Targets.ToColumnMajorArray().Should().Equal(7, -8);
    }

    [Fact]
    public void Whitespace_delimited_file_uses_the_own_reader()
    {
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-whitespace-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "1 2 3\n4 5 6\n");
        try
        {
            LabeledData data = DelimitedFile.Load(path, new DelimitedFileOptions { Delimiter = FieldDelimiter.Whitespace }, ownReaderOnly: false, out DelimitedTokenizer used);

            used.Should().Be(DelimitedTokenizer.Own);
            data.Features.ToColumnMajorArray().Should().Equal(1, 2, 4, 5);
            data.Targets.ToColumnMajorArray().Should().Equal(3, 6);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData('#')]
    [InlineData('\u00A7')]
    [InlineData('\u00E9')]
    public void Delimiters_that_Sep_refuses_use_the_own_reader(char delimiter)
    {
        var options = new DelimitedFileOptions { Delimiter = FieldDelimiter.Of(delimiter) };
        string text = $"1{delimiter}2\n3{delimiter}4\n";

        DelimitedTokenizer used = DelimitedTokenizer.Sep;
        string outcome = Outcome(() => DelimitedFile.Parse(text, options, ownReaderOnly: false, out used));

        used.Should().Be(DelimitedTokenizer.Own);
        outcome.Should().Be(ThroughOwnReader(text, options));
    }

    [Fact]
    public void Sep_is_used_for_exactly_the_separators_Sep_accepts()
    {
        for (int code = 0; code <= char.MaxValue; code++)
        {
            char c = (char)code;
            if (c is '\r' or '\n' or '"')
            {
                continue; // FieldDelimiter.Of refuses these.
            }

            bool sepAccepts;
            try
            {
                _ = new Sep(c);
                sepAccepts = true;
            }
            catch (ArgumentException)
            {
                sepAccepts = false;
            }

            // Sep also takes U+001F, a control character that every line holding it is refused for: the own reader takes it.
            (DelimitedFile.SepFor(FieldDelimiter.Of(c)) is not null).Should().Be(sepAccepts && c != '\u001F', $"U+{code:X4}");
        }

        DelimitedFile.SepFor(FieldDelimiter.Whitespace).Should().BeNull();
    }

    [Fact]
    public void A_seeded_file_gives_bit_identical_matrices_through_Sep_and_the_own_reader_and_the_written_values()
    {
        // Shortest round-trip doubles of magnitudes 1e-300 … 1e300, written with "R" and read back exactly; CRLF and CR
        // line ends, quoted fields and class labels mixed in.
        var random = new Random(20260101);
        const int samples = 3000, features = 5;
        var expected = new double[samples * features];
        var labels = new[] { "setosa", "versicolor", " virginica ", "\"quoted, label\"" };
        var expectedClass = new int[samples];
        var text = new StringBuilder("a,b,\"c, quoted\",d,e,class\r\n");
        for (int s = 0; s < samples; s++)
        {
            for (int f = 0; f < features; f++)
            {
                double value = ((2 * random.NextDouble()) - 1) * Math.Pow(10, random.Next(-300, 301));
                expected[(s * features) + f] = value;
                string written = value.ToString("R", CultureInfo.InvariantCulture);
                text.Append(random.Next(10) == 0 ? $" \"{written}\" " : written).Append(',');
            }

            int label = random.Next(labels.Length);
            expectedClass[s] = label;
            text.Append(labels[label]).Append((s % 3) switch { 0 => "\n", 1 => "\r\n", _ => "\r" });
        }

        string path = Path.Combine(Path.GetTempPath(), $"tinynets-seeded-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
        try
        {
            var options = new DelimitedFileOptions { HasHeader = true, CategoricalColumn = 5 };
            LabeledData viaSep = DelimitedFile.Load(path, options, ownReaderOnly: false, out DelimitedTokenizer used);
            LabeledData viaOwn = DelimitedFile.Load(path, options, ownReaderOnly: true, out DelimitedTokenizer own);

            used.Should().Be(DelimitedTokenizer.Sep);
            own.Should().Be(DelimitedTokenizer.Own);
            double[] sepValues = viaSep.Features.ToColumnMajorArray();
            double[] ownValues = viaOwn.Features.ToColumnMajorArray();
            for (int i = 0; i < expected.Length; i++)
            {
                BitConverter.DoubleToInt64Bits(sepValues[i]).Should().Be(BitConverter.DoubleToInt64Bits(expected[i]), $"value {i} as written");
                BitConverter.DoubleToInt64Bits(ownValues[i]).Should().Be(BitConverter.DoubleToInt64Bits(expected[i]), $"value {i} as written");
            }

            viaSep.ColumnNames.Should().Equal("a", "b", "c, quoted", "d", "e", "class");
            viaOwn.ColumnNames.Should().Equal(viaSep.ColumnNames);
            // Class indices follow first appearance; names unquoted labels trimmed, the quoted one as written inside its quotes.
            string[] names = viaSep.ClassNames!.ToArray();
            names.Should().BeSubsetOf(["setosa", "versicolor", "virginica", "quoted, label"]);
            viaOwn.ClassNames.Should().Equal(names);
            for (int s = 0; s < samples; s++)
            {
                names[viaSep.ClassIndices![s]].Should().Be(labels[expectedClass[s]].Trim().Trim('"'), $"sample {s}");
            }

            viaOwn.ClassIndices.Should().Equal(viaSep.ClassIndices);
            Outcome(() => viaSep).Should().Be(Outcome(() => viaOwn));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    // Quotes: on one line, spaces before the opening quote, text after the closing one, a quote inside a field.
    [InlineData("\"1\",\"2\"\n3,4\n")]
    [InlineData("1,\"2\n3\",4\n")]
    [InlineData("1, \"2\" ,3\n4,5,6\n")]
    [InlineData("1,\"2\"x,3\n")]
    [InlineData("1,2\"3,4\n")]
    [InlineData("1,\"2\"\"\",3\n")]
    // Line ends, blank lines, the byte order mark, empty text.
    [InlineData("1,2\r\n3,4\r5,6\n")]
    [InlineData("1,2\n\n3,4\n")]
    [InlineData("1,2\n \t\n\r\n")]
    [InlineData("\uFEFF1,2\n\uFEFF3,4\n")]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("1,2\r")]
    [InlineData("1,2\r\r\n3,4")]
    [InlineData("x,y\r\r")]
    [InlineData("\r\r\r")]
    // Row lengths, numbers, not text.
    [InlineData("1,2,3\n4,5\n")]
    [InlineData("1,2\n3,4,5,6\n")]
    [InlineData("1,2\n3,4,\n")]
    [InlineData("1,2\n3, \u00A0\n")]
    [InlineData("1,2\n3,NaN\n")]
    [InlineData("1,2\n3,1e400\n")]
    [InlineData("1,2\n3;5,4\n")]
    [InlineData("1,2\n3,4\0\n")]
    [InlineData("1,2\n3,\uFFFD\n")]
    [InlineData("x,y\n1,2\n")]
    public void Texts_give_the_same_data_or_the_same_message_through_both_readers(string text)
    {
        foreach (DelimitedFileOptions options in new[]
        {
            CommaOptions,
            new DelimitedFileOptions { HasHeader = true },
            new DelimitedFileOptions { TargetColumns = [0], CategoricalColumn = 0 },
            new DelimitedFileOptions { Delimiter = FieldDelimiter.Semicolon },
        })
        {
            ShouldBeTheSameThroughBothReaders(text, options);
        }
    }

    [Fact]
    public void Random_texts_give_the_same_data_or_the_same_message_through_both_readers()
    {
        // Short texts over the characters that matter to splitting, with every option the fuzz target explores.
        string[] pieces = ["1", "2.5", "-3e2", ",", ",", ";", "\t", " ", "\"", "\"\"", "\n", "\r", "\r\n", "a", "x\"y", "\u00A0", "\0", "NaN", "1,5", "\uFEFF"];
        var random = new Random(4242);
        for (int i = 0; i < 3000; i++)
        {
            var text = new StringBuilder();
            int count = random.Next(0, 24);
            for (int p = 0; p < count; p++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            ShouldBeTheSameThroughBothReaders(text.ToString(), FuzzTargets.DelimitedOptions((byte)random.Next(32)));
        }
    }

    [Fact]
    public void Long_random_tables_give_the_same_data_through_both_readers()
    {
        // Valid tables (so the whole text is read) with mixed line ends, blank lines at the end, quoted fields and labels.
        string[] ends = ["\n", "\r\n", "\r"];
        var random = new Random(77);
        for (int i = 0; i < 40; i++)
        {
            int columns = random.Next(1, 6), lines = random.Next(1, 400);
            var text = new StringBuilder();
            for (int line = 0; line < lines; line++)
            {
                for (int c = 0; c <= columns; c++)
                {
                    string field = c == columns
                        ? random.Next(4) == 0 ? " \"b, c\" " : "ab"[random.Next(2)].ToString()
                        : (random.Next(-500, 500) / 8.0).ToString("R", CultureInfo.InvariantCulture);
                    text.Append(field).Append(c == columns ? ends[random.Next(ends.Length)] : ",");
                }
            }

            for (int blank = random.Next(3); blank > 0; blank--)
            {
                text.Append(ends[random.Next(ends.Length)]);
            }

            var options = new DelimitedFileOptions { CategoricalColumn = columns };
            ShouldBeTheSameThroughBothReaders(text.ToString(), options);
            ThroughOwnReader(text.ToString(), options).Should().StartWith("features", "the table is valid");
        }
    }

    [Fact]
    public void The_fuzz_corpus_gives_the_same_outcome_through_both_readers()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "fuzz-corpus", "delimited");
        string[] files = Directory.GetFiles(folder);
        files.Should().NotBeEmpty();
        foreach (string file in files)
        {
            byte[] input = File.ReadAllBytes(file);
            if (input.Length == 0)
            {
                continue;
            }

            // Decoded as the fuzz target decodes it: the first byte picks the options, the rest is UTF-8 (or as its BOM says).
            using var reader = new StreamReader(new MemoryStream(input, 1, input.Length - 1, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            ShouldBeTheSameThroughBothReaders(reader.ReadToEnd(), FuzzTargets.DelimitedOptions(input[0]));
        }
    }

    /// <summary>Three samples of three columns; line 2 holds the second, its first field padded to <see cref="OverlongLength"/> characters.</summary>
    private static string TextWithAnOverlongLine(bool overlongFirst, string after = "7,8,9\n")
    {
        string overlong = "4".PadRight(OverlongLength, ' ') + ",5,6\n";
        return overlongFirst ? overlong + "1,2,3\n" + after : "1,2,3\n" + overlong + after;
    }

    [Theory]
    [InlineData("string", false)]
    [InlineData("string", true)]
    [InlineData("reader", false)]
    [InlineData("unseekable stream", false)]
    [InlineData("file", false)]
    public void A_line_longer_than_Sep_takes_is_read_by_the_own_reader_from_that_line_on(string source, bool overlongFirst)
    {
        string text = TextWithAnOverlongLine(overlongFirst);

        LabeledData data = Read(source, text, out DelimitedTokenizer used);

        used.Should().Be(DelimitedTokenizer.SepThenOwn);
        data.Features.ToColumnMajorArray().Should().Equal(overlongFirst ? [4, 5, 1, 2, 7, 8] : [1, 2, 4, 5, 7, 8]);
        data.Targets.ToColumnMajorArray().Should().Equal(overlongFirst ? [6, 3, 9] : [3, 6, 9]);
    }

    [Theory]
    [InlineData("string")]
    [InlineData("unseekable stream")]
    public void After_an_overlong_line_messages_count_lines_as_before(string source)
    {
        string text = TextWithAnOverlongLine(overlongFirst: false, after: "7,8,9\r\n10,x,12\n");

        Action read = () => Read(source, text, out _);

        DelimitedDataException e = read.Should().Throw<DelimitedDataException>().Which;
        e.Line.Should().Be(4);
        e.Column.Should().Be(2);
        e.FieldText.Should().Be("x");
    }

    [Fact]
    public void Reading_past_an_overlong_line_stays_within_the_memory_bound()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(TextWithAnOverlongLine(overlongFirst: false));
        DelimitedFile.Parse("1,2\n"); // First-call work is not the load's memory.

        long before = GC.GetAllocatedBytesForCurrentThread();
        using (var reader = new StreamReader(new UnseekableStream(bytes)))
        {
            DelimitedFile.Parse(reader, null, ownReaderOnly: false, out DelimitedTokenizer used).SampleCount.Should().Be(3);
            used.Should().Be(DelimitedTokenizer.SepThenOwn);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().BeLessThan(FuzzTargets.MemoryBound(bytes.Length), "the bound the fuzz targets enforce, {0} bytes in", bytes.Length);
    }

    [Fact]
    public void A_reader_that_fails_is_not_taken_for_Sep_refusing_a_line()
    {
        Action read = () => DelimitedFile.Parse(new FailingReader(), null, ownReaderOnly: false, out _);

        read.Should().Throw<NotSupportedException>().WithMessage("The reader cannot read.");
    }

    private static LabeledData Read(string source, string text, out DelimitedTokenizer used)
    {
        switch (source)
        {
            case "string":
                return DelimitedFile.Parse(text, null, ownReaderOnly: false, out used);
            case "reader":
                return DelimitedFile.Parse(new StringReader(text), null, ownReaderOnly: false, out used);
            case "unseekable stream":
                using (var reader = new StreamReader(new UnseekableStream(Encoding.UTF8.GetBytes(text))))
                {
                    return DelimitedFile.Parse(reader, null, ownReaderOnly: false, out used);
                }

            default:
                string path = Path.Combine(Path.GetTempPath(), $"tinynets-overlong-{Guid.NewGuid():N}.csv");
                File.WriteAllText(path, text);
                try
                {
                    return DelimitedFile.Load(path, null, ownReaderOnly: false, out used);
                }
                finally
                {
                    File.Delete(path);
                }
        }
    }

    /// <summary>Hands out at most <paramref name="longest"/> characters per call (a seeded random number of them), so that line ends fall on the edge of what Sep has read.</summary>
    private sealed class ChunkReader(string text, int longest, int seed) : TextReader
    {
        private readonly Random _random = new(seed);
        private int _position;

        public override int Read(Span<char> buffer)
        {
            int count = Math.Min(Math.Min(buffer.Length, text.Length - _position), _random.Next(1, longest + 1));
            text.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read() => _position < text.Length ? text[_position++] : -1;

        public override int Peek() => _position < text.Length ? text[_position] : -1;
    }

    /// <summary>A stream that can only be read forward, as a network stream or a pipe.</summary>
    private sealed class UnseekableStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes, writable: false);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => _inner.Read(buffer);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class FailingReader : TextReader
    {
        public override int Read(Span<char> buffer) => throw new NotSupportedException("The reader cannot read.");

        public override int Read(char[] buffer, int index, int count) => throw new NotSupportedException("The reader cannot read.");

        public override int Read() => throw new NotSupportedException("The reader cannot read.");

        public override int Peek() => throw new NotSupportedException("The reader cannot read.");
    }
}
