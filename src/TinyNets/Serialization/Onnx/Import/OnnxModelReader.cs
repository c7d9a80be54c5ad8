using System;
using System.IO;
using Google.Protobuf;
using TinyNets.Serialization.Onnx.Protos;

namespace TinyNets.Serialization.Onnx.Import;

/// <summary>Reads an ONNX model's bytes (a stream to its end, memory following the bytes that arrive) and parses them.</summary>
internal static class OnnxModelReader
{
    // Protobuf's limit for one message is 2 GiB; a .NET array holds a little less.
    private const int MaxBytes = 0x7FFFFFC7;

    // What a stream of unknown length gets at first; the buffer then doubles as bytes arrive.
    private const int FirstChunk = 1 << 16;

    /// <summary>Reads from the stream's position to its end.</summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="errors">Builds the exceptions.</param>
    /// <returns>The bytes read (a view of the buffer, not copied again).</returns>
    public static ReadOnlyMemory<byte> ReadAll(Stream stream, OnnxErrors errors)
    {
        long? length = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : null;
        if (length > MaxBytes)
        {
            throw TooLarge(errors, length.Value);
        }

        byte[] buffer = new byte[Math.Max(1, (int)(length ?? FirstChunk))];
        int got = 0;
        while (true)
        {
            if (got == buffer.Length)
            {
                // Full: one byte more decides between the end and a larger buffer, so a buffer that was the right
                // size (a seekable stream's length) is never doubled for nothing.
                int next = stream.ReadByte();
                if (next < 0)
                {
                    break;
                }

                if (buffer.Length == MaxBytes)
                {
                    throw TooLarge(errors, (long)MaxBytes + 1, atLeast: true);
                }

                Array.Resize(ref buffer, (int)Math.Min(MaxBytes, 2L * buffer.Length));
                buffer[got++] = (byte)next;
                continue;
            }

            int read = stream.Read(buffer, got, buffer.Length - got);
            if (read == 0)
            {
                break;
            }

            got += read;
        }

        return buffer.AsMemory(0, got);
    }

    /// <summary>Parses and imports a model.</summary>
    /// <param name="bytes">The serialized <c>ModelProto</c>.</param>
    /// <param name="errors">Builds the exceptions, naming the file.</param>
    /// <returns>The import.</returns>
    public static OnnxImport Import(ReadOnlySpan<byte> bytes, OnnxErrors errors)
    {
        if (bytes.IsEmpty)
        {
            throw errors.Format("byte 0", "the input is empty; an ONNX model (a serialized ModelProto) was expected.");
        }

        if (bytes.Length > MaxBytes)
        {
            throw TooLarge(errors, bytes.Length);
        }

        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw errors.Format("protobuf", $"the bytes are not a valid ONNX model (a serialized ModelProto): {e.Message}", e);
        }

        return OnnxChainReader.Read(model, errors);
    }

    private static ModelFormatException TooLarge(OnnxErrors errors, long length, bool atLeast = false) =>
        errors.Format("byte 0", FormattableString.Invariant(
            $"the input is {(atLeast ? "more than " + (length - 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : length.ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes; an ONNX model is at most 2 GiB (protobuf's limit)."));
}
