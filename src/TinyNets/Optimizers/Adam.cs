using System;
using System.Collections.Generic;
using System.Globalization;
using TinyNets.Internal;
using TinyNets.Network;
using TinyNets.Parameters;

namespace TinyNets.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba), with PyTorch's <c>optim.Adam</c> update written out in the same order of operations:
/// g ← ∇θ + λθ (L2 weight decay); m ← lerp(m, g, 1 − β₁); v ← β₂v + (1 − β₂)g²;
/// θ ← θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
/// <see cref="AdamW"/> decouples the weight decay instead.
/// </summary>
public class Adam : Optimizer
{
    private readonly double[][] _m;
    private readonly double[][] _v;

    /// <summary>Creates Adam over every parameter of <paramref name="network"/>.</summary>
    /// <param name="network">The network to train; it must have parameters.</param>
    /// <param name="learningRate">η, positive and finite (PyTorch's default 0.001).</param>
    /// <param name="beta1">β₁ in [0, 1): decay of the first moment.</param>
    /// <param name="beta2">β₂ in [0, 1): decay of the second moment.</param>
    /// <param name="epsilon">ε &gt; 0, finite: added to the denominator.</param>
    /// <param name="weightDecay">λ ≥ 0, finite: λθ is added to the gradient (L2).</param>
    /// <exception cref="ArgumentException">A hyper-parameter out of range (named in the message), or a network without parameters.</exception>
    public Adam(Sequential network, double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
        : this(ParametersOf(network), learningRate, beta1, beta2, epsilon, weightDecay)
    {
    }

    /// <summary>Creates Adam over the given named parameters.</summary>
    /// <param name="parameters">The parameters with their names.</param>
    /// <param name="learningRate">η, positive and finite.</param>
    /// <param name="beta1">β₁ in [0, 1).</param>
    /// <param name="beta2">β₂ in [0, 1).</param>
    /// <param name="epsilon">ε &gt; 0, finite.</param>
    /// <param name="weightDecay">λ ≥ 0, finite.</param>
    /// <exception cref="ArgumentException">A hyper-parameter out of range (named in the message), or no parameters.</exception>
    public Adam(IEnumerable<KeyValuePair<string, Parameter>> parameters, double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
        : base(parameters, learningRate)
    {
        Guard.InRange(beta1, 0, 1, upperInclusive: false, nameof(beta1));
        Guard.InRange(beta2, 0, 1, upperInclusive: false, nameof(beta2));
        Guard.PositiveFinite(epsilon, nameof(epsilon));
        Guard.NonNegativeFinite(weightDecay, nameof(weightDecay));
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        _m = AllocateState();
        _v = AllocateState();
    }

    /// <summary>β₁, the first moment's decay.</summary>
    public double Beta1 { get; }

    /// <summary>β₂, the second moment's decay.</summary>
    public double Beta2 { get; }

    /// <summary>ε, the denominator's guard.</summary>
    public double Epsilon { get; }

    /// <summary>The weight decay λ (L2 for Adam, decoupled for AdamW).</summary>
    public double WeightDecay { get; }

    // Only the library's own kinds: a subclass may update differently, and its state would not mean the same.
    internal override string? StateKind => GetType() == typeof(Adam) ? "Adam" : GetType() == typeof(AdamW) ? "AdamW" : null;

    internal override void AddHyperParameters(Dictionary<string, double> into)
    {
        into["beta1"] = Beta1;
        into["beta2"] = Beta2;
        into["eps"] = Epsilon;
        into["weight_decay"] = WeightDecay;
    }

    internal override IReadOnlyList<(string Name, double[][] Values)> StateBuffers => [("exp_avg", _m), ("exp_avg_sq", _v)];

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{GetType().Name}(lr={LearningRate}, betas=({Beta1}, {Beta2}), eps={Epsilon}, weight_decay={WeightDecay})");

    /// <summary>Whether λ is decoupled from the gradient (AdamW) rather than added to it (Adam).</summary>
    /// <returns>True for AdamW.</returns>
    protected virtual bool DecoupledWeightDecay => false;

    // AdamW: θ = θ(1 − ηλ); Adam: g = ∇θ + λθ. Then m = lerp(m, g, 1 − β₁), v = β₂v + (1 − β₂)g², θ = θ − (η/(1 − β₁ᵗ))·m/(√v/√(1 − β₂ᵗ) + ε)
    /// <inheritdoc/>
    protected override void Update(int index, Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        Span<double> theta = parameter.Data;
        ReadOnlySpan<double> grad = parameter.GradientData;
        Span<double> m = _m[index];
        Span<double> v = _v[index];
        double lr = LearningRate, b1 = Beta1, b2 = Beta2, eps = Epsilon;
        double l2 = DecoupledWeightDecay ? 0.0 : WeightDecay;
        double shrink = DecoupledWeightDecay ? 1.0 - (lr * WeightDecay) : 1.0;
        double stepSize = lr / (1.0 - Math.Pow(b1, Steps));
        double correction2Sqrt = Math.Sqrt(1.0 - Math.Pow(b2, Steps));
        double w = 1.0 - b1;
        for (int i = 0; i < theta.Length; i++)
        {
            double t = theta[i] * shrink;
            double g = grad[i] + (l2 * t);

            // torch.lerp(start, end, w): start + w·(end − start) for w < ½, else end − (end − start)·(1 − w).
            double mi = w < 0.5 ? m[i] + (w * (g - m[i])) : g - ((g - m[i]) * (1.0 - w));
            double vi = (v[i] * b2) + ((1.0 - b2) * g * g);
            m[i] = mi;
            v[i] = vi;
            // param.addcdiv_(exp_avg, denom, value=−step_size): ATen's CPU kernel computes self + value·t1/t2 left to
            // right, so the product is rounded before the division.
            theta[i] = t - ((stepSize * mi) / ((Math.Sqrt(vi) / correction2Sqrt) + eps));
        }
    }
}
