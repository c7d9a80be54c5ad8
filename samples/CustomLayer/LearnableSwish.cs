using System;
using System.Collections.Generic;
using System.Globalization;
using TinyNets.Layers;
using TinyNets.Parameters;

namespace TinyNets.Samples.CustomLayer;

/// <summary>
/// A layer of one's own: Swish with a learnable slope per feature, y = x·σ(β·x) (β = 1 is SiLU). It declares its
/// parameter, says its sizes, and writes its forward and backward passes side by side, through TinyNets' public layer
/// contract only.
/// </summary>
public sealed class LearnableSwish : Layer
{
    private readonly Parameter[] _parameters;

    /// <summary>Creates the layer for <paramref name="features"/> features, every β = 1.</summary>
    /// <param name="features">Number of features.</param>
    public LearnableSwish(int features)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        Features = features;
        Beta = new Parameter("beta", features);  // named "{index}.beta" in the network
        Beta.Data.Fill(1.0);
        _parameters = [Beta];
    }

    /// <summary>Number of features.</summary>
    public int Features { get; }

    /// <summary>β, one per feature.</summary>
    public Parameter Beta { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc/>
    public override int? InputSize => Features;

    /// <inheritdoc/>
    public override int? OutputSize => Features;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"LearnableSwish({Features})");

    // y = x·σ(β·x)
    /// <inheritdoc/>
    protected override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
    {
        ReadOnlySpan<double> beta = Beta.Data;
        for (int k = 0; k < x.Length; k++)
        {
            y[k] = x[k] * Sigmoid(beta[k % rows] * x[k]);
        }
    }

    // with s = σ(β·x): ∂y/∂x = s + β·x·s·(1 − s), ∂y/∂β = x²·s·(1 − s); ∂L/∂β sums over the batch
    /// <inheritdoc/>
    protected override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns)
    {
        ReadOnlySpan<double> beta = Beta.Data;
        Span<double> dBeta = Beta.GradientData;
        dBeta.Clear(); // overwritten, not accumulated: the contract of every layer
        for (int k = 0; k < x.Length; k++)
        {
            int i = k % rows;
            double s = Sigmoid(beta[i] * x[k]);
            double slope = s * (1 - s);
            dBeta[i] += dy[k] * x[k] * x[k] * slope;
            if (!dx.IsEmpty)
            {
                dx[k] = dy[k] * (s + (beta[i] * x[k] * slope));
            }
        }
    }

    private static double Sigmoid(double z) => z >= 0 ? 1 / (1 + Math.Exp(-z)) : Math.Exp(z) / (1 + Math.Exp(z));
}
