using System.Buffers.Binary;
using System.IO;
using System.Text;
using TinyNets.Serialization;

namespace TinyNets.Tests.Serialization;

/// <summary>Builds safetensors bytes by hand, from the specification, and streams that test the reader's limits.</summary>
internal static class SafetensorsTestSupport
{
    /// <summary>The 8-byte little-endian length, the header (padded with spaces to a multiple of 8 when asked), then the data.</summary>
    public static byte[] File(string header, byte[] data, bool pad = true)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        int length = pad ? (json.Length + 7) / 8 * 8 : json.Length;
        var bytes = new byte[8 + length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)length);
        json.CopyTo(bytes, 8);
        bytes.AsSpan(8 + json.Length, length - json.Length).Fill((byte)' ');
        data.CopyTo(bytes, 8 + length);
        return bytes;
    }

    /// <summary>A raw header (any bytes, no padding) after a length field that says <paramref name="claimedLength"/>.</summary>
    public static byte[] RawFile(ulong claimedLength, params byte[][] parts)
    {
        var bytes = new List<byte>(new byte[8]);
        BinaryPrimitives.WriteUInt64LittleEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes), claimedLength);
        foreach (byte[] part in parts)
        {
            bytes.AddRange(part);
        }

        return bytes.ToArray();
    }

    public static byte[] F64(params double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        }

        return bytes;
    }

    public static byte[] F32(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }

    public static byte[] F32Bits(params uint[] bits)
    {
        var bytes = new byte[bits.Length * 4];
        for (int i = 0; i < bits.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), bits[i]);
        }

        return bytes;
    }

    /// <summary>16-bit words (F16 or BF16 bit patterns), little-endian.</summary>
    public static byte[] Bits16(params ushort[] bits)
    {
        var bytes = new byte[bits.Length * 2];
        for (int i = 0; i < bits.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), bits[i]);
        }

        return bytes;
    }

    public static SafetensorsFile Read(byte[] bytes) => SafetensorsReader.Read(new MemoryStream(bytes));

    public static byte[] Write(SafetensorsFile file, SafetensorsDType dtype)
    {
        using var stream = new MemoryStream();
        SafetensorsWriter.Write(stream, file, dtype);
        return stream.ToArray();
    }

    public static double[] Values(SafetensorsTensor tensor) => tensor.Values.ToArray();

    public static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    /// <summary>Reads, expecting a ModelFormatException at <paramref name="location"/> whose message holds every fragment.</summary>
    public static ModelFormatException Refused(byte[] bytes, string location, params string[] fragments) =>
        Refused(() => Read(bytes), location, fragments);

    public static ModelFormatException Refused(Action act, string location, params string[] fragments)
    {
        ModelFormatException e = act.Should().Throw<ModelFormatException>().Which;
        e.Location.Should().Be(location, "the message was: {0}", e.Message);
        e.Message.Should().StartWith("At " + location + ": ");
        foreach (string fragment in fragments)
        {
            e.Message.Should().Contain(fragment);
        }

        return e;
    }
}

/// <summary>A stream that hides its length (as a pipe or a network stream does), reading from another stream.</summary>
internal sealed class NonSeekableStream(Stream inner) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 4096));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>
/// A seekable read-only stream of <paramref name="length"/> bytes that holds only its first bytes: the rest read as
/// <paramref name="fill"/>. A huge file without the memory.
/// </summary>
internal sealed class SparseStream(byte[] prefix, long length, byte fill) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => _position; set => _position = value; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = (int)Math.Min(count, length - _position);
        for (int i = 0; i < n; i++)
        {
            long at = _position + i;
            buffer[offset + i] = at < prefix.Length ? prefix[at] : fill;
        }

        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
