using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using TinyNets.Layers;

namespace TinyNets.Network;

/// <summary>Writes the per-layer table of <see cref="Sequential.Summary"/> (Keras' <c>model.summary()</c> in spirit).</summary>
internal static class NetworkSummary
{
    private static readonly string[] Header = ["#", "layer", "output", "parameters"];

    public static string Write(IReadOnlyList<Layer> layers)
    {
        var rows = new List<string[]>(layers.Count + 1) { Header };
        int? width = null;
        long weights = 0, biases = 0;
        for (int i = 0; i < layers.Count; i++)
        {
            Layer layer = layers[i];
            width = layer.OutputSize ?? width;
            long count = layer.Parameters.Sum(p => (long)p.Length);
            weights += layer.Parameters.Where(p => !p.IsVector).Sum(p => (long)p.Length);
            biases += layer.Parameters.Where(p => p.IsVector).Sum(p => (long)p.Length);
            rows.Add(new[]
            {
                i.ToString(CultureInfo.InvariantCulture),
                layer.ToString() ?? layer.GetType().Name,
                width?.ToString(CultureInfo.InvariantCulture) ?? "?", // an element-wise first layer: set by the data
                count.ToString("N0", CultureInfo.InvariantCulture),
            });
        }

        int[] widths = Enumerable.Range(0, 4).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (string[] row in rows)
        {
            // Numbers right-aligned, names left-aligned, as a table of figures is read.
            text.Append(row[0].PadLeft(widths[0])).Append("  ")
                .Append(row[1].PadRight(widths[1])).Append("  ")
                .Append(row[2].PadLeft(Math.Max(widths[2], 6))).Append("  ")
                .Append(row[3].PadLeft(widths[3]))
                .AppendLine();
        }

        text.Append(string.Create(
            CultureInfo.InvariantCulture,
            $"parameters: {weights + biases:N0} ({weights:N0} weights, {biases:N0} biases)"));
        return text.ToString();
    }
}
