namespace TinyNets.Tests.Initialization;

/// <summary>
/// SeededRandom's state (GetState, CopyStateTo, FromState and its checks), Lemire's rejection at its threshold, and
/// the messages of its argument checks. Generator states and outputs were computed independently with python3 from
/// the published algorithms (integers masked to 64 bits), as in InitializationTests:
/// <code>
/// M = 2**64 - 1
/// def splitmix64(s):                      # (new state, output)
///     s = (s + 0x9E3779B97F4A7C15) &amp; M; z = s
///     z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) &amp; M
///     z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) &amp; M
///     return s, z ^ (z >> 31)
/// rotl = lambda v, k: ((v &lt;&lt; k) | (v >> (64 - k))) &amp; M
/// def next(s0, s1, s2, s3):              # xoshiro256**: (output, new state)
///     r = (rotl((s1 * 5) &amp; M, 7) * 9) &amp; M; t = (s1 &lt;&lt; 17) &amp; M
///     s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)
///     return r, (s0, s1, s2, s3)
/// </code>
/// A first output r is placed by choosing s1 = rotr(r · 9⁻¹ mod 2⁶⁴, 7) · 5⁻¹ mod 2⁶⁴.
/// </summary>
public class SeededRandomMutationTests
{
    // The four SplitMix64 outputs from seed 42, and the first three xoshiro256** outputs from them (the latter are
    // also InitializationTests' reference sequence for seed 42).
    private static readonly ulong[] State42 = [0xBDD732262FEB6E95UL, 0x28EFE333B266F103UL, 0x47526757130F9F52UL, 0x581CE1FF0E4AE394UL];

    private static readonly ulong[] Outputs42 = [0x15780B2E0C2EC716UL, 0x6104D9866D113A7EUL, 0xAE17533239E499A1UL];

    private const ulong S0 = 0x0123456789ABCDEFUL, S2 = 0xFEDCBA9876543210UL, S3 = 0x0F1E2D3C4B5A6978UL;

    [Fact]
    public void A_seeds_state_is_its_four_SplitMix64_outputs_and_FromState_continues_the_sequence()
    {
        new SeededRandom(42).GetState().Should().Equal(State42);

        SeededRandom copy = SeededRandom.FromState(State42);
        copy.GetState().Should().Equal(State42);
        Enumerable.Range(0, 3).Select(_ => copy.NextUInt64()).Should().Equal(Outputs42);
    }

    [Fact]
    public void CopyStateTo_writes_the_four_words_and_nothing_beyond()
    {
        var random = new SeededRandom(42);
        var destination = new ulong[] { 7, 7, 7, 7, 7 };

        random.CopyStateTo(destination);

        destination.Should().Equal(State42[0], State42[1], State42[2], State42[3], 7UL);
    }

    [Theory]
    [InlineData(1UL, 0UL, 0UL, 0UL)]
    [InlineData(0UL, 1UL, 0UL, 0UL)]
    [InlineData(0UL, 0UL, 1UL, 0UL)]
    [InlineData(0UL, 0UL, 0UL, 1UL)]
    public void A_state_with_one_nonzero_word_is_valid(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        SeededRandom.FromState([s0, s1, s2, s3]).GetState().Should().Equal(s0, s1, s2, s3);
    }

    [Fact]
    public void The_state_1_0_0_0_gives_the_reference_outputs()
    {
        SeededRandom random = SeededRandom.FromState([1, 0, 0, 0]);
        Enumerable.Range(0, 4).Select(_ => random.NextUInt64()).Should().Equal(0UL, 0x1680UL, 0x1680UL, 0x2D001680UL);
    }

    [Fact]
    public void The_all_zero_state_is_refused_with_the_whole_message()
    {
        var e = Assert.Throws<ArgumentException>(() => SeededRandom.FromState([0, 0, 0, 0]));

        e.ParamName.Should().Be("state");
        e.Message.Should().Be(StateMessage("The all-zero state is not a valid xoshiro256** state (the generator would give only zeros)."));
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(0)]
    public void A_state_of_another_length_is_refused_with_the_whole_message(int length)
    {
        ulong[] state = Enumerable.Range(1, length).Select(i => (ulong)i).ToArray();

        var e = Assert.Throws<ArgumentException>(() => SeededRandom.FromState(state));

        e.ParamName.Should().Be("state");
        e.Message.Should().Be(StateMessage($"A generator state has 4 words; {length} were given."));
    }

    [Fact]
    public void NextInt32_accepts_a_draw_whose_low_product_equals_the_threshold()
    {
        // bound 10: threshold = 2⁶⁴ mod 10 = 6. r = 0x6666666666666667 gives r·10 = 4·2⁶⁴ + 6: accepted, 4.
        var random = SeededRandom.FromState([S0, 0x2CC5F92C5F92C5F9UL, S2, S3]);

        random.NextInt32(10).Should().Be(4);
        random.NextUInt64().Should().Be(0x9999999999998790UL, "one draw was used");
    }

    [Fact]
    public void NextInt32_rejects_a_draw_whose_low_product_is_below_the_threshold()
    {
        // bound 10: r = 0x4CCCCCCCCCCCCCCD gives r·10 = 3·2⁶⁴ + 2, 2 < 6: rejected; the second draw gives 6.
        var random = SeededRandom.FromState([S0, 0xDBECA8641FDB9753UL, S2, S3]);

        random.NextInt32(10).Should().Be(6);
        random.NextUInt64().Should().Be(0x903A52C5B3F74955UL, "two draws were used");
    }

    [Fact]
    public void Bad_bounds_are_refused_with_the_whole_message()
    {
        var random = new SeededRandom(1);

        Refused(() => random.NextUniform(double.NaN, 1), "low", double.NaN, "A finite lower bound was expected; NaN was given.");
        Refused(() => random.NextUniform(2, 1), "high", 1.0, "A finite upper bound above 2 was expected; 1 was given.");
        Refused(() => random.NextInt32(0), "maxExclusive", 0, "A positive bound was expected; 0 was given.");
    }

    // The message ArgumentException composes from the text and the parameter's name.
    private static string StateMessage(string text, string paramName = "state") => new ArgumentException(text, paramName).Message;

    private static void Refused(Action act, string name, object value, string message)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(act);
        e.ParamName.Should().Be(name);
        e.ActualValue.Should().Be(value);
        e.Message.Should().Be(new ArgumentOutOfRangeException(name, value, message).Message);
    }
}
