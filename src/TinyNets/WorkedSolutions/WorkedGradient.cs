using System.Collections.Generic;

namespace TinyNets.WorkedSolutions;

/// <summary>δ of one quantity from the backward pass: ∂L/∂(a layer's output), or ∂L/∂(the network's input).</summary>
/// <param name="Name">The quantity's name (<c>z0</c>, <c>A_out</c>, <c>x</c>).</param>
/// <param name="LayerIndex">The index of the layer whose output it is, or −1 for the network's input.</param>
/// <param name="Values">∂L/∂quantity, entry by entry.</param>
public sealed record WorkedGradient(string Name, int LayerIndex, IReadOnlyList<double> Values);
