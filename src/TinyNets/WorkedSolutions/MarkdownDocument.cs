using System.Collections.Generic;
using System.Text;

namespace TinyNets.WorkedSolutions;

/// <summary>Markdown with TeX math: <c>$…$</c> in headings and paragraphs, <c>$$…$$</c> blocks of <c>aligned</c>
/// equations, as GitHub and KaTeX render them.</summary>
internal sealed class MarkdownDocument(WorkedNumberFormat format) : WorkedDocument(new TexMath(format))
{
    public override void Title(string title) => Output.Append("## ").Append(EscapeText(title)).Append("\n\n");

    public override void Heading(params Segment[] segments)
    {
        Output.Append("### ");
        Paragraph(segments);
    }

    public override void Paragraph(params Segment[] segments) => Output.Append(Inline(segments)).Append("\n\n");

    private static string Inline(Segment[] segments)
    {
        var builder = new StringBuilder();
        foreach (Segment segment in segments)
        {
            builder.Append(segment.Kind switch
            {
                SegmentKind.Math => "$" + segment.Value + "$",
                SegmentKind.Code => "`" + segment.Value + "`",
                _ => EscapeText(segment.Value),
            });
        }

        return builder.ToString();
    }

    public override void Equations(IReadOnlyList<EquationChain> chains)
    {
        Output.Append("$$\n").Append(@"\begin{aligned}").Append('\n');
        Output.Append(string.Join(" \\\\\n", TexMath.AlignedRows(Math, chains))).Append('\n');
        Output.Append(@"\end{aligned}").Append("\n$$\n\n");
    }

    public override void NumberedList(IReadOnlyList<Segment[]> items)
    {
        for (int i = 0; i < items.Count; i++)
        {
            Output.Append((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(". ").Append(Inline(items[i])).Append('\n');
        }

        Output.Append('\n');
    }

    private static string EscapeText(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '#' or '$' or '|')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
