using System.IO;
using TinyNets.Serialization;
using static TinyNets.Tests.Serialization.SafetensorsTestSupport;

namespace TinyNets.Tests.Serialization;

/// <summary>
/// Reading hand-built files of every supported dtype, with the exact doubles the IEEE 754 / bfloat16 bit patterns
/// stand for, and round trips through the writer.
/// </summary>
public class SafetensorsReaderTests
{
    [Fact]
    public void F64_IsReadBitForBit_InRowMajorOrder_WithItsShape()
    {
        double[] values = [-0.0, double.Epsilon, -double.MaxValue, 1.5, double.MaxValue, 2.2250738585072009E-308];
        byte[] bytes = File("{\"m\":{\"dtype\":\"F64\",\"shape\":[2,3],\"data_offsets\":[0,48]}}", F64(values));

        SafetensorsTensor t = Read(bytes)["m"];

        t.Name.Should().Be("m");
        t.DType.Should().Be(SafetensorsDType.F64);
        t.Shape.Should().Equal(2L, 3L);
        Bits(Values(t)).Should().Equal(Bits(values));
    }

    [Fact]
    public void F32_IsWidenedExactly()
    {
        // 0x3DCCCCCD = 13421773 · 2^-27; 0x00000001 = 2^-149 (the smallest subnormal); 0xC2F70000 = −123.5.
        byte[] bytes = File("{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", F32Bits(0x3DCCCCCD, 0x00000001, 0xC2F70000, 0x80000000));

        SafetensorsTensor t = Read(bytes)["x"];

        t.DType.Should().Be(SafetensorsDType.F32);
        Bits(Values(t)).Should().Equal(Bits([0.100000001490116119384765625, Math.Pow(2, -149), -123.5, -0.0]));
    }

    [Fact]
    public void F16_IsWidenedExactly_IncludingSubnormalsNegativesAndInfinities()
    {
        // 0x0001 = 2^-24 (smallest subnormal), 0x8400 = −2^-14 (smallest negative normal), 0x3555 = 1365/4096,
        // 0x7BFF = 65504 (largest), 0xC000 = −2, 0x7C00 = +∞, 0xFC00 = −∞, 0x3C00 = 1.
        byte[] bytes = File("{\"h\":{\"dtype\":\"F16\",\"shape\":[2,4],\"data_offsets\":[0,16]}}",
            Bits16(0x0001, 0x8400, 0x3555, 0x7BFF, 0xC000, 0x7C00, 0xFC00, 0x3C00));

        SafetensorsTensor t = Read(bytes)["h"];

        t.DType.Should().Be(SafetensorsDType.F16);
        t.Shape.Should().Equal(2L, 4L);
        Values(t).Should().Equal(Math.Pow(2, -24), -Math.Pow(2, -14), 0.333251953125, 65504.0, -2.0,
            double.PositiveInfinity, double.NegativeInfinity, 1.0);
    }

    [Fact]
    public void BF16_IsTheHighHalfOfAFloat32_WidenedExactly()
    {
        // 0x3F80 = 1, 0x4049 = 3.140625, 0xC2F7 = −123.5, 0x0001 = 2^-133 (subnormal), 0x8000 = −0.
        byte[] bytes = File("{\"b\":{\"dtype\":\"BF16\",\"shape\":[5],\"data_offsets\":[0,10]}}", Bits16(0x3F80, 0x4049, 0xC2F7, 0x0001, 0x8000));

        SafetensorsTensor t = Read(bytes)["b"];

        t.DType.Should().Be(SafetensorsDType.BF16);
        Bits(Values(t)).Should().Equal(Bits([1.0, 3.140625, -123.5, Math.Pow(2, -133), -0.0]));
    }

    [Fact]
    public void NaN_IsReadAsNaN()
    {
        byte[] bytes = File("{\"n\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", Bits16(0x7E00));
        double.IsNaN(Values(Read(bytes)["n"])[0]).Should().BeTrue();
    }

