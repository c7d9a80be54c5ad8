using System;
using System.Globalization;

namespace TinyNets.Initialization;

/// <summary>
/// The project's random generator: xoshiro256** seeded through SplitMix64. Its sequence is defined here
/// (not by the runtime's <see cref="Random"/>), so a seed gives the same numbers on every OS and .NET version.
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Creates a generator whose whole sequence is fixed by <paramref name="seed"/>.</summary>
    /// <param name="seed">Any 64-bit value; 0 is allowed.</param>
    public SeededRandom(ulong seed)
    {
        ulong sm = seed;
        _s0 = SplitMix64(ref sm);
        _s1 = SplitMix64(ref sm);
        _s2 = SplitMix64(ref sm);
        _s3 = SplitMix64(ref sm);
    }

    private SeededRandom(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>The number of 64-bit words in the generator's state (<see cref="GetState"/>).</summary>
    public const int StateLength = 4;

    /// <summary>
    /// The generator's position: its four xoshiro256** state words. <see cref="FromState"/> gives a generator that
    /// continues with exactly the numbers this one would give next.
    /// </summary>
    /// <returns>A new array of <see cref="StateLength"/> words, never all zero.</returns>
    public ulong[] GetState() => [_s0, _s1, _s2, _s3];

    /// <summary>Copies the state words into <paramref name="destination"/> (without allocating).</summary>
    internal void CopyStateTo(Span<ulong> destination)
    {
        destination[0] = _s0;
        destination[1] = _s1;
        destination[2] = _s2;
        destination[3] = _s3;
    }

    /// <summary>A generator at the position <paramref name="state"/> that <see cref="GetState"/> returned.</summary>
    /// <param name="state">Exactly <see cref="StateLength"/> words, not all zero (xoshiro's one invalid state, from which it would give only zeros).</param>
    /// <returns>A new generator.</returns>
    /// <exception cref="ArgumentException">Not four words, or all four zero.</exception>
    public static SeededRandom FromState(ReadOnlySpan<ulong> state)
    {
        if (state.Length != StateLength)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A generator state has {StateLength} words; {state.Length} were given."), nameof(state));
        }

        if ((state[0] | state[1] | state[2] | state[3]) == 0)
        {
            throw new ArgumentException("The all-zero state is not a valid xoshiro256** state (the generator would give only zeros).", nameof(state));
        }

        return new SeededRandom(state[0], state[1], state[2], state[3]);
    }

    /// <summary>The next 64 random bits (xoshiro256**).</summary>
    /// <returns>A uniformly distributed 64-bit value.</returns>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A double uniform on [0, 1) with 53 random bits.</summary>
    /// <returns>A value in [0, 1).</returns>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A double uniform on [<paramref name="low"/>, <paramref name="high"/>).</summary>
    /// <param name="low">Inclusive lower bound.</param>
    /// <param name="high">Exclusive upper bound; must exceed <paramref name="low"/>.</param>
    /// <returns>A value in [low, high).</returns>
    public double NextUniform(double low, double high)
    {
        if (!double.IsFinite(low))
        {
            throw new ArgumentOutOfRangeException(nameof(low), low, $"A finite lower bound was expected; {low} was given.");
        }

        if (!(high > low) || !double.IsFinite(high))
        {
            throw new ArgumentOutOfRangeException(nameof(high), high, $"A finite upper bound above {low} was expected; {high} was given.");
        }

        return low + ((high - low) * NextDouble());
    }

    /// <summary>An integer uniform on [0, <paramref name="maxExclusive"/>), without modulo bias (Lemire's method).</summary>
    /// <param name="maxExclusive">Positive exclusive upper bound.</param>
    /// <returns>A value in [0, maxExclusive).</returns>
    public int NextInt32(int maxExclusive)
    {
        if (maxExclusive <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, $"A positive bound was expected; {maxExclusive} was given.");
        }

        ulong bound = (ulong)maxExclusive;
        ulong threshold = (0UL - bound) % bound;
        while (true)
        {
            ulong r = NextUInt64();
            UInt128 product = (UInt128)r * bound;
            if ((ulong)product >= threshold)
            {
                return (int)(ulong)(product >> 64);
            }
        }
    }

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
