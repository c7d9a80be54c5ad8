namespace TinyNets.Tests.GradientChecks;

/// <summary>
/// Central finite-difference checks of every hand-written backward formula: each layer, activation and loss, and whole
/// networks that mix them. Shapes, inputs, upstream gradients and targets are random but drawn from a fixed seed.
/// A layer is checked through the scalar f(x, θ) = Σ G ⊙ layer.Forward(x) with a random upstream gradient G, whose exact
/// gradient is what Backward(G) must return (∂f/∂x) and leave in the parameters (∂f/∂θ).
/// Central differences with h = 1e-6 have truncation error ~h²·f‴ ≈ 1e-12 and rounding error ~ε·|f|/h ≈ 1e-10·|f|,
/// so the tolerance 1e-7 (absolute + relative) is loose enough for the method and tight enough to catch any wrong formula
/// (a factor, a sign, a swapped term): the gradients compared here are of order 0.01 … 1.
/// </summary>
public class GradientCheckTests
{
    private const double H = 1e-6;
    private const double Tolerance = 1e-7;

    // ------------------------------------------------------------------ Linear

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(42UL)]
    [InlineData(2024UL)]
    public void Linear_WithBias_WeightBiasAndInputGradientsMatchCentralDifferences(ulong seed)
    {
        var rng = new SeededRandom(seed);
        int inFeatures = 1 + rng.NextInt32(5), outFeatures = 1 + rng.NextInt32(5), batch = 1 + rng.NextInt32(4);
        var layer = new Linear(inFeatures, outFeatures);
        layer.Initialize(rng);
        CheckLayer(layer, RandomMatrix(rng, inFeatures, batch, -2, 2), rng);
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(42UL)]
    [InlineData(2024UL)]
    public void Linear_WithoutBias_WeightAndInputGradientsMatchCentralDifferences(ulong seed)
    {
        var rng = new SeededRandom(seed);
        int inFeatures = 1 + rng.NextInt32(5), outFeatures = 1 + rng.NextInt32(5), batch = 1 + rng.NextInt32(4);
        var layer = new Linear(inFeatures, outFeatures, bias: false);
        layer.Initialize(rng);
        layer.Bias.Should().BeNull();
        layer.Parameters.Should().HaveCount(1);
        CheckLayer(layer, RandomMatrix(rng, inFeatures, batch, -2, 2), rng);
    }

    [Theory]
    [InlineData(5UL)]
    [InlineData(6UL)]
    [InlineData(7UL)]
    public void Linear_GradientsAreExactProductsOfUpstreamGradientAndInput(ulong seed)
    {
        // Independent closed form: ∂f/∂W = G·Xᵀ, ∂f/∂b = Σ_columns G, ∂f/∂X = Wᵀ·G (plain loops, not the library's kernels).
        var rng = new SeededRandom(seed);
        int inFeatures = 1 + rng.NextInt32(5), outFeatures = 1 + rng.NextInt32(5), batch = 1 + rng.NextInt32(4);
        var layer = new Linear(inFeatures, outFeatures);
        layer.Initialize(rng);
        Matrix<double> x = RandomMatrix(rng, inFeatures, batch, -2, 2);
        Matrix<double> g = RandomMatrix(rng, outFeatures, batch, -1, 1);
        layer.Forward(x);
        Matrix<double> dx = layer.Backward(g);
        Matrix<double> w = layer.Weight.Value;
        for (int i = 0; i < outFeatures; i++)
        {
            double bias = 0;
            for (int j = 0; j < batch; j++)
            {
                bias += g[i, j];
            }

            layer.Bias!.Gradient[i, 0].Should().BeApproximately(bias, 1e-14);
            for (int k = 0; k < inFeatures; k++)
            {
                double gw = 0;
                for (int j = 0; j < batch; j++)
                {
                    gw += g[i, j] * x[k, j];
                }

                layer.Weight.Gradient[i, k].Should().BeApproximately(gw, 1e-14);
            }
        }

        for (int k = 0; k < inFeatures; k++)
        {
            for (int j = 0; j < batch; j++)
            {
                double gx = 0;
                for (int i = 0; i < outFeatures; i++)
                {
                    gx += w[i, k] * g[i, j];
                }

                dx[k, j].Should().BeApproximately(gx, 1e-14);
            }
        }
    }

    // ------------------------------------------------------------------ activations

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    [InlineData(14UL)]
    public void Identity_InputGradientMatchesCentralDifferences(ulong seed) =>
        CheckActivation(new Identity(), seed, -3, 3, awayFromZero: false);

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    [InlineData(14UL)]
    public void ReLU_InputGradientMatchesCentralDifferences(ulong seed) =>
        CheckActivation(new ReLU(), seed, -3, 3, awayFromZero: true);

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    [InlineData(14UL)]
    public void LeakyReLU_DefaultSlope_InputGradientMatchesCentralDifferences(ulong seed) =>
        CheckActivation(new LeakyReLU(), seed, -3, 3, awayFromZero: true);

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    [InlineData(14UL)]
    public void LeakyReLU_RandomSlope_InputGradientMatchesCentralDifferences(ulong seed)
    {
        // Slopes in (−1, 1), including negative ones: the formula must use the given slope, whatever its sign.
        var rng = new SeededRandom(seed + 1000);
        double slope = rng.NextUniform(-1, 1);
        CheckActivation(new LeakyReLU(slope), seed, -3, 3, awayFromZero: true);
    }

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    [InlineData(14UL)]
    public void Sigmoid_InputGradientMatchesCentralDifferences(ulong seed) =>
        CheckActivation(new Sigmoid(), seed, -4, 4, awayFromZero: false);

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    [InlineData(14UL)]
    public void Tanh_InputGradientMatchesCentralDifferences(ulong seed) =>
        CheckActivation(new Tanh(), seed, -3, 3, awayFromZero: false);

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    [InlineData(14UL)]
    public void Selu_InputGradientMatchesCentralDifferences(ulong seed) =>
        // SELU has a kink at 0 (slopes λ and λα), so inputs stay away from it like ReLU's.
        CheckActivation(new Selu(), seed, -3, 3, awayFromZero: true);

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    [InlineData(14UL)]
    public void Softplus_InputGradientMatchesCentralDifferences(ulong seed) =>
        CheckActivation(new Softplus(), seed, -5, 5, awayFromZero: false);

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    [InlineData(13UL)]
    [InlineData(14UL)]
    [InlineData(15UL)]
    public void Softmax_InputGradientMatchesCentralDifferences(ulong seed)
    {
        // Softmax couples the features of a column (full Jacobian diag(y) − yyᵀ), so it needs at least 2 features
        // for a non-trivial check (with one feature it is the constant 1 and its gradient is 0).
        var rng = new SeededRandom(seed);
        int features = 2 + rng.NextInt32(4), batch = 1 + rng.NextInt32(4);
        CheckLayer(new Softmax(), RandomMatrix(rng, features, batch, -4, 4), rng);
    }

    [Fact]
    public void Softmax_SingleFeature_HasZeroGradient()
    {
        var rng = new SeededRandom(99);
        CheckLayer(new Softmax(), RandomMatrix(rng, 1, 3, -4, 4), rng);
    }

    [Fact]
    public void Softmax_LargeLogits_GradientStillMatchesCentralDifferences()
    {
        // Logits in the hundreds: the max shift must be applied consistently in forward and backward.
        var rng = new SeededRandom(77);
        Matrix<double> x = RandomMatrix(rng, 4, 3, -3, 3).Add(500.0);
        CheckLayer(new Softmax(), x, rng);
    }

    [Theory]
    [InlineData(21UL)]
    [InlineData(22UL)]
    [InlineData(23UL)]
    public void LogSoftmax_InputGradientMatchesCentralDifferences(ulong seed)
    {
        var rng = new SeededRandom(seed);
        int features = 1 + rng.NextInt32(5), batch = 1 + rng.NextInt32(4);
        CheckLayer(new LogSoftmax(), RandomMatrix(rng, features, batch, -4, 4), rng);
    }

    [Fact]
    public void LogSoftmax_LargeLogits_GradientStillMatchesCentralDifferences()
    {
        var rng = new SeededRandom(78);
        Matrix<double> x = RandomMatrix(rng, 4, 3, -3, 3).Add(-500.0);
        CheckLayer(new LogSoftmax(), x, rng);
    }

    // ------------------------------------------------------------------ losses

    [Theory]
    [InlineData(21UL)]
    [InlineData(22UL)]
    [InlineData(23UL)]
    [InlineData(24UL)]
    public void MseLoss_EveryReductionAndScale_ValueAndGradient(ulong seed)
    {
        foreach ((Reduction reduction, double scale) in ReductionCases)
        {
            CheckMse(new MseLoss(reduction, scale), reduction, scale, seed);
        }
    }

    [Theory]
    [InlineData(21UL)]
    [InlineData(22UL)]
    [InlineData(23UL)]
    public void MseLoss_Factories_HaveTheirReductionScaleValueAndGradient(ulong seed)
    {
        MseLoss sse = MseLoss.Sse(), halfSse = MseLoss.HalfSse(), halfMse = MseLoss.HalfMse();
        sse.Reduction.Should().Be(Reduction.Sum);
        sse.Scale.Should().Be(1.0);
        halfSse.Reduction.Should().Be(Reduction.Sum);
        halfSse.Scale.Should().Be(0.5);
        halfMse.Reduction.Should().Be(Reduction.BatchMean);
        halfMse.Scale.Should().Be(0.5);
        CheckMse(sse, Reduction.Sum, 1.0, seed);
        CheckMse(halfSse, Reduction.Sum, 0.5, seed);
        CheckMse(halfMse, Reduction.BatchMean, 0.5, seed);
    }

    [Fact]
    public void MseLoss_HalfSse_GradientIsTheResidual()
    {
        // ½Σ(ŷ − y)² has gradient exactly ŷ − y; 1/(2N)Σ has (ŷ − y)/N (N = columns).
        var rng = new SeededRandom(31);
        Matrix<double> p = RandomMatrix(rng, 3, 4, -2, 2), t = RandomMatrix(rng, 3, 4, -2, 2);
        var halfSse = MseLoss.HalfSse();
        halfSse.Forward(p, t);
        var halfMse = MseLoss.HalfMse();
        halfMse.Forward(p, t);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                halfSse.Backward()[i, j].Should().BeApproximately(p[i, j] - t[i, j], 1e-15);
                halfMse.Backward()[i, j].Should().BeApproximately((p[i, j] - t[i, j]) / 4, 1e-15);
            }
        }
    }

    [Theory]
    [InlineData(41UL)]
    [InlineData(42UL)]
    [InlineData(43UL)]
    [InlineData(44UL)]
    public void BceWithLogitsLoss_EveryReduction_ValueAndGradient(ulong seed)
    {
        foreach ((Reduction reduction, double scale) in ReductionCases)
        {
            var rng = new SeededRandom(seed);
            int rows = 1 + rng.NextInt32(5), cols = 1 + rng.NextInt32(4);
            Matrix<double> p = RandomMatrix(rng, rows, cols, -5, 5);
            Matrix<double> t = RandomMatrix(rng, rows, cols, 0, 1);
            t[0, 0] = 1.0; // hard labels belong to the domain too
            t[rows - 1, cols - 1] = rows * cols > 1 ? 0.0 : 1.0;
            var loss = new BceWithLogitsLoss(reduction, scale);
            CheckElementwiseLoss(loss, p, t, reduction, scale, (z, y) =>
            {
                double s = 1.0 / (1.0 + Math.Exp(-z));
                return -((y * Math.Log(s)) + ((1 - y) * Math.Log(1 - s)));
            });
        }
    }

    [Theory]
    [InlineData(51UL)]
    [InlineData(52UL)]
    [InlineData(53UL)]
    [InlineData(54UL)]
    public void SoftplusLoss_EveryReduction_ValueAndGradient(ulong seed)
    {
        foreach ((Reduction reduction, double scale) in ReductionCases)
        {
            var rng = new SeededRandom(seed);
            int rows = 1 + rng.NextInt32(5), cols = 1 + rng.NextInt32(4);
            Matrix<double> p = RandomMatrix(rng, rows, cols, -3, 3);
            // The formula ln(1 + exp((1 − 2y)ŷ)) is literal for any finite y (sheet 004 uses y = −1).
            Matrix<double> t = RandomMatrix(rng, rows, cols, -1, 2);
            t[0, 0] = -1.0;
            var loss = new SoftplusLoss(reduction, scale);
            CheckElementwiseLoss(loss, p, t, reduction, scale, (z, y) => Math.Log(1 + Math.Exp((1 - (2 * y)) * z)));
        }
    }

    [Theory]
    [InlineData(61UL)]
    [InlineData(62UL)]
    [InlineData(63UL)]
    [InlineData(64UL)]
    public void SoftMarginLoss_EveryReduction_ValueAndGradient(ulong seed)
    {
        foreach ((Reduction reduction, double scale) in ReductionCases)
        {
            var rng = new SeededRandom(seed);
            int rows = 1 + rng.NextInt32(5), cols = 1 + rng.NextInt32(4);
            Matrix<double> p = RandomMatrix(rng, rows, cols, -4, 4);
            Matrix<double> t = Matrix<double>.Build.Dense(rows, cols, (_, _) => rng.NextInt32(2) == 0 ? -1.0 : 1.0);
            var loss = new SoftMarginLoss(reduction, scale);
            CheckElementwiseLoss(loss, p, t, reduction, scale, (z, y) => Math.Log(1 + Math.Exp(-y * z)));
        }
    }

    [Theory]
    [InlineData(71UL)]
    [InlineData(72UL)]
    [InlineData(73UL)]
    [InlineData(74UL)]
    [InlineData(75UL)]
    public void CrossEntropyLoss_ClassIndices_EveryReduction_ValueAndGradient(ulong seed)
    {
        foreach ((Reduction reduction, double scale) in ReductionCases)
        {
            var rng = new SeededRandom(seed);
            int classes = 2 + rng.NextInt32(4), cols = 1 + rng.NextInt32(4);
            Matrix<double> z = RandomMatrix(rng, classes, cols, -4, 4);
            int[] labels = Enumerable.Range(0, cols).Select(_ => rng.NextInt32(classes)).ToArray();
            var loss = new CrossEntropyLoss(reduction, scale);

            double value = loss.Forward(z, labels);
            double expected = 0;
            for (int j = 0; j < cols; j++)
            {
                expected -= Math.Log(NaiveSoftmax(z, j)[labels[j]]);
            }

            expected *= CrossEntropyFactor(reduction, scale, cols);
            value.Should().BeApproximately(expected, 1e-12 * Math.Max(1, Math.Abs(expected)), $"{reduction}, scale {scale}");

            Matrix<double> analytic = loss.Backward().Clone();
            double[] numeric = NumericalGradient(() => loss.Forward(z, labels), z);
            AssertMatch(analytic, numeric, $"CE(class indices) {reduction}, scale {scale}");
        }
    }

    [Theory]
    [InlineData(81UL)]
    [InlineData(82UL)]
    [InlineData(83UL)]
    [InlineData(84UL)]
    [InlineData(85UL)]
    public void CrossEntropyLoss_ProbabilityTargets_EveryReduction_ValueAndGradient(ulong seed)
    {
        foreach ((Reduction reduction, double scale) in ReductionCases)
        {
            foreach (bool normalised in new[] { true, false })
            {
                var rng = new SeededRandom(seed);
                int classes = 2 + rng.NextInt32(4), cols = 1 + rng.NextInt32(4);
                Matrix<double> z = RandomMatrix(rng, classes, cols, -4, 4);
                Matrix<double> t = RandomMatrix(rng, classes, cols, 0, 1);
                if (normalised)
                {
                    // Soft targets: each column a probability distribution.
                    for (int j = 0; j < cols; j++)
                    {
                        double s = t.Column(j).Sum();
                        for (int i = 0; i < classes; i++)
                        {
                            t[i, j] /= s;
                        }
                    }
                }

                var loss = new CrossEntropyLoss(reduction, scale);
                double value = loss.Forward(z, t);
                double expected = 0;
                for (int j = 0; j < cols; j++)
                {
                    double[] p = NaiveSoftmax(z, j);
                    for (int i = 0; i < classes; i++)
                    {
                        expected -= t[i, j] * Math.Log(p[i]);
                    }
                }

                expected *= CrossEntropyFactor(reduction, scale, cols);
                string what = $"CE(probabilities, normalised={normalised}) {reduction}, scale {scale}";
                value.Should().BeApproximately(expected, 1e-12 * Math.Max(1, Math.Abs(expected)), what);

                Matrix<double> analytic = loss.Backward().Clone();
                double[] numeric = NumericalGradient(() => loss.Forward(z, t), z);
                AssertMatch(analytic, numeric, what);
            }
        }
    }

    [Theory]
    [InlineData(86UL)]
    [InlineData(87UL)]
    public void CrossEntropyLoss_OneHotTargetsGiveTheSameGradientAsClassIndices(ulong seed)
    {
        var rng = new SeededRandom(seed);
        int classes = 2 + rng.NextInt32(4), cols = 1 + rng.NextInt32(4);
        Matrix<double> z = RandomMatrix(rng, classes, cols, -4, 4);
        int[] labels = Enumerable.Range(0, cols).Select(_ => rng.NextInt32(classes)).ToArray();
        Matrix<double> oneHot = Matrix<double>.Build.Dense(classes, cols, (i, j) => i == labels[j] ? 1.0 : 0.0);
        var byIndex = new CrossEntropyLoss();
        var byProbability = new CrossEntropyLoss();
        double a = byIndex.Forward(z, labels), b = byProbability.Forward(z, oneHot);
        a.Should().BeApproximately(b, 1e-14);
        for (int i = 0; i < classes; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                byIndex.Backward()[i, j].Should().BeApproximately(byProbability.Backward()[i, j], 1e-15);
                // ∂/∂z = (softmax(z) − onehot)/N for the mean over N samples.
                byIndex.Backward()[i, j].Should().BeApproximately((NaiveSoftmax(z, j)[i] - oneHot[i, j]) / cols, 1e-15);
            }
        }
    }

    // Residuals ŷ − y kept at least 0.05 away from the kinks (0 for L1; ±δ and ±β, where the second derivative jumps,
    // for Huber and SmoothL1), so that central differences see one smooth piece.
    private static (Matrix<double> P, Matrix<double> T) AwayFromKinks(SeededRandom rng, int rows, int cols, double kink)
    {
        Matrix<double> t = RandomMatrix(rng, rows, cols, -2, 2);
        Matrix<double> p = Matrix<double>.Build.Dense(rows, cols, (i, j) =>
        {
            double r;
            do
            {
                r = rng.NextUniform(-3, 3);
            }
            while (Math.Abs(r) < 0.05 || Math.Abs(Math.Abs(r) - kink) < 0.05);
            return t[i, j] + r;
        });
        return (p, t);
    }

    [Theory]
    [InlineData(101UL)]
    [InlineData(102UL)]
    [InlineData(103UL)]
    [InlineData(104UL)]
    public void L1Loss_EveryReduction_ValueAndGradient(ulong seed)
    {
        foreach ((Reduction reduction, double scale) in ReductionCases)
        {
            var rng = new SeededRandom(seed);
            int rows = 1 + rng.NextInt32(5), cols = 1 + rng.NextInt32(4);
            (Matrix<double> p, Matrix<double> t) = AwayFromKinks(rng, rows, cols, 0.0);
            CheckElementwiseLoss(new L1Loss(reduction, scale), p, t, reduction, scale, (z, y) => Math.Abs(z - y));
        }
    }

    [Theory]
    [InlineData(111UL, 1.0)]
    [InlineData(112UL, 0.5)]
    [InlineData(113UL, 2.0)]
    [InlineData(114UL, 0.1)]
    public void HuberLoss_EveryReduction_ValueAndGradient(ulong seed, double delta)
    {
        foreach ((Reduction reduction, double scale) in ReductionCases)
        {
            var rng = new SeededRandom(seed);
            int rows = 1 + rng.NextInt32(5), cols = 1 + rng.NextInt32(4);
            (Matrix<double> p, Matrix<double> t) = AwayFromKinks(rng, rows, cols, delta);
            CheckElementwiseLoss(new HuberLoss(delta, reduction, scale), p, t, reduction, scale, (z, y) =>
                Math.Abs(z - y) < delta ? 0.5 * (z - y) * (z - y) : delta * (Math.Abs(z - y) - (delta / 2)));
        }
    }

    [Theory]
    [InlineData(121UL, 1.0)]
    [InlineData(122UL, 0.5)]
    [InlineData(123UL, 2.0)]
    [InlineData(124UL, 0.0)]
    public void SmoothL1Loss_EveryReduction_ValueAndGradient(ulong seed, double beta)
    {
        foreach ((Reduction reduction, double scale) in ReductionCases)
        {
            var rng = new SeededRandom(seed);
            int rows = 1 + rng.NextInt32(5), cols = 1 + rng.NextInt32(4);
            (Matrix<double> p, Matrix<double> t) = AwayFromKinks(rng, rows, cols, beta);
            CheckElementwiseLoss(new SmoothL1Loss(beta, reduction, scale), p, t, reduction, scale, (z, y) =>
                Math.Abs(z - y) < beta ? 0.5 * (z - y) * (z - y) / beta : Math.Abs(z - y) - (beta / 2));
        }
    }

    [Theory]
    [InlineData(131UL)]
    [InlineData(132UL)]
    [InlineData(133UL)]
    [InlineData(134UL)]
    public void BceLoss_EveryReduction_ValueAndGradient(ulong seed)
    {
        foreach ((Reduction reduction, double scale) in ReductionCases)
        {
            var rng = new SeededRandom(seed);
            int rows = 1 + rng.NextInt32(5), cols = 1 + rng.NextInt32(4);
            Matrix<double> p = RandomMatrix(rng, rows, cols, 0.05, 0.95);
            Matrix<double> t = RandomMatrix(rng, rows, cols, 0, 1);
            t[0, 0] = 1.0;
            t[rows - 1, cols - 1] = rows * cols > 1 ? 0.0 : 1.0;
            CheckElementwiseLoss(new BceLoss(reduction, scale), p, t, reduction, scale, (z, y) => -((y * Math.Log(z)) + ((1 - y) * Math.Log(1 - z))));
        }
    }

    [Theory]
    [InlineData(141UL, 0.0)]
    [InlineData(142UL, 0.1)]
    [InlineData(143UL, 0.5)]
    [InlineData(144UL, 1.0)]
    public void CrossEntropyLoss_WeightsAndLabelSmoothing_EveryReduction_GradientMatchesCentralDifferences(ulong seed, double smoothing)
    {
        foreach ((Reduction reduction, double scale) in ReductionCases)
        {
            var rng = new SeededRandom(seed);
            int classes = 2 + rng.NextInt32(4), samples = 1 + rng.NextInt32(4);
            double[] weight = Enumerable.Range(0, classes).Select(_ => rng.NextUniform(0.1, 2)).ToArray();
            Matrix<double> z = RandomMatrix(rng, classes, samples, -3, 3);
            int[] targets = Enumerable.Range(0, samples).Select(_ => rng.NextInt32(classes)).ToArray();
            Matrix<double> soft = RandomMatrix(rng, classes, samples, 0, 1);
            var byIndex = new CrossEntropyLoss(reduction, scale, weight, smoothing);
            var byProbability = new CrossEntropyLoss(reduction, scale, weight, smoothing);

            byIndex.Forward(z, targets);
            AssertMatch(byIndex.Backward().Clone(), NumericalGradient(() => byIndex.Forward(z, targets), z), $"{byIndex} class indices");
            byProbability.Forward(z, soft);
            AssertMatch(byProbability.Backward().Clone(), NumericalGradient(() => byProbability.Forward(z, soft), z), $"{byProbability} probabilities");
        }
    }

    [Theory]
    [InlineData(151UL)]
    [InlineData(152UL)]
    public void NllLoss_Weights_EveryReduction_GradientMatchesCentralDifferences(ulong seed)
    {
        foreach ((Reduction reduction, double scale) in ReductionCases)
        {
            var rng = new SeededRandom(seed);
            int classes = 2 + rng.NextInt32(4), samples = 1 + rng.NextInt32(4);
            double[] weight = Enumerable.Range(0, classes).Select(_ => rng.NextUniform(0.1, 2)).ToArray();
            Matrix<double> x = RandomMatrix(rng, classes, samples, -3, 0);
            int[] targets = Enumerable.Range(0, samples).Select(_ => rng.NextInt32(classes)).ToArray();
            Matrix<double> soft = RandomMatrix(rng, classes, samples, 0, 1);
            var loss = new NllLoss(reduction, scale, weight);

            loss.Forward(x, targets);
            AssertMatch(loss.Backward().Clone(), NumericalGradient(() => loss.Forward(x, targets), x), $"{loss} class indices");
            loss.Forward(x, soft);
            AssertMatch(loss.Backward().Clone(), NumericalGradient(() => loss.Forward(x, soft), x), $"{loss} probabilities");
        }
    }

    // ------------------------------------------------------------------ whole networks

    [Theory]
    [InlineData(101UL)]
    [InlineData(102UL)]
    [InlineData(103UL)]
    [InlineData(104UL)]
    public void Network_TanhReluIdentity_WithMse_EveryParameterAndInput(ulong seed)
    {
        var rng = new SeededRandom(seed);
        int n0 = 1 + rng.NextInt32(5), n1 = 1 + rng.NextInt32(5), n2 = 1 + rng.NextInt32(5), n3 = 1 + rng.NextInt32(5);
        int batch = 1 + rng.NextInt32(4);
        var net = new Sequential(
            new Linear(n0, n1), new Tanh(),
            new Linear(n1, n2, bias: false), new ReLU(),
            new Linear(n2, n3), new Identity());
        var loss = new MseLoss();
        Matrix<double> t = RandomMatrix(rng, n3, batch, -1, 1);
        CheckNetwork(net, seed, n0, batch, rng, p => loss.Forward(p, t), loss.Backward);
    }

    [Theory]
    [InlineData(111UL)]
    [InlineData(112UL)]
    [InlineData(113UL)]
    [InlineData(114UL)]
    public void Network_SigmoidLeakyRelu_WithBceWithLogits_EveryParameterAndInput(ulong seed)
    {
        var rng = new SeededRandom(seed);
        int n0 = 1 + rng.NextInt32(5), n1 = 1 + rng.NextInt32(5), n2 = 1 + rng.NextInt32(5), n3 = 1 + rng.NextInt32(5);
        int batch = 1 + rng.NextInt32(4);
        var net = new Sequential(
            new Linear(n0, n1), new Sigmoid(),
            new Linear(n1, n2), new LeakyReLU(0.1),
            new Linear(n2, n3));
        var loss = new BceWithLogitsLoss(Reduction.Sum);
        Matrix<double> t = RandomMatrix(rng, n3, batch, 0, 1);
        CheckNetwork(net, seed, n0, batch, rng, p => loss.Forward(p, t), loss.Backward);
    }

    [Theory]
    [InlineData(121UL)]
    [InlineData(122UL)]
    [InlineData(123UL)]
    [InlineData(124UL)]
    public void Network_SeluSoftplus_WithCrossEntropyClassIndices_EveryParameterAndInput(ulong seed)
    {
        var rng = new SeededRandom(seed);
        int n0 = 1 + rng.NextInt32(5), n1 = 1 + rng.NextInt32(5), n2 = 1 + rng.NextInt32(5), classes = 2 + rng.NextInt32(4);
        int batch = 1 + rng.NextInt32(4);
        var net = new Sequential(
            new Linear(n0, n1), new Selu(),
            new Linear(n1, n2), new Softplus(),
            new Linear(n2, classes));
        var loss = new CrossEntropyLoss();
        int[] labels = Enumerable.Range(0, batch).Select(_ => rng.NextInt32(classes)).ToArray();
        CheckNetwork(net, seed, n0, batch, rng, p => loss.Forward(p, labels), loss.Backward);
    }

    [Theory]
    [InlineData(131UL)]
    [InlineData(132UL)]
    [InlineData(133UL)]
    [InlineData(134UL)]
    public void Network_TanhSoftmaxLayer_WithHalfMse_EveryParameterAndInput(ulong seed)
    {
        var rng = new SeededRandom(seed);
        int n0 = 1 + rng.NextInt32(5), n1 = 1 + rng.NextInt32(5), classes = 2 + rng.NextInt32(4);
        int batch = 1 + rng.NextInt32(4);
        var net = new Sequential(new Linear(n0, n1), new Tanh(), new Linear(n1, classes), new Softmax());
        var loss = MseLoss.HalfMse();
        Matrix<double> t = RandomMatrix(rng, classes, batch, 0, 1);
        CheckNetwork(net, seed, n0, batch, rng, p => loss.Forward(p, t), loss.Backward);
    }

    [Theory]
    [InlineData(141UL)]
    [InlineData(142UL)]
    [InlineData(143UL)]
    [InlineData(144UL)]
    public void Network_ReluSigmoid_WithSoftMargin_EveryParameterAndInput(ulong seed)
    {
        var rng = new SeededRandom(seed);
        int n0 = 1 + rng.NextInt32(5), n1 = 1 + rng.NextInt32(5), n2 = 1 + rng.NextInt32(5), n3 = 1 + rng.NextInt32(5);
        int batch = 1 + rng.NextInt32(4);
        var net = new Sequential(
            new Linear(n0, n1, bias: false), new ReLU(),
            new Linear(n1, n2), new Sigmoid(),
            new Linear(n2, n3));
        var loss = new SoftMarginLoss(Reduction.BatchMean);
        Matrix<double> t = Matrix<double>.Build.Dense(n3, batch, (_, _) => rng.NextInt32(2) == 0 ? -1.0 : 1.0);
        CheckNetwork(net, seed, n0, batch, rng, p => loss.Forward(p, t), loss.Backward);
    }

    [Theory]
    [InlineData(151UL)]
    [InlineData(152UL)]
    [InlineData(153UL)]
    [InlineData(154UL)]
    public void Network_LeakyReluTanh_WithSoftplusLoss_EveryParameterAndInput(ulong seed)
    {
        var rng = new SeededRandom(seed);
        int n0 = 1 + rng.NextInt32(5), n1 = 1 + rng.NextInt32(5), n2 = 1 + rng.NextInt32(5);
        int batch = 1 + rng.NextInt32(4);
        var net = new Sequential(new Linear(n0, n1), new LeakyReLU(), new Linear(n1, n2), new Tanh(), new Linear(n2, 1));
        var loss = new SoftplusLoss(Reduction.Mean, 2.0);
        Matrix<double> t = RandomMatrix(rng, 1, batch, -1, 1);
        CheckNetwork(net, seed, n0, batch, rng, p => loss.Forward(p, t), loss.Backward);
    }

    [Theory]
    [InlineData(161UL)]
    [InlineData(162UL)]
    [InlineData(163UL)]
    [InlineData(164UL)]
    public void Network_SigmoidSelu_WithCrossEntropyProbabilities_EveryParameterAndInput(ulong seed)
    {
        var rng = new SeededRandom(seed);
        int n0 = 1 + rng.NextInt32(5), n1 = 1 + rng.NextInt32(5), n2 = 1 + rng.NextInt32(5), classes = 2 + rng.NextInt32(4);
        int batch = 1 + rng.NextInt32(4);
        var net = new Sequential(
            new Linear(n0, n1), new Sigmoid(),
            new Linear(n1, n2, bias: false), new Selu(),
            new Linear(n2, classes), new Identity());
        var loss = new CrossEntropyLoss(Reduction.Sum);
        Matrix<double> t = RandomMatrix(rng, classes, batch, 0, 1);
        CheckNetwork(net, seed, n0, batch, rng, p => loss.Forward(p, t), loss.Backward);
    }

    // ------------------------------------------------------------------ the check itself can fail

    [Fact]
    public void TheCheckRejectsABackwardFormulaOffByAFactor()
    {
        // A sigmoid whose backward is 1 % too large must be caught, and so must a loss gradient 1 % too large.
        var rng = new SeededRandom(7);
        var wrong = new SigmoidWithScaledBackward(1.01);
        Matrix<double> x = RandomMatrix(rng, 3, 2, -2, 2), g = RandomMatrix(rng, 3, 2, -1, 1);
        wrong.Forward(x);
        Matrix<double> analytic = wrong.Backward(g).Clone();
        double[] numeric = NumericalGradient(() => SumProduct(g, wrong.Forward(x)), x);
        Mismatches(analytic, numeric).Should().NotBeEmpty();

        var right = new SigmoidWithScaledBackward(1.0);
        right.Forward(x);
        analytic = right.Backward(g).Clone();
        numeric = NumericalGradient(() => SumProduct(g, right.Forward(x)), x);
        Mismatches(analytic, numeric).Should().BeEmpty();

        var mse = new MseLoss();
        Matrix<double> p = RandomMatrix(rng, 2, 3, -1, 1), t = RandomMatrix(rng, 2, 3, -1, 1);
        mse.Forward(p, t);
        Matrix<double> scaled = mse.Backward().Multiply(1.01);
        Mismatches(scaled, NumericalGradient(() => mse.Forward(p, t), p)).Should().NotBeEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private static readonly (Reduction Reduction, double Scale)[] ReductionCases =
    [
        (Reduction.Sum, 1.0), (Reduction.Mean, 1.0), (Reduction.BatchMean, 1.0),
        (Reduction.Sum, 0.5), (Reduction.Mean, 2.5), (Reduction.BatchMean, 0.5),
    ];

    private static void CheckMse(MseLoss loss, Reduction reduction, double scale, ulong seed)
    {
        var rng = new SeededRandom(seed);
        int rows = 1 + rng.NextInt32(5), cols = 1 + rng.NextInt32(4);
        Matrix<double> p = RandomMatrix(rng, rows, cols, -3, 3), t = RandomMatrix(rng, rows, cols, -3, 3);
        CheckElementwiseLoss(loss, p, t, reduction, scale, (z, y) => (z - y) * (z - y));
    }

    /// <summary>Checks an element-wise loss's value against a plain formula and its gradient against central differences.</summary>
    private static void CheckElementwiseLoss(
        ElementwiseLoss loss, Matrix<double> p, Matrix<double> t, Reduction reduction, double scale, Func<double, double, double> term)
    {
        int rows = p.RowCount, cols = p.ColumnCount;
        double sum = 0;
        for (int i = 0; i < rows; i++)
        {
            for (int j = 0; j < cols; j++)
            {
                sum += term(p[i, j], t[i, j]);
            }
        }

        // Mean: over all elements (PyTorch); BatchMean: over samples (columns); Sum: no divisor.
        double factor = reduction switch
        {
            Reduction.Sum => scale,
            Reduction.Mean => scale / (rows * cols),
            _ => scale / cols,
        };
        double expected = factor * sum;
        string what = $"{loss} on {rows}×{cols}";
        double value = loss.Forward(p, t);
        value.Should().BeApproximately(expected, 1e-12 * Math.Max(1, Math.Abs(expected)), what);

        Matrix<double> analytic = loss.Backward().Clone();
        analytic.RowCount.Should().Be(rows);
        analytic.ColumnCount.Should().Be(cols);
        double[] numeric = NumericalGradient(() => loss.Forward(p, t), p);
        AssertMatch(analytic, numeric, what);
    }

    private static double CrossEntropyFactor(Reduction reduction, double scale, int samples) =>
        reduction == Reduction.Sum ? scale : scale / samples; // Mean and BatchMean both average over samples for CE

    private static double[] NaiveSoftmax(Matrix<double> z, int column)
    {
        double[] e = Enumerable.Range(0, z.RowCount).Select(i => Math.Exp(z[i, column])).ToArray();
        double s = e.Sum();
        return e.Select(v => v / s).ToArray();
    }

    private static void CheckActivation(Layer activation, ulong seed, double low, double high, bool awayFromZero)
    {
        var rng = new SeededRandom(seed);
        int features = 1 + rng.NextInt32(5), batch = 1 + rng.NextInt32(4);
        Matrix<double> x = RandomMatrix(rng, features, batch, low, high, awayFromZero ? 1e-2 : 0.0);
        if (x.RowCount * x.ColumnCount > 1)
        {
            // Make sure both branches of a piecewise function are exercised.
            x[0, 0] = Math.Abs(x[0, 0]);
            x[features - 1, batch - 1] = -Math.Abs(x[features - 1, batch - 1]);
        }

        CheckLayer(activation, x, rng);
    }

    /// <summary>Backward(G) against central differences of f = Σ G ⊙ layer.Forward(x), for x and every parameter.</summary>
    private static void CheckLayer(Layer layer, Matrix<double> x, SeededRandom rng)
    {
        Matrix<double> y = layer.Forward(x);
        Matrix<double> g = RandomMatrix(rng, y.RowCount, y.ColumnCount, -1, 1);
        Matrix<double> dx = layer.Backward(g).Clone();
        var parameterGradients = layer.Parameters.Select(p => p.Gradient.Clone()).ToList();
        double F() => SumProduct(g, layer.Forward(x));

        AssertMatch(dx, NumericalGradient(F, x), $"{layer}: ∂f/∂input");
        for (int k = 0; k < layer.Parameters.Count; k++)
        {
            Parameter p = layer.Parameters[k];
            AssertMatch(parameterGradients[k], NumericalGradient(F, p.Value), $"{layer}: ∂f/∂{p.Name}");
        }
    }

    /// <summary>Whole-network backprop (net.Backward(loss.Backward())) against central differences of the loss.</summary>
    private static void CheckNetwork(
        Sequential net, ulong seed, int inputs, int batch, SeededRandom rng,
        Func<Matrix<double>, double> lossForward, Func<Matrix<double>> lossBackward)
    {
        net.Initialize(seed);
        Matrix<double> x = InputAwayFromKinks(net, inputs, batch, rng);
        lossForward(net.Forward(x));
        Matrix<double> dx = net.Backward(lossBackward()).Clone();
        var gradients = net.NamedParameters.Select(kv => (kv.Key, kv.Value, Gradient: kv.Value.Gradient.Clone())).ToList();
        double F() => lossForward(net.Forward(x));

        AssertMatch(dx, NumericalGradient(F, x), $"{net}: ∂L/∂input");
        gradients.Should().NotBeEmpty();
        foreach ((string name, Parameter p, Matrix<double> analytic) in gradients)
        {
            AssertMatch(analytic, NumericalGradient(F, p.Value), $"{net}: ∂L/∂{name}");
        }
    }

    /// <summary>Draws inputs until no ReLU/LeakyReLU/SELU sees a pre-activation within 1e-3 of its kink.</summary>
    private static Matrix<double> InputAwayFromKinks(Sequential net, int inputs, int batch, SeededRandom rng)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            Matrix<double> x = RandomMatrix(rng, inputs, batch, -2, 2);
            net.Forward(x);
            bool safe = net.Where(l => l is ReLU or LeakyReLU or Selu)
                .All(l => l.Input!.Enumerate().All(v => Math.Abs(v) > 1e-3));
            if (safe)
            {
                return x;
            }
        }

        throw new InvalidOperationException("No input away from the activation kinks was found.");
    }

    private static double SumProduct(Matrix<double> g, Matrix<double> y)
    {
        double s = 0;
        for (int i = 0; i < g.RowCount; i++)
        {
            for (int j = 0; j < g.ColumnCount; j++)
            {
                s += g[i, j] * y[i, j];
            }
        }

        return s;
    }

    /// <summary>Central differences of <paramref name="f"/> with respect to every entry of <paramref name="m"/>
    /// (perturbed in place and restored), in column-major order.</summary>
    private static double[] NumericalGradient(Func<double> f, Matrix<double> m)
    {
        var result = new double[m.RowCount * m.ColumnCount];
        for (int j = 0; j < m.ColumnCount; j++)
        {
            for (int i = 0; i < m.RowCount; i++)
            {
                double original = m[i, j];
                m[i, j] = original + H;
                double plus = f();
                m[i, j] = original - H;
                double minus = f();
                m[i, j] = original;
                result[(j * m.RowCount) + i] = (plus - minus) / (2 * H);
            }
        }

        return result;
    }

    private static List<string> Mismatches(Matrix<double> analytic, double[] numeric)
    {
        double[] a = analytic.ToColumnMajorArray();
        a.Length.Should().Be(numeric.Length);
        var bad = new List<string>();
        for (int k = 0; k < a.Length; k++)
        {
            if (!(Math.Abs(a[k] - numeric[k]) <= Tolerance * (1 + Math.Max(Math.Abs(a[k]), Math.Abs(numeric[k])))))
            {
                bad.Add($"[{k % analytic.RowCount}, {k / analytic.RowCount}]: backward {a[k]:R}, central difference {numeric[k]:R}");
            }
        }

        return bad;
    }

    private static void AssertMatch(Matrix<double> analytic, double[] numeric, string what) =>
        Mismatches(analytic, numeric).Should().BeEmpty(what);

    private static Matrix<double> RandomMatrix(SeededRandom rng, int rows, int cols, double low, double high, double minAbs = 0.0) =>
        Matrix<double>.Build.Dense(rows, cols, (_, _) =>
        {
            double v;
            do
            {
                v = rng.NextUniform(low, high);
            }
            while (Math.Abs(v) < minAbs);
            return v;
        });

    /// <summary>A deliberately wrong activation (backward scaled by a factor), to show that the check can fail.</summary>
    private sealed class SigmoidWithScaledBackward(double factor) : Activation
    {
        protected override void Apply(ReadOnlySpan<double> x, Span<double> y)
        {
            for (int i = 0; i < x.Length; i++)
            {
                y[i] = 1.0 / (1.0 + Math.Exp(-x[i]));
            }
        }

        protected override void ApplyBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx)
        {
            for (int i = 0; i < x.Length; i++)
            {
                dx[i] = factor * dy[i] * y[i] * (1.0 - y[i]);
            }
        }
    }
}
