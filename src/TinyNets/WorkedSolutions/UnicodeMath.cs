using System.Collections.Generic;
using System.Linq;

namespace TinyNets.WorkedSolutions;

/// <summary>Formulas in plain Unicode: vectors as columns [a; b], matrices row by row [a, b; c, d], ∂L/∂x.</summary>
internal sealed class UnicodeMath(WorkedNumberFormat format) : WorkedMath(format)
{
    public override string EqualsSign => "=";

    public override string ArrowSign => "←";

    public override string Plus => " + ";

    public override string PlusSign => "+";

    public override string Minus => " − ";

    public override string Separator => ",   ";

    public override string ChainJoin => " · ";

    public override string Delta => "δ";

    public override string Theta => "θ";

    public override string Eta => "η";

    public override string Half => "½·";

    public override string SumOverI => "Σᵢ ";

    public override string Number(double value) => Format.Format(value);

    public override string Name(string name) => name;

    public override string Times(string a, string b) => a + "·" + b;

    public override string Paren(string inner) => "(" + inner + ")";

    public override string Brackets(string inner) => "[" + inner + "]";

    public override string Column(IEnumerable<string> entries) => "[" + string.Join("; ", entries) + "]";

    public override string InlineColumn(IEnumerable<double> values) => Column(values);

    public override string Matrix(IReadOnlyList<IReadOnlyList<string>> rows) =>
        "[" + string.Join("; ", rows.Select(row => string.Join(", ", row))) + "]";

    public override string Partial(string numerator, string denominator) => PartialInline(numerator, denominator);

    public override string PartialInline(string numerator, string denominator) => "∂" + numerator + "/∂" + denominator;

    public override string Apply(string function, string argument) => function + "(" + argument + ")";

    public override string Derivative(string function, string argument) => function + "′(" + argument + ")";

    public override string Squared(string inner) => Paren(inner) + "²";

    public override string Reciprocal(long n) => "1/" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override string Ln(string argument) => "ln" + Paren(argument);

    public override string Exp(string argument) => "exp" + Paren(argument);

    public override string LnOfApplied(string applied) => "ln " + applied;

    public override string Negate(string inner) => "−" + inner;

    public override string WithIndexI(string name) => name + "ᵢ";

    public override string SumOverK => "Σₖ ";

    public override string WithIndexIK(string name) => name + "ᵢₖ";
}
