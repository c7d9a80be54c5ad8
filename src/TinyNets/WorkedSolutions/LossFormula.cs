using System;
using System.Collections.Generic;
using System.Text;

namespace TinyNets.WorkedSolutions;

/// <summary>A loss's formula as text, in names or with numbers.</summary>
internal static class LossFormula
{
    /// <summary>L = factor·Σᵢ term(ŷᵢ, yᵢ) in names; the sum is left out for one output.</summary>
    public static string InNames(LossTerm term, double factor, string loss, string prediction, string target, int count)
    {
        string p = count == 1 ? prediction : prediction + "ᵢ", t = count == 1 ? target : target + "ᵢ";
        string sum = count == 1 ? Term(term, p, t) : "Σᵢ " + Term(term, p, t);
        return $"{loss} = {Prefix(factor, WorkedNumberFormat.Exact)}{sum}";
    }

    /// <summary>The right-hand side with the numbers written in.</summary>
    public static string WithNumbers(LossTerm term, double factor, IReadOnlyList<double> prediction, IReadOnlyList<double> target, WorkedNumberFormat format)
    {
        var builder = new StringBuilder(Prefix(factor, format));
        bool group = prediction.Count > 1 && factor != 1.0;
        builder.Append(group ? "(" : string.Empty);
        for (int i = 0; i < prediction.Count; i++)
        {
            builder.Append(i > 0 ? " + " : string.Empty)
                .Append(Term(term, Operand(prediction[i], format), Operand(target[i], format)));
        }

        return builder.Append(group ? ")" : string.Empty).ToString();
    }

    private static string Prefix(double factor, WorkedNumberFormat format) =>
        factor == 1.0 ? string.Empty : factor == 0.5 ? "½·" : format.Format(factor) + "·";

    private static string Term(LossTerm term, string p, string t) => term switch
    {
        LossTerm.SquaredError => $"({p} − {t})²",
        LossTerm.Softplus => $"ln(1 + exp((1 − 2·{t})·{p}))",
        LossTerm.BinaryCrossEntropyWithLogits => $"−[{t}·ln σ({p}) + (1 − {t})·ln(1 − σ({p}))]",
        _ => throw new ArgumentOutOfRangeException(nameof(term), term, null),
    };

    /// <summary>A number as an operand: negative numbers in parentheses.</summary>
    public static string Operand(double value, WorkedNumberFormat format)
    {
        string text = format.Format(value);
        return text.StartsWith('−') ? "(" + text + ")" : text;
    }
}
