using System.Collections.Generic;

namespace TinyNets.WorkedSolutions;

/// <summary>One layer's forward step in a worked solution, as the layer computed it in the network's own pass.</summary>
/// <param name="LayerIndex">The layer's index in the network.</param>
/// <param name="Layer">The layer's description (its <c>ToString()</c>).</param>
/// <param name="InputName">The name of the layer's input (the previous layer's output, or the network's input).</param>
/// <param name="OutputName">The name of the layer's output.</param>
/// <param name="Input">The layer's input (its <c>Input</c> after the pass).</param>
/// <param name="Output">The layer's output (its <c>Output</c> after the pass).</param>
public abstract record WorkedStep(
    int LayerIndex, string Layer, string InputName, string OutputName, IReadOnlyList<double> Input, IReadOnlyList<double> Output);
