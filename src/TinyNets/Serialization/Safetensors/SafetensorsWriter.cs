using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TinyNets.Serialization;

/// <summary>
/// Writes safetensors files as the reference implementation lays them out: the 8-byte little-endian header length,
/// the JSON header padded with spaces to a multiple of 8 bytes, then each tensor's data, contiguous, row-major and
/// little-endian. The header holds <c>"__metadata__"</c> first (when there is any, keys in ordinal order), then the
/// tensors, each as <c>{"dtype":…,"shape":[…],"data_offsets":[begin,end]}</c>.
/// </summary>
/// <remarks>
/// Tensors are written in the byte order of their UTF-8 names, header and data alike, as the reference writer orders
/// tensors of one dtype, and the header is compact JSON with the fields in the reference's order; so a file of F32
/// tensors with ASCII names and no metadata has the reference writer's layout down to the byte.
/// </remarks>
public static class SafetensorsWriter
{
    private const int ChunkValues = 8192;

    /// <summary>Writes tensors and metadata to a file (created or overwritten).</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="content">The tensors and metadata.</param>
    /// <param name="dtype"><see cref="SafetensorsDType.F64"/> (exact) or <see cref="SafetensorsDType.F32"/> (each value rounded to the nearest float).</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty; <paramref name="dtype"/> is not F64 or F32; with F32, a finite value beyond float32's range (the message names the tensor and the entry). The file is not touched then.</exception>
    public static void Write(string path, SafetensorsFile content, SafetensorsDType dtype)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafetensorsTensor[] tensors = Ordered(content);
        byte[] header = Prepare(tensors, content.Metadata, dtype);
        using FileStream stream = File.Create(path);
        WriteBody(stream, header, tensors, dtype);
    }

    /// <summary>Writes tensors and metadata to a stream, at its current position (the stream stays open).</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="content">The tensors and metadata.</param>
    /// <param name="dtype"><see cref="SafetensorsDType.F64"/> (exact) or <see cref="SafetensorsDType.F32"/> (each value rounded to the nearest float).</param>
    /// <exception cref="ArgumentException">The stream cannot be written; <paramref name="dtype"/> is not F64 or F32; with F32, a finite value beyond float32's range. Nothing is written then.</exception>
    public static void Write(Stream stream, SafetensorsFile content, SafetensorsDType dtype)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream cannot be written; a writable stream was expected.", nameof(stream));
        }

        SafetensorsTensor[] tensors = Ordered(content);
        byte[] header = Prepare(tensors, content.Metadata, dtype);
        WriteBody(stream, header, tensors, dtype);
    }

    // The reference compares names as UTF-8 bytes (Rust's str order), which differs from UTF-16 order past U+D7FF.
    private static SafetensorsTensor[] Ordered(SafetensorsFile content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return content.Tensors
            .Select(t => (Key: Encoding.UTF8.GetBytes(t.Name), Tensor: t))
            .OrderBy(x => x.Key, Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)))
            .Select(x => x.Tensor)
            .ToArray();
    }

    /// <summary>Checks everything that can fail and builds the padded header, before a byte is written.</summary>
    private static byte[] Prepare(SafetensorsTensor[] tensors, IReadOnlyDictionary<string, string> metadata, SafetensorsDType dtype)
    {
        if (dtype is not (SafetensorsDType.F64 or SafetensorsDType.F32))
        {
            throw new ArgumentException($"Writing dtype {dtype} is not supported; F64 or F32 was expected.", nameof(dtype));
        }

        if (dtype == SafetensorsDType.F32)
        {
            CheckFitsSingle(tensors, paramName: "content");
        }

        var buffer = new ArrayBufferWriter<byte>();
        // Raw UTF-8 for names and metadata, escaping only what JSON requires, like the reference (serde_json) writer.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata.Count > 0)
            {
                json.WriteStartObject(SafetensorsReader.MetadataKey);
                foreach (KeyValuePair<string, string> kv in metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    json.WriteString(kv.Key, kv.Value);
                }

                json.WriteEndObject();
            }

            string dtypeName = dtype == SafetensorsDType.F64 ? "F64" : "F32";
            int size = SafetensorsDTypes.Size(dtype);
            long offset = 0;
            foreach (SafetensorsTensor t in tensors)
            {
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", dtypeName);
                json.WriteStartArray("shape");
                foreach (long d in t.Shape)
                {
                    json.WriteNumberValue(d);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                offset += (long)t.Values.Length * size;
                json.WriteNumberValue(offset);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        // Spaces up to a multiple of 8, so that the data area starts 8-byte aligned, as the reference pads.
        int padded = (buffer.WrittenCount + 7) / 8 * 8;
        byte[] header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static void CheckFitsSingle(SafetensorsTensor[] tensors, string paramName)
    {
        foreach (SafetensorsTensor t in tensors)
        {
            ReadOnlySpan<double> values = t.Values.Span;
            for (int i = 0; i < values.Length; i++)
            {
                // A finite double that rounds to ±∞ would change meaning silently; ±∞ and NaN themselves are kept.
                if (double.IsFinite(values[i]) && float.IsInfinity((float)values[i]))
                {
                    throw new ArgumentException(
                        string.Create(CultureInfo.InvariantCulture,
                            $"Tensor {SafetensorsTensor.Quote(t.Name)} entry {SafetensorsTensor.FormatIndex(i, t.Shape)} is {values[i]:R}, beyond float32's range (±{float.MaxValue:R}); write F64 to keep it."),
                        paramName);
                }
            }
        }
    }

    private static void WriteBody(Stream stream, byte[] header, SafetensorsTensor[] tensors, SafetensorsDType dtype)
    {
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);

        int size = SafetensorsDTypes.Size(dtype);
        byte[] chunk = ArrayPool<byte>.Shared.Rent(ChunkValues * size);
        try
        {
            foreach (SafetensorsTensor t in tensors)
            {
                ReadOnlySpan<double> values = t.Values.Span;
                for (int start = 0; start < values.Length; start += ChunkValues)
                {
                    ReadOnlySpan<double> part = values.Slice(start, Math.Min(ChunkValues, values.Length - start));
                    for (int i = 0; i < part.Length; i++)
                    {
                        if (dtype == SafetensorsDType.F64)
                        {
                            BinaryPrimitives.WriteDoubleLittleEndian(chunk.AsSpan(i * 8), part[i]);
                        }
                        else
                        {
                            BinaryPrimitives.WriteSingleLittleEndian(chunk.AsSpan(i * 4), (float)part[i]);
                        }
                    }

                    stream.Write(chunk, 0, part.Length * size);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }
}
