using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Linq;
using TinyNets.Serialization.Onnx.Protos;

namespace TinyNets.Serialization.Onnx.Import;

/// <summary>
/// A constant tensor of the graph (an initializer or a <c>Constant</c> node's value), decoded: its dims and its values
/// widened exactly to double (float32, float64 and int64 tensors; int64 values beyond 2⁵³ are not needed here).
/// </summary>
internal sealed class OnnxTensor
{
    private OnnxTensor(long[] dims, double[] values, string location)
    {
        Dims = dims;
        Values = values;
        Location = location;
    }

    /// <summary>The dims; empty for a scalar.</summary>
    public long[] Dims { get; }

    /// <summary>The values in row-major order.</summary>
    public double[] Values { get; }

    /// <summary>Where the tensor is in the file (an initializer or a Constant node).</summary>
    public string Location { get; }

    /// <summary>The dims as text, <c>[2, 3]</c>.</summary>
    public string DimsText => "[" + string.Join(", ", Dims.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>
    /// Decodes a tensor after checking, before allocating anything, that its dims are valid, that their product does not
    /// overflow and that the data present holds exactly that many elements.
    /// </summary>
    /// <param name="tensor">The tensor.</param>
    /// <param name="location">Its place, for messages.</param>
    /// <param name="errors">Builds the exceptions.</param>
    /// <param name="int64">Whether an int64 tensor (a <c>Reshape</c> shape) is wanted rather than a float one.</param>
    /// <returns>The decoded tensor.</returns>
    public static OnnxTensor Decode(TensorProto tensor, string location, OnnxErrors errors, bool int64 = false)
    {
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0)
        {
            throw errors.NotSupported(location,
                "the tensor's data is stored in an external file; TinyNets reads self-contained models only (save the model with its weights inside, under 2 GiB).");
        }

        long[] dims = [.. tensor.Dims];
        long count = 1;
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0)
            {
                throw errors.Format(location, string.Create(CultureInfo.InvariantCulture, $"dims[{i}] is {dims[i]}; dims must not be negative."));
            }

            // The product is checked against the data present below; here only its overflow is caught.
            if (dims[i] != 0 && count > long.MaxValue / dims[i])
            {
                throw errors.Format(location, string.Create(CultureInfo.InvariantCulture,
                    $"the dims [{string.Join(", ", dims)}] multiply to more than {long.MaxValue} elements."));
            }

            count *= dims[i];
        }

        int dataType = tensor.DataType;
        int size = dataType switch
        {
            (int)TensorProto.Types.DataType.Float when !int64 => 4,
            (int)TensorProto.Types.DataType.Double when !int64 => 8,
            (int)TensorProto.Types.DataType.Int64 when int64 => 8,
            _ => 0,
        };
        if (size == 0)
        {
            // ONNX's data types run from 1 to 23 (the 4- and 8-bit floats included); 0 is UNDEFINED.
            if (dataType is < 1 or > 23)
            {
                throw errors.Format(location, string.Create(CultureInfo.InvariantCulture, $"the data_type is {dataType}, which is not an ONNX data type."));
            }

            string wanted = int64 ? "an int64 tensor (7)" : "float32 (1) or float64 (11)";
            throw errors.NotSupported(location, string.Create(CultureInfo.InvariantCulture,
                $"the data_type is {(TensorProto.Types.DataType)dataType} ({dataType}); {wanted} was expected."));
        }

        int typedFloats = tensor.FloatData.Count, typedDoubles = tensor.DoubleData.Count, typedLongs = tensor.Int64Data.Count;
        int typedOther = tensor.Int32Data.Count
            + (dataType == (int)TensorProto.Types.DataType.Float ? 0 : typedFloats)
            + (dataType == (int)TensorProto.Types.DataType.Double ? 0 : typedDoubles)
            + (dataType == (int)TensorProto.Types.DataType.Int64 ? 0 : typedLongs);
        if (typedOther > 0)
        {
            throw errors.Format(location, string.Create(CultureInfo.InvariantCulture,
                $"a {(TensorProto.Types.DataType)dataType} tensor holds values in a field of another type (int32_data, float_data, double_data or int64_data)."));
        }

        int typed = typedFloats + typedDoubles + typedLongs;
        long present;
        if (tensor.HasRawData)
        {
            if (typed > 0)
            {
                throw errors.Format(location, "the tensor holds both raw_data and typed values; one of them was expected.");
            }

            int bytes = tensor.RawData.Length;
            if (bytes % size != 0)
            {
                throw errors.Format(location, string.Create(CultureInfo.InvariantCulture,
                    $"raw_data is {bytes} bytes, not a multiple of the element size {size}."));
            }

            present = bytes / size;
        }
        else
        {
            present = typed;
        }

        if (present != count)
        {
            throw errors.Format(location, string.Create(CultureInfo.InvariantCulture,
                $"the dims [{string.Join(", ", dims)}] declare {count} elements, but the tensor holds {present}."));
        }

        // count ≤ present, which the input's own size bounds: the allocation below follows the bytes read.
        var values = new double[count];
        if (tensor.HasRawData)
        {
            ReadOnlySpan<byte> raw = tensor.RawData.Span;
            for (int i = 0; i < values.Length; i++)
            {
                ReadOnlySpan<byte> b = raw.Slice(i * size, size);
                values[i] = dataType switch
                {
                    (int)TensorProto.Types.DataType.Float => BinaryPrimitives.ReadSingleLittleEndian(b),
                    (int)TensorProto.Types.DataType.Double => BinaryPrimitives.ReadDoubleLittleEndian(b),
                    _ => BinaryPrimitives.ReadInt64LittleEndian(b),
                };
            }
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = dataType switch
                {
                    (int)TensorProto.Types.DataType.Float => tensor.FloatData[i],
                    (int)TensorProto.Types.DataType.Double => tensor.DoubleData[i],
                    _ => tensor.Int64Data[i],
                };
            }
        }

        return new OnnxTensor(dims, values, location);
    }

    /// <summary>A tensor from a <c>Constant</c> node's <c>value_float</c> or <c>value_floats</c> attribute.</summary>
    public static OnnxTensor FromFloats(float[] values, bool scalar, string location) =>
        new(scalar ? [] : [values.Length], [.. values.Select(v => (double)v)], location);

    /// <summary>The element count.</summary>
    public int Count => Values.Length;
}
