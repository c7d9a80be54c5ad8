namespace TinyNets.Tests.Properties;

/// <summary>
/// The catalogue's non-numeric claims that concern the core (WORKED-NUMBERS.md §7, P-1 … P-16 without P-11/P-12, which
/// belong to the autodiff engine, and P-17, which is a training task). Random inputs come from fixed seeds.
/// Expected values are closed forms, the catalogue's recomputed values, or an independent computation in the test.
/// </summary>
public class CorePropertyTests
{
    private const double H = 1e-6;

    // ================================================================== P-1 softmax shift invariance

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    [InlineData(4UL)]
    public void P_01_SoftmaxIsShiftInvariant(ulong seed)
    {
        var rng = new SeededRandom(seed);
        int k = 2 + rng.NextInt32(5), n = 1 + rng.NextInt32(4);
        foreach (double c in new[] { -1000.0, -7.0, 3.5 })
        {
            // (a) Logits on a 2^-10 grid in [−8, 8): a + c is exact for these shifts, so the max-shifted exponents are
            // identical and softmax(a + c) = softmax(a) holds to the last bit (the catalogue's 1e−15).
            Matrix<double> grid = Matrix<double>.Build.Dense(k, n, (_, _) => (rng.NextInt32(1 << 14) - (1 << 13)) / 1024.0);
            Matrix<double> expected = new Softmax().Forward(grid).Clone();
            Matrix<double> shifted = new Softmax().Forward(grid.Add(c));
            AssertAllClose(shifted, expected, 1e-15, $"grid logits shifted by {c}");

            // (b) Arbitrary doubles: a + c is rounded to the ulp of |c| + 8 (1.1e−13 at c = −1000), so the shifted
            // softmax agrees only to that level, not to 1e−15.
            Matrix<double> a = RandomMatrix(rng, k, n, -8, 8);
            Matrix<double> p = new Softmax().Forward(a).Clone();
            AssertAllClose(new Softmax().Forward(a.Add(c)), p, 1e-12, $"random logits shifted by {c}");

            // and both equal the textbook formula exp(a_i)/Σ exp(a_j) for these moderate logits
            for (int j = 0; j < n; j++)
            {
                double s = Enumerable.Range(0, k).Sum(i => Math.Exp(a[i, j]));
                for (int i = 0; i < k; i++)
                {
                    p[i, j].Should().BeApproximately(Math.Exp(a[i, j]) / s, 1e-15);
                }
            }
        }
    }

    [Fact]
    public void P_01_SheetExampleEqualsItsShiftedForm()
    {
        // S001-05…07 and S001-10: softmax(7, 1, 2.2) = softmax(0, −6, −4.8) = (0.98940…, 0.00245…, 0.00814…)
        Matrix<double> original = new Softmax().Forward(Column(7, 1, 2.2)).Clone();
        Matrix<double> shifted = new Softmax().Forward(Column(0, -6, -4.8));
        double[] expected = { 0.9894049577757679, 0.002452489692691171, 0.008142552531540912 };
        for (int i = 0; i < 3; i++)
        {
            original[i, 0].Should().BeApproximately(expected[i], Tol(expected[i]));
            shifted[i, 0].Should().BeApproximately(original[i, 0], 1e-15);
        }
    }

    // ================================================================== P-2 stable softmax

    [Fact]
    public void P_02_StableSoftmaxAtThousands()
    {
        // A naive softmax overflows: e^1000 = +∞ and ∞/∞ = NaN.
        double.IsPositiveInfinity(Math.Exp(1000)).Should().BeTrue();
        (Math.Exp(1000) / (Math.Exp(1000) + Math.Exp(1001) + Math.Exp(1002))).Should().Be(double.NaN);

        // S002-34 (SYNTH): softmax(1000, 1001, 1002) = softmax(−2, −1, 0)
        Matrix<double> p = new Softmax().Forward(Column(1000, 1001, 1002));
        double[] expected = { 0.09003057317038046, 0.2447284710547976, 0.6652409557748219 };
        for (int i = 0; i < 3; i++)
        {
            double.IsFinite(p[i, 0]).Should().BeTrue();
            p[i, 0].Should().BeApproximately(expected[i], Tol(expected[i]));
        }

        // the same at −1000 (where the naive form underflows to 0/0)
        Matrix<double> q = new Softmax().Forward(Column(-1000, -1001, -1002));
        (Math.Exp(-1000) + Math.Exp(-1001)).Should().Be(0.0);
        for (int i = 0; i < 3; i++)
        {
            q[i, 0].Should().BeApproximately(expected[2 - i], Tol(expected[2 - i]));
        }

        // cross-entropy on such logits is finite too: −ln softmax_2 = ln(1 + e^−1 + e^−2)
        var ce = new CrossEntropyLoss();
        double loss = ce.Forward(Column(1000, 1001, 1002), new[] { 2 });
        double exact = Math.Log(1 + Math.Exp(-1) + Math.Exp(-2));
        loss.Should().BeApproximately(exact, Tol(exact));
        ce.Backward().Enumerate().Should().OnlyContain(v => double.IsFinite(v));
    }

    [Theory]
    [InlineData(5UL)]
    [InlineData(6UL)]
    public void P_02_SoftmaxOfHugeRandomLogitsIsAFiniteDistribution(ulong seed)
    {
        var rng = new SeededRandom(seed);
        Matrix<double> a = RandomMatrix(rng, 5, 4, -3000, 3000);
        Matrix<double> p = new Softmax().Forward(a);
        for (int j = 0; j < 4; j++)
        {
            p.Column(j).Should().OnlyContain(v => double.IsFinite(v) && v >= 0 && v <= 1);
            p.Column(j).Sum().Should().BeApproximately(1.0, 1e-15);
            int argmax = Enumerable.Range(0, 5).MaxBy(i => a[i, j]);
            p[argmax, j].Should().BeGreaterThanOrEqualTo(1.0 / 5);
        }
    }

    // ================================================================== P-3 stacked linear layers collapse

    [Theory]
    [InlineData(7UL)]
    [InlineData(8UL)]
    [InlineData(9UL)]
    [InlineData(10UL)]
    public void P_03_StackedLinearLayersCollapse(ulong seed)
    {
        // 001 Task 1.1 (with biases): W2(W1x + b1) + b2 = (W2W1)x + (W2b1 + b2)
        var rng = new SeededRandom(seed);
        int n0 = 1 + rng.NextInt32(5), n1 = 1 + rng.NextInt32(5), n2 = 1 + rng.NextInt32(5), batch = 1 + rng.NextInt32(4);
        var net = new Sequential(new Linear(n0, n1), new Linear(n1, n2)).Initialize(seed);
        Matrix<double> w1 = net.GetParameter("0.weight").Value, w2 = net.GetParameter("1.weight").Value;
        Matrix<double> b1 = net.GetParameter("0.bias").Value, b2 = net.GetParameter("1.bias").Value;
        Matrix<double> x = RandomMatrix(rng, n0, batch, -3, 3);

        Matrix<double> wEff = w2 * w1;
        Matrix<double> bEff = (w2 * b1) + b2;
        Matrix<double> expected = (wEff * x) + (bEff * Matrix<double>.Build.Dense(1, batch, 1.0));
        AssertAllClose(net.Forward(x), expected, 1e-12, "two stacked Linear layers vs one affine map");

        // the collapsed single layer, loaded through the public API, gives the same outputs
        var single = new Sequential(new Linear(n0, n2));
        single.SetParameter("0.weight", wEff);
        single.SetParameter("0.bias", bEff.Column(0));
        AssertAllClose(single.Forward(x), net.Forward(x), 1e-12, "collapsed layer vs stack");
    }

