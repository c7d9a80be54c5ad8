using System.Collections;
using System.IO;
using System.Text;
using TinyNets.Serialization;
using TinyNets.Tests.Validation;
using static TinyNets.Tests.Serialization.SafetensorsTestSupport;

namespace TinyNets.Tests.Serialization;

/// <summary>
/// The safetensors reader, writer and state_dict loading at their edges: the limits of the header checks (a value
/// exactly at a bound is accepted, one past it refused), the places and texts of the messages (pinned whole), the
/// argument checks of every entry point, and memory that follows the bytes that arrive. Expected texts are the
/// specified messages; expected numbers come from the format (docs/safetensors.md), not from the reader's output.
/// </summary>
public class SafetensorsMutationTests
{
    private const long MaxLong = long.MaxValue;

    private static string Entry(string name, string dtype, string shape, string offsets) =>
        "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";

    /// <summary>Reads <paramref name="bytes"/> from a stream and expects the whole message <paramref name="message"/>.</summary>
    private static void RefusedWith(byte[] bytes, string location, string message)
    {
        ModelFormatException e = FluentActions.Invoking(() => Read(bytes)).Should().ThrowExactly<ModelFormatException>().Which;
        e.Location.Should().Be(location, "the message was: {0}", e.Message);
        e.Message.Should().Be("At " + location + ": " + message);
    }

    private static ArgumentException ArgumentRefused(Action act, string paramName, string message)
    {
        ArgumentException e = act.Should().ThrowExactly<ArgumentException>().Which;
        e.ParamName.Should().Be(paramName);
        e.Message.Should().Be(message + " (Parameter '" + paramName + "')");
        return e;
    }

    private static void NullRefused(Action act, string paramName) =>
        act.Should().ThrowExactly<ArgumentNullException>().Which.ParamName.Should().Be(paramName);

    private static long AllocatedBy(Action act)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        act();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    // ================================================================ SafetensorsHeader

    [Fact]
    public void ADimensionOfExactlyLongMaxValue_IsANumberTheHeaderHolds_AndItsByteSizeIsWhatOverflows()
    {
        // 2^63 − 1 is the largest non-negative integer the reader takes; its element count (×1) does not overflow,
        // its byte size as F16 (×2) does.
        RefusedWith(File("{" + Entry("a", "F16", "[9223372036854775807]", "[0,8]") + "}", F32(1, 2)), "header[\"a\"].shape",
            "the byte size of shape an array [9223372036854775807] of F16 overflows 64 bits.");
    }

    [Fact]
    public void AnEndOffsetOfExactlyLongMaxValue_IsReadAsANumber()
    {
        // [0, 2^63 − 1] is a range the header can state; it then disagrees with the shape's 8 bytes.
        RefusedWith(File("{" + Entry("a", "F32", "[2]", "[0,9223372036854775807]") + "}", F32(1, 2)), "header[\"a\"].data_offsets",
            "[0, 9223372036854775807] holds 9223372036854775807 bytes, but shape [2] of F32 needs 2 × 4 = 8 bytes.");
    }

    [Fact]
    public void ANegativeEndOffset_IsNamedAsTheSecondOffset() =>
        RefusedWith(File("{" + Entry("a", "F32", "[2]", "[0,-8]") + "}", F32(1, 2)), "header[\"a\"].data_offsets[1]",
            "a non-negative integer was expected; the number -8 was found.");

    [Fact]
    public void AByteSizeOfExactlyLongMaxValueRoundedDownToTheDType_DoesNotOverflow()
    {
        // (2^63 − 1) div 8 = 1152921504606846975 doubles need 9223372036854775800 bytes: no overflow, only a mismatch.
        RefusedWith(File("{" + Entry("a", "F64", "[1152921504606846975]", "[0,8]") + "}", F64(1)), "header[\"a\"].data_offsets",
            "[0, 8] holds 8 bytes, but shape [1152921504606846975] of F64 needs 1152921504606846975 × 8 = 9223372036854775800 bytes.");
    }

    [Fact]
    public void ARangeThatDoesNotBeginAtZero_HoldsEndMinusBeginBytes() =>
        RefusedWith(File("{" + Entry("a", "F32", "[1]", "[4,12]") + "}", F32(1, 2, 3)), "header[\"a\"].data_offsets",
            "[4, 12] holds 8 bytes, but shape [1] of F32 needs 1 × 4 = 4 bytes.");

