using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics.Tensors;
using TinyNets.Internal;
using TinyNets.Network;
using TinyNets.Parameters;

namespace TinyNets.Optimizers;

/// <summary>Plain stochastic gradient descent, PyTorch's <c>optim.SGD</c> without momentum: θ ← θ − η·g.</summary>
public sealed class Sgd : Optimizer
{
    private double _learningRate;

    /// <summary>Creates SGD over every parameter of <paramref name="network"/>.</summary>
    /// <param name="network">The network to train.</param>
    /// <param name="learningRate">η, positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">η is not positive and finite.</exception>
    public Sgd(Sequential network, double learningRate)
        : this(ParametersOf(network), learningRate)
    {
    }

    /// <summary>Creates SGD over the given named parameters.</summary>
    /// <param name="parameters">The parameters with their names.</param>
    /// <param name="learningRate">η, positive and finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">η is not positive and finite.</exception>
    public Sgd(IEnumerable<KeyValuePair<string, Parameter>> parameters, double learningRate)
        : base(parameters)
    {
        Guard.PositiveFinite(learningRate, nameof(learningRate));
        _learningRate = learningRate;
    }

    /// <summary>The learning rate η; positive and finite.</summary>
    /// <exception cref="ArgumentOutOfRangeException">On setting a value that is not positive and finite (the old value stays).</exception>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            Guard.PositiveFinite(value, nameof(value), nameof(LearningRate));
            _learningRate = value;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Sgd(lr={LearningRate})");

    private static IReadOnlyList<KeyValuePair<string, Parameter>> ParametersOf(Sequential network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.NamedParameters.Count > 0
            ? network.NamedParameters
            : throw new ArgumentException($"The network has no trainable parameters to optimize: {network}.", nameof(network));
    }

    // θ ← θ − η·g
    /// <inheritdoc/>
    protected override void Update(int index, Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        Span<double> theta = parameter.Data;
        TensorPrimitives.MultiplyAdd(parameter.GradientData, -_learningRate, theta, theta);
    }
}
