namespace TinyNets.WorkedSolutions;

/// <summary>One SGD step θ ← θ − η·g for the chosen entry, computed as <c>Sgd</c> (without momentum or weight decay)
/// computes it; the network itself is not changed.</summary>
/// <param name="Entry">The entry's name in the solution's notation.</param>
/// <param name="Old">θ before the step.</param>
/// <param name="LearningRate">η.</param>
/// <param name="Gradient">g = ∂L/∂θ.</param>
/// <param name="New">θ − η·g.</param>
public sealed record WorkedUpdate(string Entry, double Old, double LearningRate, double Gradient, double New);