    [Fact]
    public void AHoleAfterAnEmptyTensor_NamesTheTensorWhoseDataEndsThere()
    {
        // "a" holds bytes 0 to 8; "z" (shape [0]) is the empty range [8, 8]; "b" begins at 12. The data before the hole
        // is "a"'s: an empty tensor ends nothing.
        string header = "{" + Entry("a", "F32", "[2]", "[0,8]") + "," + Entry("z", "F32", "[0]", "[8,8]") + "," + Entry("b", "F32", "[1]", "[12,16]") + "}";
        RefusedWith(File(header, F32(1, 2, 3, 4)), "header[\"b\"].data_offsets",
            "[12, 16] begins at 12, but the data before it (tensor \"a\") ends at 8: bytes 8 to 12 of the data area belong to no tensor.");
    }

    [Fact]
    public void AnEmptyTensorBetweenOthers_IsRead()
    {
        string header = "{" + Entry("a", "F32", "[2]", "[0,8]") + "," + Entry("z", "F32", "[0]", "[8,8]") + "," + Entry("b", "F32", "[1]", "[8,12]") + "}";
        SafetensorsFile file = Read(File(header, F32(1, 2, 3)));
        file.Tensors.Select(t => t.Name).Should().Equal("a", "z", "b");
        Values(file["z"]).Should().BeEmpty();
        Values(file["b"]).Should().Equal(3);
    }

    [Fact]
    public void AFoundValueLongerThan60Characters_IsCutInTheMessage()
    {
        // The string "xx…x" of 100 characters (with its quotes): its first 60 characters, then "…".
        string value = "\"" + new string('x', 98) + "\"";
        RefusedWith(File("{\"a\":{\"dtype\":\"F32\",\"shape\":" + value + ",\"data_offsets\":[0,8]}}", F32(1, 2)), "header[\"a\"].shape",
            "an array of dimensions was expected; the string \"" + new string('x', 59) + "… was found.");
    }

    [Fact]
    public void AFoundValueOfExactly60Characters_IsShownWhole()
    {
        string value = "\"" + new string('x', 58) + "\"";
        value.Length.Should().Be(60);
        RefusedWith(File("{\"a\":{\"dtype\":\"F32\",\"shape\":" + value + ",\"data_offsets\":[0,8]}}", F32(1, 2)), "header[\"a\"].shape",
            "an array of dimensions was expected; the string " + value + " was found.");
    }

    [Fact]
    public void InvalidJsonOnAnEarlyLine_NamesTheByteOnThatLine_NotOnALaterOne()
    {
        // "{\n x\n}": the 'x' is byte 3 of the header (line 1, position 1), so byte 8 + 3 of the file; later lines
        // must not move it.
        byte[] header = Encoding.ASCII.GetBytes("{\n x\n}\n\n");
        ModelFormatException e = FluentActions.Invoking(() => Read(RawFile((ulong)header.Length, header))).Should().ThrowExactly<ModelFormatException>().Which;
        e.Location.Should().Be("byte 11");
        e.Message.Should().StartWith("At byte 11: the header is not valid JSON of at most 3 levels of nesting: ");
    }

    // ================================================================ SafetensorsReader

    [Fact]
    public void Read_OfAnEmptyPath_IsRefusedNamingThePath() =>
        ArgumentRefused(() => SafetensorsReader.Read(""), "path", "The value cannot be an empty string.");

    [Fact]
    public void Read_OfANullStream_IsRefusedNamingTheStream() =>
        NullRefused(() => SafetensorsReader.Read((Stream)null!), "stream");

    [Fact]
    public void Read_OfAStreamThatCannotBeRead_IsRefusedWithItsMessage()
    {
        var stream = new MemoryStream(F32(1));
        stream.Dispose();
        stream.CanRead.Should().BeFalse();
        ArgumentRefused(() => SafetensorsReader.Read(stream), "stream", "The stream cannot be read; a readable stream was expected.");
    }

    [Fact]
    public void ASeekableStream_WithALargeHeader_AllocatesTheHeaderOnce()
    {
        // A 3 MB header ({} and spaces): its length is known, so it is read into one array of that length; growing a
        // 64 kB buffer by doubling would allocate 64 kB + 128 kB + … + 2 MB + 3 MB, about 2.3 times the header.
        const int n = 3 << 20;
        byte[] bytes = File("{}" + new string(' ', n - 2), [], pad: false);
        Read(File("{}", [])); // the code paths run once before measuring

        long allocated = AllocatedBy(() => Read(bytes).Tensors.Should().BeEmpty());

        allocated.Should().BeLessThan(n * 3L / 2, "the header's bytes are allocated once (JsonDocument's table adds at most 1 MB)");
    }

