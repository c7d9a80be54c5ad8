namespace TinyNets.Tests.Support;

/// <summary>
/// A sample's figure as README.md prints it: the value must round to the printed digits, that is lie within half a unit
/// of the last printed digit. Training is deterministic on a machine (seeded splits, initialisations and shuffles; the
/// matrix products split work across threads by rows or columns, never within a sum), so the figure holds to the last
/// bit there. Across machines only the last bits of each matrix product may differ: the AVX-512, AVX2 + FMA or portable
/// kernel adds in another order and fuses multiply-adds or not, and training carries those differences along. Half a
/// unit of the printed digit allows for that and for nothing more: a wrong kernel or a changed recipe moves the figure.
/// </summary>
internal static class ReadmeFigure
{
    /// <summary>Asserts that <paramref name="actual"/> prints as <paramref name="printed"/> with <paramref name="decimals"/> decimals.</summary>
    /// <param name="actual">The figure the code computes now.</param>
    /// <param name="printed">The figure README.md states.</param>
    /// <param name="decimals">The decimals README.md prints (for a percentage: of the fraction, so 96.8 % has 3).</param>
    /// <param name="what">What the figure is, for the message.</param>
    public static void Matches(double actual, double printed, int decimals, string what) =>
        actual.Should().BeApproximately(printed, 0.5 * Math.Pow(10, -decimals), "README.md states {0} as {1}", what, printed);
}
