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

    /// <summary>
    /// A fitted scaler from its fitted values (scikit-learn's <c>data_min_</c>, <c>data_max_</c> and <c>feature_range</c>),
    /// e.g. read back from a model file: it transforms exactly as the scaler those values were taken from.
    /// </summary>
    /// <param name="dataMin">Each feature's training minimum; at least one, finite.</param>
    /// <param name="dataMax">Each feature's training maximum; as many, finite, each ≥ its minimum, with a finite difference.</param>
    /// <param name="rangeMin">Where each minimum goes; finite.</param>
    /// <param name="rangeMax">Where each maximum goes; finite and above <paramref name="rangeMin"/>.</param>
    /// <returns>A new fitted scaler.</returns>
    /// <exception cref="ArgumentException">Empty, different lengths, a NaN or infinite value, a maximum below its minimum,
    /// a range that overflows (named with its index), or a bad target range.</exception>
    public static MinMaxScaler FromFitted(IReadOnlyList<double> dataMin, IReadOnlyList<double> dataMax, double rangeMin = 0.0, double rangeMax = 1.0)
    {
        var scaler = new MinMaxScaler(rangeMin, rangeMax);
        double[] min = FiniteCopy(dataMin, nameof(dataMin));
        double[] max = FiniteCopy(dataMax, nameof(dataMax));
        if (max.Length != min.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"One maximum per minimum was expected ({min.Length}); {max.Length} were given."), nameof(dataMax));
        }

        double[] scale = new double[min.Length];
        for (int i = 0; i < min.Length; i++)
        {
            // The same arithmetic as Fit, so that the rebuilt scaler maps bit for bit as the fitted one.
            double range = max[i] - min[i];
            if (!(range >= 0) || !double.IsFinite(range))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"Feature {i}: a maximum ≥ the minimum {min[i]} with a finite difference was expected; {max[i]} was given."),
                    nameof(dataMax));
            }

            scale[i] = range == 0 ? 1.0 : range;
        }

        scaler._dataMax = max;
        scaler.SetFitted(min, scale);
        return scaler;
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
