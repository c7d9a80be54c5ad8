namespace TinyNets.WorkedSolutions;

/// <summary>One factor of a chain rule product, in Leibniz notation with its value.</summary>
/// <param name="Numerator">What is differentiated (<c>L</c>, <c>A_out</c>, <c>Z_in[1]</c>).</param>
/// <param name="Denominator">With respect to what (<c>A_out</c>, <c>u[1,1]</c>).</param>
/// <param name="Value">The factor's value.</param>
public sealed record ChainFactor(string Numerator, string Denominator, double Value)
{
    /// <summary>The factor as a fraction: ∂numerator/∂denominator.</summary>
    public string Label => $"∂{Numerator}/∂{Denominator}";
}
