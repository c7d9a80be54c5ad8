using System.IO;
using System.Text;
using TinyNets.Serialization;
using static TinyNets.Tests.Serialization.SafetensorsTestSupport;

namespace TinyNets.Tests.Serialization;

/// <summary>
/// Files that lie or are malformed: each is refused with a <see cref="ModelFormatException"/> whose location is the
/// byte or header entry at fault and whose message says what was expected and found; lengths the file claims are
/// never allocated before the bytes arrive.
/// </summary>
public class SafetensorsHostileFileTests
{
    private const string A = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    // Bytes allocated by the reading thread while reading must stay far below what the file claims.
    private const long AllocationBound = 4_000_000;

    private static ModelFormatException RefusedWithin(Func<Stream> open, long bound, string location, params string[] fragments)
    {
        using Stream stream = open();
        long before = GC.GetAllocatedBytesForCurrentThread();
        ModelFormatException e = Refused(() => SafetensorsReader.Read(stream), location, fragments);
        (GC.GetAllocatedBytesForCurrentThread() - before).Should().BeLessThan(bound, "a claimed length must not be allocated");
        return e;
    }

    // ---------------------------------------------------------------- the length field

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(7)]
    public void FileShorterThanTheLengthField(int length) =>
        Refused(new byte[length], FormattableString.Invariant($"byte {length}"), "8-byte", FormattableString.Invariant($"after {length} bytes"));

    [Fact]
    public void HeaderLengthBeyondTheFile_IsRefusedBeforeReading() =>
        Refused(RawFile(1000, Encoding.ASCII.GetBytes("{}      ")), "byte 0", "1000", "only 8 bytes follow");

    [Fact]
    public void HeaderLengthOf200MB_InASmallFile_IsRefused_WithoutAllocatingIt() =>
        RefusedWithin(() => new MemoryStream(RawFile(200_000_000, Encoding.ASCII.GetBytes("{}      "))), AllocationBound,
            "byte 0", "200000000", "100000000");

    [Fact]
    public void HeaderLengthOf200MB_InANonSeekableStream_IsRefused_WithoutAllocatingIt() =>
        RefusedWithin(() => new NonSeekableStream(new MemoryStream(RawFile(200_000_000, Encoding.ASCII.GetBytes("{}      ")))), AllocationBound,
            "byte 0", "200000000", "100000000");

    [Fact]
    public void HeaderLengthUnderTheLimit_InANonSeekableStreamThatEndsEarly_AllocatesOnlyWhatArrives()
    {
        // 90 MB claimed, 1 kB there: the reader must notice the end without having allocated 90 MB.
        byte[] bytes = RawFile(90_000_000, [(byte)'{', .. new byte[999]]);
        RefusedWithin(() => new NonSeekableStream(new MemoryStream(bytes)), AllocationBound, "byte 1008", "1000 bytes into the header", "90000000");
    }

    [Fact]
    public void HeaderLengthJustAboveTheLimit_IsRefused_EvenWhenTheFileHoldsIt()
    {
        byte[] prefix = RawFile(100_000_001, [(byte)'{', (byte)'}']);
        RefusedWithin(() => new SparseStream(prefix, 8 + 100_000_001, (byte)' '), AllocationBound, "byte 0", "100000001", "100000000");
    }

    [Fact]
    public void HeaderOfExactlyTheLimit_IsRead()
    {
        // {} and 99,999,998 spaces: the reference's largest accepted header.
        byte[] prefix = RawFile(100_000_000, [(byte)'{', (byte)'}']);
        SafetensorsFile file = SafetensorsReader.Read(new SparseStream(prefix, 8 + 100_000_000, (byte)' '));
        file.Tensors.Should().BeEmpty();
    }

    // ---------------------------------------------------------------- the header's text

    [Fact]
    public void EmptyHeader() => Refused(RawFile(0), "byte 8", "empty");

    [Theory]
    [InlineData("[]      ", "0x5B")]
    [InlineData(" {}     ", "0x20")]
    [InlineData("\uFEFF{}  ", "0xEF")]
    [InlineData("null    ", "0x6E")]
    public void HeaderThatIsNotAJsonObject(string header, string found) =>
        Refused(RawFile((ulong)Encoding.UTF8.GetByteCount(header), Encoding.UTF8.GetBytes(header)), "byte 8", found, "'{'");

    [Fact]
    public void InvalidUtf8_NamesTheByte()
    {
        byte[] header = [.. "{\"ab"u8, 0xC3, 0x28, .. "\":{}}"u8];
        Refused(RawFile((ulong)header.Length, header), "byte 12", "UTF-8", "0xC3");
    }

    [Fact]
    public void TruncatedUtf8AtTheEndOfTheHeader_NamesTheByte()
    {
        byte[] header = [.. "{\"a\":{}} "u8, 0xE2, 0x82];
        Refused(RawFile((ulong)header.Length, header), "byte 17", "UTF-8", "0xE2");
    }

    [Theory]
    [InlineData("{\"a\":}", "byte 13")]
    [InlineData("{\"a\":{},}", "byte 16")]
    [InlineData("{} x", "byte 11")]
    [InlineData("{\"a\":1 // c\n}", "byte 15")]
    [InlineData("{\n\"a\":\n   x}", "byte 18")]
    public void InvalidJson_NamesTheByte(string header, string location) =>
        Refused(RawFile((ulong)header.Length, Encoding.ASCII.GetBytes(header)), location, "not valid JSON");

    [Fact]
    public void NestingDeeperThanTheFormatNeeds_IsRefused()
    {
        string deep = "{\"a\":{\"dtype\":\"F32\",\"shape\":[[2]],\"data_offsets\":[0,8]}}";
        Refused(File(deep, F32(1, 2)), "byte 37", "not valid JSON", "depth");
    }

    [Fact]
    public void VeryDeepNesting_IsRefusedWithoutRecursing()
    {
        string deep = "{\"a\":" + new string('[', 100_000) + new string(']', 100_000) + "}";
        Refused(File(deep, []), "byte 15", "not valid JSON", "depth");
    }

    // ---------------------------------------------------------------- entries

    [Theory]
    [InlineData("{\"a\":[1]}", "header[\"a\"]", "an array [1]")]
    [InlineData("{\"a\":\"F32\"}", "header[\"a\"]", "the string \"F32\"")]
    [InlineData("{\"a\":null}", "header[\"a\"]", "null")]
    [InlineData("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", "header[\"a\"]", "\"dtype\" is missing")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", "header[\"a\"]", "\"shape\" is missing")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", "header[\"a\"]", "\"data_offsets\" is missing")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"extra\":1}}", "header[\"a\"][\"extra\"]", "unexpected field")]
    [InlineData("{\"a\":{\"dtype\":32,\"shape\":[2],\"data_offsets\":[0,8]}}", "header[\"a\"].dtype", "the number 32")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,8]}}", "header[\"a\"].shape", "the string \"2\"")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":{},\"data_offsets\":[0,8]}}", "header[\"a\"].shape", "an object")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]}}", "header[\"a\"].data_offsets", "two byte offsets", "[8]")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,8]}}", "header[\"a\"].data_offsets", "[0,8,8]")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":\"0,8\"}}", "header[\"a\"].data_offsets", "the string \"0,8\"")]
    public void EntryOfTheWrongForm_NamesTheEntryAndWhatWasFound(string header, string location, params string[] fragments) =>
        Refused(File(header, F32(1, 2)), location, fragments);

    [Theory]
    [InlineData("I64")]
    [InlineData("f32")]
    [InlineData("F8_E4M3")]
    [InlineData("")]
    public void UnsupportedDType_NamesTheTensorAndTheDType(string dtype) =>
        Refused(File("{\"a\":{\"dtype\":\"" + dtype + "\",\"shape\":[2],\"data_offsets\":[0,8]}}", F32(1, 2)),
            "header[\"a\"].dtype", "dtype \"" + dtype + "\" of tensor \"a\"", "F64, F32, F16 or BF16");

    [Theory]
    [InlineData("[-1]", "header[\"a\"].shape[0]", "the number -1")]
    [InlineData("[2, -0]", "header[\"a\"].shape[1]", "the number -0")]
    [InlineData("[2.5]", "header[\"a\"].shape[0]", "the number 2.5")]
    [InlineData("[2.0]", "header[\"a\"].shape[0]", "the number 2.0")]
    [InlineData("[1e1]", "header[\"a\"].shape[0]", "the number 1e1")]
    [InlineData("[\"2\"]", "header[\"a\"].shape[0]", "the string \"2\"")]
    [InlineData("[18446744073709551616]", "header[\"a\"].shape[0]", "18446744073709551616")]
    [InlineData("[9223372036854775808]", "header[\"a\"].shape[0]", "9223372036854775808 is too large")]
    public void ShapeEntryThatIsNotANonNegativeInteger(string shape, string location, string found) =>
        Refused(File("{\"a\":{\"dtype\":\"F32\",\"shape\":" + shape + ",\"data_offsets\":[0,8]}}", F32(1, 2)), location, found, "non-negative integer");

    [Theory]
    [InlineData("[4294967296,4294967296]", "F32")]
    [InlineData("[4294967296,4294967296,0]", "F32")]
    [InlineData("[4611686018427387904,2]", "F16")]
    public void ShapeWhoseElementCountOverflows(string shape, string dtype) =>
        Refused(File("{\"a\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[0,8]}}", F32(1, 2)),
            "header[\"a\"].shape", shape, "overflows 64 bits");

    [Fact]
    public void ShapeWhoseByteSizeOverflows() =>
        Refused(File("{\"a\":{\"dtype\":\"F64\",\"shape\":[2305843009213693952],\"data_offsets\":[0,8]}}", F32(1, 2)),
            "header[\"a\"].shape", "byte size", "overflows 64 bits");

    [Theory]
    [InlineData("[8,0]", "[8, 0] begins after it ends")]
    [InlineData("[0,12]", "holds 12 bytes", "[2] of F32 needs 2 × 4 = 8 bytes")]
    [InlineData("[0,4]", "holds 4 bytes", "8 bytes")]
    [InlineData("[-8,0]", "the number -8")]
    public void OffsetsThatDoNotFitTheShape(string offsets, params string[] fragments) =>
        Refused(File("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":" + offsets + "}}", F32(1, 2, 3)),
            offsets.StartsWith("[-", StringComparison.Ordinal) ? "header[\"a\"].data_offsets[0]" : "header[\"a\"].data_offsets", fragments);

    [Fact]
    public void OverlappingTensors_NameBoth()
    {
        string header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        Refused(File(header, F32(1, 2, 3)), "header[\"b\"].data_offsets", "[4, 12] overlaps tensor \"a\" at [0, 8]");
    }

    [Fact]
    public void TheSameRangeTwice_IsAnOverlap()
    {
        string header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        Refused(File(header, F32(1, 2)), "header[\"b\"].data_offsets", "overlaps tensor \"a\"");
    }

    [Fact]
    public void AHoleBetweenTensors_NamesTheBytesThatBelongToNoTensor()
    {
        string header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}";
        Refused(File(header, F32(1, 2, 3, 4)), "header[\"b\"].data_offsets", "tensor \"a\"", "ends at 8", "bytes 8 to 12");
    }

    [Fact]
    public void DataThatDoesNotStartAtZero_IsAHole() =>
        Refused(File("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", F32(1, 2)), "header[\"a\"].data_offsets", "bytes 0 to 4");

    [Fact]
    public void RepeatedTensorName_IsRefused()
    {
        string header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        Refused(File(header, F32(1, 2)), "header[\"a\"]", "more than once");
    }

    [Fact]
    public void RepeatedTensorName_WrittenWithAnEscape_IsRefused()
    {
        string header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"\\u0061\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        Refused(File(header, F32(1, 2)), "header[\"a\"]", "more than once");
    }

    [Fact]
    public void RepeatedFieldInAnEntry_IsRefused() =>
        Refused(File("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}", F32(1, 2)), "header[\"a\"].dtype", "more than once");

    [Theory]
    [InlineData("{\"__metadata__\":[\"x\"]}", "header[\"__metadata__\"]", "an array")]
    [InlineData("{\"__metadata__\":{\"k\":1}}", "header[\"__metadata__\"][\"k\"]", "the number 1")]
    [InlineData("{\"__metadata__\":{\"k\":{\"x\":\"y\"}}}", "header[\"__metadata__\"][\"k\"]", "an object")]
    [InlineData("{\"__metadata__\":{\"k\":\"a\",\"k\":\"b\"}}", "header[\"__metadata__\"][\"k\"]", "more than once")]
    [InlineData("{\"__metadata__\":{},\"__metadata__\":{}}", "header[\"__metadata__\"]", "more than once")]
    public void BadMetadata(string header, string location, string fragment) =>
        Refused(File(header, []), location, fragment);

    [Fact]
    public void LongHostileNames_AreCutInMessages()
    {
        string name = new('n', 10_000);
        ModelFormatException e = Refused(File("{\"" + name + "\":1}", []), "header[\"" + new string('n', 60) + "\"… (10000 characters)]");
        e.Message.Length.Should().BeLessThan(400);
    }

    // ---------------------------------------------------------------- the data area

    [Fact]
    public void TruncatedDataArea_NamesTheByteAndTheTensorCut()
    {
        string header = A.Replace("[2]", "[1]", StringComparison.Ordinal).Replace("[0,8]", "[0,4]", StringComparison.Ordinal)
            .Replace("}}", "},\"b\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[4,20]}}", StringComparison.Ordinal);
        byte[] full = File(header, [.. F32(1), .. F64(2, 3)]);
        byte[] cut = full[..^6];
        int dataStart = full.Length - 20;

        Refused(cut, FormattableString.Invariant($"byte {dataStart + 14}"), "ends 14 bytes into the data area", "20 bytes long", "tensor \"b\"");
        Refused(() => SafetensorsReader.Read(new NonSeekableStream(new MemoryStream(cut))),
            FormattableString.Invariant($"byte {dataStart + 14}"), "ends 14 bytes into the data area", "tensor \"b\"");
    }

    [Fact]
    public void BytesAfterTheLastTensor_AreRefused()
    {
        byte[] bytes = File(A, F32(1, 2, 3));
        int end = bytes.Length - 4;
        Refused(bytes, FormattableString.Invariant($"byte {end}"), "4 more bytes follow", "8 bytes");
        Refused(() => SafetensorsReader.Read(new NonSeekableStream(new MemoryStream(bytes))), FormattableString.Invariant($"byte {end}"), "more bytes follow");
    }

    [Fact]
    public void HugeDataOffsets_InASmallFile_AreRefused_WithoutAllocatingThem()
    {
        // 2^37 doubles = 2^40 bytes (1 TB) claimed, 16 bytes there.
        byte[] bytes = File("{\"a\":{\"dtype\":\"F64\",\"shape\":[137438953472],\"data_offsets\":[0,1099511627776]}}", F64(1, 2));
        int dataStart = bytes.Length - 16;
        RefusedWithin(() => new MemoryStream(bytes), AllocationBound, FormattableString.Invariant($"byte {bytes.Length}"), "ends 16 bytes into the data area", "1099511627776");
    }

    [Fact]
    public void LargeDataOffsets_InANonSeekableStreamThatEndsEarly_AllocateOnlyWhatArrives()
    {
        // 1 GB claimed (within what could be held), 16 bytes there.
        byte[] bytes = File("{\"a\":{\"dtype\":\"F64\",\"shape\":[134217728],\"data_offsets\":[0,1073741824]}}", F64(1, 2));
        RefusedWithin(() => new NonSeekableStream(new MemoryStream(bytes)), AllocationBound, FormattableString.Invariant($"byte {bytes.Length}"),
            "ends 16 bytes into the data area", "1073741824");
    }

    [Fact]
    public void MessagesOfAFile_NameTheFile()
    {
        string dir = Directory.CreateTempSubdirectory("tinynets-safetensors-").FullName;
        try
        {
            string path = Path.Combine(dir, "bad.safetensors");
            System.IO.File.WriteAllBytes(path, File("{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", F64(1)));
            ModelFormatException e = FluentActions.Invoking(() => SafetensorsReader.Read(path)).Should().Throw<ModelFormatException>().Which;
            e.SourceName.Should().Be(path);
            e.Message.Should().StartWith(path + ", at header[\"a\"].dtype: ");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
