namespace TinyNets.Inference;

/// <summary>
/// How a batch of N samples of F features is laid out in one flat span, for
/// <see cref="Predictor.PredictBatch(System.ReadOnlySpan{double}, System.Span{double}, int, BatchLayout)"/>.
/// The outputs are written in the same layout as the inputs (with the network's output features in place of F).
/// </summary>
public enum BatchLayout
{
    /// <summary>
    /// Each sample's features together: sample j's feature f at <c>j·F + f</c>. This is a row-major [N, F] array (C
    /// order: PyTorch, NumPy and ONNX tensors) and, as the same memory, TinyNets' own features × N column-major matrix.
    /// No copy is made.
    /// </summary>
    SamplesContiguous = 0,

    /// <summary>
    /// Each feature's N values together: sample j's feature f at <c>f·N + j</c>. This is a column-major [N, F] array
    /// (Fortran order: a feature per column of a table). The batch is transposed into a rented workspace first, and
    /// the outputs are transposed back.
    /// </summary>
    FeaturesContiguous = 1,
}
