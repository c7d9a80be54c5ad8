using System.Collections.Generic;
using System.Linq;

namespace TinyNets.WorkedSolutions;

/// <summary>How a worked solution's formulas are spelled: Unicode for plain text, TeX for Markdown and LaTeX. The
/// layout (<see cref="WorkedLayout"/>) builds every formula from these pieces, so the three renderers write the same
/// solution.</summary>
internal abstract class WorkedMath
{
    protected WorkedMath(WorkedNumberFormat format) => Format = format;

    public WorkedNumberFormat Format { get; }

    /// <summary>The relation sign of a chain's first line ("=").</summary>
    public abstract string EqualsSign { get; }

    /// <summary>The assignment sign of an update ("←").</summary>
    public abstract string ArrowSign { get; }

    /// <summary>" = " between two sides inside one formula.</summary>
    public string Eq => " " + EqualsSign + " ";

    public abstract string Plus { get; }

    /// <summary>+ at the start of a line that continues a sum.</summary>
    public abstract string PlusSign { get; }

    public abstract string Minus { get; }

    /// <summary>The separator of two formulas on one line (f(z) = a, f′(z) = d).</summary>
    public abstract string Separator { get; }

    /// <summary>The factors of a chain: a · b · c.</summary>
    public abstract string ChainJoin { get; }

    public abstract string Delta { get; }

    public abstract string Theta { get; }

    public abstract string Eta { get; }

    public abstract string Number(double value);

    /// <summary>A number as an operand: a negative one in parentheses.</summary>
    public string Operand(double value)
    {
        string text = Number(value);
        return text.StartsWith('−') || text.StartsWith('-') ? Paren(text) : text;
    }

    /// <summary>A quantity's or an entry's name (<c>W¹</c>, <c>Z_in[1]</c>, <c>0.weight[0,1]</c>).</summary>
    public abstract string Name(string name);

    /// <summary>a·b, tight.</summary>
    public abstract string Times(string a, string b);

    public abstract string Paren(string inner);

    public abstract string Brackets(string inner);

    public abstract string Column(IEnumerable<string> entries);

    public string Column(IEnumerable<double> values) => Column(values.Select(Number));

    /// <summary>A column vector inside running text (a transposed row in TeX, where a line break would end the math).</summary>
    public abstract string InlineColumn(IEnumerable<double> values);

    public abstract string Matrix(IReadOnlyList<IReadOnlyList<string>> rows);

    /// <summary>∂numerator/∂denominator, names given as the solution writes them.</summary>
    public abstract string Partial(string numerator, string denominator);

    /// <summary>∂numerator/∂denominator on one line (in headings).</summary>
    public abstract string PartialInline(string numerator, string denominator);

    /// <summary>An activation applied: ReLU(z), σ(z); <paramref name="function"/> as <see cref="ActivationStep.Function"/>.</summary>
    public abstract string Apply(string function, string argument);

    /// <summary>An activation's derivative applied: ReLU′(z).</summary>
    public abstract string Derivative(string function, string argument);

    public abstract string Squared(string inner);

    /// <summary>1/n, as a factor is written when it is one.</summary>
    public abstract string Reciprocal(long n);

    public abstract string Ln(string argument);

    public abstract string Exp(string argument);

    /// <summary>ln applied without parentheses, before a function's value: ln σ(ŷ).</summary>
    public abstract string LnOfApplied(string applied);

    public abstract string Negate(string inner);

    /// <summary>½·, the factor of a halved sum.</summary>
    public abstract string Half { get; }

    /// <summary>Σᵢ before a summand.</summary>
    public abstract string SumOverI { get; }

    /// <summary>A name with the summation index: ŷᵢ.</summary>
    public abstract string WithIndexI(string name);

    /// <summary>Σₖ before a summand (over the outputs, inside a sum over samples).</summary>
    public abstract string SumOverK { get; }

    /// <summary>A name with the sample and output indices: ŷᵢₖ.</summary>
    public abstract string WithIndexIK(string name);
}