    [Theory]
    [InlineData(11UL)]
    [InlineData(12UL)]
    public void P_03_DeepLinearNetworkWithoutBiasEqualsOneLayer(ulong seed)
    {
        // 002 2023/01/20 (no biases): an L-layer linear network equals one layer W_eff = W_L⋯W_1.
        var rng = new SeededRandom(seed);
        int[] widths = Enumerable.Range(0, 5).Select(_ => 1 + rng.NextInt32(5)).ToArray();
        var layers = Enumerable.Range(0, 4).Select(l => (Layer)new Linear(widths[l], widths[l + 1], bias: false)).ToArray();
        var net = new Sequential(layers).Initialize(seed);
        Matrix<double> wEff = net.GetParameter("0.weight").Value;
        for (int l = 1; l < 4; l++)
        {
            wEff = net.GetParameter($"{l}.weight").Value * wEff;
        }

        Matrix<double> x = RandomMatrix(rng, widths[0], 3, -3, 3);
        var single = new Sequential(new Linear(widths[0], widths[4], bias: false));
        single.SetParameter("0.weight", wEff);
        AssertAllClose(net.Forward(x), wEff * x, 1e-12, "4 linear layers vs W4W3W2W1");
        AssertAllClose(single.Forward(x), net.Forward(x), 1e-12, "4 linear layers vs one layer");
    }

    // ================================================================== P-4 derivatives of σ, tanh, ReLU

    [Fact]
    public void P_04_SigmoidDerivativeIsSigmaTimesOneMinusSigmaAndAtMostAQuarter()
    {
        double[] grid = Enumerable.Range(-40, 81).Select(i => i * 0.25).ToArray(); // −10 … 10, includes 0
        Matrix<double> x = Row(grid);
        var sigmoid = new Sigmoid();
        sigmoid.Forward(x);
        Matrix<double> d = sigmoid.Backward(Matrix<double>.Build.Dense(1, grid.Length, 1.0));
        static double S(double v) => 1 / (1 + Math.Exp(-v));
        for (int j = 0; j < grid.Length; j++)
        {
            double s = S(grid[j]);
            d[0, j].Should().BeApproximately(s * (1 - s), 1e-15);
            d[0, j].Should().BeApproximately((S(grid[j] + H) - S(grid[j] - H)) / (2 * H), 1e-8);
            d[0, j].Should().BeLessThanOrEqualTo(0.25);
        }

        // max σ' = ¼, attained at 0 (S001-31, S002-02)
        int at = Array.IndexOf(grid, 0.0);
        d[0, at].Should().Be(0.25);
        Enumerable.Range(0, grid.Length).MaxBy(j => d[0, j]).Should().Be(at);
    }

    [Fact]
    public void P_04_TanhDerivativeIsOneMinusTanhSquared()
    {
        double[] grid = Enumerable.Range(-40, 81).Select(i => i * 0.125).ToArray(); // −5 … 5
        var tanh = new Tanh();
        tanh.Forward(Row(grid));
        Matrix<double> d = tanh.Backward(Matrix<double>.Build.Dense(1, grid.Length, 1.0));
        for (int j = 0; j < grid.Length; j++)
        {
            double t = Math.Tanh(grid[j]);
            d[0, j].Should().BeApproximately(1 - (t * t), 1e-14);
            d[0, j].Should().BeApproximately((Math.Tanh(grid[j] + H) - Math.Tanh(grid[j] - H)) / (2 * H), 1e-8);
        }

        d[0, Array.IndexOf(grid, 0.0)].Should().Be(1.0); // S001-32: tanh'(0) = 1
    }

    [Fact]
    public void P_04_ReluDerivativeIsZeroOrOne()
    {
        double[] grid = Enumerable.Range(-20, 41).Select(i => i * 0.5).ToArray();
        var relu = new ReLU();
        relu.Forward(Row(grid));
        Matrix<double> d = relu.Backward(Matrix<double>.Build.Dense(1, grid.Length, 1.0));
        for (int j = 0; j < grid.Length; j++)
        {
            double expected = grid[j] > 0 ? 1.0 : 0.0;
            d[0, j].Should().Be(expected);
            ReLU.Derivative(grid[j]).Should().Be(expected);
            if (grid[j] != 0)
            {
                double fd = (Math.Max(grid[j] + H, 0) - Math.Max(grid[j] - H, 0)) / (2 * H);
                d[0, j].Should().BeApproximately(fd, 1e-9);
            }
        }

        // FLAG-4: the sheet leaves ReLU'(0) undefined; the library uses 0, as PyTorch does.
        ReLU.Derivative(0.0).Should().Be(0.0);
        d[0, Array.IndexOf(grid, 0.0)].Should().Be(0.0);
    }

    // ================================================================== P-5 sigmoid-neuron gradient bound

    private static (Sequential Net, MseLoss Loss, double Value) SigmoidNeuron(double w, double b, double x, double z)
    {
        // y = σ(wx + b), J = ½(y − z)²  (002 2023/09/06)
        var net = new Sequential(new Linear(1, 1), new Sigmoid());
        net.SetParameter("0.weight", new[,] { { w } });
        net.SetParameter("0.bias", new[] { b });
        MseLoss loss = MseLoss.HalfSse();
        double value = loss.Forward(net.Forward(Column(x)), Column(z));
        net.Backward(loss.Backward());
        return (net, loss, value);
    }

    [Theory]
    [InlineData(13UL)]
    [InlineData(14UL)]
    public void P_05_SigmoidNeuronGradientIsStrictlyBelowTheBound(ulong seed)
    {
        // ‖∇J‖ < ¼√(1 + x²)(1 + |z|) (FLAG-10: strict, because 0 < y < 1 ⇒ |y − z| < 1 + |z|)
        var rng = new SeededRandom(seed);
        for (int draw = 0; draw < 200; draw++)
        {
            double w = rng.NextUniform(-3, 3), b = rng.NextUniform(-3, 3), x = rng.NextUniform(-5, 5), z = rng.NextUniform(-3, 3);
            (Sequential net, _, _) = SigmoidNeuron(w, b, x, z);
            double gw = net.GetGradient("0.weight")[0, 0], gb = net.GetGradient("0.bias")[0, 0];

            // closed form (S002-01): ∂J/∂w = (y − z)y(1 − y)x, ∂J/∂b = (y − z)y(1 − y)
            double y = 1 / (1 + Math.Exp(-((w * x) + b)));
            double common = (y - z) * y * (1 - y);
            gw.Should().BeApproximately(common * x, Tol(common * x));
            gb.Should().BeApproximately(common, Tol(common));

            double norm = Math.Sqrt((gw * gw) + (gb * gb));
            double bound = 0.25 * Math.Sqrt(1 + (x * x)) * (1 + Math.Abs(z));
            norm.Should().BeLessThan(bound);
        }
    }

    [Fact]
    public void P_05_SyntheticSigmoidNeuronExample()
    {
        // S002-05 (SYNTH): w = 0.5, b = −0.3, x = 2, z = 1, η = 0.1
        (Sequential net, _, double j) = SigmoidNeuron(0.5, -0.3, 2, 1);
        net.Output![0, 0].Should().BeApproximately(0.6681877721681662, Tol(0.6681877721681662));
        j.Should().BeApproximately(0.05504967726936241, Tol(0.05504967726936241));
        double gw = net.GetGradient("0.weight")[0, 0], gb = net.GetGradient("0.bias")[0, 0];
        gw.Should().BeApproximately(-0.1471340848527672, Tol(0.1471340848527672));
        gb.Should().BeApproximately(-0.07356704242638361, Tol(0.07356704242638361));
        Math.Sqrt((gw * gw) + (gb * gb)).Should().BeApproximately(0.1645009077690048, Tol(0.1645009077690048));
        (0.25 * Math.Sqrt(5) * 2).Should().BeApproximately(1.118033988749895, Tol(1.118033988749895));
        new Sgd(net, 0.1).Step();
        net.GetParameter("0.weight").Value[0, 0].Should().BeApproximately(0.5147134084852767, Tol(0.5147134084852767));
        net.GetParameter("0.bias").Value[0, 0].Should().BeApproximately(-0.2926432957573616, Tol(0.2926432957573616));
    }

    [Fact]
    public void P_05_BoundIsTightAtHalfAndLargeTarget()
    {
        // at y = ½ (w = b = 0) the ratio is (|z| − ½)/(1 + |z|): 0.99850 for z = 1000 (S002-03), never 1
        (Sequential net, _, _) = SigmoidNeuron(0, 0, 1, 1000);
        double gw = net.GetGradient("0.weight")[0, 0], gb = net.GetGradient("0.bias")[0, 0];
        double ratio = Math.Sqrt((gw * gw) + (gb * gb)) / (0.25 * Math.Sqrt(2) * 1001);
        ratio.Should().BeGreaterThan(0.998).And.BeLessThan(1.0);
        ratio.Should().BeApproximately(999.5 / 1001, 1e-12);
    }

