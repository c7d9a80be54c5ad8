using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace TinyNets.WorkedSolutions;

/// <summary>Formulas in TeX math (amsmath; also what KaTeX and GitHub's Markdown math read): bmatrix columns and
/// matrices, \frac{\partial L}{\partial x}, names with sub- and superscripts (W¹[0,1] → W^{1}_{0,1}).</summary>
internal sealed class TexMath(WorkedNumberFormat format) : WorkedMath(format)
{
    // amsmath's matrix environments take at most 10 columns unless MaxMatrixCols is raised; wider ones use array.
    private const int MaxBmatrixColumns = 10;

    private static readonly Dictionary<char, string> Symbols = new()
    {
        ['α'] = @"\alpha", ['β'] = @"\beta", ['γ'] = @"\gamma", ['δ'] = @"\delta", ['ε'] = @"\varepsilon", ['ζ'] = @"\zeta",
        ['η'] = @"\eta", ['θ'] = @"\theta", ['ι'] = @"\iota", ['κ'] = @"\kappa", ['λ'] = @"\lambda", ['μ'] = @"\mu", ['ν'] = @"\nu",
        ['ξ'] = @"\xi", ['π'] = @"\pi", ['ρ'] = @"\rho", ['σ'] = @"\sigma", ['τ'] = @"\tau", ['υ'] = @"\upsilon", ['φ'] = @"\varphi",
        ['χ'] = @"\chi", ['ψ'] = @"\psi", ['ω'] = @"\omega", ['Γ'] = @"\Gamma", ['Δ'] = @"\Delta", ['Θ'] = @"\Theta",
        ['Λ'] = @"\Lambda", ['Ξ'] = @"\Xi", ['Π'] = @"\Pi", ['Σ'] = @"\Sigma", ['Φ'] = @"\Phi", ['Ψ'] = @"\Psi", ['Ω'] = @"\Omega",
        ['ŷ'] = @"\hat{y}", ['ã'] = @"\tilde{a}", ['õ'] = @"\tilde{o}", ['ŵ'] = @"\hat{w}", ['ẑ'] = @"\hat{z}",
    };

    // Combining accents after a letter (W̃ is W + U+0303).
    private static readonly Dictionary<char, string> Accents = new()
    {
        ['\u0303'] = @"\tilde", ['\u0302'] = @"\hat", ['\u0304'] = @"\bar", ['\u0307'] = @"\dot", ['\u20D7'] = @"\vec",
    };

    private const string Superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";
    private const string Subscripts = "₀₁₂₃₄₅₆₇₈₉";

    public override string EqualsSign => "=";

    public override string ArrowSign => @"\leftarrow";

    public override string Plus => " + ";

    // {}+ keeps + a binary operator after an alignment point.
    public override string PlusSign => "{}+";

    public override string Minus => " - ";

    public override string Separator => @",\quad ";

    public override string ChainJoin => @" \cdot ";

    public override string Delta => @"\delta";

    public override string Theta => @"\theta";

    public override string Eta => @"\eta";

    public override string Half => @"\tfrac{1}{2} \cdot ";

    public override string SumOverI => @"\sum_i ";

    public override string Number(double value)
    {
        if (double.IsNaN(value))
        {
            return @"\mathrm{NaN}";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? @"\infty" : @"-\infty";
        }

        string text = Format.Format(value).Replace('−', '-');
        int e = text.IndexOf('E', System.StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }

        // 1E-05 → 1 \times 10^{-5}
        int exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return text[..e] + @" \times 10^{" + exponent.ToString(CultureInfo.InvariantCulture) + "}";
    }

    public override string Name(string name)
    {
        // A trailing index [i] or [i,j] becomes a subscript.
        string? index = null;
        int open = name.LastIndexOf('[');
        if (open > 0 && name.EndsWith(']') && name[(open + 1)..^1].All(c => char.IsAsciiLetterOrDigit(c) || c == ','))
        {
            index = name[(open + 1)..^1];
            name = name[..open];
        }

        var sup = new StringBuilder();
        var subDigits = new StringBuilder();
        while (name.Length > 1 && (Superscripts.Contains(name[^1]) || Subscripts.Contains(name[^1]) || name[^1] == 'ᵀ'))
        {
            char c = name[^1];
            if (c == 'ᵀ')
            {
                sup.Insert(0, @"\top ");
                name = name[..^1];
                continue;
            }

            (Superscripts.Contains(c) ? sup : subDigits).Insert(0, (char)('0' + (Superscripts.Contains(c) ? Superscripts.IndexOf(c) : Subscripts.IndexOf(c))));
            name = name[..^1];
        }

        string? subText = null;
        int underscore = name.IndexOf('_', System.StringComparison.Ordinal);
        if (underscore > 0 && underscore < name.Length - 1)
        {
            subText = name[(underscore + 1)..];
            name = name[..underscore];
        }
        else if (name.Length > 1 && char.IsAsciiLetter(name[0]) && name.Skip(1).All(char.IsAsciiDigit) && sup.Length == 0)
        {
            // The default names z0, a1 carry the layer's index: z^{(0)}, as layer indices are written.
            sup.Append('(').Append(name[1..]).Append(')');
            name = name[..1];
        }

        var subs = new List<string>(3);
        if (subText is not null)
        {
            subs.Add(subText.All(char.IsAsciiDigit) ? subText : @"\mathrm{" + Escape(subText) + "}");
        }

        if (subDigits.Length > 0)
        {
            subs.Add(subDigits.ToString());
        }

        if (index is not null)
        {
            subs.Add(index);
        }

        var result = new StringBuilder(Base(name));
        if (sup.Length > 0)
        {
            result.Append("^{").Append(sup).Append('}');
        }

        if (subs.Count > 0)
        {
            result.Append("_{").Append(string.Join(",", subs)).Append('}');
        }

        return result.ToString();
    }

