namespace TinyNets.Serialization.Onnx;

/// <summary>
/// A second output of an exported classifier whose network ends in logits: the class probabilities beside the logits,
/// so that a serving stack needs no post-processing.
/// </summary>
public enum OnnxProbabilities
{
    /// <summary>No second output.</summary>
    None = 0,

    /// <summary><c>Softmax</c> over each sample's outputs (multi-class; the logits of <c>CrossEntropyLoss</c>).</summary>
    Softmax = 1,

    /// <summary><c>Sigmoid</c> of each output (binary or multi-label; the logits of <c>BceWithLogitsLoss</c>).</summary>
    Sigmoid = 2,
}
