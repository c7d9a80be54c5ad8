using System;
using System.Collections.Generic;
using System.Linq;
using TinyNets.Internal;
using TinyNets.Network;
using TinyNets.Parameters;

namespace TinyNets.Optimizers;

/// <summary>
/// Updates parameters from their gradients. Holds the parameters by their state_dict names so that per-parameter
/// state (momentum buffers, moments) can be kept by name.
/// </summary>
public abstract class Optimizer
{
    private readonly KeyValuePair<string, Parameter>[] _parameters;
    private readonly Parameter[] _values;

    private double _learningRate;

    /// <summary>Takes the parameters to update and the learning rate.</summary>
    /// <param name="parameters">Named parameters, typically <see cref="Sequential.NamedParameters"/>.</param>
    /// <param name="learningRate">η, positive and finite.</param>
    /// <exception cref="ArgumentException">No parameters, a name given twice, one parameter under two names, or a learning rate that is not positive and finite.</exception>
    protected Optimizer(IEnumerable<KeyValuePair<string, Parameter>> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Guard.PositiveFinite(learningRate, nameof(learningRate));
        _learningRate = learningRate;
        _parameters = parameters.ToArray();
        _values = _parameters.Select(p => p.Value ?? throw new ArgumentException($"Parameter \"{p.Key}\" is null.", nameof(parameters))).ToArray();
        if (_parameters.Length == 0)
        {
            throw new ArgumentException("The optimizer was given no parameters to update.", nameof(parameters));
        }

        string? duplicate = _parameters.GroupBy(p => p.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (duplicate is not null)
        {
            throw new ArgumentException($"Parameter \"{duplicate}\" was given more than once.", nameof(parameters));
        }

        // One parameter under two names would be stepped twice per Step.
        var names = new Dictionary<Parameter, string>(ReferenceEqualityComparer.Instance);
        foreach (KeyValuePair<string, Parameter> p in _parameters)
        {
            if (!names.TryAdd(p.Value, p.Key))
            {
                throw new ArgumentException(
                    $"Parameters \"{names[p.Value]}\" and \"{p.Key}\" are the same parameter object; each parameter may be given once.", nameof(parameters));
            }
        }
    }

    /// <summary>The learning rate η; positive and finite. It may be changed between steps (a schedule).</summary>
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

    /// <summary>How many steps have been taken (PyTorch's <c>step</c> count, t); counted before the parameters are updated.</summary>
    public long Steps { get; private set; }

    /// <summary>The parameters this optimizer updates, with their names.</summary>
    public IReadOnlyList<KeyValuePair<string, Parameter>> Parameters => _parameters;

    /// <summary>Applies one update to every parameter from its current gradient.</summary>
    public void Step()
    {
        Steps++;
        Parameter[] values = _values;
        for (int i = 0; i < values.Length; i++)
        {
            Update(i, values[i]);
        }
    }

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGradients()
    {
        foreach (KeyValuePair<string, Parameter> p in _parameters)
        {
            p.Value.ZeroGradient();
        }
    }

    /// <summary>Allocates one zeroed state buffer per parameter, of its length (momentum, moments …), once at construction.</summary>
    /// <returns>One array per entry of <see cref="Parameters"/>.</returns>
    protected double[][] AllocateState()
    {
        var state = new double[_parameters.Length][];
        for (int i = 0; i < state.Length; i++)
        {
            state[i] = new double[_parameters[i].Value.Length];
        }

        return state;
    }

    /// <summary>The named parameters of <paramref name="network"/>, for derived constructors; refuses a network without any.</summary>
    /// <param name="network">The network.</param>
    /// <returns>Its named parameters.</returns>
    /// <exception cref="ArgumentException">The network has no parameters.</exception>
    protected static IReadOnlyList<KeyValuePair<string, Parameter>> ParametersOf(Sequential network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return network.NamedParameters.Count > 0
            ? network.NamedParameters
            : throw new ArgumentException($"The network has no trainable parameters to optimize: {network}.", nameof(network));
    }

    /// <summary>Updates one parameter in place.</summary>
    /// <param name="index">Position of the parameter in <see cref="Parameters"/> (to index per-parameter state).</param>
    /// <param name="parameter">The parameter, whose gradient is current.</param>
    protected abstract void Update(int index, Parameter parameter);
}
