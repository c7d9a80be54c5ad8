namespace TinyNets.Tests.Initialization;

/// <summary>
/// Seeded initialisation: determinism, the bounds of each scheme, the shape of the distribution, and the generator's
/// sequence against an independent reference implementation of SplitMix64 + xoshiro256**.
/// </summary>
public class InitializationTests
{
    // ------------------------------------------------------------------ SeededRandom against the reference sequence

    // Reference values computed independently with python3 (integers masked to 64 bits), not with the library:
    //   M = 2**64 - 1
    //   def splitmix64(state):            # returns (new state, output)
    //       state = (state + 0x9E3779B97F4A7C15) & M; z = state
    //       z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    //       z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    //       return state, z ^ (z >> 31)
    //   rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & M
    //   s = four successive splitmix64 outputs starting from state = seed   (s0, s1, s2, s3)
    //   next(): r = (rotl((s1 * 5) & M, 7) * 9) & M; t = (s1 << 17) & M
    //           s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45); return r
    // Sanity anchor of the SplitMix64 part: its first output from state 0 is 0xE220A8397B1DCDAF (the published value).
    private static readonly ulong[] ReferenceSeed0 =
    [
        0x99EC5F36CB75F2B4UL, 0xBF6E1F784956452AUL, 0x1A5F849D4933E6E0UL, 0x6AA594F1262D2D2CUL, 0xBBA5AD4A1F842E59UL,
    ];

    private static readonly ulong[] ReferenceSeed42 =
    [
        0x15780B2E0C2EC716UL, 0x6104D9866D113A7EUL, 0xAE17533239E499A1UL, 0xECB8AD4703B360A1UL, 0xFDE6DC7FE2EC5E64UL,
    ];

    [Fact]
    public void SeededRandom_Seed0_ReproducesReferenceXoshiro256StarStar()
    {
        var rng = new SeededRandom(0);
        ulong[] actual = Enumerable.Range(0, 5).Select(_ => rng.NextUInt64()).ToArray();
        actual.Should().Equal(ReferenceSeed0);
    }

    [Fact]
    public void SeededRandom_Seed42_ReproducesReferenceXoshiro256StarStar()
    {
        var rng = new SeededRandom(42);
        ulong[] actual = Enumerable.Range(0, 5).Select(_ => rng.NextUInt64()).ToArray();
        actual.Should().Equal(ReferenceSeed42);
    }

    [Fact]
    public void SeededRandom_NextDouble_IsTheTop53BitsOfTheReferenceOutput()
    {
        // python3: (r >> 11) / 2**53 for the first three seed-42 outputs -> 0.08386297105988216, 0.3789802506626686, 0.6800434110281394
        var rng = new SeededRandom(42);
        rng.NextDouble().Should().Be(0.08386297105988216);
        rng.NextDouble().Should().Be(0.3789802506626686);
        rng.NextDouble().Should().Be(0.6800434110281394);
        var again = new SeededRandom(42);
        for (int i = 0; i < 5; i++)
        {
            again.NextDouble().Should().Be((ReferenceSeed42[i] >> 11) * Math.Pow(2, -53));
        }
    }

    [Fact]
    public void SeededRandom_NextInt32_IsLemiresMultiplyShiftOfTheReferenceOutput()
    {
        // python3: floor(r * bound / 2**64) for successive outputs r (Lemire; no draw was rejected for these bounds):
        //   seed 42, bound 10        -> 0, 3, 6, 9, 9, 7, 7, 8
        //   seed 0,  bound 6         -> 3, 4, 0, 2, 4, 5, 2, 3
        //   seed 42, bound 2**31 - 1 -> 180094358, 813853890, 1460382104, 1985762978
        var a = new SeededRandom(42);
        Enumerable.Range(0, 8).Select(_ => a.NextInt32(10)).Should().Equal(0, 3, 6, 9, 9, 7, 7, 8);
        var b = new SeededRandom(0);
        Enumerable.Range(0, 8).Select(_ => b.NextInt32(6)).Should().Equal(3, 4, 0, 2, 4, 5, 2, 3);
        var c = new SeededRandom(42);
        Enumerable.Range(0, 4).Select(_ => c.NextInt32(int.MaxValue)).Should().Equal(180094358, 813853890, 1460382104, 1985762978);
    }