    [Fact]
    public void ASeekableStream_WithALargeDataArea_AllocatesTheDataOnce()
    {
        // 3 MB of F64 data: the byte array and the decoded doubles, each once (2 × 3 MB); growing a 64 kB buffer by
        // doubling would add about 4 MB more.
        const int n = 3 << 20;
        double[] values = Enumerable.Range(0, n / 8).Select(i => i * 0.5).ToArray();
        byte[] bytes = File("{" + Entry("a", "F64", FormattableString.Invariant($"[{n / 8}]"), FormattableString.Invariant($"[0,{n}]")) + "}", F64(values));
        Read(File("{" + Entry("a", "F64", "[1]", "[0,8]") + "}", F64(1)));

        double last = 0;
        long allocated = AllocatedBy(() => last = Read(bytes)["a"].Values.Span[^1]);

        last.Should().Be(((n / 8) - 1) * 0.5);
        allocated.Should().BeLessThan(n * 5L / 2, "the data are allocated once and decoded once");
    }

    [Fact]
    public void ANonSeekableStreamThatDeliversInSmallPieces_AllocatesOnlyWhatArrives()
    {
        // 90 MB of header claimed, 200,000 bytes there, delivered 4,096 at a time: the buffer may double only when full
        // (64 kB → 128 kB → 256 kB), not at every piece.
        byte[] bytes = RawFile(90_000_000, [(byte)'{', .. new byte[199_999]]);
        using var stream = new NonSeekableStream(new MemoryStream(bytes));
        ModelFormatException? e = null;

        long allocated = AllocatedBy(() => e = FluentActions.Invoking(() => SafetensorsReader.Read(stream)).Should().ThrowExactly<ModelFormatException>().Which);

        e!.Message.Should().Be("At byte 200008: the file ends 200000 bytes into the header; its length field says 90000000 bytes.");
        allocated.Should().BeLessThan(4_000_000);
    }

    [Fact]
    public void ANonSeekableStream_WithAHeaderAndDataBeyondTheFirstChunk_IsReadWhole()
    {
        // Header and data both longer than the 64 kB first buffer, and not a power-of-two multiple of it, so that the
        // buffer must grow, to exactly the length, more than once.
        string longValue = new('m', 100_000);
        double[] values = Enumerable.Range(0, 10_000).Select(i => (i * 0.25) - 7).ToArray();
        byte[] bytes = Write(new SafetensorsFile([new SafetensorsTensor("w", [100, 100], values)], new Dictionary<string, string> { ["note"] = longValue }),
            SafetensorsDType.F64);
        (bytes.Length - 80_000 - 8).Should().BeGreaterThan(100_000);

        SafetensorsFile file = SafetensorsReader.Read(new NonSeekableStream(new MemoryStream(bytes)));

        file.Metadata.Should().Equal(new Dictionary<string, string> { ["note"] = longValue });
        Bits(Values(file["w"])).Should().Equal(Bits(values));
    }

    [Fact]
    public void DataCutExactlyWhereATensorEnds_NamesTheNextTensorAsCut()
    {
        // "a" holds bytes 0 to 4 and is all there; "b" (4 to 20) is the one cut.
        string header = "{" + Entry("a", "F32", "[1]", "[0,4]") + "," + Entry("b", "F64", "[2]", "[4,20]") + "}";
        byte[] full = File(header, [.. F32(1), .. F64(2, 3)]);
        int dataStart = full.Length - 20;
        RefusedWith(full[..(dataStart + 4)], FormattableString.Invariant($"byte {dataStart + 4}"),
            "the file ends 4 bytes into the data area, which the header says is 20 bytes long; the data of tensor \"b\" (bytes 4 to 20 of the data area) is cut.");
    }

    [Fact]
    public void DataCutInTheFirstOfThreeTensors_NamesTheFirst()
    {
        string header = "{" + Entry("a", "F64", "[1]", "[0,8]") + "," + Entry("b", "F64", "[1]", "[8,16]") + "," + Entry("c", "F64", "[1]", "[16,24]") + "}";
        byte[] full = File(header, F64(1, 2, 3));
        int dataStart = full.Length - 24;
        RefusedWith(full[..(dataStart + 4)], FormattableString.Invariant($"byte {dataStart + 4}"),
            "the file ends 4 bytes into the data area, which the header says is 24 bytes long; the data of tensor \"a\" (bytes 0 to 8 of the data area) is cut.");
    }

