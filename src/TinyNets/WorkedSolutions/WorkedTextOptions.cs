namespace TinyNets.WorkedSolutions;

/// <summary>Options of <see cref="WorkedSolution.ToText(WorkedTextOptions?)"/>.</summary>
public sealed record WorkedTextOptions
{
    /// <summary>How numbers are written; exact (round-trip) by default.</summary>
    public WorkedNumberFormat NumberFormat { get; init; } = WorkedNumberFormat.Exact;
}