    [Fact]
    public void SeededRandom_SameSeedSameSequence_DifferentSeedsDiffer()
    {
        var a = new SeededRandom(123456789);
        var b = new SeededRandom(123456789);
        var c = new SeededRandom(123456790);
        ulong[] sa = Enumerable.Range(0, 100).Select(_ => a.NextUInt64()).ToArray();
        ulong[] sb = Enumerable.Range(0, 100).Select(_ => b.NextUInt64()).ToArray();
        ulong[] sc = Enumerable.Range(0, 100).Select(_ => c.NextUInt64()).ToArray();
        sa.Should().Equal(sb);
        sa.Zip(sc).Count(p => p.First == p.Second).Should().Be(0);
    }

    [Fact]
    public void SeededRandom_NextDouble_LiesInUnitIntervalWith53BitResolution()
    {
        var rng = new SeededRandom(2024);
        double min = 1, max = 0, sum = 0;
        const int n = 100_000;
        for (int i = 0; i < n; i++)
        {
            double u = rng.NextDouble();
            u.Should().BeGreaterThanOrEqualTo(0.0).And.BeLessThan(1.0);
            // a multiple of 2^-53: scaling back gives an integer below 2^53
            double k = u * Math.Pow(2, 53);
            k.Should().Be(Math.Floor(k));
            min = Math.Min(min, u);
            max = Math.Max(max, u);
            sum += u;
        }

        min.Should().BeLessThan(1e-3);
        max.Should().BeGreaterThan(1 - 1e-3);
        // mean of U(0,1): 0.5 with standard error 1/sqrt(12 n) ≈ 9.1e-4; allow 5 standard errors
        (sum / n).Should().BeApproximately(0.5, 5 * 9.1e-4);
    }

    [Fact]
    public void SeededRandom_NextUniform_StaysInItsInterval()
    {
        var rng = new SeededRandom(5);
        for (int i = 0; i < 10_000; i++)
        {
            rng.NextUniform(-3.5, 2.25).Should().BeGreaterThanOrEqualTo(-3.5).And.BeLessThan(2.25);
        }

        // low + (high − low)·u with the reference u
        var reference = new SeededRandom(42);
        double u0 = reference.NextDouble();
        new SeededRandom(42).NextUniform(-2, 6).Should().Be(-2 + (8 * u0));
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(2.0, 1.0)]
    [InlineData(double.NaN, 1.0)]
    [InlineData(0.0, double.NaN)]
    [InlineData(double.NegativeInfinity, 0.0)]
    [InlineData(0.0, double.PositiveInfinity)]
    public void SeededRandom_NextUniform_RejectsBadBounds(double low, double high)
    {
        var rng = new SeededRandom(1);
        Action act = () => rng.NextUniform(low, high);
        // The exception names the bound that is wrong: a non-finite low, else high.
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be(double.IsFinite(low) ? "high" : "low");
    }

    [Fact]
    public void SeededRandom_NextInt32_StaysInBoundsAndCoversEveryValue()
    {
        var rng = new SeededRandom(77);
        foreach (int bound in new[] { 1, 2, 3, 7, 10, 1000, int.MaxValue })
        {
            for (int i = 0; i < 2000; i++)
            {
                rng.NextInt32(bound).Should().BeInRange(0, bound - 1);
            }
        }

        // each of 7 values about 70 000/7 = 10 000 times (standard deviation ≈ 93); allow ±600
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++)
        {
            counts[rng.NextInt32(7)]++;
        }

