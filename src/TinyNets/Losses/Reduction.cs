namespace TinyNets.Losses;

/// <summary>How a loss turns per-element (or per-sample) terms into one number.</summary>
public enum Reduction
{
    /// <summary>The sum of all terms (PyTorch's <c>reduction='sum'</c>); with squared error this is the SSE.</summary>
    Sum = 0,

    /// <summary>The mean as PyTorch defines it (<c>reduction='mean'</c>): over all elements for element-wise losses,
    /// over samples for cross-entropy, and over the targets' total class weight when class weights meet class-index targets.</summary>
    Mean = 1,

    /// <summary>The sum divided by the number of samples (batch columns), PyTorch's <c>'batchmean'</c>: the sheets' 1/N Σ over samples.</summary>
    BatchMean = 2,
}
