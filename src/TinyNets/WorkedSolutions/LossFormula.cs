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

    /// <summary>factor·Σᵢ term(ŷᵢ, yᵢ) over the samples i of a batch (and Σ over outputs when there are several).</summary>
    public static string InNamesOverSamples(WorkedMath math, LossTerm term, double factor, string prediction, string target, int outputs)
    {
        string p = math.WithIndexI(prediction), t = math.WithIndexI(target);
        string sum = outputs == 1 ? math.SumOverI + Term(math, term, p, t) : math.SumOverI + math.SumOverK + Term(math, term, math.WithIndexIK(prediction), math.WithIndexIK(target));
        return Prefix(math, factor) + sum;
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

    // A factor 1/n (a mean over n entries or samples) is written as the fraction, not as 0.333….
    private static string Prefix(WorkedMath math, double factor)
    {
        if (factor == 1.0)
        {
            return string.Empty;
        }

        if (factor == 0.5)
        {
            return math.Half;
        }

        double n = Math.Round(1.0 / factor);
        return n is >= 2 and <= 1e9 && 1.0 / n == factor
            ? math.Times(math.Reciprocal((long)n), string.Empty)
            : math.Times(math.Number(factor), string.Empty);
    }

    private static string Term(WorkedMath m, LossTerm term, string p, string t) => term switch
    {
        LossTerm.SquaredError => m.Squared(p + m.Minus + t),
        LossTerm.Softplus => m.Ln("1" + m.Plus + m.Exp(m.Times(m.Paren("1" + m.Minus + m.Times("2", t)), p))),
        LossTerm.BinaryCrossEntropyWithLogits => m.Negate(m.Brackets(
            m.Times(t, m.LnOfApplied(m.Apply("σ", p))) + m.Plus + m.Times(m.Paren("1" + m.Minus + t), m.Ln("1" + m.Minus + m.Apply("σ", p))))),
        _ => throw new ArgumentOutOfRangeException(nameof(term), term, null),
    };
}
