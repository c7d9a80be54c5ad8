using System;
using System.Collections.Generic;
using System.Globalization;
using TinyNets.Internal;
using TinyNets.Network;
using TinyNets.Parameters;

namespace TinyNets.Optimizers;

/// <summary>
/// Stochastic gradient descent with PyTorch's <c>optim.SGD</c> update, step for step:
/// g ← ∇θ + λθ (weight decay); with momentum μ: b ← g on the first step, else b ← μb + (1 − τ)g (dampening τ);
/// g ← g + μb (Nesterov) or g ← b; then θ ← θ − η·g. Without momentum or decay this is θ ← θ − η·∇θ.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly double[][]? _momentumBuffers;

    /// <summary>Creates SGD over every parameter of <paramref name="network"/>.</summary>
    /// <param name="network">The network to train; it must have parameters.</param>
    /// <param name="learningRate">η, positive and finite.</param>
    /// <param name="momentum">μ in [0, 1); 0 turns momentum off.</param>
    /// <param name="dampening">τ in [0, 1]; scales the new gradient's share of the momentum buffer by 1 − τ.</param>
    /// <param name="nesterov">Nesterov momentum; needs μ &gt; 0 and τ = 0.</param>
    /// <param name="weightDecay">λ ≥ 0, finite: λθ is added to the gradient (L2).</param>
    /// <exception cref="ArgumentException">A hyper-parameter out of range (named in the message), or a network without parameters.</exception>
    public Sgd(Sequential network, double learningRate, double momentum = 0, double dampening = 0, bool nesterov = false, double weightDecay = 0)
        : this(ParametersOf(network), learningRate, momentum, dampening, nesterov, weightDecay)
    {
    }

    /// <summary>Creates SGD over the given named parameters.</summary>
    /// <param name="parameters">The parameters with their names.</param>
    /// <param name="learningRate">η, positive and finite.</param>
    /// <param name="momentum">μ in [0, 1); 0 turns momentum off.</param>
    /// <param name="dampening">τ in [0, 1].</param>
    /// <param name="nesterov">Nesterov momentum; needs μ &gt; 0 and τ = 0.</param>
    /// <param name="weightDecay">λ ≥ 0, finite.</param>
    /// <exception cref="ArgumentException">A hyper-parameter out of range (named in the message), or no parameters.</exception>
    public Sgd(IEnumerable<KeyValuePair<string, Parameter>> parameters, double learningRate, double momentum = 0, double dampening = 0, bool nesterov = false, double weightDecay = 0)
        : base(parameters, learningRate)
    {
        Guard.InRange(momentum, 0, 1, upperInclusive: false, nameof(momentum));
        Guard.InRange(dampening, 0, 1, upperInclusive: true, nameof(dampening));
        Guard.NonNegativeFinite(weightDecay, nameof(weightDecay));
        if (nesterov && (momentum == 0 || dampening != 0))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Nesterov momentum needs momentum > 0 and dampening = 0; momentum {momentum} and dampening {dampening} were given."),
                nameof(nesterov));
        }

        Momentum = momentum;
        Dampening = dampening;
        Nesterov = nesterov;
        WeightDecay = weightDecay;
        _momentumBuffers = momentum == 0 ? null : AllocateState();
    }

    /// <summary>The momentum factor μ.</summary>
    public double Momentum { get; }

    /// <summary>The dampening τ.</summary>
    public double Dampening { get; }

    /// <summary>Whether Nesterov momentum is used.</summary>
    public bool Nesterov { get; }

    /// <summary>The L2 weight decay λ.</summary>
    public double WeightDecay { get; }

    internal override string? StateKind => "SGD";

    internal override void AddHyperParameters(Dictionary<string, double> into)
    {
        into["momentum"] = Momentum;
        into["dampening"] = Dampening;
        into["nesterov"] = Nesterov ? 1.0 : 0.0;
        into["weight_decay"] = WeightDecay;
    }

    internal override IReadOnlyList<(string Name, double[][] Values)> StateBuffers =>
        _momentumBuffers is null ? [] : [("momentum_buffer", _momentumBuffers)];

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"Sgd(lr={LearningRate}, momentum={Momentum}, dampening={Dampening}, nesterov={Nesterov}, weight_decay={WeightDecay})");

    // g = ∇θ + λθ; b = g (first step) or μb + (1 − τ)g; g = g + μb (Nesterov) or b; θ = θ − ηg
    /// <inheritdoc/>
    protected override void Update(int index, Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        Span<double> theta = parameter.Data;
        ReadOnlySpan<double> grad = parameter.GradientData;
        double lr = LearningRate, mu = Momentum, keep = 1.0 - Dampening, decay = WeightDecay;
        if (_momentumBuffers is null)
        {
            if (decay == 0)
            {
                // θ − η·g: PyTorch's param.add_(grad, alpha=−lr), bit for bit.
                Kernels.Axpy(grad, -lr, theta);
                return;
            }

            for (int i = 0; i < theta.Length; i++)
            {
                theta[i] -= lr * (grad[i] + (decay * theta[i]));
            }

            return;
        }

        Span<double> buffer = _momentumBuffers[index];
        bool first = Steps == 1;
        for (int i = 0; i < theta.Length; i++)
        {
            double g = grad[i] + (decay * theta[i]);
            double b = first ? g : (mu * buffer[i]) + (keep * g);
            buffer[i] = b;
            theta[i] -= lr * (Nesterov ? g + (mu * b) : b);
        }
    }
}
