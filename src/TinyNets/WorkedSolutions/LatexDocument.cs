using System.Collections.Generic;
using System.Text;

namespace TinyNets.WorkedSolutions;

/// <summary>LaTeX (amsmath): headings as unnumbered subsections, equations in <c>align*</c>.</summary>
internal sealed class LatexDocument(WorkedNumberFormat format) : WorkedDocument(new TexMath(format))
{
    public override void Title(string title) => Output.Append(@"\section*{").Append(TexMath.EscapeText(title)).Append("}\n\n");

    public override void Heading(params Segment[] segments)
    {
        Output.Append(@"\subsection*{").Append(Inline(segments)).Append("}\n\n");
    }

    public override void Paragraph(params Segment[] segments)
    {
        Output.Append(@"\noindent ").Append(Inline(segments)).Append("\n\n");
    }

    public override void Equations(IReadOnlyList<EquationChain> chains)
    {
        Output.Append(@"\begin{align*}").Append('\n');
        Output.Append(string.Join(" \\\\\n", TexMath.AlignedRows(Math, chains))).Append('\n');
        Output.Append(@"\end{align*}").Append("\n\n");
    }

    public override void NumberedList(IReadOnlyList<Segment[]> items)
    {
        Output.Append(@"\begin{enumerate}").Append('\n');
        foreach (Segment[] item in items)
        {
            Output.Append(@"  \item ").Append(Inline(item)).Append('\n');
        }

        Output.Append(@"\end{enumerate}").Append("\n\n");
    }

    private static string Inline(Segment[] segments)
    {
        var builder = new StringBuilder();
        foreach (Segment segment in segments)
        {
            builder.Append(segment.Kind switch
            {
                SegmentKind.Math => "$" + segment.Value + "$",
                SegmentKind.Code => @"\texttt{" + TexMath.EscapeText(segment.Value) + "}",
                _ => TexMath.EscapeText(segment.Value),
            });
        }

        return builder.ToString();
    }
}
