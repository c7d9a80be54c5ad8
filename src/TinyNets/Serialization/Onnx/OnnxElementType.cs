namespace TinyNets.Serialization.Onnx;

/// <summary>The element type of an exported ONNX model's tensors; the values are ONNX's <c>TensorProto.DataType</c> codes.</summary>
public enum OnnxElementType
{
    /// <summary>float32 (ONNX <c>FLOAT</c>): what most serving stacks expect; every weight is rounded to nearest.</summary>
    F32 = 1,

    /// <summary>float64 (ONNX <c>DOUBLE</c>): exact, the exported model computes what TinyNets computes.</summary>
    F64 = 11,
}
