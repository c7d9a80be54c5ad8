using System.Globalization;
using TinyNets.Network;

namespace TinyNets.Optimizers.Clipping;

/// <summary>
/// Gradient clipping as a setting of <c>FitOptions.GradientClip</c>: <c>Trainer.Fit</c> applies it to every mini-batch
/// between <c>Backward</c> and the optimizer's step. Create one with <see cref="ByNorm"/> or <see cref="ByValue"/>; see
/// <see cref="GradientClipping"/> for the rules.
/// </summary>
public sealed record GradientClip
{
    private GradientClip(double? maxNorm, double normType, double? clipValue)
    {
        MaxNorm = maxNorm;
        NormType = normType;
        ClipValue = clipValue;
    }

    /// <summary>The largest total norm (<see cref="ByNorm"/>), or null.</summary>
    public double? MaxNorm { get; }

    /// <summary>The norm of <see cref="ByNorm"/>: 2 or +∞.</summary>
    public double NormType { get; }

    /// <summary>The largest gradient magnitude (<see cref="ByValue"/>), or null.</summary>
    public double? ClipValue { get; }

    /// <summary>Clipping by the gradients' total norm, as <see cref="GradientClipping.ClipByNorm"/> with PyTorch's default
    /// <c>error_if_nonfinite=False</c> (a non-finite norm leads to <c>StopReason.Diverged</c>).</summary>
    /// <param name="maxNorm">The largest total norm, positive and finite.</param>
    /// <param name="normType">2 (the default) or <see cref="double.PositiveInfinity"/>.</param>
    /// <returns>The setting.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException">An argument out of range.</exception>
    public static GradientClip ByNorm(double maxNorm, double normType = 2)
    {
        GradientClipping.CheckMaxNorm(maxNorm, nameof(maxNorm));
        GradientClipping.CheckNormType(normType, nameof(normType));
        return new GradientClip(maxNorm, normType, null);
    }

    /// <summary>Clipping of every gradient entry to [−clip_value, clip_value], as <see cref="GradientClipping.ClipByValue"/>.</summary>
    /// <param name="clipValue">The largest magnitude, finite and ≥ 0.</param>
    /// <returns>The setting.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="clipValue"/> out of range.</exception>
    public static GradientClip ByValue(double clipValue)
    {
        GradientClipping.CheckClipValue(clipValue, nameof(clipValue));
        return new GradientClip(null, 2, clipValue);
    }

    /// <summary>Clips the network's gradients in place.</summary>
    internal void Apply(Sequential network)
    {
        if (MaxNorm is double maxNorm)
        {
            _ = GradientClipping.ClipByNormCore(network.NamedParameters, maxNorm, NormType, errorIfNonfinite: false, nameof(network));
        }
        else
        {
            GradientClipping.ClipByValueCore(network.NamedParameters, ClipValue!.Value);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => MaxNorm is double m
        ? string.Create(CultureInfo.InvariantCulture, $"GradientClip.ByNorm(max_norm={m}, norm_type={NormType})")
        : string.Create(CultureInfo.InvariantCulture, $"GradientClip.ByValue(clip_value={ClipValue})");
}
