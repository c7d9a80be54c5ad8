namespace TinyNets.Parameters;

/// <summary>How many trainable scalars a network has, split into multiplicative weights and biases.</summary>
/// <param name="Weights">Entries of all <c>weight</c> parameters.</param>
/// <param name="Biases">Entries of all <c>bias</c> parameters.</param>
public readonly record struct ParameterCount(int Weights, int Biases)
{
    /// <summary>Weights plus biases: what PyTorch's <c>sum(p.numel() for p in net.parameters())</c> gives.</summary>
    public int Total => Weights + Biases;
}
