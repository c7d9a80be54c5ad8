using System;
using System.Collections.Generic;
using System.Globalization;
using TinyNets.Internal;
using TinyNets.Network;
using TinyNets.Parameters;

namespace TinyNets.Optimizers;

/// <summary>
/// Adagrad (Duchi et al.), with PyTorch's <c>optim.Adagrad</c> update in the same order of operations:
/// g ← ∇θ + λθ (L2 weight decay); η_t ← η / (1 + (t − 1)·δ) (learning-rate decay δ); s ← s + g²;
/// θ ← θ − η_t·g / (√s + ε). The sum s starts at the initial accumulator value.
/// </summary>
public sealed class Adagrad : Optimizer
{
    private readonly double[][] _sums;

    /// <summary>Creates Adagrad over every parameter of <paramref name="network"/>, with PyTorch's defaults.</summary>
    /// <param name="network">The network to train; it must have parameters.</param>
    /// <param name="learningRate">η, positive and finite (PyTorch's default 0.01).</param>
    /// <param name="learningRateDecay">δ ≥ 0, finite: η_t = η / (1 + (t − 1)·δ).</param>
    /// <param name="weightDecay">λ ≥ 0, finite: λθ is added to the gradient (L2).</param>
    /// <param name="initialAccumulatorValue">s₀ ≥ 0, finite: the value every entry of the sum starts at.</param>
    /// <param name="epsilon">ε &gt; 0, finite: added to the denominator.</param>
    /// <exception cref="ArgumentException">A hyper-parameter out of range (named in the message), or a network without parameters.</exception>
    public Adagrad(Sequential network, double learningRate = 0.01, double learningRateDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0, double epsilon = 1e-10)
        : this(ParametersOf(network), learningRate, learningRateDecay, weightDecay, initialAccumulatorValue, epsilon)
    {
    }

    /// <summary>Creates Adagrad over the given named parameters.</summary>
    /// <param name="parameters">The parameters with their names.</param>
    /// <param name="learningRate">η, positive and finite.</param>
    /// <param name="learningRateDecay">δ ≥ 0, finite.</param>
    /// <param name="weightDecay">λ ≥ 0, finite.</param>
    /// <param name="initialAccumulatorValue">s₀ ≥ 0, finite.</param>
    /// <param name="epsilon">ε &gt; 0, finite.</param>
    /// <exception cref="ArgumentException">A hyper-parameter out of range (named in the message), or no parameters.</exception>
    public Adagrad(IEnumerable<KeyValuePair<string, Parameter>> parameters, double learningRate = 0.01, double learningRateDecay = 0, double weightDecay = 0, double initialAccumulatorValue = 0, double epsilon = 1e-10)
        : base(parameters, learningRate)
    {
        Guard.NonNegativeFinite(learningRateDecay, nameof(learningRateDecay));
        Guard.NonNegativeFinite(weightDecay, nameof(weightDecay));
        Guard.NonNegativeFinite(initialAccumulatorValue, nameof(initialAccumulatorValue));
        Guard.PositiveFinite(epsilon, nameof(epsilon));
        LearningRateDecay = learningRateDecay;
        WeightDecay = weightDecay;
        InitialAccumulatorValue = initialAccumulatorValue;
        Epsilon = epsilon;
        _sums = AllocateState();
        foreach (double[] sum in _sums)
        {
            Array.Fill(sum, initialAccumulatorValue);
        }
    }

    /// <summary>δ, the learning-rate decay.</summary>
    public double LearningRateDecay { get; }

    /// <summary>The L2 weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <summary>s₀, the value the sums started at.</summary>
    public double InitialAccumulatorValue { get; }

    /// <summary>ε, the denominator's guard.</summary>
    public double Epsilon { get; }

    internal override string? StateKind => "Adagrad";

    internal override void AddHyperParameters(Dictionary<string, double> into)
    {
        into["lr_decay"] = LearningRateDecay;
        into["weight_decay"] = WeightDecay;
        into["initial_accumulator_value"] = InitialAccumulatorValue;
        into["eps"] = Epsilon;
    }

    internal override IReadOnlyList<(string Name, double[][] Values)> StateBuffers => [("sum", _sums)];

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"Adagrad(lr={LearningRate}, lr_decay={LearningRateDecay}, weight_decay={WeightDecay}, initial_accumulator_value={InitialAccumulatorValue}, eps={Epsilon})");

    // g = ∇θ + λθ; η_t = η/(1 + (t − 1)δ); s = s + g²; θ = θ − η_t·g/(√s + ε). PyTorch's addcdiv rounds −η_t·g first.
    /// <inheritdoc/>
    protected override void Update(int index, Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        Span<double> theta = parameter.Data;
        ReadOnlySpan<double> grad = parameter.GradientData;
        Span<double> sum = _sums[index];
        double decay = WeightDecay, eps = Epsilon;
        double clr = LearningRate / (1.0 + ((Steps - 1) * LearningRateDecay));
        for (int i = 0; i < theta.Length; i++)
        {
            double g = decay == 0 ? grad[i] : grad[i] + (decay * theta[i]);
            double s = sum[i] + (g * g);
            sum[i] = s;
            theta[i] += -clr * g / (Math.Sqrt(s) + eps);
        }
    }
}
