using System.Collections.Generic;

namespace TinyNets.WorkedSolutions;

/// <summary>A <c>Linear</c> layer's step z = W·x + b, with every product W[i,j]·x[j] it sums.</summary>
/// <param name="LayerIndex">The layer's index in the network.</param>
/// <param name="Layer">The layer's description.</param>
/// <param name="InputName">The name of x.</param>
/// <param name="OutputName">The name of z.</param>
/// <param name="Input">x.</param>
/// <param name="Output">z, as the layer computed it.</param>
/// <param name="WeightName">The name of W.</param>
/// <param name="BiasName">The name of b, or null for a layer without bias.</param>
/// <param name="Weight">W, out × in, row by row.</param>
/// <param name="Bias">b (empty for a layer without bias).</param>
/// <param name="Terms">Terms[i][j] = W[i,j]·x[j], the products row i of z sums (before adding b[i]).</param>
public sealed record LinearStep(
    int LayerIndex, string Layer, string InputName, string OutputName, IReadOnlyList<double> Input, IReadOnlyList<double> Output,
    string WeightName, string? BiasName, IReadOnlyList<IReadOnlyList<double>> Weight, IReadOnlyList<double> Bias,
    IReadOnlyList<IReadOnlyList<double>> Terms)
    : WorkedStep(LayerIndex, Layer, InputName, OutputName, Input, Output);
