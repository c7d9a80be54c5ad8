namespace TinyNets.WorkedSolutions;

/// <summary>The per-entry term of a loss a worked solution writes out (ŷ the prediction, y the target).</summary>
public enum LossTerm
{
    /// <summary>(ŷ − y)², of <c>MseLoss</c> and its sum and halved forms.</summary>
    SquaredError,

    /// <summary>ln(1 + exp((1 − 2y)·ŷ)), of <c>SoftplusLoss</c>.</summary>
    Softplus,

    /// <summary>−[y·ln σ(ŷ) + (1 − y)·ln(1 − σ(ŷ))], of <c>BceWithLogitsLoss</c>.</summary>
    BinaryCrossEntropyWithLogits,
}
