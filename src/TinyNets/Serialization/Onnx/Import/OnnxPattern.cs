namespace TinyNets.Serialization.Onnx.Import;

/// <summary>
/// An expression over the chain's value <c>x</c> and constants, matched against the graph backwards from a value to
/// recognise the multi-node forms TinyNets exports (the float64 composites of LeakyReLU, SELU and Softplus, the
/// scalers, MatMul + Add). Inputs are matched in the order written: the exporter's order is part of the format.
/// </summary>
internal abstract class OnnxPattern
{
    /// <summary>The chain's value the expression starts from.</summary>
    public static OnnxPattern X { get; } = new ChainValue();

    /// <summary>A constant (initializer or Constant node), bound to <paramref name="tag"/> to be read afterwards.</summary>
    public static OnnxPattern Const(string tag) => new Constant(tag);

    /// <summary>A node of the operator with these inputs, in this order.</summary>
    public static OnnxPattern Op(string opType, params OnnxPattern[] inputs) => new Operation(opType, null, inputs);

    /// <summary>A node bound to <paramref name="tag"/>: where the tag occurs again, the same value must occur (a shared
    /// subexpression, such as eˣ used three times in the SELU composite).</summary>
    public static OnnxPattern Shared(string tag, string opType, params OnnxPattern[] inputs) => new Operation(opType, tag, inputs);

    /// <summary>The chain's value.</summary>
    internal sealed class ChainValue : OnnxPattern
    {
    }

    /// <summary>A constant value.</summary>
    internal sealed class Constant(string tag) : OnnxPattern
    {
        /// <summary>The name the value is bound to.</summary>
        public string Tag { get; } = tag;
    }

    /// <summary>A node's single output.</summary>
    internal sealed class Operation(string opType, string? tag, OnnxPattern[] inputs) : OnnxPattern
    {
        /// <summary>The operator.</summary>
        public string OpType { get; } = opType;

        /// <summary>The name the value is bound to, or null.</summary>
        public string? Tag { get; } = tag;

        /// <summary>The inputs, in order.</summary>
        public OnnxPattern[] Inputs { get; } = inputs;
    }
}
