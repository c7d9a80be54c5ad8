using System;
using MathNet.Numerics.LinearAlgebra;

namespace TinyNets.Losses;

/// <summary>
/// A loss that takes class indices as targets (one per sample), as PyTorch's <c>CrossEntropyLoss</c> and
/// <c>NLLLoss</c> do: <see cref="CrossEntropyLoss"/> and <see cref="NllLoss"/>. <c>Trainer.Fit</c> accepts class indices
/// (an <c>int[]</c>) with such a loss. The gradient is read with <see cref="Loss.Backward"/>, as for matrix targets.
/// </summary>
public interface IClassIndexLoss
{
    /// <summary>Computes the loss of a batch against class indices and keeps its gradient for <see cref="Loss.Backward"/>.</summary>
    /// <param name="prediction">Predictions (logits or log-probabilities), classes × batch; finite.</param>
    /// <param name="classes">One class index per column, each in [0, classes).</param>
    /// <returns>The reduced, scaled loss.</returns>
    /// <exception cref="ArgumentException">The prediction is empty, not dense or not finite, or the count of indices differs from the batch size.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class index outside [0, classes).</exception>
    double Forward(Matrix<double> prediction, ReadOnlySpan<int> classes);
}
