using System;
using System.Collections.Generic;
using System.Linq;

namespace TinyNets.Optimizers;

/// <summary>
/// One per-parameter buffer of an optimizer, PyTorch's <c>state[param][name]</c>: <c>momentum_buffer</c> (SGD with
/// momentum, RMSprop with momentum), <c>exp_avg</c> and <c>exp_avg_sq</c> (Adam, AdamW), <c>square_avg</c> and
/// <c>grad_avg</c> (RMSprop, the latter centered), <c>sum</c> (Adagrad).
/// </summary>
public sealed class OptimizerBuffer
{
    private readonly double[] _values;

    /// <summary>Creates a buffer entry; the values are copied.</summary>
    /// <param name="parameter">The parameter's state_dict name, such as <c>"0.weight"</c>.</param>
    /// <param name="name">The buffer's name, such as <c>"exp_avg"</c>.</param>
    /// <param name="values">One value per entry of the parameter, in the parameter's column-major order (<see cref="Parameters.Parameter.Data"/>).</param>
    public OptimizerBuffer(string parameter, string name, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        Parameter = parameter;
        Name = name;
        _values = values.ToArray();
    }

    /// <summary>The parameter's state_dict name.</summary>
    public string Parameter { get; }

    /// <summary>The buffer's name.</summary>
    public string Name { get; }

    /// <summary>The values, in the parameter's column-major order.</summary>
    public IReadOnlyList<double> Values => Array.AsReadOnly(_values);

    /// <summary>The values without a copy, for the optimizer and the model file.</summary>
    internal ReadOnlySpan<double> Span => _values;
}
