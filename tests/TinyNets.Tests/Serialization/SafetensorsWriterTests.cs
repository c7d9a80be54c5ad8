using System.Buffers.Binary;
using System.IO;
using System.Text;
using TinyNets.Serialization;
using static TinyNets.Tests.Serialization.SafetensorsTestSupport;

namespace TinyNets.Tests.Serialization;

/// <summary>
/// The writer against the format's specification: each expected file is built here byte by byte (length field,
/// header text, space padding to a multiple of 8, little-endian row-major data) and compared with what is written.
/// </summary>
public class SafetensorsWriterTests
{
    [Fact]
    public void F64_TwoTensors_AreWrittenByteForByteAsTheSpecificationLaysThemOut_InNameOrder()
    {
        var file = new SafetensorsFile(
        [
            new SafetensorsTensor("w", [2, 3], [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
            new SafetensorsTensor("bias", [2], [-0.5, 0.25]),
        ]);

        // "bias" sorts before "w", as in the reference writer. 115 bytes of JSON, padded with 5 spaces to 120;
        // the data follow at byte 128: the 2 doubles of "bias", then the 6 of "w" row by row.
        string header = "{\"bias\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},\"w\":{\"dtype\":\"F64\",\"shape\":[2,3],\"data_offsets\":[16,64]}}";
        header.Length.Should().Be(115);
        byte[] expected = new byte[8 + 120 + 64];
        BinaryPrimitives.WriteUInt64LittleEndian(expected, 120);
        Encoding.ASCII.GetBytes(header).CopyTo(expected, 8);
        expected.AsSpan(8 + 115, 5).Fill((byte)' ');
        double[] data = [-0.5, 0.25, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        for (int i = 0; i < data.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(expected.AsSpan(128 + (8 * i)), BitConverter.DoubleToInt64Bits(data[i]));
        }

        Write(file, SafetensorsDType.F64).Should().Equal(expected);
    }

    [Fact]
    public void TensorsAreOrderedByTheBytesOfTheirUtf8Names()
    {
        // Ordinal UTF-16 order would put U+10000 (a surrogate pair, 0xD800…) before U+E000; UTF-8 order puts it after
        // (0xF0… > 0xEE…). Digits sort as text: "10.bias" < "2.bias".
        string[] names = ["2.bias", "\U00010000", "10.bias", "\uE000", "B", "a"];
        var file = new SafetensorsFile(names.Select((n, i) => new SafetensorsTensor(n, [1], [i])));

        SafetensorsFile back = Read(Write(file, SafetensorsDType.F64));

        back.Tensors.Select(t => t.Name).Should().Equal("10.bias", "2.bias", "B", "a", "\uE000", "\U00010000");
        back.Tensors.Select(t => Values(t)[0]).Should().Equal(2, 0, 4, 5, 3, 1);
    }

    [Fact]
    public void F32_WithMetadata_WritesMetadataFirstInOrdinalKeyOrder_AndFloatBits()
    {
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["epoch"] = "12" };
        var file = new SafetensorsFile([new SafetensorsTensor("0.bias", [3], [0.1, 1.0 / 3.0, -2.0])], metadata);

        string header = "{\"__metadata__\":{\"epoch\":\"12\",\"format\":\"pt\"},\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]}}";
        // IEEE 754 binary32 nearest to 0.1 is 0x3DCCCCCD, to 1/3 is 0x3EAAAAAB; −2 is 0xC0000000.
        byte[] expected = File(header, F32Bits(0x3DCCCCCD, 0x3EAAAAAB, 0xC0000000));
        ((expected.Length - 12 - 8) % 8).Should().Be(0, "the header is padded to a multiple of 8");

        Write(file, SafetensorsDType.F32).Should().Equal(expected);
    }

    [Fact]
    public void NoTensors_IsAnEmptyObjectPaddedToEightBytes()
    {
        byte[] expected = [8, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'}', 32, 32, 32, 32, 32, 32];
        Write(new SafetensorsFile([]), SafetensorsDType.F64).Should().Equal(expected);
    }

    [Fact]
    public void HeaderOfAMultipleOfEight_GetsNoPadding()
    {
        // {"a":{"dtype":"F64","shape":[],"data_offsets":[0,8]}} is 53 characters; "abcd" makes it 56.
        string header = "{\"abcd\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]}}";
        header.Length.Should().Be(56);
        byte[] expected = File(header, F64(7.5));
        expected.Length.Should().Be(8 + 56 + 8);

        Write(new SafetensorsFile([new SafetensorsTensor("abcd", [], [7.5])]), SafetensorsDType.F64).Should().Equal(expected);
    }

    [Fact]
    public void NamesAreRawUtf8_WithOnlyJsonEscapes()
    {
        string header = "{\"poids.é\\\"x\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        byte[] expected = File(header, F64(1.0));

        Write(new SafetensorsFile([new SafetensorsTensor("poids.é\"x", [1], [1.0])]), SafetensorsDType.F64).Should().Equal(expected);
    }

    [Fact]
    public void F32_RoundsToNearestEven_AndKeepsInfinityAndNaN()
    {
        // Halfway between float.MaxValue and the next power of two rounds to +∞ (ties to even: MaxValue's mantissa is odd);
        // just below it rounds down to MaxValue (0x7F7FFFFF).
        double halfway = (double)float.MaxValue + Math.Pow(2, 103);
        double below = Math.BitDecrement(halfway);
        // 1 + 2^-24 is halfway between 1 and the next float: ties to even gives 1 (0x3F800000);
        // 1 + 3·2^-24 is halfway between 1 + 2^-23 and 1 + 2^-22: even is 1 + 2^-22 (0x3F800002).
        double[] values = [below, -below, 1 + Math.Pow(2, -24), 1 + (3 * Math.Pow(2, -24)), double.PositiveInfinity, double.NegativeInfinity];
        byte[] written = Write(new SafetensorsFile([new SafetensorsTensor("x", [6], values)]), SafetensorsDType.F32);

        string header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[6],\"data_offsets\":[0,24]}}";
        written.Should().Equal(File(header, F32Bits(0x7F7FFFFF, 0xFF7FFFFF, 0x3F800000, 0x3F800002, 0x7F800000, 0xFF800000)));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-1.0)]
    public void F32_AFiniteValueThatWouldOverflow_IsRefused_AndNothingIsWritten(double sign)
    {
        double halfway = sign * ((double)float.MaxValue + Math.Pow(2, 103));
        var file = new SafetensorsFile([new SafetensorsTensor("0.weight", [2, 2], [0.0, 1.0, halfway, 2.0])]);
        using var stream = new MemoryStream();

        ArgumentException e = FluentActions.Invoking(() => SafetensorsWriter.Write(stream, file, SafetensorsDType.F32))
            .Should().Throw<ArgumentException>().Which;

        e.ParamName.Should().Be("content");
        e.Message.Should().Contain("\"0.weight\"").And.Contain("[1, 0]").And.Contain("float32");
        stream.Length.Should().Be(0);
        Write(file, SafetensorsDType.F64).Length.Should().BeGreaterThan(0, "F64 holds the value");
    }

    [Theory]
    [InlineData(SafetensorsDType.F16)]
    [InlineData(SafetensorsDType.BF16)]
    [InlineData((SafetensorsDType)17)]
    public void DTypesOtherThanF64AndF32_AreRefusedForWriting(SafetensorsDType dtype)
    {
        using var stream = new MemoryStream();
        FluentActions.Invoking(() => SafetensorsWriter.Write(stream, new SafetensorsFile([]), dtype))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("dtype");
        stream.Length.Should().Be(0);
    }

    [Fact]
    public void WritingToAPath_WritesTheSameBytesAsToAStream_AndARefusedWriteDoesNotCreateTheFile()
    {
        var file = new SafetensorsFile([new SafetensorsTensor("a", [2], [1.5, -3.0])], new Dictionary<string, string> { ["k"] = "v" });
        string dir = Directory.CreateTempSubdirectory("tinynets-safetensors-").FullName;
        try
        {
            string path = Path.Combine(dir, "a.safetensors");
            SafetensorsWriter.Write(path, file, SafetensorsDType.F32);
            System.IO.File.ReadAllBytes(path).Should().Equal(Write(file, SafetensorsDType.F32));

            string refused = Path.Combine(dir, "refused.safetensors");
            var huge = new SafetensorsFile([new SafetensorsTensor("a", [1], [1e39])]);
            FluentActions.Invoking(() => SafetensorsWriter.Write(refused, huge, SafetensorsDType.F32)).Should().Throw<ArgumentException>();
            System.IO.File.Exists(refused).Should().BeFalse();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Tensor_RefusesAShapeThatDoesNotHoldTheValues_ANegativeDimension_AndTheMetadataName()
    {
        FluentActions.Invoking(() => new SafetensorsTensor("a", [2, 3], new double[5]))
            .Should().Throw<ArgumentException>().WithMessage("*[2, 3]*6*5*").Which.ParamName.Should().Be("values");
        FluentActions.Invoking(() => new SafetensorsTensor("a", [2, -3], new double[6]))
            .Should().Throw<ArgumentException>().WithMessage("*-3*").Which.ParamName.Should().Be("shape");
        FluentActions.Invoking(() => new SafetensorsTensor("a", [1L << 40, 1L << 40, 0], []))
            .Should().Throw<ArgumentException>().WithMessage("*overflows 64 bits*");
        FluentActions.Invoking(() => new SafetensorsTensor("__metadata__", [1], [1.0]))
            .Should().Throw<ArgumentException>().Which.ParamName.Should().Be("name");
        FluentActions.Invoking(() => new SafetensorsTensor("a\uD800", [1], [1.0]))
            .Should().Throw<ArgumentException>().WithMessage("*surrogate*");
    }

    [Fact]
    public void File_RefusesRepeatedNamesAndNullMetadataValues()
    {
        FluentActions.Invoking(() => new SafetensorsFile([new SafetensorsTensor("a", [1], [1.0]), new SafetensorsTensor("a", [1], [2.0])]))
            .Should().Throw<ArgumentException>().WithMessage("*\"a\"*more than one tensor*");
        FluentActions.Invoking(() => new SafetensorsFile([], new Dictionary<string, string> { ["k"] = null! }))
            .Should().Throw<ArgumentException>().WithMessage("*\"k\"*");
    }

    [Fact]
    public void Tensor_CopiesItsValues()
    {
        double[] values = [1.0, 2.0];
        var t = new SafetensorsTensor("a", [2], values);
        values[0] = 99.0;
        Values(t).Should().Equal(1.0, 2.0);
        t.DType.Should().Be(SafetensorsDType.F64);
    }
}
