using System;
using System.Collections.Generic;
using System.Globalization;
using TinyNets.Internal;
using TinyNets.Network;
using TinyNets.Parameters;

namespace TinyNets.Optimizers;

/// <summary>
/// RMSprop (Hinton), with PyTorch's <c>optim.RMSprop</c> update in the same order of operations:
/// g ← ∇θ + λθ (L2 weight decay); v ← αv + (1 − α)g²; centered: ḡ ← lerp(ḡ, g, 1 − α) and a ← √(v − ḡ²) + ε, else
/// a ← √v + ε; with momentum μ: b ← μb + g/a and θ ← θ − ηb, else θ ← θ − ηg/a.
/// </summary>
public sealed class RmsProp : Optimizer
{
    private readonly double[][] _squareAverages;
    private readonly double[][]? _momentumBuffers;
    private readonly double[][]? _gradientAverages;
    private readonly (string Name, double[][] Values)[] _buffers;

    /// <summary>Creates RMSprop over every parameter of <paramref name="network"/>, with PyTorch's defaults.</summary>
    /// <param name="network">The network to train; it must have parameters.</param>
    /// <param name="learningRate">η, positive and finite (PyTorch's default 0.01).</param>
    /// <param name="alpha">α in [0, 1]: the decay of the squared-gradient average.</param>
    /// <param name="epsilon">ε &gt; 0, finite: added to the denominator.</param>
    /// <param name="weightDecay">λ ≥ 0, finite: λθ is added to the gradient (L2).</param>
    /// <param name="momentum">μ in [0, 1); 0 turns momentum off (and keeps no buffer for it).</param>
    /// <param name="centered">Whether the denominator uses the variance estimate v − ḡ² instead of v.</param>
    /// <exception cref="ArgumentException">A hyper-parameter out of range (named in the message), or a network without parameters.</exception>
    public RmsProp(Sequential network, double learningRate = 0.01, double alpha = 0.99, double epsilon = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
        : this(ParametersOf(network), learningRate, alpha, epsilon, weightDecay, momentum, centered)
    {
    }

    /// <summary>Creates RMSprop over the given named parameters.</summary>
    /// <param name="parameters">The parameters with their names.</param>
    /// <param name="learningRate">η, positive and finite.</param>
    /// <param name="alpha">α in [0, 1].</param>
    /// <param name="epsilon">ε &gt; 0, finite.</param>
    /// <param name="weightDecay">λ ≥ 0, finite.</param>
    /// <param name="momentum">μ in [0, 1).</param>
    /// <param name="centered">Whether the denominator is centered.</param>
    /// <exception cref="ArgumentException">A hyper-parameter out of range (named in the message), or no parameters.</exception>
    public RmsProp(IEnumerable<KeyValuePair<string, Parameter>> parameters, double learningRate = 0.01, double alpha = 0.99, double epsilon = 1e-8, double weightDecay = 0, double momentum = 0, bool centered = false)
        : base(parameters, learningRate)
    {
        Guard.InRange(alpha, 0, 1, upperInclusive: true, nameof(alpha));
        Guard.PositiveFinite(epsilon, nameof(epsilon));
        Guard.NonNegativeFinite(weightDecay, nameof(weightDecay));
        Guard.InRange(momentum, 0, 1, upperInclusive: false, nameof(momentum));
        Alpha = alpha;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
        Momentum = momentum;
        Centered = centered;
        _squareAverages = AllocateState();
        _momentumBuffers = momentum == 0 ? null : AllocateState();
        _gradientAverages = centered ? AllocateState() : null;

        // PyTorch's state: square_avg, then momentum_buffer (momentum > 0), then grad_avg (centered).
        var buffers = new List<(string Name, double[][] Values)> { ("square_avg", _squareAverages) };
        if (_momentumBuffers is not null)
        {
            buffers.Add(("momentum_buffer", _momentumBuffers));
        }

        if (_gradientAverages is not null)
        {
            buffers.Add(("grad_avg", _gradientAverages));
        }

        _buffers = [.. buffers];
    }

    /// <summary>α, the decay of the squared-gradient average.</summary>
    public double Alpha { get; }

    /// <summary>ε, the denominator's guard.</summary>
    public double Epsilon { get; }

    /// <summary>The L2 weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <summary>The momentum factor μ (0: none).</summary>
    public double Momentum { get; }

    /// <summary>Whether the denominator is centered (uses v − ḡ²).</summary>
    public bool Centered { get; }

    internal override string? StateKind => "RMSprop";

    internal override void AddHyperParameters(Dictionary<string, double> into)
    {
        into["alpha"] = Alpha;
        into["eps"] = Epsilon;
        into["weight_decay"] = WeightDecay;
        into["momentum"] = Momentum;
        into["centered"] = Centered ? 1.0 : 0.0;
    }

    internal override IReadOnlyList<(string Name, double[][] Values)> StateBuffers => _buffers;

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"RmsProp(lr={LearningRate}, alpha={Alpha}, eps={Epsilon}, weight_decay={WeightDecay}, momentum={Momentum}, centered={Centered})");

    // g = ∇θ + λθ; v = αv + (1 − α)g²; a = √(v − ḡ²) + ε with ḡ = lerp(ḡ, g, 1 − α) (centered) or √v + ε;
    // b = μb + g/a, θ = θ − ηb (momentum) or θ = θ − ηg/a. PyTorch's addcmul and addcdiv round value·t₁ first.
    /// <inheritdoc/>
    protected override void Update(int index, Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        Span<double> theta = parameter.Data;
        ReadOnlySpan<double> grad = parameter.GradientData;
        Span<double> square = _squareAverages[index];
        Span<double> momentumBuffer = _momentumBuffers is null ? default : _momentumBuffers[index];
        Span<double> gradientAverage = _gradientAverages is null ? default : _gradientAverages[index];
        double lr = LearningRate, alpha = Alpha, eps = Epsilon, decay = WeightDecay, mu = Momentum;
        double w = 1.0 - alpha;
        bool momentum = _momentumBuffers is not null, centered = _gradientAverages is not null;
        for (int i = 0; i < theta.Length; i++)
        {
            double g = decay == 0 ? grad[i] : grad[i] + (decay * theta[i]);
            double v = (square[i] * alpha) + (w * g * g);
            square[i] = v;
            double avg;
            if (centered)
            {
                // torch.lerp(start, end, w): start + w·(end − start) for w < ½, else end − (end − start)·(1 − w).
                double a = gradientAverage[i];
                a = w < 0.5 ? a + (w * (g - a)) : g - ((g - a) * (1.0 - w));
                gradientAverage[i] = a;
                avg = Math.Sqrt(v + (-a * a));
            }
            else
            {
                avg = Math.Sqrt(v);
            }

            avg += eps;
            if (momentum)
            {
                double b = (momentumBuffer[i] * mu) + (g / avg);
                momentumBuffer[i] = b;
                theta[i] += -lr * b;
            }
            else
            {
                theta[i] += -lr * g / avg;
            }
        }
    }
}