    // ================================================================ SafetensorsSequentialExtensions

    [Fact]
    public void EveryEntryPoint_RefusesANullNetworkOrStateDict_BeforeTouchingAnythingElse()
    {
        var file = new SafetensorsFile([new SafetensorsTensor("0.bias", [1], [1.0])]);
        NullRefused(() => SafetensorsSequentialExtensions.ToSafetensors(null!), "network");
        NullRefused(() => SafetensorsSequentialExtensions.LoadSafetensors(null!, Path.Combine(Path.GetTempPath(), "no-such-file.safetensors")), "network");
        NullRefused(() => SafetensorsSequentialExtensions.LoadSafetensors(null!, new MemoryStream()), "network");
        NullRefused(() => SafetensorsSequentialExtensions.LoadStateDict(null!, file), "network");
        NullRefused(() => new Sequential(new Linear(1, 1)).LoadStateDict(null!), "stateDict");
    }

    [Fact]
    public void ATensorOfTheWrongShape_IsReportedOnlyAsASizeMismatch_EvenWhenItHoldsNaN()
    {
        var net = new Sequential(new Linear(2, 3));
        NetworkSnapshot before = NetworkSnapshot.Take(net);
        var file = new SafetensorsFile(
        [
            new SafetensorsTensor("0.weight", [2, 3], [1.0, double.NaN, 3.0, 4.0, 5.0, 6.0]),
            new SafetensorsTensor("0.bias", [3], [1.0, 2.0, 3.0]),
        ]);

        ModelFormatException e = FluentActions.Invoking(() => net.LoadStateDict(file)).Should().ThrowExactly<ModelFormatException>().Which;

        e.Message.Should().Be("At header: Error(s) in loading state_dict for Sequential:\n"
            + "\tsize mismatch for 0.weight: copying a param with shape [2, 3] from checkpoint, the shape in current model is [3, 2].");
        before.AssertUnchanged();
    }

    [Fact]
    public void ANonFiniteFirstEntry_IsRefused()
    {
        var net = new Sequential(new Linear(2, 3));
        NetworkSnapshot before = NetworkSnapshot.Take(net);
        var file = new SafetensorsFile(
        [
            new SafetensorsTensor("0.weight", [3, 2], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
            new SafetensorsTensor("0.bias", [3], [double.NaN, 2.0, 3.0]),
        ]);

        ModelFormatException e = FluentActions.Invoking(() => net.LoadStateDict(file)).Should().ThrowExactly<ModelFormatException>().Which;

        e.Message.Should().Be("At header: Error(s) in loading state_dict for Sequential:\n"
            + "\tnon-finite value in 0.bias: entry [0] is NaN; the network accepts only finite parameters.");
        before.AssertUnchanged();
    }

    [Fact]
    public void Strict_MissingKeysAlone_AreAnError_ListingOnlyThem()
    {
        var net = new Sequential(new Linear(2, 3));
        NetworkSnapshot before = NetworkSnapshot.Take(net);
        var file = new SafetensorsFile([new SafetensorsTensor("0.weight", [3, 2], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0])]);

        ModelFormatException e = FluentActions.Invoking(() => net.LoadStateDict(file)).Should().ThrowExactly<ModelFormatException>().Which;

        e.Message.Should().Be("At header: Error(s) in loading state_dict for Sequential:\n"
            + "\tMissing key(s) in state_dict: \"0.bias\".");
        before.AssertUnchanged();
    }

