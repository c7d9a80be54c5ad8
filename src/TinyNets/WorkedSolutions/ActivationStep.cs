using System.Collections.Generic;

namespace TinyNets.WorkedSolutions;

/// <summary>An element-wise activation's step a = f(z), with f′ at every entry.</summary>
/// <param name="LayerIndex">The layer's index in the network.</param>
/// <param name="Layer">The layer's description.</param>
/// <param name="InputName">The name of z.</param>
/// <param name="OutputName">The name of a.</param>
/// <param name="Input">z.</param>
/// <param name="Output">a = f(z), as the layer computed it.</param>
/// <param name="Function">The function's name as a formula writes it (<c>ReLU</c>, <c>σ</c>, <c>tanh</c>, …).</param>
/// <param name="Derivative">f′(z) per entry, from the layer's own backward formula (ReLU′(0) = 0).</param>
public sealed record ActivationStep(
    int LayerIndex, string Layer, string InputName, string OutputName, IReadOnlyList<double> Input, IReadOnlyList<double> Output,
    string Function, IReadOnlyList<double> Derivative)
    : WorkedStep(LayerIndex, Layer, InputName, OutputName, Input, Output);
