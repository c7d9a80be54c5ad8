using System;
using System.Globalization;

namespace TinyNets.Training;

/// <summary>
/// Stops training when the monitored loss (validation loss when validation data is given, else training loss) has not
/// improved by more than <see cref="MinDelta"/> for <see cref="Patience"/> epochs in a row.
/// </summary>
public sealed record EarlyStopping
{
    /// <summary>Creates an early-stopping rule.</summary>
    /// <param name="patience">Epochs without improvement before stopping; at least 1.</param>
    /// <param name="minDelta">The smallest decrease that counts as an improvement; ≥ 0.</param>
    /// <param name="restoreBestWeights">Whether training ends with the parameters of the best epoch (also when it runs to the last epoch).</param>
    /// <exception cref="ArgumentOutOfRangeException">Patience below 1, or a negative or non-finite minimum improvement.</exception>
    public EarlyStopping(int patience, double minDelta = 0, bool restoreBestWeights = true)
    {
        if (patience < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(patience), patience, $"Patience must be at least 1 epoch; {patience} was given.");
        }

        if (!(minDelta >= 0) || !double.IsFinite(minDelta))
        {
            throw new ArgumentOutOfRangeException(
                nameof(minDelta), minDelta, string.Create(CultureInfo.InvariantCulture, $"The minimum improvement must be finite and ≥ 0; {minDelta} was given."));
        }

        Patience = patience;
        MinDelta = minDelta;
        RestoreBestWeights = restoreBestWeights;
    }

    /// <summary>Epochs without improvement before stopping.</summary>
    public int Patience { get; }

    /// <summary>The smallest decrease of the monitored loss that counts as an improvement.</summary>
    public double MinDelta { get; }

    /// <summary>
    /// Whether training ends with the parameters of the best epoch. When no epoch improved on the starting point (every
    /// monitored loss was NaN or +∞), there is no best epoch: nothing is restored and the parameters are the last epoch's.
    /// </summary>
    public bool RestoreBestWeights { get; }
}
