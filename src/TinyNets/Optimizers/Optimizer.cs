using System;
using System.Collections.Generic;
using System.Globalization;
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

    /// <summary>
    /// The learning rate η; finite. It may be changed between steps (a schedule), to 0 too, as PyTorch allows
    /// (a cosine schedule down to η_min = 0 ends there); the constructors still refuse 0 as a likely mistake.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">On setting a value that is negative or not finite (the old value stays).</exception>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            Guard.NonNegativeFinite(value, nameof(value), nameof(LearningRate));
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

    /// <summary>
    /// The optimizer's state (kind, hyper-parameters, step count, every per-parameter buffer), copied: PyTorch's
    /// <c>state_dict()</c>. Hand it to <see cref="LoadState"/> of an optimizer of the same kind and hyper-parameters over
    /// parameters of the same names and shapes to continue training exactly.
    /// </summary>
    /// <returns>A new state that later steps do not change.</returns>
    /// <exception cref="NotSupportedException">A custom optimizer (not <see cref="Sgd"/>, <see cref="Adam"/>, <see cref="AdamW"/>, <see cref="RmsProp"/> or <see cref="Adagrad"/>), whose state this library cannot describe.</exception>
    public OptimizerState GetState()
    {
        string kind = StateKind ?? throw new NotSupportedException(
            $"The state of a {GetType().Name} cannot be taken: only Sgd, Adam, AdamW, RmsProp and Adagrad describe their state.");
        var hyperParameters = new Dictionary<string, double>(StringComparer.Ordinal) { ["lr"] = LearningRate };
        AddHyperParameters(hyperParameters);
        var buffers = new List<OptimizerBuffer>();
        for (int i = 0; i < _parameters.Length; i++)
        {
            foreach ((string name, double[][] values) in StateBuffers)
            {
                buffers.Add(new OptimizerBuffer(_parameters[i].Key, name, values[i]));
            }
        }

        return new OptimizerState(kind, hyperParameters, Steps, buffers);
    }

    /// <summary>
    /// Puts back a state taken by <see cref="GetState"/>: the learning rate, the step count and every buffer. PyTorch's
    /// <c>load_state_dict</c>, checked first: nothing changes unless everything fits.
    /// </summary>
    /// <param name="state">A state of this optimizer's kind, with this optimizer's hyper-parameters (the learning rate
    /// may differ: it is taken from the state, finite and ≥ 0), a step count ≥ 0, and exactly one finite buffer of the parameter's length
    /// for every parameter and buffer name.</param>
    /// <exception cref="ArgumentException">A different kind, a missing, unknown or different hyper-parameter, a negative
    /// step count, or a missing, unknown, repeated, wrong-length or non-finite buffer (named in the message).</exception>
    /// <exception cref="NotSupportedException">A custom optimizer, whose state this library cannot describe.</exception>
    public void LoadState(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        OptimizerState current = GetState();
        StateChecks.KindAndHyperParameters(current.Kind, current.HyperParameters, state.Kind, state.HyperParameters, "optimizer", "lr", nameof(state));

        if (state.Steps < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(state), state.Steps, string.Create(CultureInfo.InvariantCulture, $"A step count ≥ 0 was expected; {state.Steps} was given."));
        }

        // Every (parameter, buffer) pair once, of the parameter's length and finite; then copy, so that a refusal changes nothing.
        var expected = new Dictionary<(string Parameter, string Name), double[]>();
        for (int i = 0; i < _parameters.Length; i++)
        {
            foreach ((string name, double[][] values) in StateBuffers)
            {
                expected[(_parameters[i].Key, name)] = values[i];
            }
        }

        var found = new Dictionary<(string Parameter, string Name), OptimizerBuffer>();
        foreach (OptimizerBuffer buffer in state.Buffers)
        {
            var key = (buffer.Parameter, buffer.Name);
            if (!expected.TryGetValue(key, out double[]? target))
            {
                throw new ArgumentException(
                    $"The state has buffer \"{buffer.Name}\" of parameter \"{buffer.Parameter}\", which this {current.Kind} does not keep; it keeps " +
                    $"{(expected.Count == 0 ? "none" : string.Join(", ", expected.Keys.Select(k => $"\"{k.Name}\" of \"{k.Parameter}\"")))}.",
                    nameof(state));
            }

            if (!found.TryAdd(key, buffer))
            {
                throw new ArgumentException($"The state has buffer \"{buffer.Name}\" of parameter \"{buffer.Parameter}\" more than once.", nameof(state));
            }

            if (buffer.Span.Length != target.Length)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"Buffer \"{buffer.Name}\" of parameter \"{buffer.Parameter}\" must have {target.Length} values; {buffer.Span.Length} were given."),
                    nameof(state));
            }

            int bad = Guard.FirstNonFinite(buffer.Span);
            if (bad >= 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"Buffer \"{buffer.Name}\" of parameter \"{buffer.Parameter}\" must be finite; value {bad} is {buffer.Span[bad]}."),
                    nameof(state));
            }
        }

        foreach ((string parameter, string name) in expected.Keys.Where(k => !found.ContainsKey(k)))
        {
            throw new ArgumentException($"The state lacks buffer \"{name}\" of parameter \"{parameter}\".", nameof(state));
        }

        foreach ((var key, OptimizerBuffer buffer) in found)
        {
            buffer.Span.CopyTo(expected[key]);
        }

        _learningRate = state.HyperParameters["lr"];
        Steps = state.Steps;
    }

    /// <summary>The kind written in a state (<c>"SGD"</c>, <c>"Adam"</c>, <c>"AdamW"</c>, <c>"RMSprop"</c>, <c>"Adagrad"</c>), or null for a custom optimizer.</summary>
    internal virtual string? StateKind => null;

    /// <summary>Adds the hyper-parameters other than the learning rate, by PyTorch's names.</summary>
    internal virtual void AddHyperParameters(Dictionary<string, double> into)
    {
    }

    /// <summary>The per-parameter buffers by PyTorch's names, each indexed like <see cref="Parameters"/>.</summary>
    internal virtual IReadOnlyList<(string Name, double[][] Values)> StateBuffers => [];

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
