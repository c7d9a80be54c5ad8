using System.Collections.Generic;

namespace TinyNets.WorkedSolutions;

/// <summary>Plain Unicode text: headings after a blank line, equations indented with later lines aligned under the
/// first line's relation.</summary>
internal sealed class TextDocument(WorkedNumberFormat format) : WorkedDocument(new UnicodeMath(format))
{
    public override void Title(string title) => Output.Append(title).Append('\n').Append(new string('=', title.Length)).Append('\n');

    public override void Heading(params Segment[] segments)
    {
        Output.Append('\n');
        Paragraph(segments);
    }

    public override void Paragraph(params Segment[] segments)
    {
        foreach (Segment segment in segments)
        {
            Output.Append(segment.Value);
        }

        Output.Append('\n');
    }

    public override void Equations(IReadOnlyList<EquationChain> chains)
    {
        foreach (EquationChain chain in chains)
        {
            string head = "  " + chain.Lhs + " ";
            string indent = new(' ', head.Length);
            for (int i = 0; i < chain.Rhs.Count; i++)
            {
                Output.Append(i == 0 ? head : indent).Append(chain.RelationOf(i, Math.EqualsSign)).Append(' ').Append(chain.Rhs[i]);
                if (i == chain.Rhs.Count - 1 && chain.Note is not null)
                {
                    Output.Append("   (").Append(chain.Note).Append(')');
                }

                Output.Append('\n');
            }
        }
    }

    public override void NumberedList(IReadOnlyList<Segment[]> items)
    {
        for (int i = 0; i < items.Count; i++)
        {
            Output.Append((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(". ");
            Paragraph(items[i]);
        }
    }
}