    // ================================================================== P-6 dead ReLU

    private static Sequential Sheet001Task23Net(double w1, double w2)
    {
        // h1 = ReLU(w1·x), ŷ = ReLU(w2·h1), no biases
        var net = new Sequential(new Linear(1, 1, bias: false), new ReLU(), new Linear(1, 1, bias: false), new ReLU());
        net.SetParameter("0.weight", new[,] { { w1 } });
        net.SetParameter("2.weight", new[,] { { w2 } });
        return net;
    }

    private static readonly double[] Task23X = { 1, 2, 10 };
    private static readonly double[] Task23Y = { 0, 0.3, 1 };

    [Fact]
    public void P_06_DeadReluHasZeroGradient()
    {
        // 001 Task 2.3: w1 = −0.1 makes every pre-activation negative for x > 0 (S001-16), so ŷ = 0 and
        // ∂J/∂w1 = ∂J/∂w2 = 0 (S001-19); a gradient step leaves the weights where they are.
        Sequential net = Sheet001Task23Net(-0.1, 0.1);
        var loss = new MseLoss(); // J = 1/N Σ(ŷ − y)², one output per sample
        double j = loss.Forward(net.Forward(Row(Task23X)), Row(Task23Y));
        net[0].Output!.Enumerate().Should().OnlyContain(v => v < 0);
        net.Output!.Enumerate().Should().OnlyContain(v => v == 0.0);
        j.Should().BeApproximately(0.3633333333333333, Tol(0.3633333333333333)); // S001-17: 1.09/3
        net.Backward(loss.Backward());
        net.GetGradient("0.weight")[0, 0].Should().Be(0.0);
        net.GetGradient("2.weight")[0, 0].Should().Be(0.0);
        new Sgd(net, 0.1).Step();
        net.GetParameter("0.weight").Value[0, 0].Should().Be(-0.1);
        net.GetParameter("2.weight").Value[0, 0].Should().Be(0.1);
    }

    [Fact]
    public void P_06_AfterSettingW1ToOneTheNetIsAlive()
    {
        // S001-18 and S001-20: with w1 = 1, ŷ = (0.1, 0.2, 1.0).
        Sequential net = Sheet001Task23Net(1, 0.1);
        var mse = new MseLoss();
        double j = mse.Forward(net.Forward(Row(Task23X)), Row(Task23Y));
        // FLAG-1: the sheet prints "≈ 0.02", which is the SSE; its own J = 1/N Σ gives 0.02/3.
        j.Should().BeApproximately(0.006666666666666667, Tol(0.006666666666666667));
        MseLoss.Sse().Forward(net.Output!, Row(Task23Y)).Should().BeApproximately(0.02, Tol(0.02));
        net.Backward(mse.Backward());
        net.GetGradient("0.weight")[0, 0].Should().BeApproximately(-0.006666666666666667, Tol(0.006666666666666667));
        net.GetGradient("2.weight")[0, 0].Should().BeApproximately(-0.06666666666666667, Tol(0.06666666666666667));
    }

    [Theory]
    [InlineData(15UL)]
    [InlineData(16UL)]
    [InlineData(17UL)]
    public void P_06_DeadReluHasZeroGradientForRandomData(ulong seed)
    {
        var rng = new SeededRandom(seed);
        for (int draw = 0; draw < 50; draw++)
        {
            int n = 1 + rng.NextInt32(6);

            // (a) w1 < 0 and every x > 0: the first ReLU is dead, whatever w2 is.
            Matrix<double> xPositive = RandomMatrix(rng, 1, n, 0.01, 20);
            Matrix<double> y = RandomMatrix(rng, 1, n, -2, 2);
            AssertDead(Sheet001Task23Net(rng.NextUniform(-3, -0.01), rng.NextUniform(-3, 3)), xPositive, y);

            // (b) w2 < 0: h1 ≥ 0 ⇒ w2·h1 ≤ 0, so the output is 0 and every gradient is 0 for ANY data and any w1.
            Matrix<double> xAny = RandomMatrix(rng, 1, n, -20, 20);
            AssertDead(Sheet001Task23Net(rng.NextUniform(-3, 3), rng.NextUniform(-3, -0.01)), xAny, y);
        }

        static void AssertDead(Sequential net, Matrix<double> x, Matrix<double> y)
        {
            var loss = new MseLoss();
            loss.Forward(net.Forward(x), y);
            net.Output!.Enumerate().Should().OnlyContain(v => v == 0.0);
            net.Backward(loss.Backward());
            net.GetGradient("0.weight")[0, 0].Should().Be(0.0);
            net.GetGradient("2.weight")[0, 0].Should().Be(0.0);
            double w1 = net.GetParameter("0.weight").Value[0, 0], w2 = net.GetParameter("2.weight").Value[0, 0];
            new Sgd(net, 0.5).Step();
            net.GetParameter("0.weight").Value[0, 0].Should().Be(w1);
            net.GetParameter("2.weight").Value[0, 0].Should().Be(w2);
        }
    }

    // ================================================================== P-7 vertical vs horizontal lines

    // 2×2 pixels [x1, x2, x3, x4] (row-major: x1 x2 / x3 x4); columns V1, V2 (vertical, class 1), H1, H2 (horizontal, class 0)
    private static Matrix<double> Patterns => Matrix<double>.Build.DenseOfColumnArrays(
        new double[] { 1, 0, 1, 0 }, new double[] { 0, 1, 0, 1 }, new double[] { 1, 1, 0, 0 }, new double[] { 0, 0, 1, 1 });

    private static Matrix<double> PatternLabels => Row(1, 1, 0, 0);

    [Theory]
    [InlineData(18UL)]
    [InlineData(19UL)]
    [InlineData(20UL)]
    public void P_07_AnyAffineMapGivesEqualClassSums(ulong seed)
    {
        // f(V1) + f(V2) = f(H1) + f(H2) for any affine f (both sides are ΣW + 2b): no affine classifier separates the classes.
        var rng = new SeededRandom(seed);
        for (int draw = 0; draw < 20; draw++)
        {
            var net = new Sequential(new Linear(4, 1 + rng.NextInt32(3)));
            net.SetParameter("0.weight", RandomMatrix(rng, net.OutputSize!.Value, 4, -5, 5));
            net.SetParameter("0.bias", RandomMatrix(rng, net.OutputSize.Value, 1, -5, 5).Column(0));
            Matrix<double> f = net.Forward(Patterns);
            for (int i = 0; i < f.RowCount; i++)
            {
                double vertical = f[i, 0] + f[i, 1], horizontal = f[i, 2] + f[i, 3];
                vertical.Should().BeApproximately(horizontal, Tol(horizontal) * 10);
            }
        }
    }

    [Theory]
    [InlineData(21UL)]
    [InlineData(22UL)]
    [InlineData(23UL)]
    public void P_07_LogisticRegressionNeverReachesFourOfFour(ulong seed)
    {
        var net = new Sequential(new Linear(4, 1)).Initialize(seed);
        var loss = new BceWithLogitsLoss();
        var sgd = new Sgd(net, 0.5);
        for (int step = 0; step < 500; step++)
        {
            loss.Forward(net.Forward(Patterns), PatternLabels);
            Correct(net.Output!).Should().BeLessThanOrEqualTo(3, $"step {step}");
            net.Backward(loss.Backward());
            sgd.Step();
        }
    }