        counts.Should().OnlyContain(c => c > 9_400 && c < 10_600);
        new SeededRandom(3).NextInt32(1).Should().Be(0);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MinValue)]
    public void SeededRandom_NextInt32_RejectsANonPositiveBound(int bound)
    {
        var rng = new SeededRandom(1);
        Action act = () => rng.NextInt32(bound);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("maxExclusive");
    }

    // ------------------------------------------------------------------ determinism of network initialisation

    private static Sequential Net() =>
        new(new Linear(4, 6), new ReLU(), new Linear(6, 5, bias: false), new Tanh(), new Linear(5, 3));

    private static double[] AllParameters(Sequential net) =>
        net.NamedParameters.SelectMany(kv => kv.Value.Data.ToArray()).ToArray();

    [Theory]
    [InlineData(Initializer.PyTorchDefault)]
    [InlineData(Initializer.GlorotUniform)]
    [InlineData(Initializer.HeUniform)]
    public void SameSeed_GivesBitIdenticalNetworks_DifferentSeedsDiffer(Initializer scheme)
    {
        foreach (ulong seed in new ulong[] { 0, 1, 42, ulong.MaxValue })
        {
            double[] a = AllParameters(Net().Initialize(seed, scheme));
            double[] b = AllParameters(Net().Initialize(seed, scheme));
            a.Select(BitConverter.DoubleToInt64Bits).Should().Equal(b.Select(BitConverter.DoubleToInt64Bits), $"seed {seed}");

            // re-initialising a used net with the same seed restores the same values
            Sequential reused = Net().Initialize(seed + 1, scheme);
            AllParameters(reused.Initialize(seed, scheme)).Should().Equal(a);

            double[] other = AllParameters(Net().Initialize(seed + 1, scheme));
            // With zero biases (Glorot, He) only the weights are random; they must all differ.
            int weights = Net().CountParameters().Weights;
            a.Zip(other).Count(p => p.First != p.Second).Should().BeGreaterThanOrEqualTo(weights, $"seeds {seed} and {seed + 1}");
        }
    }

    [Fact]
    public void Initialize_ReturnsTheSameNetwork()
    {
        Sequential net = Net();
        net.Initialize(3).Should().BeSameAs(net);
    }

    [Fact]
    public void Initialize_DrawsLayerByLayerFromOneGenerator_WeightColumnMajorThenBias()
    {
        // Documented order: one generator seeded with the seed; each Linear in layer order; weight entries in
        // column-major order, then the bias; each value (2u − 1)·bound with u = NextDouble().
        const ulong seed = 9;
        Sequential net = Net().Initialize(seed);
        var reference = new SeededRandom(seed);
        foreach (Linear layer in net.OfType<Linear>())
        {
            double bound = 1 / Math.Sqrt(layer.InFeatures);
            for (int j = 0; j < layer.InFeatures; j++)
            {
                for (int i = 0; i < layer.OutFeatures; i++)
                {
                    layer.Weight.Value[i, j].Should().Be(((2 * reference.NextDouble()) - 1) * bound);
                }
            }

            if (layer.Bias is not null)
            {
                for (int i = 0; i < layer.OutFeatures; i++)
                {
                    layer.Bias.Value[i, 0].Should().Be(((2 * reference.NextDouble()) - 1) * bound);
                }
            }
        }
    }

    [Fact]
    public void LinearInitialize_WithZeroBiasScheme_AdvancesTheGeneratorByTheWeightsOnly()
    {
        var layer = new Linear(3, 2);
        var rng = new SeededRandom(11);
        layer.Initialize(rng, Initializer.GlorotUniform);
        var reference = new SeededRandom(11);
        for (int i = 0; i < 6; i++)
        {
            reference.NextUInt64();
        }

        rng.NextUInt64().Should().Be(reference.NextUInt64());
    }

    [Fact]
    public void NewLinear_IsInitialisedWithPyTorchDefaultFromSeedZero()
    {
        var fresh = new Linear(3, 4);
        var explicitSeed0 = new Linear(3, 4);
        explicitSeed0.Initialize(new SeededRandom(5));
        explicitSeed0.Initialize(new SeededRandom(0), Initializer.PyTorchDefault);
        fresh.Weight.Data.ToArray().Should().Equal(explicitSeed0.Weight.Data.ToArray());
        fresh.Bias!.Data.ToArray().Should().Equal(explicitSeed0.Bias!.Data.ToArray());
    }

    [Fact]
    public void Initialize_WithAnUnknownScheme_ThrowsAndLeavesTheLayerUnchanged()
    {
        var layer = new Linear(3, 2);
        double[] before = layer.Weight.Data.ToArray().Concat(layer.Bias!.Data.ToArray()).ToArray();
        Action act = () => layer.Initialize(new SeededRandom(1), (Initializer)99);
        act.Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("initializer");
        layer.Weight.Data.ToArray().Concat(layer.Bias.Data.ToArray()).Should().Equal(before);

        Action nullRandom = () => layer.Initialize(null!);
        nullRandom.Should().Throw<ArgumentNullException>();
    }

    // ------------------------------------------------------------------ bounds of each scheme

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(7, 2)]
    [InlineData(30, 50)]
    public void PyTorchDefault_WeightAndBiasWithinOneOverSqrtFanIn(int fanIn, int fanOut)
    {
        double bound = 1 / Math.Sqrt(fanIn);
        foreach (ulong seed in new ulong[] { 0, 1, 2, 3 })
        {
            var layer = new Linear(fanIn, fanOut);
            layer.Initialize(new SeededRandom(seed), Initializer.PyTorchDefault);
            AssertWithin(layer.Weight.Data.ToArray(), bound);
            AssertWithin(layer.Bias!.Data.ToArray(), bound);
            layer.Bias.Data.ToArray().Should().Contain(v => v != 0, "PyTorch's default draws the bias too");
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(7, 2)]
    [InlineData(30, 50)]
    public void GlorotUniform_WeightWithinSqrtSixOverFanInPlusFanOut_BiasZero(int fanIn, int fanOut)
    {
        double bound = Math.Sqrt(6.0 / (fanIn + fanOut));
        foreach (ulong seed in new ulong[] { 0, 1, 2, 3 })
        {
            var layer = new Linear(fanIn, fanOut);
            layer.Initialize(new SeededRandom(seed), Initializer.GlorotUniform);
            AssertWithin(layer.Weight.Data.ToArray(), bound);
            layer.Bias!.Data.ToArray().Should().OnlyContain(v => v == 0.0);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 3)]
    [InlineData(7, 2)]
    [InlineData(30, 50)]
    public void HeUniform_WeightWithinSqrtSixOverFanIn_BiasZero(int fanIn, int fanOut)
    {
        double bound = Math.Sqrt(6.0 / fanIn);
        foreach (ulong seed in new ulong[] { 0, 1, 2, 3 })
        {
            var layer = new Linear(fanIn, fanOut);
            layer.Initialize(new SeededRandom(seed), Initializer.HeUniform);
            AssertWithin(layer.Weight.Data.ToArray(), bound);
            layer.Bias!.Data.ToArray().Should().OnlyContain(v => v == 0.0);
        }
    }

    [Fact]
    public void ZeroBiasSchemes_OverwriteAPreviouslyDrawnBias()
    {
        Sequential net = Net().Initialize(4, Initializer.PyTorchDefault);
        net.GetParameter("0.bias").Data.ToArray().Should().Contain(v => v != 0);
        net.Initialize(4, Initializer.HeUniform);
        net.GetParameter("0.bias").Data.ToArray().Should().OnlyContain(v => v == 0.0);
        net.GetParameter("4.bias").Data.ToArray().Should().OnlyContain(v => v == 0.0);
    }

    // ------------------------------------------------------------------ distribution on a 100×100 layer

    [Theory]
    [InlineData(Initializer.PyTorchDefault, 0UL)]
    [InlineData(Initializer.PyTorchDefault, 1UL)]
    [InlineData(Initializer.GlorotUniform, 2UL)]
    [InlineData(Initializer.HeUniform, 3UL)]
    public void Weights_AreRoughlyUniformOnTheirInterval(Initializer scheme, ulong seed)
    {
        const int n = 100;
        var layer = new Linear(n, n);
        layer.Initialize(new SeededRandom(seed), scheme);
        double bound = scheme switch
        {
            Initializer.PyTorchDefault => 1 / Math.Sqrt(n),
            Initializer.GlorotUniform => Math.Sqrt(6.0 / (n + n)),
            _ => Math.Sqrt(6.0 / n),
        };
        double[] w = layer.Weight.Data.ToArray();
        w.Should().HaveCount(n * n);

        // U(−a, a): mean 0 (standard error a/√(3·10⁴) ≈ 0.0058a), variance a²/3 (relative standard error ≈ 0.9 %).
        double mean = w.Average();
        double variance = w.Select(v => (v - mean) * (v - mean)).Average();
        mean.Should().BeApproximately(0, 0.03 * bound);
        variance.Should().BeApproximately(bound * bound / 3, 0.05 * bound * bound / 3);
        w.Min().Should().BeLessThan(-0.99 * bound);
        w.Max().Should().BeGreaterThan(0.99 * bound);

        // ten equal bins of about 1000 each (standard deviation ≈ 30); allow ±150
        int[] bins = new int[10];
        foreach (double v in w)
        {
            bins[Math.Min(9, (int)((v + bound) / (2 * bound) * 10))]++;
        }

        bins.Should().OnlyContain(c => c > 850 && c < 1150);
    }

    private static void AssertWithin(double[] values, double bound)
    {
        values.Should().NotBeEmpty();
        // (2u − 1)·a with u ∈ [0, 1) lies in [−a, a)
        values.Should().OnlyContain(v => v >= -bound && v < bound, $"every value must lie within ±{bound}");
        values.Should().Contain(v => v != 0);
    }
}
