using System;
using System.Collections.Generic;
using System.Linq;
using ScottPlot;

namespace TinyNets.Samples;

/// <summary>PNG plots for regression samples (ScottPlot), written next to the sample's program.</summary>
public static class RegressionPlots
{
    /// <summary>
    /// Predicted against actual values, one marker colour per model, with the diagonal y = x on which a perfect model's
    /// points would lie.
    /// </summary>
    /// <param name="fileName">The PNG's file name.</param>
    /// <param name="title">The plot's title.</param>
    /// <param name="actual">The true values.</param>
    /// <param name="series">Named predictions, each with one value per entry of <paramref name="actual"/>.</param>
    /// <param name="unit">The values' unit for the axis labels (e.g. <c>dB</c>), or empty.</param>
    /// <returns>The written file's path.</returns>
    public static string PredictedVsActual(
        string fileName, string title, IReadOnlyList<double> actual, IReadOnlyList<(string Name, IReadOnlyList<double> Predicted)> series, string unit = "")
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(series);
        double[] xs = actual.ToArray();
        double low = xs.Min(), high = xs.Max();
        var plot = new Plot();
        foreach ((string name, IReadOnlyList<double> predicted) in series)
        {
            if (predicted.Count != xs.Length)
            {
                throw new ArgumentException($"Series '{name}' has {predicted.Count} predictions for {xs.Length} actual values.", nameof(series));
            }

            var markers = plot.Add.ScatterPoints(xs, predicted.ToArray());
            markers.LegendText = name;
            markers.MarkerSize = 5;
            low = Math.Min(low, predicted.Min());
            high = Math.Max(high, predicted.Max());
        }

        double pad = 0.03 * (high - low);
        var diagonal = plot.Add.Line(low - pad, low - pad, high + pad, high + pad);
        diagonal.LegendText = "perfect (y = x)";
        diagonal.LineColor = Colors.Black.WithAlpha(0.6);
        diagonal.LinePattern = LinePattern.Dashed;

        string suffix = unit.Length == 0 ? string.Empty : $" ({unit})";
        plot.Title(title);
        plot.XLabel("actual" + suffix);
        plot.YLabel("predicted" + suffix);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.SetLimits(low - pad, high + pad, low - pad, high + pad);
        string path = Plots.OutputPath(fileName);
        plot.SavePng(path, 700, 650);
        return path;
    }
}
