using System;
using System.Collections.Generic;
using System.Globalization;

namespace TinyNets.Data;

/// <summary>
/// Maps each feature (row) linearly so that its minimum and maximum over the training samples (columns) land on
/// [<see cref="RangeMin"/>, <see cref="RangeMax"/>], [0, 1] by default, as scikit-learn's <c>MinMaxScaler</c>:
/// y = (x − min) / (max − min) × (RangeMax − RangeMin) + RangeMin. Values outside the training range map outside the
/// target range (no clipping). A constant feature gets scale 1, as in scikit-learn: its training value maps to
/// <see cref="RangeMin"/>, and another value x to RangeMin + (x − min) × (RangeMax − RangeMin).
/// </summary>
public sealed class MinMaxScaler : FeatureScaler
{
    private double[]? _dataMax;

    /// <summary>Creates an unfitted scaler onto [<paramref name="rangeMin"/>, <paramref name="rangeMax"/>].</summary>
    /// <param name="rangeMin">Where each feature's training minimum goes; finite.</param>
    /// <param name="rangeMax">Where each feature's training maximum goes; finite and above <paramref name="rangeMin"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite, or <paramref name="rangeMax"/> ≤ <paramref name="rangeMin"/>, or their difference overflows.</exception>
    public MinMaxScaler(double rangeMin = 0.0, double rangeMax = 1.0)
        : base(rangeMin, CheckRange(rangeMin, rangeMax))
    {
        RangeMin = rangeMin;
        RangeMax = rangeMax;
    }

    /// <summary>Where each feature's training minimum is mapped.</summary>
    public double RangeMin { get; }

    /// <summary>Where each feature's training maximum is mapped.</summary>
    public double RangeMax { get; }

    /// <summary>The fitted minimum of each feature.</summary>
    /// <exception cref="InvalidOperationException">The scaler has not been fitted.</exception>
    public IReadOnlyList<double> DataMin => Center;

    /// <summary>The fitted maximum of each feature.</summary>
    /// <exception cref="InvalidOperationException">The scaler has not been fitted.</exception>
    public IReadOnlyList<double> DataMax
    {
        get
        {
            _ = Center; // Throws the not-fitted error.
            return Array.AsReadOnly(_dataMax!);
        }
    }

    private protected override void FitCore(ReadOnlySpan<double> storage, int rows, int samples, Span<double> center, Span<double> scale)
    {
        double[] dataMax = new double[rows];
        for (int i = 0; i < rows; i++)
        {
            double min = storage[i], max = storage[i];
            for (int k = i; k < storage.Length; k += rows)
            {
                min = Math.Min(min, storage[k]);
                max = Math.Max(max, storage[k]);
            }

            double range = max - min;
            if (!double.IsFinite(range))
            {
                throw SpreadOutOfRange(i, "range (maximum − minimum)", range);
            }

            center[i] = min;
            scale[i] = range == 0 ? 1.0 : range;
            dataMax[i] = max;
        }

        _dataMax = dataMax;
    }

    private static double CheckRange(double rangeMin, double rangeMax)
    {
        if (!double.IsFinite(rangeMin))
        {
            throw new ArgumentOutOfRangeException(nameof(rangeMin), rangeMin, $"A finite lower end of the target range was expected; {rangeMin.ToString(CultureInfo.InvariantCulture)} was given.");
        }

        double width = rangeMax - rangeMin;
        if (!(rangeMax > rangeMin) || !double.IsFinite(width))
        {
            throw new ArgumentOutOfRangeException(
                nameof(rangeMax), rangeMax,
                string.Create(CultureInfo.InvariantCulture, $"A finite upper end of the target range above {rangeMin} was expected; {rangeMax} was given."));
        }

        return width;
    }
}
