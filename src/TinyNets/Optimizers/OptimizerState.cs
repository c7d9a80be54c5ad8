using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;

namespace TinyNets.Optimizers;

/// <summary>
/// Everything an optimizer carries from step to step, PyTorch's <c>optimizer.state_dict()</c> in spirit: its kind, its
/// hyper-parameters, the step count and every per-parameter buffer by the parameter's state_dict name.
/// <see cref="Optimizer.GetState"/> takes it and <see cref="Optimizer.LoadState"/> puts it back (validated), so training
/// continues bit for bit as it would have.
/// </summary>
public sealed class OptimizerState
{
    /// <summary>Creates a state; the collections are copied.</summary>
    /// <param name="kind">The optimizer's kind: <c>"SGD"</c>, <c>"Adam"</c>, <c>"AdamW"</c>, <c>"RMSprop"</c> or <c>"Adagrad"</c>.</param>
    /// <param name="hyperParameters">Hyper-parameters by PyTorch's names: <c>lr</c>, <c>weight_decay</c>; SGD's
    /// <c>momentum</c>, <c>dampening</c>, <c>nesterov</c> (1 for true, 0 for false); Adam's <c>beta1</c>, <c>beta2</c>, <c>eps</c>;
    /// RMSprop's <c>alpha</c>, <c>eps</c>, <c>momentum</c>, <c>centered</c> (1 or 0); Adagrad's <c>lr_decay</c>,
    /// <c>initial_accumulator_value</c>, <c>eps</c>.</param>
    /// <param name="steps">Steps taken so far (PyTorch's <c>step</c>).</param>
    /// <param name="buffers">Every per-parameter buffer.</param>
    public OptimizerState(string kind, IReadOnlyDictionary<string, double> hyperParameters, long steps, IEnumerable<OptimizerBuffer> buffers)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(hyperParameters);
        ArgumentNullException.ThrowIfNull(buffers);
        Kind = kind;
        HyperParameters = new ReadOnlyDictionary<string, double>(new Dictionary<string, double>(hyperParameters, StringComparer.Ordinal));
        Steps = steps;
        Buffers = buffers.Select(b => b ?? throw new ArgumentException("A buffer is null.", nameof(buffers))).ToArray();
    }

    /// <summary>The optimizer's kind: <c>"SGD"</c>, <c>"Adam"</c>, <c>"AdamW"</c>, <c>"RMSprop"</c> or <c>"Adagrad"</c>.</summary>
    public string Kind { get; }

    /// <summary>The hyper-parameters by PyTorch's names (booleans as 1 or 0).</summary>
    public IReadOnlyDictionary<string, double> HyperParameters { get; }

    /// <summary>The number of steps taken.</summary>
    public long Steps { get; }

    /// <summary>Every per-parameter buffer, parameter by parameter in the optimizer's order.</summary>
    public IReadOnlyList<OptimizerBuffer> Buffers { get; }
}
