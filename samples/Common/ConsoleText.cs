using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace TinyNets.Samples;

/// <summary>Text the samples print: confusion matrices and pass/fail verdicts.</summary>
public static class ConsoleText
{
    /// <summary>
    /// A confusion matrix as aligned text: one row per true class, one column per predicted class, the correct counts on
    /// the diagonal, and each row's recall at the end.
    /// </summary>
    /// <param name="counts">Entry [t, p] counts the samples of true class t predicted as p.</param>
    /// <param name="labels">One short label per class.</param>
    /// <param name="indent">Spaces before every line.</param>
    /// <returns>The lines, joined with newlines.</returns>
    public static string ConfusionMatrix(int[,] counts, IReadOnlyList<string> labels, int indent = 2)
    {
        ArgumentNullException.ThrowIfNull(counts);
        ArgumentNullException.ThrowIfNull(labels);
        int k = counts.GetLength(0);
        if (counts.GetLength(1) != k || labels.Count != k)
        {
            throw new ArgumentException($"A square matrix with one label per class was expected; {counts.GetLength(0)} × {counts.GetLength(1)} counts and {labels.Count} labels were given.", nameof(labels));
        }

        int labelWidth = Math.Max(labels.Max(l => l.Length), "true \\ predicted".Length);
        int cell = Math.Max(labels.Max(l => l.Length), counts.Cast<int>().Max().ToString(CultureInfo.InvariantCulture).Length) + 1;
        string pad = new(' ', indent);
        var text = new StringBuilder();
        text.Append(pad).Append("true \\ predicted".PadRight(labelWidth));
        foreach (string label in labels)
        {
            text.Append(label.PadLeft(cell));
        }

        text.Append("   recall");
        for (int t = 0; t < k; t++)
        {
            text.AppendLine();
            text.Append(pad).Append(labels[t].PadRight(labelWidth));
            int total = 0;
            for (int p = 0; p < k; p++)
            {
                total += counts[t, p];
                string value = counts[t, p] == 0 && p != t ? "." : counts[t, p].ToString(CultureInfo.InvariantCulture);
                text.Append(value.PadLeft(cell));
            }

            string recall = total == 0 ? "-" : (counts[t, t] / (double)total).ToString("P1", CultureInfo.InvariantCulture);
            text.Append(recall.PadLeft(9));
        }

        return text.ToString();
    }

    /// <summary>A verdict line: <c>[OK  ] claim</c> or <c>[FAIL] claim</c>.</summary>
    /// <param name="holds">Whether the claim holds.</param>
    /// <param name="claim">The claim with its numbers.</param>
    /// <returns>The line.</returns>
    public static string Verdict(bool holds, string claim) => $"[{(holds ? "OK  " : "FAIL")}] {claim}";
}
