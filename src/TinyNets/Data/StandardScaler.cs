using System;
using System.Collections.Generic;
using System.Globalization;

namespace TinyNets.Data;

/// <summary>
/// Standardises each feature (row) to mean 0 and standard deviation 1 over the samples (columns), as scikit-learn's
/// <c>StandardScaler</c>: y = (x − mean) / std with the population standard deviation (divisor n, not n − 1).
/// A constant feature gets scale 1 (its values all map to 0 rather than dividing by zero), also as scikit-learn.
/// </summary>
public sealed class StandardScaler : FeatureScaler
{
    /// <summary>Creates an unfitted scaler.</summary>
    public StandardScaler()
        : base(0.0, 1.0)
    {
    }

    /// <summary>The fitted mean of each feature.</summary>
    /// <exception cref="InvalidOperationException">The scaler has not been fitted.</exception>
    public IReadOnlyList<double> Means => Center;

    /// <summary>The fitted population standard deviation of each feature, or 1 for a constant feature.</summary>
    /// <exception cref="InvalidOperationException">The scaler has not been fitted.</exception>
    public IReadOnlyList<double> Scales => Scale;

    /// <summary>
    /// A fitted scaler from its fitted values (scikit-learn's <c>mean_</c> and <c>scale_</c>), e.g. read back from a model
    /// file: it transforms exactly as the scaler those values were taken from.
    /// </summary>
    /// <param name="means">Each feature's mean; at least one, finite.</param>
    /// <param name="scales">Each feature's standard deviation (1 for a constant feature); as many as <paramref name="means"/>, positive and finite.</param>
    /// <returns>A new fitted scaler.</returns>
    /// <exception cref="ArgumentException">Empty, different lengths, a NaN or infinite value, or a scale that is not positive (named with its index).</exception>
    public static StandardScaler FromFitted(IReadOnlyList<double> means, IReadOnlyList<double> scales)
    {
        double[] center = FiniteCopy(means, nameof(means));
        double[] scale = FiniteCopy(scales, nameof(scales));
        if (scale.Length != center.Length)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"One scale per mean was expected ({center.Length}); {scale.Length} were given."), nameof(scales));
        }

        int bad = Array.FindIndex(scale, v => !(v > 0));
        if (bad >= 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Scales must be positive; entry {bad} is {scale[bad]}."), nameof(scales));
        }

        var scaler = new StandardScaler();
        scaler.SetFitted(center, scale);
        return scaler;
    }

    private protected override void FitCore(ReadOnlySpan<double> storage, int rows, int samples, Span<double> center, Span<double> scale)
    {
        for (int i = 0; i < rows; i++)
        {
            double first = storage[i];
            bool constant = true;
            double largest = 0;
            for (int k = i; k < storage.Length; k += rows)
            {
                constant &= storage[k] == first;
                largest = Math.Max(largest, Math.Abs(storage[k]));
            }

            // Detected exactly, so that a constant feature maps to exactly 0, not to the rounding noise of its mean.
            if (constant)
            {
                center[i] = first;
                scale[i] = 1.0;
                continue;
            }

            // The statistics of the values times 2⁻ᵉ, which brings the largest magnitude into [1, 2): sums stay below
            // 4n and squares cannot underflow for values that matter, so neither 1e308s nor 1e-300s are lost. Rounding
            // commutes with a power-of-two scaling, so wherever the unscaled arithmetic neither overflows nor
            // underflows the results are the same to the bit.
            int e = Math.ILogB(largest);
            double sum = 0;
            for (int k = i; k < storage.Length; k += rows)
            {
                sum += Math.ScaleB(storage[k], -e);
            }

            double mean = sum / samples;
            // Second pass over the deviations; their sum corrects the rounding of the first-pass mean.
            double deviations = 0, squares = 0;
            for (int k = i; k < storage.Length; k += rows)
            {
                double d = Math.ScaleB(storage[k], -e) - mean;
                deviations += d;
                squares += d * d;
            }

            double correction = deviations / samples;
            double std = Math.ScaleB(Math.Sqrt((squares / samples) - (correction * correction)), e);

            // Only a spread below the smallest double (values a few ulps of 5e-324 apart) is left to refuse.
            if (!(std > 0) || !double.IsFinite(std))
            {
                throw SpreadOutOfRange(i, "standard deviation", std);
            }

            center[i] = Math.ScaleB(mean + correction, e);
            scale[i] = std;
        }
    }
}
