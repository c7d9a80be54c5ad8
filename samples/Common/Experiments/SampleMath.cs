using System;
using System.Collections.Generic;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Initialization;

namespace TinyNets.Samples.Experiments;

/// <summary>Small helpers the experiments share: Gaussian draws and smoothing.</summary>
public static class SampleMath
{
    /// <summary>A standard normal draw (Box–Muller) from the project's seeded generator.</summary>
    /// <param name="random">The generator.</param>
    /// <returns>A draw from N(0, 1).</returns>
    public static double Gaussian(SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double u1 = 1.0 - random.NextDouble(); // in (0, 1], so the log is finite
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>The mean of each value and up to <paramref name="window"/> − 1 values before it (for plotting noisy per-step losses).</summary>
    /// <param name="values">The series.</param>
    /// <param name="window">The window length (at least 1).</param>
    /// <returns>The smoothed series, as long as the input.</returns>
    public static double[] TrailingMean(IReadOnlyList<double> values, int window)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var result = new double[values.Count];
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window)
            {
                sum -= values[i - window];
            }

            result[i] = sum / Math.Min(i + 1, window);
        }

        return result;
    }
}
