using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ScottPlot;

namespace TinyNets.Samples;

/// <summary>PNG plots for the samples (ScottPlot), written next to the sample's program.</summary>
public static class Plots
{
    /// <summary>Where a sample writes its pictures: the folder of the running program.</summary>
    /// <param name="fileName">A file name such as <c>loss.png</c>.</param>
    /// <returns>The full path.</returns>
    public static string OutputPath(string fileName) => Path.Combine(AppContext.BaseDirectory, fileName);

    /// <summary>Loss curves (one line per series) against the epoch, optionally on a logarithmic y axis.</summary>
    /// <param name="fileName">The PNG's file name.</param>
    /// <param name="title">The plot's title.</param>
    /// <param name="series">Named loss curves (one value per epoch or step).</param>
    /// <param name="logScale">A logarithmic loss axis: ticks at powers of ten labelled with the loss itself, log-spaced minor ticks.</param>
    /// <param name="xLabel">The x axis label.</param>
    /// <param name="markedEpoch">An epoch to mark with a vertical line (e.g. the best epoch, whose weights were restored), or null.</param>
    /// <param name="markLabel">The marked line's label.</param>
    /// <returns>The written file's path.</returns>
    public static string LossCurves(
        string fileName, string title, IReadOnlyList<(string Name, IReadOnlyList<double> Values)> series, bool logScale = true, string xLabel = "epoch",
        int? markedEpoch = null, string markLabel = "best epoch")
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = new Plot();
        foreach ((string name, IReadOnlyList<double> values) in series)
        {
            double[] xs = Enumerable.Range(1, values.Count).Select(i => (double)i).ToArray();
            double[] ys = values.Select(v => logScale ? Math.Log10(Math.Max(v, 1e-300)) : v).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = name;
            line.MarkerSize = 0;
        }

        if (logScale)
        {
            // ScottPlot has no log axis type: the data are log10 values, and the ticks say what they stand for.
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = y => Math.Pow(10, y).ToString("G3", System.Globalization.CultureInfo.InvariantCulture),
            };
            plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
            plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
            plot.Grid.MinorLineWidth = 1;
        }

        if (markedEpoch is int epoch)
        {
            var line = plot.Add.VerticalLine(epoch);
            line.LinePattern = LinePattern.Dashed;
            line.LegendText = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{markLabel} ({epoch})");
        }

        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(logScale ? "loss (log scale)" : "loss");
        plot.ShowLegend(Alignment.UpperRight);
        string path = OutputPath(fileName);
        plot.SavePng(path, 800, 500);
        return path;
    }

    /// <summary>A 2-D decision map: the classifier's class (or probability) on a grid, with the samples on top.</summary>
    /// <param name="fileName">The PNG's file name.</param>
    /// <param name="title">The plot's title.</param>
    /// <param name="classify">Maps a point (x, y) to a value in [0, 1] (e.g. P(class 1)).</param>
    /// <param name="points">The samples: coordinates and class (0 or 1).</param>
    /// <param name="xMin">Left edge.</param>
    /// <param name="xMax">Right edge.</param>
    /// <param name="yMin">Bottom edge.</param>
    /// <param name="yMax">Top edge.</param>
    /// <param name="resolution">Grid cells per axis.</param>
    /// <returns>The written file's path.</returns>
    public static string DecisionMap(
        string fileName, string title, Func<double, double, double> classify, IReadOnlyList<(double X, double Y, int Class)> points,
        double xMin, double xMax, double yMin, double yMax, int resolution = 150)
    {
        ArgumentNullException.ThrowIfNull(classify);
        ArgumentNullException.ThrowIfNull(points);
        var grid = new double[resolution, resolution];
        for (int r = 0; r < resolution; r++)
        {
            double y = yMax - ((r + 0.5) * (yMax - yMin) / resolution);
            for (int c = 0; c < resolution; c++)
            {
                double x = xMin + ((c + 0.5) * (xMax - xMin) / resolution);
                grid[r, c] = classify(x, y);
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(grid);
        heatmap.Extent = new CoordinateRect(xMin, xMax, yMin, yMax);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Opacity = 0.6;
        foreach (int cls in points.Select(p => p.Class).Distinct().Order())
        {
            var subset = points.Where(p => p.Class == cls).ToArray();
            var markers = plot.Add.ScatterPoints(subset.Select(p => p.X).ToArray(), subset.Select(p => p.Y).ToArray());
            markers.LegendText = $"class {cls}";
            markers.MarkerSize = 5;
        }

        plot.Title(title);
        plot.ShowLegend();
        plot.Axes.SetLimits(xMin, xMax, yMin, yMax);
        string path = OutputPath(fileName);
        plot.SavePng(path, 700, 650);
        return path;
    }
}
