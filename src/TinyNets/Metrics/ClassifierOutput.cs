namespace TinyNets.Metrics;

/// <summary>
/// What a classifier network's outputs are, which decides how they become classes and probabilities. With K ≥ 2 outputs
/// the class is the arg-max (the same for all three kinds); with one output the network is binary and its output is about
/// class 1, predicted when its probability exceeds 0.5 (scikit-learn's rule; exactly 0.5 is class 0).
/// </summary>
public enum ClassifierOutput
{
    /// <summary>Unnormalised scores, as a network ending in <c>Linear</c> trained with <c>CrossEntropyLoss</c> or
    /// <c>BceWithLogitsLoss</c> gives: probabilities are their softmax (K ≥ 2) or sigmoid (one output).</summary>
    Logits = 0,

    /// <summary>Probabilities, as a network ending in <c>Softmax</c> (K ≥ 2) or <c>Sigmoid</c> (one output) gives.</summary>
    Probabilities = 1,

    /// <summary>Natural logarithms of probabilities, as a network ending in <c>LogSoftmax</c> gives: probabilities are their exponentials.</summary>
    LogProbabilities = 2,
}
