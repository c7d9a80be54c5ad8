using System.Collections.Generic;

namespace TinyNets.WorkedSolutions;

/// <summary>
/// The chain rule for one parameter entry. On a single path from the entry to the loss (every <c>Linear</c> layer above
/// the entry's layer has one output, as in the sheets' nets) the factors are ∂L/∂output, then one factor per layer
/// down to the entry's layer, then ∂z[i]/∂entry. With several paths the first factor is δ[i] = ∂L/∂z[i] of the entry's
/// layer from the backward pass, which holds the sum over all paths, and the second is ∂z[i]/∂entry
/// (∂L/∂W[i,j] = δ[i]·x[j]).
/// </summary>
/// <param name="Parameter">The parameter's state_dict name.</param>
/// <param name="Row">The entry's row (a bias's index).</param>
/// <param name="Column">The entry's column (0 for a bias).</param>
/// <param name="Entry">The entry's name in the solution's notation (<c>u[1,1]</c>).</param>
/// <param name="SinglePath">Whether the entry reaches the loss along one path, so that the factors are one per layer.</param>
/// <param name="Factors">The factors, from the loss down to the entry.</param>
/// <param name="Product">The factors' product, left to right.</param>
/// <param name="Gradient">The entry of the network's gradient (<c>GetGradient</c>) after the backward pass.</param>
public sealed record WorkedChain(
    string Parameter, int Row, int Column, string Entry, bool SinglePath, IReadOnlyList<ChainFactor> Factors, double Product, double Gradient);
