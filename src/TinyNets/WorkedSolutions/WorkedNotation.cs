using System.Collections.Generic;

namespace TinyNets.WorkedSolutions;

/// <summary>
/// The names a worked solution writes. By default the input is <c>x</c>, the target <c>y</c>, the loss <c>L</c>, a
/// <c>Linear</c> layer k's output <c>zk</c> with its parameters' state_dict names (<c>"k.weight"</c>, <c>"k.bias"</c>),
/// an activation layer k's output <c>ak</c>, and entries are indexed from 0 in brackets (<c>z0[1]</c>,
/// <c>0.weight[0,1]</c>).
/// </summary>
public sealed record WorkedNotation
{
    /// <summary>The input's name.</summary>
    public string Input { get; init; } = "x";

    /// <summary>The target's name.</summary>
    public string Target { get; init; } = "y";

    /// <summary>The loss's name.</summary>
    public string Loss { get; init; } = "L";

    /// <summary>One entry per layer of the network, in order; null gives every layer its default names.</summary>
    public IReadOnlyList<LayerNotation>? Layers { get; init; }

    /// <summary>The first index of a vector's or matrix's entries: 0 (as the library) or 1 (as the sheets write u11).</summary>
    public int IndexBase { get; init; }
}
