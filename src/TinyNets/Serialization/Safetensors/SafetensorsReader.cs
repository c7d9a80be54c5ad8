using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace TinyNets.Serialization;

/// <summary>
/// Reads safetensors files (as written by <c>safetensors.torch.save_file</c>): an 8-byte little-endian header length
/// N, N bytes of UTF-8 JSON, then the tensors' raw little-endian data. Tensors of dtype F64, F32, F16 and BF16 are read,
/// each value widened exactly to a double.
/// </summary>
/// <remarks>
/// The reader is strict, as the reference implementation is, and treats the file as untrusted: the header must be at
/// most <see cref="MaxHeaderLength"/> bytes and fit in the file; every tensor entry must have a supported dtype, a
/// shape of non-negative integers and data_offsets whose length is the shape's byte size; the tensors' data must cover
/// the data area exactly, without overlap or hole, and the file must end with it. Memory grows with the bytes that
/// actually arrive, never with a length the file claims. Any violation is a <see cref="ModelFormatException"/> whose
/// message gives the place (<c>byte N</c>, or a header path such as <c>header["0.weight"].data_offsets</c>) and what
/// was expected and found.
/// </remarks>
public static class SafetensorsReader
{
    /// <summary>The largest header accepted, in bytes (100 MB, the reference implementation's limit).</summary>
    public const long MaxHeaderLength = 100_000_000;

    /// <summary>The header key of the file's metadata (not a tensor).</summary>
    internal const string MetadataKey = "__metadata__";

    private const int LengthFieldSize = 8;

    // What a stream whose length is unknown gets at first; the buffer then doubles as bytes arrive, so a length field
    // that lies costs at most about twice the bytes that are really there.
    private const int FirstChunk = 1 << 16;

