using System;
using System.Collections.Generic;
using System.Globalization;
using TinyNets.Network;
using TinyNets.Parameters;

namespace TinyNets.Optimizers.Clipping;

/// <summary>
/// Gradient clipping by hand, with PyTorch's <c>torch.nn.utils.clip_grad_norm_</c> and <c>clip_grad_value_</c>
/// semantics: call it after <c>Backward</c> and before the optimizer's <c>Step</c>. Allocation-free.
/// </summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales every gradient of <paramref name="network"/> so that their total norm is at most about
    /// <paramref name="maxNorm"/>, as <c>clip_grad_norm_</c>: the total norm is the norm of the per-parameter norms
    /// (‖g‖₂ = √Σg² each, then √Σ‖g‖₂²; or the largest |g| for the ∞-norm), the coefficient is
    /// max_norm / (total_norm + 1e-6) clamped to at most 1, and every gradient is multiplied by it (a coefficient of 1
    /// leaves it unchanged).
    /// </summary>
    /// <param name="network">The network whose gradients (from the last <c>Backward</c>) are clipped in place.</param>
    /// <param name="maxNorm">The largest total norm, positive and finite.</param>
    /// <param name="normType">2 (the default) or <see cref="double.PositiveInfinity"/>.</param>
    /// <param name="errorIfNonfinite">PyTorch's <c>error_if_nonfinite</c>. False (PyTorch's default): a NaN or infinite
    /// total norm is returned and the gradients are scaled as PyTorch does (by NaN, or by 0 when the norm is +∞, which
    /// turns infinite entries into NaN); <c>Trainer.Fit</c> then stops with <c>StopReason.Diverged</c>. True: such a norm
    /// throws and the gradients stay unchanged.</param>
    /// <returns>The total norm of the gradients before clipping, as PyTorch returns it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxNorm"/> or <paramref name="normType"/> out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="errorIfNonfinite"/> is true and the total norm is NaN or infinite.</exception>
    public static double ClipByNorm(Sequential network, double maxNorm, double normType = 2, bool errorIfNonfinite = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        CheckMaxNorm(maxNorm, nameof(maxNorm));
        CheckNormType(normType, nameof(normType));
        return ClipByNormCore(network.NamedParameters, maxNorm, normType, errorIfNonfinite, nameof(network));
    }

    /// <summary>
    /// Clamps every gradient entry of <paramref name="network"/> to [−clip_value, clip_value], as <c>clip_grad_value_</c>
    /// (a NaN entry stays NaN).
    /// </summary>
    /// <param name="network">The network whose gradients (from the last <c>Backward</c>) are clipped in place.</param>
    /// <param name="clipValue">The largest magnitude, finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clipValue"/> out of range.</exception>
    public static void ClipByValue(Sequential network, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(network);
        CheckClipValue(clipValue, nameof(clipValue));
        ClipByValueCore(network.NamedParameters, clipValue);
    }

    internal static double ClipByNormCore(
        IReadOnlyList<KeyValuePair<string, Parameter>> parameters, double maxNorm, double normType, bool errorIfNonfinite, string paramName)
    {
        bool infinity = double.IsPositiveInfinity(normType);
        double total = 0;
        for (int p = 0; p < parameters.Count; p++)
        {
            ReadOnlySpan<double> g = parameters[p].Value.GradientData;
            if (infinity)
            {
                // max |g|; Math.Max propagates NaN as torch.max does
                for (int i = 0; i < g.Length; i++)
                {
                    total = Math.Max(total, Math.Abs(g[i]));
                }
            }
            else
            {
                // ‖g‖₂ of the parameter, then its square into the total: PyTorch's norm of the per-parameter norms
                double sum = 0;
                for (int i = 0; i < g.Length; i++)
                {
                    sum += g[i] * g[i];
                }

                double norm = Math.Sqrt(sum);
                total += norm * norm;
            }
        }

        if (!infinity)
        {
            total = Math.Sqrt(total);
        }

        if (errorIfNonfinite && !double.IsFinite(total))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The total {(infinity ? "∞" : "2")}-norm of the gradients is {total}; a finite norm was expected (errorIfNonfinite is set)."),
                paramName);
        }

        // clip_coef = max_norm / (total_norm + 1e-6), clamped to ≤ 1 (NaN stays NaN, as torch.clamp)
        double coefficient = maxNorm / (total + 1e-6);
        if (!(coefficient >= 1.0)) // also NaN; multiplying by the clamped 1 would change nothing
        {
            for (int p = 0; p < parameters.Count; p++)
            {
                Span<double> g = parameters[p].Value.GradientData;
                for (int i = 0; i < g.Length; i++)
                {
                    g[i] *= coefficient;
                }
            }
        }

        return total;
    }

    internal static void ClipByValueCore(IReadOnlyList<KeyValuePair<string, Parameter>> parameters, double clipValue)
    {
        for (int p = 0; p < parameters.Count; p++)
        {
            Span<double> g = parameters[p].Value.GradientData;
            for (int i = 0; i < g.Length; i++)
            {
                // clamp(g, −c, c); the comparisons are false for NaN, which stays
                double v = g[i];
                g[i] = v > clipValue ? clipValue : v < -clipValue ? -clipValue : v;
            }
        }
    }

    internal static void CheckMaxNorm(double maxNorm, string paramName)
    {
        if (!(maxNorm > 0) || !double.IsFinite(maxNorm))
        {
            throw new ArgumentOutOfRangeException(
                paramName, maxNorm, string.Create(CultureInfo.InvariantCulture, $"'{paramName}' must be positive and finite; {maxNorm} was given."));
        }
    }

    internal static void CheckNormType(double normType, string paramName)
    {
        if (normType != 2 && !double.IsPositiveInfinity(normType))
        {
            throw new ArgumentOutOfRangeException(
                paramName, normType, string.Create(CultureInfo.InvariantCulture, $"'{paramName}' must be 2 or +∞ (double.PositiveInfinity); {normType} was given."));
        }
    }

    internal static void CheckClipValue(double clipValue, string paramName)
    {
        if (!(clipValue >= 0) || !double.IsFinite(clipValue))
        {
            throw new ArgumentOutOfRangeException(
                paramName, clipValue, string.Create(CultureInfo.InvariantCulture, $"'{paramName}' must be finite and ≥ 0; {clipValue} was given."));
        }
    }
}
