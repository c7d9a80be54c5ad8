namespace TinyNets.Tests.Support;

/// <summary>The catalogue's tolerance for exact values: 1e-12 relative (absolute 1e-12 below magnitude 1).</summary>
internal static class Tolerance
{
    public static void Exact(double actual, double expected, string because = "") =>
        actual.Should().BeApproximately(expected, 1e-12 * Math.Max(1.0, Math.Abs(expected)), because);

    /// <summary>σ(x) from its definition, as an independent reference for the library's sigmoid.</summary>
    public static double Sig(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
