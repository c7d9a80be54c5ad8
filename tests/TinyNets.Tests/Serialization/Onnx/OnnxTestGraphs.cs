using System.Buffers.Binary;
using Google.Protobuf;
using TinyNets.Serialization.Onnx.Protos;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// Builds ONNX graphs by hand for the import tests, node by node, in the shapes other exporters write (PyTorch's
/// <c>torch.onnx.export</c>): a chain from the data input, each node named like PyTorch's (<c>/0/Gemm</c>), intermediate
/// values named after their node (<c>/0/Gemm:0</c>), constants as initializers or Constant nodes, in any of the
/// encodings ONNX allows (typed fields or little-endian raw_data, float32 or float64).
/// </summary>
internal sealed class OnnxTestGraph
{
    public const int F32 = (int)TensorProto.Types.DataType.Float;
    public const int F64 = (int)TensorProto.Types.DataType.Double;

    private readonly GraphProto _graph = new() { Name = "test" };

    /// <summary>Starts a graph with one data input <c>[N, features]</c> (features null: a symbolic dim).</summary>
    public OnnxTestGraph(int elemType, int? features, string input = "input", long? batch = null)
    {
        ElemType = elemType;
        InputName = input;
        Current = input;
        _graph.Input.Add(Value(input, elemType, batch, features));
    }

    public int ElemType { get; }

    public string InputName { get; }

    /// <summary>The chain's current value (the last node's output).</summary>
    public string Current { get; set; }

    public GraphProto Graph => _graph;

    public List<StringStringEntryProto> Metadata { get; } = [];

    /// <summary>Adds a node taking <paramref name="inputs"/>; its output is <c>name + ":0"</c>.</summary>
    public string Node(string op, string name, IEnumerable<string> inputs, params AttributeProto[] attributes)
    {
        string output = name + ":0";
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return output;
    }

    /// <summary>Adds a node taking the chain's value then <paramref name="constants"/>, and moves the chain on.</summary>
    public OnnxTestGraph Then(string op, string name, string[] constants, params AttributeProto[] attributes)
    {
        Current = Node(op, name, [Current, .. constants], attributes);
        return this;
    }

    /// <summary>Adds a node taking the chain's value only, and moves the chain on.</summary>
    public OnnxTestGraph Then(string op, string name, params AttributeProto[] attributes) => Then(op, name, [], attributes);

    /// <summary>Adds an initializer (float32 or float64; raw_data or the typed field) and returns its name.</summary>
    public string Initializer(string name, long[] dims, double[] values, int? elemType = null, bool raw = true)
    {
        _graph.Initializer.Add(Tensor(name, dims, values, elemType ?? ElemType, raw));
        return name;
    }

    /// <summary>Adds a Constant node holding the tensor and returns its output's name.</summary>
    public string Constant(string name, long[] dims, double[] values, int? elemType = null, bool raw = false) =>
        Node("Constant", name, [], Attr.Tensor("value", Tensor(name, dims, values, elemType ?? ElemType, raw)));

    /// <summary>Adds an int64 initializer (a Reshape shape).</summary>
    public string Int64Initializer(string name, params long[] values)
    {
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.Add(values.Length);
        t.Int64Data.AddRange(values);
        _graph.Initializer.Add(t);
        return name;
    }

    /// <summary>
    /// The model: the chain's value becomes the graph output <paramref name="output"/> (the node producing it is renamed),
    /// plus any extra outputs.
    /// </summary>
    public ModelProto Model(string output = "output", int? features = null, long opset = 21, params (string Name, int? Features)[] extra)
    {
        Rename(Current, output);
        Current = output;
        _graph.Output.Add(Value(output, ElemType, null, features));
        foreach ((string name, int? f) in extra)
        {
            _graph.Output.Add(Value(name, ElemType, null, f));
        }

        var model = new ModelProto { IrVersion = 10, ProducerName = "pytorch", ProducerVersion = "2.5.0", Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        model.MetadataProps.AddRange(Metadata);
        return model;
    }

    public byte[] Bytes(string output = "output", int? features = null, long opset = 21) => Model(output, features, opset).ToByteArray();

    /// <summary>Renames a value wherever it occurs (as a node output or input).</summary>
    public void Rename(string from, string to)
    {
        if (from == to)
        {
            return;
        }

        foreach (NodeProto node in _graph.Node)
        {
            for (int i = 0; i < node.Output.Count; i++)
            {
                if (node.Output[i] == from)
                {
                    node.Output[i] = to;
                }
            }

            for (int i = 0; i < node.Input.Count; i++)
            {
                if (node.Input[i] == from)
                {
                    node.Input[i] = to;
                }
            }
        }
    }

    /// <summary>Loading <paramref name="model"/> throws exactly <typeparamref name="T"/> with exactly <paramref name="message"/>.</summary>
    public static T Refused<T>(ModelProto model, string message)
        where T : Exception
    {
        byte[] bytes = model.ToByteArray();
        T e = FluentActions.Invoking(() => TinyNets.Serialization.Onnx.OnnxFile.Load(bytes)).Should().Throw<T>().Which;
        e.GetType().Should().Be<T>();
        e.Message.Should().Be(message);
        return e;
    }

    public static ValueInfoProto Value(string name, int elemType, long? batch, int? features)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(batch is long b ? new TensorShapeProto.Types.Dimension { DimValue = b } : new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.Add(features is int f ? new TensorShapeProto.Types.Dimension { DimValue = f } : new TensorShapeProto.Types.Dimension { DimParam = "features" });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elemType, Shape = shape } },
        };
    }

    /// <summary>A float32 or float64 tensor; values are rounded to float32 for a float32 tensor.</summary>
    public static TensorProto Tensor(string name, long[] dims, double[] values, int elemType, bool raw)
    {
        var t = new TensorProto { Name = name, DataType = elemType };
        t.Dims.AddRange(dims);
        if (raw)
        {
            int size = elemType == F32 ? 4 : 8;
            byte[] bytes = new byte[values.Length * size];
            for (int i = 0; i < values.Length; i++)
            {
                if (elemType == F32)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), (float)values[i]);
                }
                else
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
                }
            }

            t.RawData = ByteString.CopyFrom(bytes);
        }
        else if (elemType == F32)
        {
            t.FloatData.AddRange(values.Select(v => (float)v));
        }
        else
        {
            t.DoubleData.AddRange(values);
        }

        return t;
    }
}

/// <summary>Attributes of the test graphs.</summary>
internal static class Attr
{
    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Tensor(string name, TensorProto value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };
}
