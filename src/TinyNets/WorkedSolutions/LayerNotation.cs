namespace TinyNets.WorkedSolutions;

/// <summary>The names one layer's quantities carry in a worked solution (sheet 000's first layer: output
/// <c>Z_in</c>, weight <c>u</c>, bias <c>c</c>).</summary>
/// <param name="Output">The name of the layer's output (a pre-activation such as <c>z</c>, or an activation such as <c>h</c>).</param>
/// <param name="Weight">The name of a <c>Linear</c> layer's weight; null keeps its state_dict name.</param>
/// <param name="Bias">The name of a <c>Linear</c> layer's bias; null keeps its state_dict name.</param>
public sealed record LayerNotation(string Output, string? Weight = null, string? Bias = null);
