using System.Collections.Generic;

namespace TinyNets.WorkedSolutions;

/// <summary>The loss of a worked solution: its formula, the numbers it was evaluated at, its value and ∂L/∂prediction.</summary>
/// <param name="Kind">The loss's description (its <c>ToString()</c>, e.g. <c>MseLoss(sum)</c>).</param>
/// <param name="Term">The per-entry term the loss sums.</param>
/// <param name="Factor">The factor before the sum: the loss's scale, divided by the number of outputs for a mean over elements.</param>
/// <param name="Formula">The formula in the solution's names (<c>L = (A_out − y)²</c>).</param>
/// <param name="Prediction">The network's output.</param>
/// <param name="Target">The target.</param>
/// <param name="Value">The loss's value, as the loss computed it.</param>
/// <param name="Gradient">∂L/∂prediction, as the loss computed it.</param>
public sealed record WorkedLoss(
    string Kind, LossTerm Term, double Factor, string Formula, IReadOnlyList<double> Prediction, IReadOnlyList<double> Target, double Value,
    IReadOnlyList<double> Gradient);
