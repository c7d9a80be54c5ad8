using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace TinyNets.Serialization;

/// <summary>
/// One named tensor of a safetensors file: its shape and its values as doubles, in row-major (C) order as in the file.
/// Immutable: the constructor copies the values.
/// </summary>
public sealed class SafetensorsTensor
{
    // Names and quoted values longer than this are cut in messages, so that a hostile header cannot flood them.
    private const int MaxQuotedLength = 60;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly long[] _shape;
    private readonly double[] _values;

    /// <summary>Creates a tensor from values in row-major order; its <see cref="DType"/> is <see cref="SafetensorsDType.F64"/>.</summary>
    /// <param name="name">The tensor's name, such as <c>"0.weight"</c>; any text but <c>"__metadata__"</c>.</param>
    /// <param name="shape">The dimensions, outermost first (<c>[out, in]</c> for a PyTorch Linear weight); none negative. An empty shape is a scalar.</param>
    /// <param name="values">Exactly as many values as the shape holds, row-major (last index fastest).</param>
    /// <exception cref="ArgumentException">The name is <c>"__metadata__"</c> or not valid UTF-16, a dimension is negative, the shape's
    /// element count overflows 64 bits (multiplied in order, as the reader does), or the number of values differs from the shape's.</exception>
    public SafetensorsTensor(string name, IReadOnlyList<long> shape, ReadOnlySpan<double> values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        CheckText(name, nameof(name), "tensor name");
        if (name == SafetensorsReader.MetadataKey)
        {
            throw new ArgumentException("\"__metadata__\" names the file's metadata; a tensor cannot have that name.", nameof(name));
        }

        long[] dims = shape.ToArray();
        long count = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Dimension {i} of tensor {Quote(name)} is {dims[i]}; a dimension must be 0 or more (shape {FormatShape(dims)})."),
                    nameof(shape));
            }

            // Multiplied in order, as the reader does, so that every shape written here can be read back.
            if (count != 0 && dims[i] > long.MaxValue / count)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"The element count of shape {FormatShape(dims)} of tensor {Quote(name)} overflows 64 bits."),
                    nameof(shape));
            }

            count *= dims[i];
        }

        if (count != values.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Shape {FormatShape(dims)} of tensor {Quote(name)} holds {count} values; {values.Length} were given."),
                nameof(values));
        }

        Name = name;
        DType = SafetensorsDType.F64;
        _shape = dims;
        _values = values.ToArray();
    }

    // For the reader: takes ownership of the arrays, which it has checked.
    internal SafetensorsTensor(string name, SafetensorsDType dtype, long[] shape, double[] values)
    {
        Name = name;
        DType = dtype;
        _shape = shape;
        _values = values;
    }

    /// <summary>The tensor's name (a state_dict name such as <c>"0.weight"</c>).</summary>
    public string Name { get; }

    /// <summary>
    /// The element type the values were stored in, for a tensor read from a file; <see cref="SafetensorsDType.F64"/> for a
    /// tensor built from doubles. The values are exact in either case; the writer's dtype is chosen when writing.
    /// </summary>
    public SafetensorsDType DType { get; }

    /// <summary>The dimensions, outermost first, as in the file's <c>"shape"</c>.</summary>
    public IReadOnlyList<long> Shape => _shape;

    /// <summary>The values in row-major (C) order: for shape <c>[r, c]</c>, entry <c>[i, j]</c> is at <c>i * c + j</c>.</summary>
    public ReadOnlyMemory<double> Values => _values;

    /// <inheritdoc/>
    public override string ToString() => $"{Quote(Name)} {DType} {FormatShape(_shape)}";

    /// <summary>A shape as PyTorch prints it: <c>[3, 2]</c>.</summary>
    internal static string FormatShape(IReadOnlyList<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>The multi-index <c>[i, j, …]</c> of the row-major position <paramref name="flat"/>.</summary>
    internal static string FormatIndex(long flat, IReadOnlyList<long> shape)
    {
        var index = new long[shape.Count];
        for (int d = shape.Count - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }

        return FormatShape(index);
    }

    /// <summary>Text in double quotes with JSON escapes, cut if long (for messages).</summary>
    internal static string Quote(string text)
    {
        string cut = text.Length > MaxQuotedLength ? text[..MaxQuotedLength] : text;
        var sb = new StringBuilder("\"");
        foreach (char ch in cut)
        {
            _ = ch switch
            {
                '"' => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                < ' ' => sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)ch:x4}"),
                _ => sb.Append(ch),
            };
        }

        sb.Append('"');
        return text.Length > MaxQuotedLength ? sb.Append(CultureInfo.InvariantCulture, $"… ({text.Length} characters)").ToString() : sb.ToString();
    }

    /// <summary>Refuses text that is not valid UTF-16 (a lone surrogate), which UTF-8 JSON could only hold by replacing it.</summary>
    internal static void CheckText(string text, string paramName, string what)
    {
        try
        {
            _ = StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The {what} {Quote(text)} has a lone surrogate at index {e.Index}; valid Unicode text was expected."),
                paramName, e);
        }
    }
}
