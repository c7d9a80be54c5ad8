namespace TinyNets.Diagnostics;

/// <summary>What <see cref="GradientCheck"/> found for one parameter (or the input): its entry with the largest relative error.</summary>
/// <param name="Name">The parameter's state_dict name (<c>"0.weight"</c>), or <c>"input"</c>.</param>
/// <param name="Row">The worst entry's row (a bias's index).</param>
/// <param name="Column">The worst entry's column (0 for a bias, the sample for the input).</param>
/// <param name="Analytic">∂L/∂θ there, from the backward pass.</param>
/// <param name="Numeric">The central difference there.</param>
/// <param name="RelativeError">|analytic − numeric| / max(|analytic|, |numeric|) there; 0 when both are 0.</param>
/// <param name="AbsoluteError">|analytic − numeric| there.</param>
/// <param name="LargestAbsoluteError">The largest |analytic − numeric| over all of the parameter's entries.</param>
/// <param name="Passed">Whether every entry met |analytic − numeric| ≤ atol + rtol·|numeric| (PyTorch's <c>allclose</c>
/// rule in <c>gradcheck</c>).</param>
public sealed record GradientCheckEntry(
    string Name, int Row, int Column, double Analytic, double Numeric, double RelativeError, double AbsoluteError, double LargestAbsoluteError, bool Passed);
