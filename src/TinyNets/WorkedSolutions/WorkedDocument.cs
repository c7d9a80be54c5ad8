using System.Collections.Generic;
using System.Text;

namespace TinyNets.WorkedSolutions;

/// <summary>Where a worked solution is written: the math dialect, and how headings, paragraphs and groups of aligned
/// equations are set in the output format.</summary>
internal abstract class WorkedDocument(WorkedMath math)
{
    protected StringBuilder Output { get; } = new();

    public WorkedMath Math { get; } = math;

    public abstract void Heading(params Segment[] segments);

    /// <summary>A title above everything else.</summary>
    public abstract void Title(string title);

    public abstract void Paragraph(params Segment[] segments);

    public abstract void Equations(IReadOnlyList<EquationChain> chains);

    /// <summary>A numbered list, one item per entry.</summary>
    public abstract void NumberedList(IReadOnlyList<Segment[]> items);

    public override string ToString() => Output.ToString();
}
