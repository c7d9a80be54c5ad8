using System;
using System.Collections.Generic;
using System.Text;

namespace TinyNets.WorkedSolutions;

/// <summary>A loss's right-hand side, in names or with numbers, in a renderer's math.</summary>
internal static class LossFormula
{
    /// <summary>factor·Σᵢ term(ŷᵢ, yᵢ) in names; the sum is left out for one output.</summary>
    public static string InNames(WorkedMath math, LossTerm term, double factor, string prediction, string target, int count)
    {
        string p = count == 1 ? math.Name(prediction) : math.WithIndexI(prediction);
        string t = count == 1 ? math.Name(target) : math.WithIndexI(target);
        return Prefix(math, factor) + (count == 1 ? string.Empty : math.SumOverI) + Term(math, term, p, t);
    }

    /// <summary>The right-hand side with the numbers written in.</summary>
    public static string WithNumbers(WorkedMath math, LossTerm term, double factor, IReadOnlyList<double> prediction, IReadOnlyList<double> target)
    {
        var sum = new StringBuilder();
        for (int i = 0; i < prediction.Count; i++)
        {
            sum.Append(i > 0 ? math.Plus : string.Empty).Append(Term(math, term, math.Operand(prediction[i]), math.Operand(target[i])));
        }

        bool group = prediction.Count > 1 && factor != 1.0;
        return Prefix(math, factor) + (group ? math.Paren(sum.ToString()) : sum.ToString());
    }

    private static string Prefix(WorkedMath math, double factor) =>
        factor == 1.0 ? string.Empty : factor == 0.5 ? math.Half : math.Times(math.Number(factor), string.Empty);

    private static string Term(WorkedMath m, LossTerm term, string p, string t) => term switch
    {
        LossTerm.SquaredError => m.Squared(p + m.Minus + t),
        LossTerm.Softplus => m.Ln("1" + m.Plus + m.Exp(m.Times(m.Paren("1" + m.Minus + m.Times("2", t)), p))),
        LossTerm.BinaryCrossEntropyWithLogits => m.Negate(m.Brackets(
            m.Times(t, m.LnOfApplied(m.Apply("σ", p))) + m.Plus + m.Times(m.Paren("1" + m.Minus + t), m.Ln("1" + m.Minus + m.Apply("σ", p))))),
        _ => throw new ArgumentOutOfRangeException(nameof(term), term, null),
    };
}
