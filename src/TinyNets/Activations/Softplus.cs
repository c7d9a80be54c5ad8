using System;
using System.Globalization;
using TinyNets.Internal;

namespace TinyNets.Activations;

/// <summary>
/// PyTorch's <c>nn.Softplus(beta, threshold)</c>: f(x) = x where β·x &gt; threshold, else ln(1 + e^(β·x)) / β. The
/// linear branch is PyTorch's (its CPU kernel's) reversion to the identity "for numerical stability"; beyond x = 20 the
/// difference to the exact formula is below e^(−20) ≈ 2.1e-9. The formula branch is evaluated as
/// max(x, 0) + log1p(e^(−|β·x|)) / β with an accurate log1p, so it neither overflows nor loses digits (where PyTorch's
/// log1p(exp(β·x)) overflows, for a threshold above 709, it gives the finite value instead of ∞). A threshold of
/// <see cref="double.MaxValue"/> turns the linear branch off: the exact softplus for every finite x.
/// </summary>
public sealed class Softplus : Activation
{
    /// <summary>PyTorch's default β.</summary>
    public const double DefaultBeta = 1.0;

    /// <summary>PyTorch's default threshold.</summary>
    public const double DefaultThreshold = 20.0;

    /// <summary>Creates a softplus with PyTorch's parameters.</summary>
    /// <param name="beta">β, the sharpness: positive and finite (PyTorch's default 1).</param>
    /// <param name="threshold">Where β·x exceeds it, the output is x: finite, of any sign (PyTorch's default 20).</param>
    /// <exception cref="ArgumentOutOfRangeException">β is not positive and finite, or the threshold is NaN or infinite.</exception>
    public Softplus(double beta = DefaultBeta, double threshold = DefaultThreshold)
    {
        Check(beta, threshold);
        Beta = beta;
        Threshold = threshold;
    }

    /// <summary>β: the formula is ln(1 + e^(β·x)) / β.</summary>
    public double Beta { get; }

    /// <summary>Where β·x is above it, the output is x itself.</summary>
    public double Threshold { get; }

    /// <summary>softplus(x) as <c>nn.Softplus()</c> and <c>F.softplus</c> compute it (β = 1, threshold 20), the same as a
    /// default <see cref="Softplus"/> layer.</summary>
    /// <param name="x">Any finite double.</param>
    /// <returns>x if x &gt; 20, else ln(1 + eˣ).</returns>
    public static double Function(double x) => Evaluate(x, DefaultBeta, DefaultThreshold);

    /// <summary>softplus(x) as <c>F.softplus(x, beta, threshold)</c> computes it, the same as a <see cref="Softplus"/>
    /// layer with these parameters.</summary>
    /// <param name="x">Any finite double.</param>
    /// <param name="beta">β: positive and finite.</param>
    /// <param name="threshold">Finite; where β·x exceeds it, the result is x.</param>
    /// <returns>x if β·x &gt; threshold, else ln(1 + e^(β·x)) / β.</returns>
    /// <exception cref="ArgumentOutOfRangeException">β is not positive and finite, or the threshold is NaN or infinite.</exception>
    public static double Function(double x, double beta, double threshold)
    {
        Check(beta, threshold);
        return Evaluate(x, beta, threshold);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Softplus(beta={Beta}, threshold={Threshold})");

    // y = x if β·x > threshold, else ln(1 + e^(β·x)) / β
    /// <inheritdoc/>
    protected override void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        double beta = Beta, threshold = Threshold;
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Evaluate(x[i], beta, threshold);
        }
    }

    // ∂L/∂x = ∂L/∂y if β·x > threshold, else ∂L/∂y ⊙ z/(z + 1) with z = e^(β·x)
    /// <inheritdoc/>
    protected override void ApplyBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx)
    {
        double beta = Beta, threshold = Threshold;
        for (int i = 0; i < x.Length; i++)
        {
            double t = beta * x[i];
            if (t > threshold)
            {
                dx[i] = dy[i];
            }
            else
            {
                // PyTorch's z/(z + 1); where z overflows (a threshold above 709) the factor is its limit, 1.
                double z = Math.Exp(t);
                dx[i] = double.IsPositiveInfinity(z) ? dy[i] : dy[i] * (z / (z + 1.0));
            }
        }
    }

    // max(x, 0) + log1p(e^(−|t|))/β is ln(1 + e^t)/β: for t > 0 it is x + ln(1 + e^(−t))/β, whose exponential cannot
    // overflow; with β = 1 it is ScalarMath.Softplus itself.
    private static double Evaluate(double x, double beta, double threshold)
    {
        double t = beta * x;
        return t > threshold ? x : Math.Max(x, 0.0) + (ScalarMath.Log1P(Math.Exp(-Math.Abs(t))) / beta);
    }

    private static void Check(double beta, double threshold)
    {
        Guard.PositiveFinite(beta, nameof(beta));
        if (!double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, string.Create(CultureInfo.InvariantCulture,
                $"'{nameof(threshold)}' must be finite (double.MaxValue turns the linear branch off); {threshold} was given."));
        }
    }
}
