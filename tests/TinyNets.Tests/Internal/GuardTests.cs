using TinyNets.Internal;

namespace TinyNets.Tests.Internal;

public class GuardTests
{
    // The finiteness check behind every input, target and parameter check: the index of the first NaN or ±∞, or −1,
    // for lengths below and above the vectorised pass's threshold and at every position (first, inside a vector, in
    // the tail that fills no vector, last), and with several bad values (the first wins).
    [Fact]
    public void FirstNonFiniteFindsTheFirstBadValueAtEveryPositionAndLength()
    {
        foreach (int length in new[] { 0, 1, 2, 15, 16, 17, 31, 64, 100, 1027 })
        {
            var values = Enumerable.Range(0, length).Select(i => Math.Sin(i) * 1e300).ToArray();
            Guard.FirstNonFinite(values).Should().Be(-1, because: $"length {length} is all finite");
            foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            {
                for (int at = 0; at < length; at += Math.Max(1, length / 13))
                {
                    foreach (int position in new[] { at, length - 1 })
                    {
                        double[] copy = (double[])values.Clone();
                        copy[position] = bad;
                        if (position + 1 < length)
                        {
                            copy[length - 1] = double.NaN; // a later bad value must not win
                        }

                        Guard.FirstNonFinite(copy).Should().Be(position, because: $"{bad} at {position} of {length}");
                    }
                }
            }
        }

        Guard.FirstNonFinite([double.MaxValue, -double.MaxValue, double.Epsilon, -0.0]).Should().Be(-1);
    }
}
