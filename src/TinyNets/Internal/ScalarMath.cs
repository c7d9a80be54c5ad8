using System;

namespace TinyNets.Internal;

/// <summary>Numerically careful scalar functions used by activations and losses.</summary>
internal static class ScalarMath
{
    /// <summary>log(1 + x), accurate for tiny x (double.LogP1 computes Log(1 + x) and loses the digits).</summary>
    public static double Log1P(double x)
    {
        // Goldberg's trick: u − 1 is exact, and log(u)·x/(u − 1) cancels the rounding of 1 + x.
        double u = 1.0 + x;
        if (u == 1.0)
        {
            return x;
        }

        if (double.IsPositiveInfinity(u))
        {
            return u;
        }

        return Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>softplus(x) = ln(1 + eˣ) = max(x, 0) + ln(1 + e^(−|x|)), finite for every finite x.</summary>
    public static double Softplus(double x) => Math.Max(x, 0.0) + Log1P(Math.Exp(-Math.Abs(x)));

    /// <summary>σ(x) = 1 / (1 + e^(−x)), evaluated on the side where the exponential cannot overflow.</summary>
    public static double Sigmoid(double x)
    {
        if (x >= 0)
        {
            return 1.0 / (1.0 + Math.Exp(-x));
        }

        double e = Math.Exp(x);
        return e / (1.0 + e);
    }

    /// <summary>eˣ − 1, accurate for tiny x (double.ExpM1 computes Exp(x) − 1 and loses the digits).</summary>
    public static double ExpM1(double x)
    {
        // Kahan's trick: (u − 1)·x / log(u) cancels the rounding of u = eˣ.
        double u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }

        double um1 = u - 1.0;
        if (um1 == -1.0 || double.IsPositiveInfinity(u))
        {
            return um1;
        }

        return um1 * x / Math.Log(u);
    }
}
