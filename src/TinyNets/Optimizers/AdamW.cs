using System.Collections.Generic;
using TinyNets.Network;
using TinyNets.Parameters;

namespace TinyNets.Optimizers;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter), PyTorch's <c>optim.AdamW</c>: the weight decay is decoupled from the gradient,
/// θ ← θ(1 − ηλ) before the Adam update, instead of adding λθ to the gradient. PyTorch's default λ is 0.01.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates AdamW over every parameter of <paramref name="network"/>.</summary>
    /// <param name="network">The network to train; it must have parameters.</param>
    /// <param name="learningRate">η, positive and finite.</param>
    /// <param name="beta1">β₁ in [0, 1).</param>
    /// <param name="beta2">β₂ in [0, 1).</param>
    /// <param name="epsilon">ε &gt; 0, finite.</param>
    /// <param name="weightDecay">λ ≥ 0, finite (decoupled).</param>
    public AdamW(Sequential network, double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
        : base(network, learningRate, beta1, beta2, epsilon, weightDecay)
    {
    }

    /// <summary>Creates AdamW over the given named parameters.</summary>
    /// <param name="parameters">The parameters with their names.</param>
    /// <param name="learningRate">η, positive and finite.</param>
    /// <param name="beta1">β₁ in [0, 1).</param>
    /// <param name="beta2">β₂ in [0, 1).</param>
    /// <param name="epsilon">ε &gt; 0, finite.</param>
    /// <param name="weightDecay">λ ≥ 0, finite (decoupled).</param>
    public AdamW(IEnumerable<KeyValuePair<string, Parameter>> parameters, double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay)
    {
    }

    /// <inheritdoc/>
    protected override bool DecoupledWeightDecay => true;
}