    public override string Times(string a, string b) => a + @" \cdot " + b;

    public override string Paren(string inner) => "(" + inner + ")";

    public override string Brackets(string inner) => @"\left[" + inner + @"\right]";

    public override string Column(IEnumerable<string> entries) => Matrix(entries.Select(e => (IReadOnlyList<string>)[e]).ToList());

    public override string InlineColumn(IEnumerable<double> values)
    {
        List<string> entries = values.Select(Number).ToList();
        return entries.Count == 1 ? Column(entries) : Matrix([entries]) + @"^\top";
    }

    public override string Matrix(IReadOnlyList<IReadOnlyList<string>> rows)
    {
        int columns = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        string body = string.Join(@" \\ ", rows.Select(row => string.Join(" & ", row)));
        return columns <= MaxBmatrixColumns
            ? @"\begin{bmatrix}" + body + @"\end{bmatrix}"
            : @"\left[\begin{array}{" + new string('c', columns) + "}" + body + @"\end{array}\right]";
    }

    public override string Partial(string numerator, string denominator) =>
        @"\frac{\partial " + Name(numerator) + @"}{\partial " + Name(denominator) + "}";

    public override string PartialInline(string numerator, string denominator) =>
        @"\partial " + Name(numerator) + @"/\partial " + Name(denominator);

    public override string Apply(string function, string argument) => Function(function) + "(" + argument + ")";

    public override string Derivative(string function, string argument) => Function(function) + "'(" + argument + ")";

    public override string Squared(string inner) => @"\left(" + inner + @"\right)^2";

    public override string Reciprocal(long n) => @"\tfrac{1}{" + n.ToString(CultureInfo.InvariantCulture) + "}";

    public override string Ln(string argument) => @"\ln\left(" + argument + @"\right)";

    public override string Exp(string argument) => @"\exp\left(" + argument + @"\right)";

    public override string LnOfApplied(string applied) => @"\ln " + applied;

    public override string Negate(string inner) => "-" + inner;

    public override string WithIndexI(string name) => "{" + Name(name) + "}_i";

    public override string SumOverK => @"\sum_k ";

    public override string WithIndexIK(string name) => "{" + Name(name) + "}_{ik}";

    /// <summary>The rows of an aligned environment: lhs &amp;= rhs, later lines &amp;= rhs, a note after &amp;\quad.</summary>
    public static IEnumerable<string> AlignedRows(WorkedMath math, IReadOnlyList<EquationChain> chains)
    {
        foreach (EquationChain chain in chains)
        {
            for (int i = 0; i < chain.Rhs.Count; i++)
            {
                string row = (i == 0 ? chain.Lhs : string.Empty) + " &" + chain.RelationOf(i, math.EqualsSign) + " " + chain.Rhs[i];
                if (i == chain.Rhs.Count - 1 && chain.Note is not null)
                {
                    row += @" &&\text{(" + TexMath.EscapeText(chain.Note) + ")}";
                }

                yield return row;
            }
        }
    }

    /// <summary>Escapes text for TeX's text mode (prose, \texttt).</summary>
    public static string EscapeText(string text) => Escape(text, math: false);

    /// <summary>Escapes text for an argument of \mathrm in math mode.</summary>
    private static string Escape(string text, bool math = true)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            builder.Append(c switch
            {
                '\\' => math ? @"\backslash " : @"\textbackslash{}",
                '{' or '}' or '$' or '&' or '#' or '_' or '%' => "\\" + c,
                '^' => math ? @"\wedge " : @"\textasciicircum{}",
                '~' => math ? @"\sim " : @"\textasciitilde{}",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    private static string Function(string function) => function switch
    {
        "σ" => @"\sigma",
        "tanh" => @"\tanh",
        _ => @"\operatorname{" + Escape(function) + "}",
    };

    private static string Base(string name)
    {
        // One TeX piece per visible symbol: a letter, a symbol's command, or an accent over either (b + U+0303 → \tilde{b}).
        var pieces = new List<string>(name.Length);
        bool plainLetter = false;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            plainLetter = char.IsAsciiLetter(c);
            string piece = Symbols.TryGetValue(c, out string? symbol) ? symbol : Escape(c.ToString());
            while (i + 1 < name.Length && Accents.TryGetValue(name[i + 1], out string? accent))
            {
                piece = accent + "{" + piece + "}";
                plainLetter = false;
                i++;
            }

            pieces.Add(piece);
        }

        if (pieces.Count == 1 && (plainLetter || pieces[0].StartsWith('\\')))
        {
            return pieces[0];
        }

        // Several symbols (or one that is not a letter): upright text, commands in braces.
        return @"\mathrm{" + string.Concat(pieces.Select(p => p.StartsWith('\\') && p.Length > 2 ? "{" + p + "}" : p)) + "}";
    }
}