    [Fact]
    public void P_07_SheetDesignedMlpHasTheSameDefect()
    {
        // FLAG-6: h1 = σ(x1 + x3 − x2 − x4), h2 = σ(x1 + x2 − x3 − x4), y = σ(W1h1 + W2h2 + b).
        var net = new Sequential(new Linear(4, 2), new Sigmoid(), new Linear(2, 1));
        net.SetParameter("0.weight", new double[,] { { 1, -1, 1, -1 }, { 1, 1, -1, -1 } });
        net.SetParameter("0.bias", new double[] { 0, 0 });
        net.SetParameter("2.weight", new double[,] { { 3, -2 } });
        net.SetParameter("2.bias", new double[] { 1 });
        net.Forward(Patterns);

        // S002-30: hidden activations
        Matrix<double> h = net[1].Output!;
        double s2 = 0.8807970779778823, sm2 = 0.1192029220221176;
        double[,] expectedH = { { s2, sm2, 0.5, 0.5 }, { 0.5, 0.5, s2, sm2 } };
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                h[i, j].Should().BeApproximately(expectedH[i, j], 1e-15);
            }
        }

        // Train only the output layer with cross-entropy (BCE on the logit) from (3, −2, 1): it is convex with its
        // minimum at W1 = W2 = b = 0, loss ln 2 per sample, every output ½, never more than 3/4 correct.
        var loss = new BceWithLogitsLoss();
        var sgd = new Sgd(net.NamedParameters.Where(kv => kv.Key.StartsWith("2.", StringComparison.Ordinal)), 1.0);
        double value = double.NaN;
        for (int step = 0; step < 3000; step++)
        {
            value = loss.Forward(net.Forward(Patterns), PatternLabels);
            Matrix<double> z = net.Output!;
            (z[0, 0] + z[0, 1]).Should().BeApproximately(z[0, 2] + z[0, 3], 1e-12);
            Correct(z).Should().BeLessThanOrEqualTo(3);
            net.Backward(loss.Backward());
            sgd.Step();
        }

        value.Should().BeApproximately(Math.Log(2), 1e-9);
        net.GetParameter("2.weight").Value.Enumerate().Should().OnlyContain(v => Math.Abs(v) < 1e-3);
        Math.Abs(net.GetParameter("2.bias").Value[0, 0]).Should().BeLessThan(1e-3);
        // the hidden layer was not trained
        net.GetParameter("0.weight").Value[0, 1].Should().Be(-1.0);
    }

    [Fact]
    public void P_07_SyntheticWorkingDesignSeparates()
    {
        // S002-32 (SYNTH): h1 = σ(5s − 5), h2 = σ(−5s − 5), s = x1 + x3 − x2 − x4; y = σ(10(h1 + h2) − 5)
        var net = new Sequential(new Linear(4, 2), new Sigmoid(), new Linear(2, 1), new Sigmoid());
        net.SetParameter("0.weight", new double[,] { { 5, -5, 5, -5 }, { -5, 5, -5, 5 } });
        net.SetParameter("0.bias", new double[] { -5, -5 });
        net.SetParameter("2.weight", new double[,] { { 10, 10 } });
        net.SetParameter("2.bias", new double[] { -5 });
        Matrix<double> y = net.Forward(Patterns);
        for (int j = 0; j < 2; j++)
        {
            y[0, j].Should().BeApproximately(0.9928472118111036, Tol(0.9928472118111036));
            y[0, j + 2].Should().BeApproximately(0.007644135828260396, Tol(0.007644135828260396));
        }
    }

    private static int Correct(Matrix<double> logits) =>
        Enumerable.Range(0, 4).Count(j => (logits[0, j] > 0) == (j < 2));

    // ================================================================== P-8 near-linearity for small inputs

    [Theory]
    [InlineData(24UL)]
    [InlineData(25UL)]
    public void P_08_TaylorExpansionsOfSigmoidAndTanh(ulong seed)
    {
        // S002-35/36: σ(x) = ½ + x/4 − x³/48 + x⁵/480 − 17x⁷/80640 + …; tanh x = x − x³/3 + 2x⁵/15 − 17x⁷/315 + …
        static double SigmoidSeries(double x) => 0.5 + (x / 4) - (Math.Pow(x, 3) / 48) + (Math.Pow(x, 5) / 480) - (17 * Math.Pow(x, 7) / 80640);
        static double TanhSeries(double x) => x - (Math.Pow(x, 3) / 3) + (2 * Math.Pow(x, 5) / 15) - (17 * Math.Pow(x, 7) / 315);

        var rng = new SeededRandom(seed);
        double[] xs = Enumerable.Range(0, 50).Select(_ => rng.NextUniform(-0.01, 0.01)).Append(0.01).ToArray();
        Matrix<double> s = new Sigmoid().Forward(Row(xs)), t = new Tanh().Forward(Row(xs));
        for (int j = 0; j < xs.Length; j++)
        {
            s[0, j].Should().BeApproximately(SigmoidSeries(xs[j]), 1e-15);
            t[0, j].Should().BeApproximately(TanhSeries(xs[j]), 1e-15);
        }

        s[0, xs.Length - 1].Should().BeApproximately(0.5024999791668749, 1e-15);
        t[0, xs.Length - 1].Should().BeApproximately(0.00999966667999946, 1e-15);
    }

    [Fact]
    public void P_08_SigmoidLayerIsAffineForSmallInputs()
    {
        // σ(x) = ½ + x/4 up to |x|³/48 (FLAG-11: a small-input sigmoid layer is affine)
        double[] xs = Enumerable.Range(-50, 101).Select(i => i * 0.002).ToArray(); // |x| ≤ 0.1
        Matrix<double> s = new Sigmoid().Forward(Row(xs));
        for (int j = 0; j < xs.Length; j++)
        {
            Math.Abs(s[0, j] - (0.5 + (xs[j] / 4))).Should().BeLessThanOrEqualTo((Math.Pow(Math.Abs(xs[j]), 3) / 48) + 1e-16);
        }
    }

    [Theory]
    [InlineData(26UL)]
    [InlineData(27UL)]
    public void P_08_DeepTanhNetIsNearlyLinearForTinyInputs(ulong seed)
    {
        // A 4-layer, 3-wide tanh net without biases ≈ W4W3W2W1x when x ~ 1e−4 (tanh z = z(1 − z²/3 + …)).
        var rng = new SeededRandom(seed);
        var layers = new List<Layer>();
        for (int l = 0; l < 4; l++)
        {
            layers.Add(new Linear(3, 3, bias: false));
            layers.Add(new Tanh());
        }

        var net = new Sequential(layers);
        Matrix<double> product = Matrix<double>.Build.DenseIdentity(3);
        for (int l = 0; l < 4; l++)
        {
            Matrix<double> w = RandomMatrix(rng, 3, 3, -1.5, 1.5);
            net.SetParameter($"{2 * l}.weight", w);
            product = w * product;
        }

        Matrix<double> tiny = RandomMatrix(rng, 3, 4, -1e-4, 1e-4);
        Matrix<double> linear = product * tiny;
        double relTiny = (net.Forward(tiny) - linear).FrobeniusNorm() / linear.FrobeniusNorm();
        relTiny.Should().BeLessThan(1e-5);

        // for inputs of order 1 the same net is clearly not linear
        Matrix<double> large = tiny.Multiply(1e4);
        double relLarge = (net.Forward(large) - (product * large)).FrobeniusNorm() / (product * large).FrobeniusNorm();
        relLarge.Should().BeGreaterThan(1e-3);
    }

    [Fact]
    public void P_08_ReluAndSeluSlopesDifferLeftAndRightOfZero()
    {
        var relu = new ReLU();
        relu.Forward(Row(-1e-3, 1e-3));
        Matrix<double> dr = relu.Backward(Row(1, 1));
        dr[0, 0].Should().Be(0.0);
        dr[0, 1].Should().Be(1.0);

        // SELU: slope λ at 0⁺ and λα at 0⁻ (S002-40; FLAG-8: the sheet's "α ≈ 1.75814" is a mis-rounded λα)
        var selu = new Selu();
        selu.Forward(Row(-1e-300, 1e-300));
        Matrix<double> ds = selu.Backward(Row(1, 1));
        ds[0, 0].Should().BeApproximately(1.7580993408473769, 1e-15);
        ds[0, 1].Should().BeApproximately(1.0507009873554805, 1e-15);
        Selu.Alpha.Should().BeApproximately(1.6732632423543772, 1e-15);
        (Selu.Lambda * Selu.Alpha).Should().BeApproximately(1.7580993408473769, 1e-15);
        // the sheet's 1.75814 is not α and is off from λα by 4.1e−5
        (1.75814 - (Selu.Lambda * Selu.Alpha)).Should().BeApproximately(4.07e-5, 1e-7);

        // and the slopes, seen as central differences of the function itself
        double left = (Selu.Function(-1e-3) - Selu.Function(-1e-3 - 1e-6)) / 1e-6;
        double right = (Selu.Function(1e-3 + 1e-6) - Selu.Function(1e-3)) / 1e-6;
        left.Should().BeApproximately(1.7580993408473769 * Math.Exp(-1e-3), 1e-6);
        right.Should().BeApproximately(1.0507009873554805, 1e-6);
    }

    [Fact]
    public void P_08_SeluKeepsMeanZeroAndVarianceOneForStandardNormalInput()
    {
        // S002-41: E[selu(Z)] ≈ 0 and E[selu(Z)²] ≈ 1 for Z ~ N(0, 1). Composite Simpson on [−10, 10] with 20 000
        // intervals (0 is a panel boundary, so the kink costs nothing); quadrature error ≈ 1e−14.
        const int n = 20_000;
        const double a = 10, step = 2 * a / n;
        double[] z = Enumerable.Range(0, n + 1).Select(i => -a + (i * step)).ToArray();
        Matrix<double> y = new Selu().Forward(Row(z));
        double mean = 0, second = 0;
        for (int i = 0; i <= n; i++)
        {
            double weight = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
            double phi = Math.Exp(-z[i] * z[i] / 2) / Math.Sqrt(2 * Math.PI);
            mean += weight * y[0, i] * phi;
            second += weight * y[0, i] * y[0, i] * phi;
        }

        mean *= step / 3;
        second *= step / 3;
        mean.Should().BeApproximately(0, 1e-9);
        second.Should().BeApproximately(1, 1e-9);
    }

    // ================================================================== P-9 zero hidden unit

    private static Sequential Sheet001Net(bool thirdUnit)
    {
        // 001 Task 2.5: PyTorch (out×in) weights; the 3-unit net adds a hidden unit with zero in/out weights and zero bias.
        if (!thirdUnit)
        {
            var net = new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 2));
            net.SetParameter("0.weight", new[,] { { 3.21, 3.21 }, { -2.34, -2.34 } });
            net.SetParameter("0.bias", new[] { -3.21, 2.34 });
            net.SetParameter("2.weight", new[,] { { 3.19, 4.64 }, { -2.68, -3.44 } });
            net.SetParameter("2.bias", new[] { -4.08, 4.42 });
            return net;
        }

        var big = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 2));
        big.SetParameter("0.weight", new[,] { { 3.21, 3.21 }, { -2.34, -2.34 }, { 0, 0 } });
        big.SetParameter("0.bias", new[] { -3.21, 2.34, 0 });
        big.SetParameter("2.weight", new[,] { { 3.19, 4.64, 0 }, { -2.68, -3.44, 0 } });
        big.SetParameter("2.bias", new[] { -4.08, 4.42 });
        return big;
    }

    // the reconstructed XOR inputs (one sample per column) and labels
    private static Matrix<double> XorInputs => Matrix<double>.Build.DenseOfColumnArrays(
        new double[] { 0, 0 }, new double[] { 0, 1 }, new double[] { 1, 0 }, new double[] { 1, 1 });

    private static readonly int[] XorLabels = { 0, 1, 1, 0 };

    [Fact]
    public void P_09_ZeroHiddenUnitChangesNothing()
    {
        Sequential two = Sheet001Net(false), three = Sheet001Net(true);
        Matrix<double> logits2 = two.Forward(XorInputs).Clone(), logits3 = three.Forward(XorInputs).Clone();
        logits3.ToColumnMajorArray().Should().Equal(logits2.ToColumnMajorArray()); // S001-30: identical printout

        Matrix<double> p2 = new Softmax().Forward(logits2).Clone(), p3 = new Softmax().Forward(logits3);
        p3.ToColumnMajorArray().Should().Equal(p2.ToColumnMajorArray());
        double loss2 = new CrossEntropyLoss().Forward(logits2, XorLabels), loss3 = new CrossEntropyLoss().Forward(logits3, XorLabels);
        loss3.Should().Be(loss2);

        // the values themselves (S001-22…24, exact from the decimal weights)
        double[,] expected = { { 6.7776, -4.08, -4.08, 6.1599 }, { -3.6296, 4.42, 4.42, -4.1828 } };
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                logits2[i, j].Should().BeApproximately(expected[i, j], Tol(expected[i, j]));
            }
        }

        // S001-29 / FLAG-3: the mean over 4 samples in double (relative 1e−12: a tiny loss must keep its relative precision,
        // which ln Σ − z_c computed naively would not; it would lose ~1e−11 to cancellation).
        loss2.Should().BeApproximately(1.173339290639187e-4, 1e-12 * 1.173339290639187e-4);
        // The sheet's 0.00011732114 is PyTorch's float32 result (relative gap 1.1e−4); it is the mean, not the sum (4.69e−4).
        Math.Abs(loss2 - 0.00011732114).Should().BeLessThan(2e-8);
    }

    [Theory]
    [InlineData(28UL)]
    [InlineData(29UL)]
    [InlineData(30UL)]
    public void P_09_ZeroHiddenUnitChangesNothingInRandomNets(ulong seed)
    {
        var rng = new SeededRandom(seed);
        int n0 = 1 + rng.NextInt32(5), hidden = 1 + rng.NextInt32(5), classes = 2 + rng.NextInt32(3), batch = 1 + rng.NextInt32(4);
        int at = rng.NextInt32(hidden + 1); // position of the extra unit
        var small = new Sequential(new Linear(n0, hidden), new ReLU(), new Linear(hidden, classes)).Initialize(seed);
        var big = new Sequential(new Linear(n0, hidden + 1), new ReLU(), new Linear(hidden + 1, classes));

        Matrix<double> w0 = small.GetParameter("0.weight").Value, w2 = small.GetParameter("2.weight").Value;
        Vector<double> b0 = small.GetParameter("0.bias").Value.Column(0);
        big.SetParameter("0.weight", Matrix<double>.Build.Dense(hidden + 1, n0, (i, j) => i == at ? 0 : w0[i < at ? i : i - 1, j]));
        big.SetParameter("0.bias", Vector<double>.Build.Dense(hidden + 1, i => i == at ? 0 : b0[i < at ? i : i - 1]));
        big.SetParameter("2.weight", Matrix<double>.Build.Dense(classes, hidden + 1, (i, j) => j == at ? 0 : w2[i, j < at ? j : j - 1]));
        big.SetParameter("2.bias", small.GetParameter("2.bias").Value.Column(0));

        Matrix<double> x = RandomMatrix(rng, n0, batch, -2, 2);
        int[] labels = Enumerable.Range(0, batch).Select(_ => rng.NextInt32(classes)).ToArray();
        Matrix<double> zs = small.Forward(x).Clone(), zb = big.Forward(x).Clone();
        zb.ToColumnMajorArray().Should().Equal(zs.ToColumnMajorArray());
        new Softmax().Forward(zb).ToColumnMajorArray().Should().Equal(new Softmax().Forward(zs).ToColumnMajorArray());
        var ls = new CrossEntropyLoss();
        var lb = new CrossEntropyLoss();
        lb.Forward(zb, labels).Should().Be(ls.Forward(zs, labels));

        // backprop: the old units' gradients are unchanged, the zero unit gets none
        Matrix<double> dxs = small.Backward(ls.Backward()).Clone(), dxb = big.Backward(lb.Backward());
        AssertAllClose(dxb, dxs, 1e-15, "input gradient");
        Matrix<double> gw0 = big.GetGradient("0.weight"), gw2 = big.GetGradient("2.weight");
        for (int j = 0; j < n0; j++)
        {
            gw0[at, j].Should().Be(0.0);
        }

        for (int i = 0; i < classes; i++)
        {
            gw2[i, at].Should().Be(0.0);
        }

        gw0.RemoveRow(at).ToColumnMajorArray().Should().Equal(small.GetGradient("0.weight").ToColumnMajorArray());
        gw2.RemoveColumn(at).ToColumnMajorArray().Should().Equal(small.GetGradient("2.weight").ToColumnMajorArray());
    }

    // ================================================================== P-10 backprop = central differences

    private static Sequential Sheet000Net()
    {
        // 2 inputs → 2 ReLU units → 1 linear output; W1 = uᵀ, W2 = vᵀ (the orientation pinned by the sheet's (iii))
        var net = new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 1));
        net.SetParameter("0.weight", new[,] { { -0.7, 0.2 }, { 0.9, 0.5 } });
        net.SetParameter("0.bias", new[] { -0.4, 0.1 });
        net.SetParameter("2.weight", new[,] { { -0.2, 0.6 } });
        net.SetParameter("2.bias", new[] { 0.8 });
        return net;
    }

    [Fact]
    public void P_10_Sheet000GradientsShareTheUpstreamFactor()
    {
        // S000-10/11 at x = (1, 1), y = 2, SSE loss
        Sequential net = Sheet000Net();
        MseLoss sse = MseLoss.Sse();
        sse.Forward(net.Forward(Column(1, 1)), Column(2)).Should().BeApproximately(0.09, Tol(0.09));
        net.Backward(sse.Backward());
        sse.Backward()[0, 0].Should().BeApproximately(-0.6, Tol(0.6));                      // δ1 = ∂L/∂A_out
        net.GetGradient("2.bias")[0, 0].Should().BeApproximately(-0.6, Tol(0.6));           // ∂L/∂d
        net.GetGradient("2.weight")[0, 0].Should().Be(0.0);                                 // ∂L/∂v = (0, −0.9)
        net.GetGradient("2.weight")[0, 1].Should().BeApproximately(-0.9, Tol(0.9));
        net[2].InputGradient![0, 0].Should().BeApproximately(0.12, Tol(0.12));              // ∂L/∂Z_out
        net[2].InputGradient![1, 0].Should().BeApproximately(-0.36, Tol(0.36));
        net.GetGradient("0.bias")[0, 0].Should().Be(0.0);                                   // ∂L/∂c = (0, −0.36)
        net.GetGradient("0.bias")[1, 0].Should().BeApproximately(-0.36, Tol(0.36));
        net.GetGradient("0.weight")[0, 0].Should().Be(0.0);                                 // ∂L/∂u11 = 0 (dead unit)
        net.GetGradient("0.weight")[0, 1].Should().Be(0.0);
        net.GetGradient("0.weight")[1, 0].Should().BeApproximately(-0.36, Tol(0.36));
        net.GetGradient("0.weight")[1, 1].Should().BeApproximately(-0.36, Tol(0.36));
    }

    [Theory]
    [InlineData(31UL)]
    [InlineData(32UL)]
    [InlineData(33UL)]
    public void P_10_WeightGradientsAreTheSharedDeltaTimesTheCachedInput(ulong seed)
    {
        // ∂L/∂u11 and ∂L/∂u21 (both into hidden unit 1) share δ1δ2δ3δ4 = ∂L/∂Z_in,1; they differ only by x1 vs x2.
        // In matrix form: ∂L/∂W1[i, j] = (∂L/∂Z_in)_i · x_j, with ∂L/∂Z_in the gradient the ReLU layer hands back.
        var rng = new SeededRandom(seed);
        for (int draw = 0; draw < 20; draw++)
        {
            Sequential net = Sheet000Net();
            Matrix<double> x = RandomMatrix(rng, 2, 1, 0.1, 3);
            MseLoss sse = MseLoss.Sse();
            sse.Forward(net.Forward(x), Column(x[0, 0] + x[1, 0]));
            net.Backward(sse.Backward());
            Matrix<double> delta = net[1].InputGradient!;
            Matrix<double> gw = net.GetGradient("0.weight");
            for (int i = 0; i < 2; i++)
            {
                for (int j = 0; j < 2; j++)
                {
                    gw[i, j].Should().BeApproximately(delta[i, 0] * x[j, 0], 1e-15 * Math.Max(1, Math.Abs(gw[i, j])));
                }

                net.GetGradient("0.bias")[i, 0].Should().Be(delta[i, 0]);
            }

            // the independent chain: δ_i = 2(A_out − y) · v_i · ReLU'(Z_in,i)
            double aOut = net.Output![0, 0], y = x[0, 0] + x[1, 0];
            for (int i = 0; i < 2; i++)
            {
                double expected = 2 * (aOut - y) * net.GetParameter("2.weight").Value[0, i] * (net[0].Output![i, 0] > 0 ? 1 : 0);
                delta[i, 0].Should().BeApproximately(expected, Tol(expected));
            }
        }
    }

    [Theory]
    [InlineData(34UL)]
    [InlineData(35UL)]
    [InlineData(36UL)]
    public void P_10_BackpropEqualsCentralDifferencesForEveryParameter(ulong seed)
    {
        var rng = new SeededRandom(seed);
        var net = new Sequential(
            new Linear(3, 4), new Tanh(), new Linear(4, 3), new ReLU(), new Linear(3, 2), new Sigmoid()).Initialize(seed);
        Matrix<double> x = AwayFromReluKinks(net, 3, 3, rng);
        Matrix<double> t = RandomMatrix(rng, 2, 3, 0, 1);
        var loss = new MseLoss();
        loss.Forward(net.Forward(x), t);
        net.Backward(loss.Backward());
        var analytic = net.NamedParameters.ToDictionary(kv => kv.Key, kv => kv.Value.Gradient.Clone());
        analytic.Keys.Should().Equal("0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias");
        foreach (KeyValuePair<string, Parameter> kv in net.NamedParameters)
        {
            Matrix<double> p = kv.Value.Value;
            for (int i = 0; i < p.RowCount; i++)
            {
                for (int j = 0; j < p.ColumnCount; j++)
                {
                    double original = p[i, j];
                    p[i, j] = original + H;
                    double plus = loss.Forward(net.Forward(x), t);
                    p[i, j] = original - H;
                    double minus = loss.Forward(net.Forward(x), t);
                    p[i, j] = original;
                    double numeric = (plus - minus) / (2 * H);
                    analytic[kv.Key][i, j].Should().BeApproximately(numeric, 1e-7 * (1 + Math.Abs(numeric)), $"{kv.Key}[{i}, {j}]");
                }
            }
        }

        // and the sheet-000 net itself, at a point where both hidden units are active
        Sequential sheet = Sheet000Net();
        Matrix<double> x0 = Column(2, 1.5);
        MseLoss sse = MseLoss.Sse();
        sse.Forward(sheet.Forward(x0), Column(3.5));
        sheet[0].Output!.Enumerate().Should().OnlyContain(v => Math.Abs(v) > 0.1);
        sheet.Backward(sse.Backward());
        foreach (KeyValuePair<string, Parameter> kv in sheet.NamedParameters)
        {
            Matrix<double> p = kv.Value.Value;
            Matrix<double> g = kv.Value.Gradient.Clone();
            for (int i = 0; i < p.RowCount; i++)
            {
                for (int j = 0; j < p.ColumnCount; j++)
                {
                    double original = p[i, j];
                    p[i, j] = original + H;
                    double plus = sse.Forward(sheet.Forward(x0), Column(3.5));
                    p[i, j] = original - H;
                    double minus = sse.Forward(sheet.Forward(x0), Column(3.5));
                    p[i, j] = original;
                    g[i, j].Should().BeApproximately((plus - minus) / (2 * H), 1e-7, $"sheet 000 {kv.Key}[{i}, {j}]");
                }
            }
        }
    }

    [Fact]
    public void P_10_BackwardUsesTheCachedValuesOfTheLastForwardPass()
    {
        // Backward after forwarding x1 and then x2 must give the gradients of x2 (the values cached by the last pass).
        var rng = new SeededRandom(37);
        Matrix<double> x1 = RandomMatrix(rng, 3, 2, -2, 2), x2 = RandomMatrix(rng, 3, 2, -2, 2), t = RandomMatrix(rng, 2, 2, -1, 1);
        Sequential Make() => new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2)).Initialize(37);
        Sequential reused = Make(), fresh = Make();
        var l1 = new MseLoss();
        var l2 = new MseLoss();
        reused.Forward(x1);
        l1.Forward(reused.Forward(x2), t);
        reused.Backward(l1.Backward());
        l2.Forward(fresh.Forward(x2), t);
        fresh.Backward(l2.Backward());
        foreach (KeyValuePair<string, Parameter> kv in fresh.NamedParameters)
        {
            reused.GetGradient(kv.Key).ToColumnMajorArray().Should().Equal(kv.Value.Gradient.ToColumnMajorArray(), kv.Key);
        }
    }

    // ================================================================== P-13 two branches

    [Fact]
    public void P_13_TwoBranchBackpropSheetExample()
    {
        // S002-58 (SYNTH): v = (2, 3, 5, 1), W1 = z1vᵀ/39, W2 = z2vᵀ/39 with z1 = (2, −1, 3), z2 = logit(0.2, 0.5, 0.3),
        // so W1v = z1 and σ(W2v) = h2; upstream ∂L/∂h1 = (−2, 1, 4), ∂L/∂h2 = (1, 3, 2).
        Vector<double> v = Vector<double>.Build.DenseOfArray(new double[] { 2, 3, 5, 1 });
        Vector<double> z1 = Vector<double>.Build.DenseOfArray(new double[] { 2, -1, 3 });
        Vector<double> z2 = Vector<double>.Build.DenseOfArray(new[] { Math.Log(0.2 / 0.8), 0, Math.Log(0.3 / 0.7) });
        var branch1 = new Sequential(new Linear(4, 3, bias: false), new ReLU());
        var branch2 = new Sequential(new Linear(4, 3, bias: false), new Sigmoid());
        branch1.SetParameter("0.weight", z1.OuterProduct(v) / 39);
        branch2.SetParameter("0.weight", z2.OuterProduct(v) / 39);
        Matrix<double> input = Matrix<double>.Build.DenseOfColumnVectors(v);
        branch1.Forward(input);
        branch2.Forward(input);
        branch2.Output![0, 0].Should().BeApproximately(0.2, 1e-15);
        branch2.Output![2, 0].Should().BeApproximately(0.3, 1e-15);

        Matrix<double> d1 = branch1.Backward(Column(-2, 1, 4)).Clone();
        Matrix<double> d2 = branch2.Backward(Column(1, 3, 2)).Clone();
        // S002-53: ∂L/∂h1 ⊙ ReLU'(z1) = (−2, 0, 4) (FLAG-7: h1 = (2, −1, 3) is fed as the pre-activation)
        double[] masked = { -2, 0, 4 };
        // S002-55: ∂L/∂h2 ⊙ σ'(z2) = (0.16, 0.75, 0.42) (FLAG-7: the question prints −0.42, a sign error)
        double[] scaled = { 0.16, 0.75, 0.42 };
        for (int i = 0; i < 3; i++)
        {
            branch1[1].InputGradient![i, 0].Should().BeApproximately(masked[i], 1e-12);
            branch2[1].InputGradient![i, 0].Should().BeApproximately(scaled[i], 1e-12);
        }

        Matrix<double> dv = d1 + d2;
        dv.RowCount.Should().Be(4); // ∂L/∂v ∈ R⁴ with W ∈ R^{3×4} (S002-57)
        double[] expected = { 0.3806321949158047, 0.5709482923737071, 0.9515804872895120, 0.1903160974579024 };
        for (int i = 0; i < 4; i++)
        {
            dv[i, 0].Should().BeApproximately(expected[i], Tol(expected[i]));
        }
    }

    [Theory]
    [InlineData(38UL)]
    [InlineData(39UL)]
    public void P_13_TwoBranchBackpropEqualsTheVectorFormula(ulong seed)
    {
        // ∂L/∂v = W1ᵀ(g1 ⊙ ReLU'(z1)) + W2ᵀ(g2 ⊙ σ'(z2)), computed here with MathNet and plain loops
        var rng = new SeededRandom(seed);
        for (int draw = 0; draw < 10; draw++)
        {
            Matrix<double> w1 = RandomMatrix(rng, 3, 4, -2, 2), w2 = RandomMatrix(rng, 3, 4, -2, 2);
            Matrix<double> v = RandomMatrix(rng, 4, 1, -2, 2), g1 = RandomMatrix(rng, 3, 1, -2, 2), g2 = RandomMatrix(rng, 3, 1, -2, 2);
            var branch1 = new Sequential(new Linear(4, 3, bias: false), new ReLU());
            var branch2 = new Sequential(new Linear(4, 3, bias: false), new Sigmoid());
            branch1.SetParameter("0.weight", w1);
            branch2.SetParameter("0.weight", w2);
            branch1.Forward(v);
            branch2.Forward(v);
            Matrix<double> dv = branch1.Backward(g1) + branch2.Backward(g2);

            Matrix<double> z1 = w1 * v, z2 = w2 * v;
            Matrix<double> a = Matrix<double>.Build.Dense(3, 1, (i, _) => g1[i, 0] * (z1[i, 0] > 0 ? 1 : 0));
            Matrix<double> b = Matrix<double>.Build.Dense(3, 1, (i, _) =>
            {
                double s = 1 / (1 + Math.Exp(-z2[i, 0]));
                return g2[i, 0] * s * (1 - s);
            });
            Matrix<double> expected = (w1.Transpose() * a) + (w2.Transpose() * b);
            AssertAllClose(dv, expected, 1e-12, $"draw {draw}");
        }
    }

    // ================================================================== P-14 cross-entropy = −ln p_true

    [Fact]
    public void P_14_CrossEntropyIsMinusLogOfTheTrueClassProbability()
    {
        // S001-08/09: z = (7, 1, 2.2), true class A (index 0)
        Matrix<double> z = Column(7, 1, 2.2);
        Matrix<double> p = new Softmax().Forward(z);
        Enumerable.Range(0, 3).MaxBy(i => p[i, 0]).Should().Be(0); // prediction = argmax softmax = A
        double ce = new CrossEntropyLoss().Forward(z, new[] { 0 });
        ce.Should().BeApproximately(-Math.Log(p[0, 0]), 1e-15);
        ce.Should().BeApproximately(0.01065156930986851, Tol(0.01065156930986851));
        // FLAG-2: the sheet's 0.011 is −ln(0.989) after rounding P(A); within 5e−4 of the exact value.
        ce.Should().BeApproximately(0.011, 5e-4);
        new CrossEntropyLoss().Forward(Vector<double>.Build.DenseOfArray(new[] { 7, 1, 2.2 }), 0).Should().Be(ce);
    }

    [Fact]
    public void P_14_Sheet001PerSampleCrossEntropy()
    {
        // S001-28: per-sample −ln p_true of the 2-unit XOR net; S001-25…27: the probabilities; argmax = labels
        Matrix<double> logits = Sheet001Net(false).Forward(XorInputs);
        Matrix<double> p = new Softmax().Forward(logits);
        double[] perSample = { 3.021369961254e-05, 2.034476721294e-04, 2.034476721294e-04, 3.222667238425e-05 };
        double[] pTrue = { 0.9999697867568, 0.9997965730219, 0.9997965730219, 0.9999677738469 };
        for (int j = 0; j < 4; j++)
        {
            var ce = new CrossEntropyLoss(Reduction.Sum);
            double value = ce.Forward(logits.SubMatrix(0, 2, j, 1), new[] { XorLabels[j] });
            // half a unit of the catalogue's last printed digit (13 significant digits): the tiny loss keeps its relative precision
            value.Should().BeApproximately(perSample[j], 0.5e-12 * Math.Pow(10, Math.Floor(Math.Log10(perSample[j]))), $"sample {j}");
            // −ln p from the rounded probability p ≈ 1 is the imprecise side here (p carries an absolute error ≈ 1e−16)
            value.Should().BeApproximately(-Math.Log(p[XorLabels[j], j]), 1e-15);
            p[XorLabels[j], j].Should().BeApproximately(pTrue[j], 5e-14);
            Enumerable.Range(0, 2).MaxBy(i => p[i, j]).Should().Be(XorLabels[j]);
        }
    }

    [Theory]
    [InlineData(40UL)]
    [InlineData(41UL)]
    [InlineData(42UL)]
    public void P_14_CrossEntropyIsMinusLogSoftmaxForRandomLogits(ulong seed)
    {
        var rng = new SeededRandom(seed);
        int k = 2 + rng.NextInt32(5), n = 1 + rng.NextInt32(4);
        Matrix<double> z = RandomMatrix(rng, k, n, -6, 6);
        int[] labels = Enumerable.Range(0, n).Select(_ => rng.NextInt32(k)).ToArray();
        Matrix<double> p = new Softmax().Forward(z);
        double expected = Enumerable.Range(0, n).Sum(j => -Math.Log(p[labels[j], j]));
        double byIndex = new CrossEntropyLoss(Reduction.Sum).Forward(z, labels);
        double byOneHot = new CrossEntropyLoss(Reduction.Sum).Forward(z, Matrix<double>.Build.Dense(k, n, (i, j) => i == labels[j] ? 1 : 0));
        byIndex.Should().BeApproximately(expected, 1e-13 * Math.Max(1, expected));
        byOneHot.Should().BeApproximately(expected, 1e-13 * Math.Max(1, expected));
        new CrossEntropyLoss().Forward(z, labels).Should().BeApproximately(expected / n, 1e-13 * Math.Max(1, expected));
        for (int j = 0; j < n; j++)
        {
            int argmaxP = Enumerable.Range(0, k).MaxBy(i => p[i, j]);
            argmaxP.Should().Be(Enumerable.Range(0, k).MaxBy(i => z[i, j]));
        }
    }

    // ================================================================== P-15 orientation

    [Fact]
    public void P_15_TransposedWeightsDoNotReproduceSheet001()
    {
        // torch's Linear.weight is out×in and TinyNets uses the same orientation: the PyTorch numbers load as printed.
        Matrix<double> correct = Sheet001Net(false).Forward(XorInputs).Clone();
        correct[0, 0].Should().BeApproximately(6.7776, Tol(6.7776));     // S001-22
        correct[1, 0].Should().BeApproximately(-3.6296, Tol(3.6296));

        // Layer 2 transposed: S001-22 (x = (0, 0), h = (0, 2.34)) becomes (−2.68·2.34 − 4.08, −3.44·2.34 + 4.42)
        Sequential wrong2 = Sheet001Net(false);
        wrong2.SetParameter("2.weight", new[,] { { 3.19, -2.68 }, { 4.64, -3.44 } });
        Matrix<double> z2 = wrong2.Forward(XorInputs);
        z2[0, 0].Should().BeApproximately(-10.3512, Tol(10.3512));
        z2[0, 0].Should().NotBeApproximately(6.7776, 1e-3);

        // Layer 0 transposed: row 0 is x = (0, 0), which no weight sees, so S001-22 alone cannot reveal this error.
        // Rows x = (1, 0) (S001-23) and x = (1, 1) (S001-24) do.
        Sequential wrong0 = Sheet001Net(false);
        wrong0.SetParameter("0.weight", new[,] { { 3.21, -2.34 }, { 3.21, -2.34 } });
        Matrix<double> z0 = wrong0.Forward(XorInputs);
        z0[0, 0].Should().Be(correct[0, 0]);
        z0[1, 0].Should().Be(correct[1, 0]);
        Math.Abs(z0[0, 2] - correct[0, 2]).Should().BeGreaterThan(1);
        Math.Abs(z0[0, 3] - correct[0, 3]).Should().BeGreaterThan(1);
        Math.Abs(z0[1, 3] - correct[1, 3]).Should().BeGreaterThan(1);
    }

    [Fact]
    public void P_15_TransposedSheet000WeightsGiveTheWrongPreActivations()
    {
        // §1: with W1 = uᵀ the sheet's Z_in = (−0.9, 1.5); the transposed matrix gives (−0.2, 0.8), not the sheet's result.
        Sequential right = Sheet000Net();
        right.Forward(Column(1, 1));
        right[0].Output![0, 0].Should().BeApproximately(-0.9, Tol(0.9));
        right[0].Output![1, 0].Should().BeApproximately(1.5, Tol(1.5));
        right.Output![0, 0].Should().BeApproximately(1.7, Tol(1.7));

        Sequential wrong = Sheet000Net();
        wrong.SetParameter("0.weight", new[,] { { -0.7, 0.9 }, { 0.2, 0.5 } });
        wrong.Forward(Column(1, 1));
        wrong[0].Output![0, 0].Should().BeApproximately(-0.2, Tol(0.2));
        wrong[0].Output![1, 0].Should().BeApproximately(0.8, Tol(0.8));
    }

    [Fact]
    public void P_15_ATransposedNonSquareWeightIsRejected()
    {
        // A 3×2 weight (sheet 004, out×in) given as its 2×3 transpose is refused, and the parameter stays as it was.
        var net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
        double[] before = net.GetParameter("0.weight").Data.ToArray();
        Action act = () => net.SetParameter("0.weight", new[,] { { 0.2, 0.8, 2.0 }, { 0.4, 0.1, 0.5 } });
        act.Should().Throw<ArgumentException>().Where(e => e.Message.Contains("3×2") && e.Message.Contains("2×3"));
        net.GetParameter("0.weight").Data.ToArray().Should().Equal(before);
    }

    // ================================================================== P-16 addition

    [Theory]
    [InlineData(43UL)]
    [InlineData(44UL)]
    public void P_16_AdditionIsExactlyRepresentable(ulong seed)
    {
        // §1 note: one hidden unit with weights (1, 1) and bias 0, output weight 1; the other output weight and d are 0.
        // The second hidden unit may be anything (here: random).
        var rng = new SeededRandom(seed);
        var net = new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 1)).Initialize(seed);
        net.SetParameter("0.weight", new[,] { { 1.0, 1.0 }, { rng.NextUniform(-1, 1), rng.NextUniform(-1, 1) } });
        net.SetParameter("0.bias", new[] { 0.0, rng.NextUniform(-1, 1) });
        net.SetParameter("2.weight", new[,] { { 1.0, 0.0 } });
        net.SetParameter("2.bias", new[] { 0.0 });

        // positive inputs inside the training range U(0, 1)² and far outside it
        foreach ((double low, double high) in new[] { (0.0, 1.0), (0.0, 10.0), (1e3, 1e6), (1e-9, 1e-6) })
        {
            Matrix<double> x = Matrix<double>.Build.Dense(2, 16, (_, _) => rng.NextUniform(low, high));
            Matrix<double> y = Matrix<double>.Build.Dense(1, 16, (_, j) => x[0, j] + x[1, j]);
            MseLoss sse = MseLoss.Sse();
            double loss = sse.Forward(net.Forward(x), y);
            loss.Should().Be(0.0, $"inputs in [{low}, {high})");
            net.Output!.ToColumnMajorArray().Should().Equal(y.ToColumnMajorArray());
            net.Backward(sse.Backward());
            net.NamedParameters.SelectMany(kv => kv.Value.Gradient.Enumerate()).Should().OnlyContain(g => g == 0.0);
        }
    }

    // ================================================================== helpers

    private static double Tol(double expected) => 1e-12 * Math.Max(1, Math.Abs(expected));

    private static Matrix<double> Column(params double[] values) => Matrix<double>.Build.DenseOfColumnArrays(values);

    private static Matrix<double> Row(params double[] values) => Matrix<double>.Build.DenseOfRowArrays(values);

    private static Matrix<double> RandomMatrix(SeededRandom rng, int rows, int cols, double low, double high) =>
        Matrix<double>.Build.Dense(rows, cols, (_, _) => rng.NextUniform(low, high));

    private static void AssertAllClose(Matrix<double> actual, Matrix<double> expected, double relativeTolerance, string what)
    {
        actual.RowCount.Should().Be(expected.RowCount, what);
        actual.ColumnCount.Should().Be(expected.ColumnCount, what);
        for (int i = 0; i < expected.RowCount; i++)
        {
            for (int j = 0; j < expected.ColumnCount; j++)
            {
                actual[i, j].Should().BeApproximately(expected[i, j], relativeTolerance * Math.Max(1, Math.Abs(expected[i, j])), $"{what} [{i}, {j}]");
            }
        }
    }

    /// <summary>Draws inputs until no ReLU sees a pre-activation within 1e-3 of 0 (central differences need a smooth point).</summary>
    private static Matrix<double> AwayFromReluKinks(Sequential net, int rows, int cols, SeededRandom rng)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            Matrix<double> x = RandomMatrix(rng, rows, cols, -2, 2);
            net.Forward(x);
            if (net.OfType<ReLU>().All(l => l.Input!.Enumerate().All(v => Math.Abs(v) > 1e-3)))
            {
                return x;
            }
        }

        throw new InvalidOperationException("No input away from the ReLU kink was found.");
    }
}