    [Fact]
    public void Strict_UnexpectedKeysAlone_AreAnError_ListingOnlyThem()
    {
        var net = new Sequential(new Linear(2, 3));
        NetworkSnapshot before = NetworkSnapshot.Take(net);
        var file = new SafetensorsFile(
        [
            new SafetensorsTensor("0.weight", [3, 2], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
            new SafetensorsTensor("0.bias", [3], [1.0, 2.0, 3.0]),
            new SafetensorsTensor("x", [], [1.0]),
            new SafetensorsTensor("y\"", [1], [1.0]),
        ]);

        ModelFormatException e = FluentActions.Invoking(() => net.LoadStateDict(file)).Should().ThrowExactly<ModelFormatException>().Which;

        e.Message.Should().Be("At header: Error(s) in loading state_dict for Sequential:\n"
            + "\tUnexpected key(s) in state_dict: \"x\", \"y\\\"\".");
        before.AssertUnchanged();
    }

    // ================================================================ SafetensorsTensor

    [Fact]
    public void Tensor_RefusesNullArguments_NamingThem()
    {
        NullRefused(() => _ = new SafetensorsTensor(null!, [1], [1.0]), "name");
        NullRefused(() => _ = new SafetensorsTensor("a", null!, [1.0]), "shape");
    }

    [Fact]
    public void Tensor_RefusesANameWithALoneSurrogate_WithItsMessage() =>
        ArgumentRefused(() => _ = new SafetensorsTensor("k\uDC00x", [1], [1.0]), "name",
            "The tensor name \"k\uDC00x\" has a lone surrogate at index 1; valid Unicode text was expected.");

    [Fact]
    public void Tensor_RefusesTheMetadataKeyAsAName_WithItsMessage() =>
        ArgumentRefused(() => _ = new SafetensorsTensor("__metadata__", [1], [1.0]), "name",
            "\"__metadata__\" names the file's metadata; a tensor cannot have that name.");

    [Fact]
    public void Tensor_AcceptsAZeroDimension()
    {
        var t = new SafetensorsTensor("a", [2, 0], []);
        t.Shape.Should().Equal(2L, 0L);
        t.Values.Length.Should().Be(0);
    }

    [Fact]
    public void Tensor_ADimensionOfLongMaxValue_DoesNotOverflow_ButNeedsThatManyValues() =>
        ArgumentRefused(() => _ = new SafetensorsTensor("a", [MaxLong], []), "values",
            "Shape [9223372036854775807] of tensor \"a\" holds 9223372036854775807 values; 0 were given.");

    [Fact]
    public void Tensor_ToString_GivesTheQuotedName_TheDType_AndTheShape()
    {
        new SafetensorsTensor("0.weight", [3, 2], new double[6]).ToString().Should().Be("\"0.weight\" F64 [3, 2]");
        Read(File("{" + Entry("b", "BF16", "[2]", "[0,4]") + "}", Bits16(0, 0)))["b"].ToString().Should().Be("\"b\" BF16 [2]");
    }

    [Fact]
    public void NamesInMessages_EscapeQuotesBackslashesAndControlCharacters_ButNotSpaces()
    {
        var file = new SafetensorsFile([new SafetensorsTensor("a", [1], [1.0])]);
        FluentActions.Invoking(() => file["q\"b\\c d\u0001"]).Should().ThrowExactly<KeyNotFoundException>()
            .Which.Message.Should().Be("No tensor is named \"q\\\"b\\\\c d\\u0001\"; there are \"a\".");
    }

    [Fact]
    public void NamesInMessages_OfExactly60Characters_AreShownWhole_AndLongerOnesCut()
    {
        var file = new SafetensorsFile([]);
        string sixty = new('n', 60);
        FluentActions.Invoking(() => file[sixty]).Should().ThrowExactly<KeyNotFoundException>()
            .Which.Message.Should().Be("No tensor is named \"" + sixty + "\"; there are none.");
        FluentActions.Invoking(() => file[sixty + "n"]).Should().ThrowExactly<KeyNotFoundException>()
            .Which.Message.Should().Be("No tensor is named \"" + sixty + "\"… (61 characters); there are none.");
    }

    // ================================================================ SafetensorsFile

    [Fact]
    public void File_RefusesNullTensors_NamingThem()
    {
        NullRefused(() => _ = new SafetensorsFile(null!), "tensors");
        ArgumentRefused(() => _ = new SafetensorsFile([new SafetensorsTensor("a", [1], [1.0]), null!]), "tensors", "Tensor 1 is null.");
    }

    [Fact]
    public void File_RefusesNullMetadataKeysAndValues_WithTheirMessage()
    {
        ArgumentRefused(() => _ = new SafetensorsFile([], new PairsMetadata(new KeyValuePair<string, string>(null!, "v"))), "metadata",
            "Metadata entry \"(null)\" has a null key or value; strings were expected.");
        ArgumentRefused(() => _ = new SafetensorsFile([], new PairsMetadata(new KeyValuePair<string, string>("k", null!))), "metadata",
            "Metadata entry \"k\" has a null key or value; strings were expected.");
    }

    [Fact]
    public void File_RefusesMetadataKeysAndValuesWithALoneSurrogate_SayingWhich()
    {
        ArgumentRefused(() => _ = new SafetensorsFile([], new Dictionary<string, string> { ["k\uD800x"] = "v" }), "metadata",
            "The metadata key \"k\uD800x\" has a lone surrogate at index 1; valid Unicode text was expected.");
        ArgumentRefused(() => _ = new SafetensorsFile([], new Dictionary<string, string> { ["k"] = "\uDC00" }), "metadata",
            "The metadata value \"\uDC00\" has a lone surrogate at index 0; valid Unicode text was expected.");
    }

    [Fact]
    public void File_WithoutTensors_SaysThereAreNone() =>
        FluentActions.Invoking(() => new SafetensorsFile([])["x"]).Should().ThrowExactly<KeyNotFoundException>()
            .Which.Message.Should().Be("No tensor is named \"x\"; there are none.");

    // ================================================================ SafetensorsWriter

    [Fact]
    public void Write_ChecksThePathFirst()
    {
        // An empty path is the first thing refused, even with a dtype that would be refused next.
        var file = new SafetensorsFile([new SafetensorsTensor("a", [1], [1.0])]);
        ArgumentRefused(() => SafetensorsWriter.Write("", file, SafetensorsDType.F16), "path", "The value cannot be an empty string.");
    }

    [Fact]
    public void Write_RefusesNullArguments_NamingThem()
    {
        var file = new SafetensorsFile([new SafetensorsTensor("a", [1], [1.0])]);
        NullRefused(() => SafetensorsWriter.Write((Stream)null!, file, SafetensorsDType.F64), "stream");
        NullRefused(() => SafetensorsWriter.Write(new MemoryStream(), null!, SafetensorsDType.F64), "content");
    }

    [Fact]
    public void Write_ToAStreamThatCannotBeWritten_IsRefusedWithItsMessage()
    {
        var file = new SafetensorsFile([new SafetensorsTensor("a", [1], [1.0])]);
        ArgumentRefused(() => SafetensorsWriter.Write(new MemoryStream(new byte[64], writable: false), file, SafetensorsDType.F64), "stream",
            "The stream cannot be written; a writable stream was expected.");
    }

    [Fact]
    public void Write_OfAnUnsupportedDType_IsRefusedWithItsMessage()
    {
        var file = new SafetensorsFile([new SafetensorsTensor("a", [1], [1.0])]);
        using var stream = new MemoryStream();
        ArgumentRefused(() => SafetensorsWriter.Write(stream, file, SafetensorsDType.BF16), "dtype", "Writing dtype BF16 is not supported; F64 or F32 was expected.");
        stream.Length.Should().Be(0);
    }

    [Fact]
    public void RepeatedWrites_ReuseTheirChunkBuffer()
    {
        // Each write borrows a 64 kB chunk (8192 doubles) from the shared pool and gives it back; 50 writes that kept
        // their chunk would allocate 50 × 64 kB.
        var file = new SafetensorsFile([new SafetensorsTensor("a", [2], [1.0, 2.0])]);
        var stream = new MemoryStream(1 << 16);
        SafetensorsWriter.Write(stream, file, SafetensorsDType.F64);

        long allocated = AllocatedBy(() =>
        {
            for (int i = 0; i < 50; i++)
            {
                stream.Position = 0;
                SafetensorsWriter.Write(stream, file, SafetensorsDType.F64);
            }
        });

        allocated.Should().BeLessThan(50 * 16_384, "each write needs a few small objects, not a new 64 kB chunk");
    }

    // ================================================================ SafetensorsDTypes

    [Fact]
    public void DTypeSize_OfAValueOutsideTheEnum_IsRefusedWithItsMessage()
    {
        ArgumentOutOfRangeException e = FluentActions.Invoking(() => SafetensorsDTypes.Size((SafetensorsDType)99))
            .Should().ThrowExactly<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("dtype");
        e.ActualValue.Should().Be((SafetensorsDType)99);
        e.Message.Should().Be("Not a safetensors dtype. (Parameter 'dtype')" + Environment.NewLine + "Actual value was 99.");
    }

    /// <summary>Metadata as a plain list of pairs, which (unlike a dictionary) can hold a null key.</summary>
    private sealed class PairsMetadata(params KeyValuePair<string, string>[] pairs) : IReadOnlyDictionary<string, string>
    {
        public int Count => pairs.Length;

        public IEnumerable<string> Keys => pairs.Select(p => p.Key);

        public IEnumerable<string> Values => pairs.Select(p => p.Value);

        public string this[string key] => pairs.First(p => p.Key == key).Value;

        public bool ContainsKey(string key) => pairs.Any(p => p.Key == key);

        public bool TryGetValue(string key, out string value)
        {
            value = pairs.FirstOrDefault(p => p.Key == key).Value!;
            return ContainsKey(key);
        }

        public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, string>>)pairs).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
