using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace TinyNets.Serialization;

/// <summary>
/// The checked JSON header of a safetensors file: each tensor's dtype, shape and place in the data area, and the
/// metadata. Parsing refuses anything the reference implementation refuses, and a little more (repeated names, unknown
/// fields in a tensor entry), naming the header entry or byte that is wrong.
/// </summary>
internal sealed class SafetensorsHeader
{
    // The root object, a tensor entry (or the metadata), and the shape or data_offsets array: nothing nests deeper.
    private const int MaxDepth = 3;

    // The header follows the 8-byte length field; byte offsets in messages count from the start of the file.
    private const long HeaderStart = 8;

    private SafetensorsHeader(List<Entry> entries, Dictionary<string, string> metadata, long dataLength)
    {
        Entries = entries;
        Metadata = metadata;
        DataLength = dataLength;
    }

    /// <summary>The tensors in header order.</summary>
    public IReadOnlyList<Entry> Entries { get; }

    /// <summary>The <c>"__metadata__"</c> entries (empty when absent).</summary>
    public Dictionary<string, string> Metadata { get; }

    /// <summary>The length of the data area the tensors cover exactly.</summary>
    public long DataLength { get; }

    /// <summary>Parses and checks a header (the bytes after the length field).</summary>
    public static SafetensorsHeader Parse(byte[] header, string? source)
    {
        if (header.Length == 0 || header[0] != (byte)'{')
        {
            throw SafetensorsReader.Error(source, HeaderStart, header.Length == 0
                ? (FormattableString)$"the header is empty (length 0); a JSON object, starting with '{{', was expected."
                : $"the header starts with byte 0x{header[0]:X2}; a JSON object, starting with '{{' (0x7B), was expected.");
        }

        int invalid = FirstInvalidUtf8(header);
        if (invalid >= 0)
        {
            throw SafetensorsReader.Error(source, HeaderStart + invalid,
                $"the header is not valid UTF-8: byte 0x{header[invalid]:X2} does not start a valid UTF-8 sequence.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            long at = HeaderStart + LineStart(header, e.LineNumber ?? 0) + (e.BytePositionInLine ?? 0);
            throw new ModelFormatException(source, Byte(at),
                $"the header is not valid JSON of at most {MaxDepth} levels of nesting: {e.Message}", e);
        }

        using (document)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                string path = "header[" + SafetensorsTensor.Quote(property.Name) + "]";
                if (!names.Add(property.Name))
                {
                    // JsonDocument keeps every duplicate; which one would win is not for a reader to guess.
                    throw At(source, path, $"the name appears more than once in the header; each name must be unique.");
                }

                if (property.Name == SafetensorsReader.MetadataKey)
                {
                    ReadMetadata(property.Value, path, metadata, source);
                }
                else
                {
                    entries.Add(ReadEntry(property.Name, property.Value, path, source));
                }
            }

            return new SafetensorsHeader(entries, metadata, CheckCoverage(entries, source));
        }
    }

    private static void ReadMetadata(JsonElement value, string path, Dictionary<string, string> metadata, string? source)
    {
        // The reference reads the metadata as an optional map, so null means none.
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw At(source, path, $"the metadata must be an object of string values (or null); {Describe(value)} was found.");
        }

        foreach (JsonProperty entry in value.EnumerateObject())
        {
            string entryPath = path + "[" + SafetensorsTensor.Quote(entry.Name) + "]";
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                throw At(source, entryPath, $"a metadata value must be a string; {Describe(entry.Value)} was found.");
            }

            if (!metadata.TryAdd(entry.Name, entry.Value.GetString()!))
            {
                throw At(source, entryPath, $"the metadata key appears more than once; each key must be unique.");
            }
        }
    }

    private static Entry ReadEntry(string name, JsonElement value, string path, string? source)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw At(source, path, $"a tensor entry must be an object with dtype, shape and data_offsets; {Describe(value)} was found.");
        }

        JsonElement? dtypeField = null, shapeField = null, offsetsField = null;
        foreach (JsonProperty field in value.EnumerateObject())
        {
            ref JsonElement? slot = ref dtypeField;
            switch (field.Name)
            {
                case "dtype": break;
                case "shape": slot = ref shapeField; break;
                case "data_offsets": slot = ref offsetsField; break;
                default:
                    throw At(source, path + "[" + SafetensorsTensor.Quote(field.Name) + "]",
                        $"unexpected field; a tensor entry has only dtype, shape and data_offsets.");
            }

            if (slot is not null)
            {
                throw At(source, path + "." + field.Name, $"the field appears more than once in the tensor entry.");
            }

            slot = field.Value;
        }

        JsonElement dtypeValue = dtypeField ?? throw Missing(source, path, "dtype");
        JsonElement shapeValue = shapeField ?? throw Missing(source, path, "shape");
        JsonElement offsetsValue = offsetsField ?? throw Missing(source, path, "data_offsets");

        if (dtypeValue.ValueKind != JsonValueKind.String)
        {
            throw At(source, path + ".dtype", $"a dtype string ({SafetensorsDTypes.Supported}) was expected; {Describe(dtypeValue)} was found.");
        }

        string dtypeName = dtypeValue.GetString()!;
        if (!SafetensorsDTypes.TryParse(dtypeName, out SafetensorsDType dtype))
        {
            throw At(source, path + ".dtype",
                $"dtype {SafetensorsTensor.Quote(dtypeName)} of tensor {SafetensorsTensor.Quote(name)} is not supported; {SafetensorsDTypes.Supported} was expected.");
        }

        if (shapeValue.ValueKind != JsonValueKind.Array)
        {
            throw At(source, path + ".shape", $"an array of dimensions was expected; {Describe(shapeValue)} was found.");
        }

        var shape = new long[shapeValue.GetArrayLength()];
        long count = 1;
        for (int i = 0; i < shape.Length; i++)
        {
            shape[i] = NonNegative(shapeValue[i], FormattableString.Invariant($"{path}.shape[{i}]"), source);
            // In order, as the reference does: a zero later in the shape does not excuse an overflow before it.
            if (count != 0 && shape[i] > long.MaxValue / count)
            {
                throw At(source, path + ".shape", $"the element count of shape {Describe(shapeValue)} overflows 64 bits.");
            }

            count *= shape[i];
        }

        string offsetsPath = path + ".data_offsets";
        if (offsetsValue.ValueKind != JsonValueKind.Array || offsetsValue.GetArrayLength() != 2)
        {
            throw At(source, offsetsPath, $"an array [begin, end] of two byte offsets was expected; {Describe(offsetsValue)} was found.");
        }

        long begin = NonNegative(offsetsValue[0], offsetsPath + "[0]", source);
        long end = NonNegative(offsetsValue[1], offsetsPath + "[1]", source);
        if (begin > end)
        {
            throw At(source, offsetsPath, $"[{begin}, {end}] begins after it ends; begin ≤ end was expected.");
        }

        int size = SafetensorsDTypes.Size(dtype);
        if (count > long.MaxValue / size)
        {
            throw At(source, path + ".shape", $"the byte size of shape {Describe(shapeValue)} of {dtypeName} overflows 64 bits.");
        }

        if (end - begin != count * size)
        {
            throw At(source, offsetsPath,
                $"[{begin}, {end}] holds {end - begin} bytes, but shape {SafetensorsTensor.FormatShape(shape)} of {dtypeName} needs {count} × {size} = {count * size} bytes.");
        }

        return new Entry(name, path, dtype, shape, begin, end);
    }

    /// <summary>Checks that the tensors' byte ranges tile the data area from 0 without hole or overlap; returns its length.</summary>
    private static long CheckCoverage(List<Entry> entries, string? source)
    {
        long covered = 0;
        Entry? last = null; // the tensor whose data ends at `covered`
        foreach (Entry e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin > covered)
            {
                throw last is null
                    ? At(source, e.Path + ".data_offsets",
                        $"[{e.Begin}, {e.End}] begins at {e.Begin}, but the first tensor's data must begin at 0: bytes 0 to {e.Begin} of the data area belong to no tensor.")
                    : At(source, e.Path + ".data_offsets",
                        $"[{e.Begin}, {e.End}] begins at {e.Begin}, but the data before it (tensor {SafetensorsTensor.Quote(last.Name)}) ends at {covered}: bytes {covered} to {e.Begin} of the data area belong to no tensor.");
            }

            if (e.Begin < covered)
            {
                throw At(source, e.Path + ".data_offsets",
                    $"[{e.Begin}, {e.End}] overlaps tensor {SafetensorsTensor.Quote(last!.Name)} at [{last.Begin}, {last.End}]; the tensors' data must not overlap.");
            }

            if (last is null || e.End > covered)
            {
                last = e;
                covered = e.End;
            }
        }

        return covered;
    }

    private static long NonNegative(JsonElement value, string path, string? source)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out ulong n))
        {
            return n <= long.MaxValue ? (long)n : throw At(source, path, $"{n} is too large; a non-negative integer of at most {long.MaxValue} was expected.");
        }

        throw At(source, path, $"a non-negative integer was expected; {Describe(value)} was found.");
    }

    private static string Describe(JsonElement value)
    {
        string raw = value.GetRawText();
        string text = raw.Length > 60 ? raw[..60] + "…" : raw;
        return value.ValueKind switch
        {
            JsonValueKind.Object => "an object " + text,
            JsonValueKind.Array => "an array " + text,
            JsonValueKind.String => "the string " + text,
            JsonValueKind.Number => "the number " + text,
            _ => text,
        };
    }

    private static ModelFormatException Missing(string? source, string path, string field) =>
        At(source, path, $"the field \"{field}\" is missing; a tensor entry needs dtype, shape and data_offsets.");

    private static ModelFormatException At(string? source, string path, FormattableString problem) =>
        new(source, path, FormattableString.Invariant(problem));

    private static string Byte(long offset) => FormattableString.Invariant($"byte {offset}");

    // Utf8JsonReader counts lines at '\n'; this turns its (line, byte in line) back into a byte of the header.
    private static long LineStart(byte[] header, long line)
    {
        int start = 0;
        for (long l = 0; l < line && start < header.Length; l++)
        {
            int next = Array.IndexOf(header, (byte)'\n', start);
            if (next < 0)
            {
                break;
            }

            start = next + 1;
        }

        return start;
    }

    private static int FirstInvalidUtf8(byte[] bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return -1;
        }

        int i = 0;
        while (i < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes.AsSpan(i), out _, out int used) != OperationStatus.Done)
            {
                return i;
            }

            i += used;
        }

        return -1;
    }

    /// <summary>One tensor's header entry: its JSON path for messages, dtype, shape and byte range in the data area.</summary>
    internal sealed record Entry(string Name, string Path, SafetensorsDType DType, long[] Shape, long Begin, long End);
}