    [Fact]
    public void MixedDTypes_ZeroSizedAndScalarTensors_AndMetadata_AreRead_InHeaderOrder()
    {
        // Header order differs from data order; a zero-sized tensor takes no bytes; a scalar has shape [].
        string header = "{\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[12,14]},\"__metadata__\":{\"format\":\"pt\",\"note\":\"é\"},"
            + "\"empty\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[12,12]},\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]},"
            + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        byte[] data = [.. F64(0.5), .. F32(-2f), .. Bits16(0x4049)];

        SafetensorsFile file = Read(File(header, data));

        file.Tensors.Select(t => t.Name).Should().Equal("b", "empty", "a", "d");
        file.Metadata.Should().BeEquivalentTo(new Dictionary<string, string> { ["format"] = "pt", ["note"] = "é" });
        Values(file["b"]).Should().Equal(3.140625);
        Values(file["empty"]).Should().BeEmpty();
        file["empty"].Shape.Should().Equal(0L, 3L);
        Values(file["a"]).Should().Equal(-2.0);
        file["a"].Shape.Should().BeEmpty();
        Values(file["d"]).Should().Equal(0.5);
        file.TryGetTensor("c", out _).Should().BeFalse();
        FluentActions.Invoking(() => file["c"]).Should().Throw<KeyNotFoundException>().WithMessage("*\"c\"*\"b\", \"empty\", \"a\", \"d\"*");
    }

    [Fact]
    public void NullMetadata_IsNoMetadata()
    {
        SafetensorsFile file = Read(File("{\"__metadata__\":null,\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", F64(2)));
        file.Metadata.Should().BeEmpty();
        Values(file["w"]).Should().Equal(2.0);
    }

    [Fact]
    public void PrettyPrintedUnpaddedHeader_IsRead()
    {
        string header = "{\n    \"__metadata__\": {\"format\": \"pt\"},\n    \"w\": {\n        \"dtype\": \"F32\",\n        \"shape\": [1, 2],\n        \"data_offsets\": [0, 8]\n    }\n}";
        SafetensorsFile file = Read(File(header, F32(1f, 2f), pad: false));
        Values(file["w"]).Should().Equal(1.0, 2.0);
    }

    [Fact]
    public void NonSeekableStream_PathAndSeekableStream_ReadTheSame()
    {
        byte[] bytes = File("{\"w\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,24]}}", F64(1, 2, 3));
        string dir = Directory.CreateTempSubdirectory("tinynets-safetensors-").FullName;
        try
        {
            string path = Path.Combine(dir, "w.safetensors");
            System.IO.File.WriteAllBytes(path, bytes);
            Values(SafetensorsReader.Read(path)["w"]).Should().Equal(1.0, 2.0, 3.0);
            Values(SafetensorsReader.Read(new NonSeekableStream(new MemoryStream(bytes)))["w"]).Should().Equal(1.0, 2.0, 3.0);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void AStreamIsReadFromItsCurrentPosition()
    {
        byte[] bytes = [0xAA, 0xBB, .. File("{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", F64(4))];
        var stream = new MemoryStream(bytes) { Position = 2 };
        Values(SafetensorsReader.Read(stream)["w"]).Should().Equal(4.0);
    }

    [Fact]
    public void F64_RoundTrip_IsBitForBit_IncludingSignedZeroSubnormalsExtremesAndNaN()
    {
        double[] values = [-0.0, 0.0, double.Epsilon, -double.Epsilon, double.MaxValue, -double.MaxValue, double.MinValue,
            Math.PI, -1e-310, double.PositiveInfinity, double.NegativeInfinity, double.NaN];
        var file = new SafetensorsFile([new SafetensorsTensor("v", [3, 4], values)], new Dictionary<string, string> { ["a"] = "b" });

        SafetensorsFile back = Read(Write(file, SafetensorsDType.F64));

        Bits(Values(back["v"])).Should().Equal(Bits(values));
        back["v"].Shape.Should().Equal(3L, 4L);
        back.Metadata.Should().BeEquivalentTo(new Dictionary<string, string> { ["a"] = "b" });
    }

    [Fact]
    public void F32_RoundTrip_GivesTheNearestFloatOfEachValue()
    {
        var random = new Random(20261205);
        double[] values = Enumerable.Range(0, 200).Select(i => (random.NextDouble() - 0.5) * Math.Pow(10, (i % 60) - 30)).ToArray();
        var file = new SafetensorsFile([new SafetensorsTensor("v", [10, 20], values)]);

        SafetensorsFile back = Read(Write(file, SafetensorsDType.F32));

        back["v"].DType.Should().Be(SafetensorsDType.F32);
        Bits(Values(back["v"])).Should().Equal(Bits(values.Select(v => (double)(float)v)));
    }
}