    /// <summary>Reads a safetensors file.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The tensors and metadata.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not a valid safetensors file of supported dtypes; the message names the file and the place.</exception>
    public static SafetensorsFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using FileStream stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads a safetensors file from a stream, from its current position to its end (the stream stays open).</summary>
    /// <param name="stream">A readable stream; it need not be seekable.</param>
    /// <returns>The tensors and metadata.</returns>
    /// <exception cref="ArgumentException">The stream cannot be read.</exception>
    /// <exception cref="ModelFormatException">The bytes are not a valid safetensors file of supported dtypes; byte offsets count from the stream's starting position.</exception>
    public static SafetensorsFile Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot be read; a readable stream was expected.", nameof(stream));
        }

        return Read(stream, source: null);
    }

    private static SafetensorsFile Read(Stream stream, string? source)
    {
        // A seekable stream tells how many bytes there are, so claims can be checked before anything is allocated.
        long? available = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : null;

        byte[] lengthField = ReadUpTo(stream, LengthFieldSize, LengthFieldSize, out int got);
        if (got < LengthFieldSize)
        {
            throw Error(source, got, $"the file ends after {got} bytes; an 8-byte little-endian header length was expected.");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthField);
        if (headerLength > MaxHeaderLength)
        {
            throw Error(source, 0, $"the header length is {headerLength} bytes; at most {MaxHeaderLength} bytes are accepted.");
        }

        if (available - LengthFieldSize is long rest && (long)headerLength > rest)
        {
            throw Error(source, 0, $"the header length is {headerLength} bytes, but only {rest} bytes follow the 8-byte length field.");
        }

        int n = (int)headerLength;
        byte[] header = ReadUpTo(stream, n, available is null ? FirstChunk : n, out got);
        if (got < n)
        {
            throw Error(source, LengthFieldSize + got, $"the file ends {got} bytes into the header; its length field says {n} bytes.");
        }

        long dataStart = LengthFieldSize + (long)n;
        SafetensorsHeader parsed = SafetensorsHeader.Parse(header, source);
        long dataLength = parsed.DataLength;
        if (available - dataStart is long dataAvailable && dataAvailable != dataLength)
        {
            throw dataAvailable < dataLength
                ? Truncated(source, parsed, dataStart, dataAvailable)
                : Trailing(source, dataStart, dataLength, dataAvailable - dataLength);
        }

        if (dataLength > Array.MaxLength)
        {
            throw Error(source, dataStart, $"the data area is {dataLength} bytes; this reader holds at most {Array.MaxLength} bytes in memory.");
        }

        byte[] data = ReadUpTo(stream, (int)dataLength, available is null ? FirstChunk : (int)dataLength, out got);
        if (got < dataLength)
        {
            throw Truncated(source, parsed, dataStart, got);
        }

        if (available is null && stream.ReadByte() >= 0)
        {
            throw Trailing(source, dataStart, dataLength, null);
        }

        var tensors = new SafetensorsTensor[parsed.Entries.Count];
        for (int i = 0; i < tensors.Length; i++)
        {
            SafetensorsHeader.Entry e = parsed.Entries[i];
            tensors[i] = new SafetensorsTensor(e.Name, e.DType, e.Shape, Decode(data.AsSpan((int)e.Begin, (int)(e.End - e.Begin)), e.DType));
        }

        return SafetensorsFile.FromChecked(tensors, parsed.Metadata);
    }

    /// <summary>Widens little-endian values to doubles, exactly.</summary>
    private static double[] Decode(ReadOnlySpan<byte> bytes, SafetensorsDType dtype)
    {
        int size = SafetensorsDTypes.Size(dtype);
        var values = new double[bytes.Length / size];
        for (int i = 0; i < values.Length; i++)
        {
            ReadOnlySpan<byte> b = bytes.Slice(i * size, size);
            values[i] = dtype switch
            {
                SafetensorsDType.F64 => BinaryPrimitives.ReadDoubleLittleEndian(b),
                SafetensorsDType.F32 => BinaryPrimitives.ReadSingleLittleEndian(b),
                SafetensorsDType.F16 => (double)BinaryPrimitives.ReadHalfLittleEndian(b),
                // bfloat16 is the high half of a binary32, so shifting its bits up gives that float exactly.
                _ => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(b) << 16),
            };
        }

        return values;
    }

    /// <summary>
    /// Reads up to <paramref name="count"/> bytes; the buffer starts at <paramref name="initial"/> bytes and doubles only
    /// when full, so memory follows the bytes that arrive. <paramref name="got"/> is less than the count at the stream's end.
    /// </summary>
    private static byte[] ReadUpTo(Stream stream, int count, int initial, out int got)
    {
        byte[] buffer = new byte[Math.Min(count, initial)];
        got = 0;
        while (got < count)
        {
            if (got == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(count, 2L * buffer.Length));
            }

            int read = stream.Read(buffer, got, buffer.Length - got);
            if (read == 0)
            {
                break;
            }

            got += read;
        }

        return buffer;
    }

    private static ModelFormatException Truncated(string? source, SafetensorsHeader parsed, long dataStart, long got)
    {
        SafetensorsHeader.Entry cut = parsed.Entries.Where(e => e.End > got).MinBy(e => e.Begin)!;
        return Error(source, dataStart + got,
            $"the file ends {got} bytes into the data area, which the header says is {parsed.DataLength} bytes long; the data of tensor {SafetensorsTensor.Quote(cut.Name)} (bytes {cut.Begin} to {cut.End} of the data area) is cut.");
    }

    private static ModelFormatException Trailing(string? source, long dataStart, long dataLength, long? extra) =>
        Error(source, dataStart + dataLength, extra is long k
            ? (FormattableString)$"{k} more bytes follow the data area that the header describes ({dataLength} bytes); the file must end with the last tensor's data."
            : (FormattableString)$"more bytes follow the data area that the header describes ({dataLength} bytes); the file must end with the last tensor's data.");

    internal static ModelFormatException Error(string? source, long offset, FormattableString problem) =>
        new(source, string.Create(CultureInfo.InvariantCulture, $"byte {offset}"), FormattableString.Invariant(problem));
}
