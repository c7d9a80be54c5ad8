namespace TinyNets.Tests.Sheets;

/// <summary>
/// Sheet 002 (collection of exam solutions, "Exercise 3"): the sigmoid neuron (2023/09/06), vertical vs horizontal
/// lines, softmax shift invariance (2023/02/07), Taylor expansions and SELU (2023/01/20) and the two-branch node
/// (2022/07/08). The computational-graph entries (S002-06…28, 42…51, 59…64) belong to the autodiff tests.
/// </summary>
public class Sheet002Tests
{
    // ---------------------------------------------------------------- helpers

    private static double Logit(double p) => Math.Log(p / (1.0 - p));

    private static Matrix<double> Column(params double[] values) => Matrix<double>.Build.DenseOfColumnArrays(values);

    private static Matrix<double> Scalar(double value) => Matrix<double>.Build.Dense(1, 1, value);

    /// <summary>The sigmoid neuron y = σ(wx + b) as Sequential(Linear(1,1), Sigmoid).</summary>
    private static Sequential Neuron(double w, double b)
    {
        var net = new Sequential(new Linear(1, 1), new Sigmoid());
        net.SetParameter("0.weight", new[,] { { w } });
        net.SetParameter("0.bias", new[] { b });
        return net;
    }

    /// <summary>J = ½(y − z)² for one sample; forward and backward; returns (J, ∂J/∂w, ∂J/∂b).</summary>
    private static (double J, double Dw, double Db) NeuronLossAndGradient(Sequential net, double x, double z)
    {
        var loss = MseLoss.HalfSse();
        net.Forward(Scalar(x));
        double j = loss.Forward(net.Output!, Scalar(z));
        net.Backward(loss.Backward());
        return (j, net.GetGradient("0.weight")[0, 0], net.GetGradient("0.bias")[0, 0]);
    }

    // Vertical (class 1) and horizontal (class 2) 2×2 line patterns, encoding [x1, x2, x3, x4] row-major.
    private static readonly double[] V1 = { 1, 0, 1, 0 };
    private static readonly double[] V2 = { 0, 1, 0, 1 };
    private static readonly double[] H1 = { 1, 1, 0, 0 };
    private static readonly double[] H2 = { 0, 0, 1, 1 };

    /// <summary>The four patterns as a 4×4 batch, columns V1, V2, H1, H2.</summary>
    private static Matrix<double> Patterns => Matrix<double>.Build.DenseOfColumnArrays(V1, V2, H1, H2);

    /// <summary>
    /// The sheet's hand-designed network: h1 = σ(x1 + x3 − x2 − x4), h2 = σ(x1 + x2 − x3 − x4) (times a gain k),
    /// y = σ(W1 h1 + W2 h2 + b).
    /// </summary>
    private static Sequential LinesNet(double w1, double w2, double b, double gain = 1.0)
    {
        var net = new Sequential(new Linear(4, 2), new Sigmoid(), new Linear(2, 1), new Sigmoid());
        net.SetParameter("0.weight", new[,] { { gain, -gain, gain, -gain }, { gain, gain, -gain, -gain } });
        net.SetParameter("0.bias", new[] { 0.0, 0.0 });
        net.SetParameter("2.weight", new[,] { { w1, w2 } });
        net.SetParameter("2.bias", new[] { b });
        return net;
    }

    // ---------------------------------------------------------------- 3a. sigmoid neuron, J = ½(y − z)²

    [Theory]
    [InlineData(0.5, -0.3, 2.0, 1.0)]
    [InlineData(-1.2, 0.7, 0.4, 0.0)]
    [InlineData(2.5, -4.0, -3.0, 3.0)]
    [InlineData(0.0, 0.0, 1.0, -2.0)]
    public void S002_01_SigmoidNeuronGradientIsResidualTimesSlopeTimesInput(double w, double b, double x, double z)
    {
        var net = Neuron(w, b);
        var (j, dw, db) = NeuronLossAndGradient(net, x, z);

        double y = Sig((w * x) + b);
        Exact(j, 0.5 * (y - z) * (y - z));
        Exact(dw, (y - z) * y * (1 - y) * x, "∂J/∂w = (y − z)y(1 − y)x");
        Exact(db, (y - z) * y * (1 - y), "∂J/∂b = (y − z)y(1 − y)");
    }

    [Fact]
    public void S002_02_SigmoidSlopeYTimesOneMinusYPeaksAtQuarterWhereYIsHalf()
    {
        // y(1 − y) is what the Sigmoid layer multiplies the upstream gradient by; feed a grid of pre-activations.
        double[] grid = Enumerable.Range(-400, 801).Select(i => i / 50.0).ToArray(); // −8 … 8, includes 0
        var sigmoid = new Sigmoid();
        Matrix<double> y = sigmoid.Forward(Matrix<double>.Build.DenseOfRowArrays(grid));
        Matrix<double> slope = sigmoid.Backward(Matrix<double>.Build.Dense(1, grid.Length, 1.0));

        int argMax = Enumerable.Range(0, grid.Length).MaxBy(i => slope[0, i]);
        grid[argMax].Should().Be(0.0);
        y[0, argMax].Should().Be(0.5);
        slope[0, argMax].Should().Be(0.25, "max of y(1 − y) is 1/4 at y = 1/2");
        for (int i = 0; i < grid.Length; i++)
        {
            slope[0, i].Should().BeLessThanOrEqualTo(0.25);
            Exact(slope[0, i], Sig(grid[i]) * (1 - Sig(grid[i])));
        }
    }

    [Fact]
    public void S002_03_GradientNormIsStrictlyBelowQuarterSqrtOnePlusXSquaredTimesOnePlusAbsZ()
    {
        // FLAG-10: the question asks for ‖∇J‖ < ¼√(1+x²)(1+|z|) (it writes "‖J‖"); the solution proves only ≤.
        // The strict bound holds because 0 < y < 1 gives |y − z| < 1 + |z| and y(1 − y) ≤ ¼.
        var random = new SeededRandom(20230906);
        double maxRatio = 0;
        for (int draw = 0; draw < 5000; draw++)
        {
            double w = random.NextUniform(-3, 3), b = random.NextUniform(-3, 3);
            double x = random.NextUniform(-4, 4), z = random.NextUniform(-3, 3);
            var (_, dw, db) = NeuronLossAndGradient(Neuron(w, b), x, z);
            double norm = Math.Sqrt((dw * dw) + (db * db));
            double bound = 0.25 * Math.Sqrt(1 + (x * x)) * (1 + Math.Abs(z));
            norm.Should().BeLessThan(bound, "draw {0}: w={1}, b={2}, x={3}, z={4}", draw, w, b, x, z);
            maxRatio = Math.Max(maxRatio, norm / bound);
        }

        maxRatio.Should().BeLessThan(1.0);

        // Tightness: at y = ½ (w = b = 0) and z = 1000 the ratio is (1000 − ½)/1001 = 0.998501…; its supremum 1 is not attained.
        var (_, dwT, dbT) = NeuronLossAndGradient(Neuron(0.0, 0.0), 1.5, 1000.0);
        double ratio = Math.Sqrt((dwT * dwT) + (dbT * dbT)) / (0.25 * Math.Sqrt(1 + (1.5 * 1.5)) * 1001.0);
        Exact(ratio, 999.5 / 1001.0);
        ratio.Should().BeGreaterThan(0.998).And.BeLessThan(1.0);
    }

    [Theory]
    [InlineData(0.5, -0.3, 2.0, 1.0, 0.1)]
    [InlineData(-0.8, 1.1, -1.5, 0.25, 0.7)]
    public void S002_04_GradientStepUsesYAtTheCurrentWeights(double w, double b, double x, double z, double eta)
    {
        // FLAG-10: the sheet writes "with q = σ(wⁱx + bⁱ)"; the quantity in the update is y = σ(wⁱx + bⁱ).
        var net = Neuron(w, b);
        NeuronLossAndGradient(net, x, z);
        new Sgd(net, eta).Step();

        double y = Sig((w * x) + b); // at the old weights wⁱ, bⁱ
        Exact(net.GetParameter("0.weight").Value[0, 0], w - (eta * (y - z) * y * (1 - y) * x), "w ← w − η(y − z)y(1 − y)x");
        Exact(net.GetParameter("0.bias").Value[0, 0], b - (eta * (y - z) * y * (1 - y)), "b ← b − η(y − z)y(1 − y)");
    }

    [Fact]
    public void S002_05_SynthNeuronExampleValuesGradientBoundAndStep()
    {
        // SYNTH (not on the sheet): w = 0.5, b = −0.3, x = 2, z = 1, η = 0.1.
        var net = Neuron(0.5, -0.3);
        var (j, dw, db) = NeuronLossAndGradient(net, 2.0, 1.0);

        Exact(net[0].Output![0, 0], 0.7, "v = wx + b");
        Exact(net.Output![0, 0], 0.6681877721681662, "y = σ(0.7)");
        Exact(j, 0.05504967726936241);
        Exact(dw, -0.1471340848527672);
        Exact(db, -0.07356704242638361);
        double norm = Math.Sqrt((dw * dw) + (db * db));
        Exact(norm, 0.1645009077690048);
        double bound = 0.25 * Math.Sqrt(1 + (2.0 * 2.0)) * (1 + 1.0);
        Exact(bound, 1.118033988749895);
        norm.Should().BeLessThan(bound);

        new Sgd(net, 0.1).Step();
        Exact(net.GetParameter("0.weight").Value[0, 0], 0.5147134084852767);
        Exact(net.GetParameter("0.bias").Value[0, 0], -0.2926432957573616);
    }

    // ---------------------------------------------------------------- 3c. vertical vs horizontal lines

    [Fact]
    public void S002_29_LinePatternsAreNotLinearlySeparableBecauseAffineSumsCoincide()
    {
        // FLAG-6: the sheet's proof (W1+W3 > 0, W2+W4 > 0, W1+W2 < 0, W3+W4 < 0) drops the bias b of Wx + b > 0.
        // With the bias: V1 + V2 = H1 + H2 = (1,1,1,1), so f(V1) + f(V2) = f(H1) + f(H2) = ΣW + 2b for ANY affine f,
        // and both vertical logits > 0 with both horizontal logits < 0 (or the reverse) is impossible.
        var random = new SeededRandom(29);
        var net = new Sequential(new Linear(4, 1));
        for (int draw = 0; draw < 200; draw++)
        {
            double[] w = Enumerable.Range(0, 4).Select(_ => random.NextUniform(-5, 5)).ToArray();
            double b = random.NextUniform(-5, 5);
            net.SetParameter("0.weight", new[,] { { w[0], w[1], w[2], w[3] } });
            net.SetParameter("0.bias", new[] { b });
            Matrix<double> f = net.Forward(Patterns);

            double vertical = f[0, 0] + f[0, 1], horizontal = f[0, 2] + f[0, 3];
            vertical.Should().BeApproximately(horizontal, 1e-12 * Math.Max(1, Math.Abs(vertical)));
            vertical.Should().BeApproximately(w.Sum() + (2 * b), 1e-12 * Math.Max(1, Math.Abs(vertical)));
            bool separates = (f[0, 0] > 0 && f[0, 1] > 0 && f[0, 2] < 0 && f[0, 3] < 0)
                || (f[0, 0] < 0 && f[0, 1] < 0 && f[0, 2] > 0 && f[0, 3] > 0);
            separates.Should().BeFalse();
        }

        // Logistic regression trained on the four patterns never reaches 4/4 either.
        var classifier = new Sequential(new Linear(4, 1)).Initialize(290);
        var loss = new BceWithLogitsLoss();
        var sgd = new Sgd(classifier, 1.0);
        Matrix<double> targets = Matrix<double>.Build.DenseOfRowArrays(new[] { 1.0, 1.0, 0.0, 0.0 });
        for (int step = 0; step < 500; step++)
        {
            loss.Forward(classifier.Forward(Patterns), targets);
            classifier.Backward(loss.Backward());
            sgd.Step();
            Matrix<double> logits = classifier.Forward(Patterns);
            int correct = Enumerable.Range(0, 4).Count(i => (logits[0, i] > 0) == (targets[0, i] == 1.0));
            correct.Should().BeLessThan(4);
        }
    }

    [Fact]
    public void S002_30_HiddenDetectorValuesOnTheFourPatterns()
    {
        var net = LinesNet(1.0, 1.0, 0.0);
        net.Forward(Patterns);
        Matrix<double> h = net[1].Output!;

        double s2 = Sig(2.0), sm2 = Sig(-2.0);
        Exact(s2, 0.8807970779778823);
        Exact(sm2, 0.1192029220221176);
        double[][] expected = { new[] { s2, 0.5 }, new[] { sm2, 0.5 }, new[] { 0.5, s2 }, new[] { 0.5, sm2 } }; // V1, V2, H1, H2
        for (int p = 0; p < 4; p++)
        {
            Exact(h[0, p], expected[p][0], $"h1 of pattern {p}");
            Exact(h[1, p], expected[p][1], $"h2 of pattern {p}");
        }
    }

    [Fact]
    public void S002_31_SheetDesignCannotSeparateOutputLogitSumsCoincideAndBestCrossEntropyIsLn2()
    {
        // FLAG-6: the sheet claims y = σ(W1h1 + W2h2 + b) separates the classes. It cannot: in (h1, h2) space the classes
        // form an XOR cross with common centroid (½, ½), so logit(V1) + logit(V2) = logit(H1) + logit(H2) = W1 + W2 + 2b
        // for every output layer and every detector gain k; at most 3 of 4 patterns come out right.
        var random = new SeededRandom(31);
        for (int draw = 0; draw < 200; draw++)
        {
            double w1 = random.NextUniform(-10, 10), w2 = random.NextUniform(-10, 10), b = random.NextUniform(-10, 10);
            double gain = draw == 0 ? 1.0 : random.NextUniform(0.1, 20);
            var net = LinesNet(w1, w2, b, gain);
            net.Forward(Patterns);
            Matrix<double> logit = net[2].Output!;
            double tol = 1e-12 * Math.Max(1, Math.Abs(w1) + Math.Abs(w2) + (2 * Math.Abs(b)));
            (logit[0, 0] + logit[0, 1]).Should().BeApproximately(logit[0, 2] + logit[0, 3], tol);
            (logit[0, 0] + logit[0, 1]).Should().BeApproximately(w1 + w2 + (2 * b), tol);
            int correct = (logit[0, 0] > 0 ? 1 : 0) + (logit[0, 1] > 0 ? 1 : 0) + (logit[0, 2] < 0 ? 1 : 0) + (logit[0, 3] < 0 ? 1 : 0);
            correct.Should().BeLessThan(4);
        }

        // Train only the output layer (BCE on logits, convex) on the sheet's fixed hidden features, from (W1, W2, b) = (3, −2, 1):
        // it converges to W1 = W2 = b = 0, every output ½, loss ln 2 per sample: the global minimum is no separation at all.
        var sheet = LinesNet(3.0, -2.0, 1.0);
        sheet.Forward(Patterns);
        Matrix<double> hidden = sheet[1].Output!.Clone();
        var output = new Sequential(new Linear(2, 1));
        output.SetParameter("0.weight", new[,] { { 3.0, -2.0 } });
        output.SetParameter("0.bias", new[] { 1.0 });
        var loss = new BceWithLogitsLoss();
        var sgd = new Sgd(output, 2.0);
        Matrix<double> targets = Matrix<double>.Build.DenseOfRowArrays(new[] { 1.0, 1.0, 0.0, 0.0 });
        double l = double.NaN;
        for (int step = 0; step < 3000; step++)
        {
            l = loss.Forward(output.Forward(hidden), targets);
            l.Should().BeGreaterThanOrEqualTo(Math.Log(2) - 1e-15, "ln 2 is the global minimum");
            output.Backward(loss.Backward());
            sgd.Step();
        }

        l.Should().BeApproximately(0.6931471805599453, 1e-9);
        output.GetParameter("0.weight").Value[0, 0].Should().BeApproximately(0.0, 1e-4);
        output.GetParameter("0.weight").Value[0, 1].Should().BeApproximately(0.0, 1e-4);
        output.GetParameter("0.bias").Value[0, 0].Should().BeApproximately(0.0, 1e-4);
        foreach (double p in output.Forward(hidden).Enumerate())
        {
            Sig(p).Should().BeApproximately(0.5, 1e-4);
        }
    }

    [Fact]
    public void S002_32_SynthWorkingDesignSeparatesVerticalFromHorizontal()
    {
        // SYNTH (not on the sheet): h1 = σ(5s − 5), h2 = σ(−5s − 5), s = x1 + x3 − x2 − x4; y = σ(10(h1 + h2) − 5).
        var net = new Sequential(new Linear(4, 2), new Sigmoid(), new Linear(2, 1), new Sigmoid());
        net.SetParameter("0.weight", new[,] { { 5.0, -5.0, 5.0, -5.0 }, { -5.0, 5.0, -5.0, 5.0 } });
        net.SetParameter("0.bias", new[] { -5.0, -5.0 });
        net.SetParameter("2.weight", new[,] { { 10.0, 10.0 } });
        net.SetParameter("2.bias", new[] { -5.0 });
        Matrix<double> y = net.Forward(Patterns);
        Matrix<double> h = net[1].Output!;

        Exact(h[0, 0], 0.9933071490757153, "V1: h1 = σ(5)");
        Exact(h[1, 0], Sig(-15), "V1: h2 = σ(−15)");
        h[1, 0].Should().BeApproximately(3.059022269e-07, 5e-17);
        Exact(h[0, 1], Sig(-15), "V2: swapped");
        Exact(h[1, 1], 0.9933071490757153, "V2: swapped");
        Exact(h[0, 2], 0.006692850924284855, "H: σ(−5)");
        Exact(h[1, 3], 0.006692850924284855, "H: σ(−5)");

        Exact(y[0, 0], 0.9928472118111036);
        Exact(y[0, 1], 0.9928472118111036);
        Exact(y[0, 2], 0.007644135828260396);
        Exact(y[0, 3], 0.007644135828260396);
    }

    // ---------------------------------------------------------------- 3d. softmax shift invariance

    [Fact]
    public void S002_33_SoftmaxIsInvariantToAddingAConstant()
    {
        static double[] Reference(double[] a)
        {
            double m = a.Max();
            double[] e = a.Select(v => Math.Exp(v - m)).ToArray();
            double s = e.Sum();
            return e.Select(v => v / s).ToArray();
        }

        var random = new SeededRandom(33);
        var softmax = new Softmax();
        foreach (double c in new[] { -1000.0, -7.0, 3.5 })
        {
            for (int draw = 0; draw < 50; draw++)
            {
                double[] a = Enumerable.Range(0, 5).Select(_ => random.NextUniform(-5, 5)).ToArray();
                double[] plain = softmax.Forward(Column(a)).Column(0).ToArray();
                double[] shifted = softmax.Forward(Column(a.Select(v => v + c).ToArray())).Column(0).ToArray();
                double[] expected = Reference(a);
                for (int i = 0; i < a.Length; i++)
                {
                    Exact(plain[i], expected[i]);
                    Exact(shifted[i], expected[i], $"softmax(a + {c}) = softmax(a)");
                }
            }
        }

        // Worked example: (7, 1, 2.2) and (0, −6, −4.8) = (7, 1, 2.2) − 7.
        double[] p1 = softmax.Forward(Column(7.0, 1.0, 2.2)).Column(0).ToArray();
        double[] p2 = softmax.Forward(Column(0.0, -6.0, -4.8)).Column(0).ToArray();
        double[] reference = Reference(new[] { 0.0, -6.0, -4.8 });
        for (int i = 0; i < 3; i++)
        {
            Exact(p1[i], reference[i]);
            Exact(p2[i], reference[i]);
        }
    }

    [Fact]
    public void S002_34_StableSoftmaxOfThousandsIsFiniteWhereNaiveExpOverflows()
    {
        Matrix<double> p = new Softmax().Forward(Column(1000.0, 1001.0, 1002.0));

        Exact(p[0, 0], 0.09003057317038046);
        Exact(p[1, 0], 0.2447284710547976);
        Exact(p[2, 0], 0.6652409557748219);
        p.Enumerate().Should().OnlyContain(v => double.IsFinite(v));
        Exact(p.Enumerate().Sum(), 1.0);

        // The naive formula overflows: e^1000 = +∞ and ∞/∞ = NaN.
        double naive = Math.Exp(1000) / (Math.Exp(1000) + Math.Exp(1001) + Math.Exp(1002));
        double.IsNaN(naive).Should().BeTrue();
    }

    // ---------------------------------------------------------------- 3e. Taylor expansions and SELU

    [Fact]
    public void S002_35_SigmoidMatchesItsTaylorSeriesAtZero()
    {
        const double x = 0.01;
        double sigma = new Sigmoid().Forward(Scalar(x))[0, 0];
        Exact(sigma, 0.5024999791668749);
        Exact(Sigmoid.Function(x), 0.5024999791668749);

        double x3 = x * x * x, x5 = x3 * x * x, x7 = x5 * x * x;
        double series = 0.5 + (x / 4) - (x3 / 48) + (x5 / 480) - (17 * x7 / 80640); // remainder ~ x⁹ ≈ 1e-18
        sigma.Should().BeApproximately(series, 1e-15);
        // The sheet stops at ½ + x/4 − x³/48 (…): its error is the next term x⁵/480 ≈ 2.1e-13.
        sigma.Should().BeApproximately(0.5 + (x / 4) - (x3 / 48), 2.2e-13);
    }

    [Fact]
    public void S002_36_TanhMatchesItsTaylorSeriesAtZero()
    {
        const double x = 0.01;
        double t = new Tanh().Forward(Scalar(x))[0, 0];
        Exact(t, 0.00999966667999946);
        Exact(t, Math.Tanh(x));

        double x3 = x * x * x, x5 = x3 * x * x, x7 = x5 * x * x;
        double series = x - (x3 / 3) + (2 * x5 / 15) - (17 * x7 / 315);
        t.Should().BeApproximately(series, 1e-17);
        // The sheet's three terms x − x³/3 + 2x⁵/15 are off by the next term 17x⁷/315 ≈ 5.4e-16.
        t.Should().BeApproximately(x - (x3 / 3) + (2 * x5 / 15), 6e-16);
    }

    [Fact]
    public void S002_37_SeluLambdaIsTheExactConstant()
    {
        Selu.Lambda.Should().BeApproximately(1.0507009873554805, 1e-15);
        Selu.Lambda.Should().BeApproximately(1.0507, 5e-5, "the sheet's λ ≈ 1.0507 is a rounding");
    }

    [Fact]
    public void S002_38_SeluAlphaIsTheStandardAlphaNotTheSheets175814()
    {
        // FLAG-8: the sheet's "α ≈ 1.75814" in α(eˣ − 1) is (a mis-rounded) λα, not α.
        Selu.Alpha.Should().BeApproximately(1.6732632423543772, 1e-15);
        (Selu.Lambda * Selu.Alpha).Should().BeApproximately(1.7580993408473769, 1e-15);
        double gap = 1.75814 - (Selu.Lambda * Selu.Alpha);
        gap.Should().BeApproximately(4.07e-5, 1e-7, "1.75814 ≈ λα = 1.7580993…, off by 4.1e-5 (more than half a unit of its 5th decimal)");
        Math.Abs(1.75814 - Selu.Alpha).Should().BeGreaterThan(0.08, "1.75814 is not α");
    }

    [Fact]
    public void S002_39_SeluNegativeBranchIsLambdaAlphaTimesExpMinusOne()
    {
        // FLAG-8: the solution writes λα(eˣ − 1); with the sheet's α ≈ 1.75814 this would apply λ twice.
        var selu = new Selu();
        Matrix<double> y = selu.Forward(Column(-1.0, -0.1));
        Exact(y[0, 0], -1.111330737812563);
        Exact(y[1, 0], -0.1673052726243140);
        Exact(y[0, 0], Selu.Lambda * Selu.Alpha * (Math.Exp(-1.0) - 1.0));
        Exact(Selu.Function(-1.0), -1.111330737812563);
        Exact(Selu.Function(-0.1), -0.1673052726243140);

        // The question's form 1.75814(eˣ − 1) gives −1.111356439298840 and −0.1673091418542581: not what SELU is.
        Math.Abs(y[0, 0] - -1.111356439298840).Should().BeGreaterThan(2e-5);
        Math.Abs(y[1, 0] - -0.1673091418542581).Should().BeGreaterThan(3e-6);

        // Slope at 0⁻ is λα = 1.7581, not λ·1.75814 = 1.847277698.
        Matrix<double> slope = selu.Backward(Matrix<double>.Build.Dense(2, 1, 1.0));
        Exact(slope[0, 0], Selu.Lambda * Selu.Alpha * Math.Exp(-1.0));
        Exact(slope[1, 0], Selu.Lambda * Selu.Alpha * Math.Exp(-0.1));
    }

    [Fact]
    public void S002_40_SeluSlopesAtZeroPlusAndZeroMinusAreLambdaAndLambdaAlpha()
    {
        var selu = new Selu();
        selu.Forward(Column(1e-15, -1e-15));
        Matrix<double> slope = selu.Backward(Matrix<double>.Build.Dense(2, 1, 1.0));
        Exact(slope[0, 0], 1.0507009873554805, "0⁺: λ");
        Exact(slope[1, 0], 1.7580993408473769, "0⁻: λα");

        // The same from the function itself (one-sided differences).
        const double h = 1e-7;
        ((Selu.Function(h) - Selu.Function(0)) / h).Should().BeApproximately(Selu.Lambda, 1e-9);
        ((Selu.Function(0) - Selu.Function(-h)) / h).Should().BeApproximately(Selu.Lambda * Selu.Alpha, 1e-6);
        Exact(Selu.Function(0), 0.0);
    }

    [Fact]
    public void S002_41_SeluKeepsMeanZeroAndSecondMomentOneForStandardNormalInput()
    {
        // DERIVED (P-8): E[selu(X)] = 0 and E[selu(X)²] = 1 for X ~ N(0, 1). Composite Simpson on [−12, 12], with the
        // kink at 0 a grid node (h = 0.001); the tails beyond ±12 are below 1e-30.
        const int n = 24000;
        const double a = -12.0, b = 12.0, step = (b - a) / n;
        double mean = 0, second = 0;
        for (int i = 0; i <= n; i++)
        {
            double x = a + (i * step);
            double weight = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2);
            double phi = Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);
            double s = Selu.Function(x);
            mean += weight * s * phi;
            second += weight * s * s * phi;
        }

        mean *= step / 3;
        second *= step / 3;
        mean.Should().BeApproximately(0.0, 1e-8);
        second.Should().BeApproximately(1.0, 1e-6);
    }

    // ---------------------------------------------------------------- 3g. node v feeding h1 = ReLU(W1 v), h2 = σ(W2 v)

    private static readonly double[] Z1 = { 2.0, -1.0, 3.0 };      // the sheet's "h1", used as the pre-activation (FLAG-7)
    private static readonly double[] H2Sheet = { 0.2, 0.5, 0.3 };
    private static readonly double[] V = { 2.0, 3.0, 5.0, 1.0 };
    private static readonly double[] G1 = { -2.0, 1.0, 4.0 };      // ∂L/∂h1
    private static readonly double[] G2 = { 1.0, 3.0, 2.0 };       // ∂L/∂h2

    private static double[] Z2 => H2Sheet.Select(Logit).ToArray(); // z2 = logit(h2), S002-56

    [Fact]
    public void S002_52_ReluMaskFromThePreActivation()
    {
        // FLAG-7: a ReLU output cannot be −1; the solution treats h1 = [2, −1, 3] as the pre-activation z1.
        var relu = new ReLU();
        Matrix<double> h1 = relu.Forward(Column(Z1));
        Matrix<double> mask = relu.Backward(Matrix<double>.Build.Dense(3, 1, 1.0));

        h1.Column(0).ToArray().Should().Equal(2.0, 0.0, 3.0);
        mask.Column(0).ToArray().Should().Equal(1.0, 0.0, 1.0);
        Z1.Select(ReLU.Derivative).Should().Equal(1.0, 0.0, 1.0);
    }

    [Fact]
    public void S002_53_ReluBranchDeltaIsUpstreamTimesMask()
    {
        var relu = new ReLU();
        relu.Forward(Column(Z1));
        Matrix<double> delta1 = relu.Backward(Column(G1));
        delta1.Column(0).ToArray().Should().Equal(-2.0, 0.0, 4.0);
    }

    [Fact]
    public void S002_54_SigmoidSlopeIsH2TimesOneMinusH2()
    {
        var sigmoid = new Sigmoid();
        Matrix<double> h2 = sigmoid.Forward(Column(Z2));
        Matrix<double> slope = sigmoid.Backward(Matrix<double>.Build.Dense(3, 1, 1.0));

        double[] expected = { 0.16, 0.25, 0.21 }; // the double of 0.2·0.8 is 0.16000000000000003
        for (int i = 0; i < 3; i++)
        {
            Exact(h2[i, 0], H2Sheet[i]);
            Exact(slope[i, 0], expected[i]);
        }
    }

    [Fact]
    public void S002_55_SigmoidBranchDeltaIsPositive042()
    {
        // FLAG-7: the question prints [0.16, 0.75, −0.42] (sign error); the solution's [0.16, 0.75, 0.42] is right.
        var sigmoid = new Sigmoid();
        sigmoid.Forward(Column(Z2));
        Matrix<double> delta2 = sigmoid.Backward(Column(G2));

        double[] expected = { 0.16, 0.75, 0.42 };
        for (int i = 0; i < 3; i++)
        {
            Exact(delta2[i, 0], expected[i]);
        }

        delta2[2, 0].Should().BePositive("the question's −0.42 has the wrong sign");
    }

    [Fact]
    public void S002_56_PreActivationImpliedByH2IsItsLogit()
    {
        // DERIVED: z2 = logit(h2) = [ln ¼, 0, ln(3/7)]; the Sigmoid layer maps it back to h2.
        double[] z2 = { -1.386294361119891, 0.0, -0.8472978603872036 };
        Exact(z2[0], Math.Log(0.25));
        Exact(z2[2], Math.Log(3.0 / 7.0));
        for (int i = 0; i < 3; i++)
        {
            Exact(Z2[i], z2[i]);
        }

        Matrix<double> h2 = new Sigmoid().Forward(Column(z2));
        for (int i = 0; i < 3; i++)
        {
            Exact(h2[i, 0], H2Sheet[i]);
        }
    }

    /// <summary>The two branches h1 = ReLU(W1 v), h2 = σ(W2 v) with W1 = z1vᵀ/39, W2 = z2vᵀ/39 (‖v‖² = 39).</summary>
    private static (Sequential Relu, Sequential Sigmoid) Branches()
    {
        double[,] Outer(double[] z)
        {
            var w = new double[3, 4];
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 4; j++)
                {
                    w[i, j] = z[i] * V[j] / 39.0;
                }
            }

            return w;
        }

        var relu = new Sequential(new Linear(4, 3, bias: false), new ReLU());
        relu.SetParameter("0.weight", Outer(Z1));
        var sigmoid = new Sequential(new Linear(4, 3, bias: false), new Sigmoid());
        sigmoid.SetParameter("0.weight", Outer(Z2));
        return (relu, sigmoid);
    }

    [Fact]
    public void S002_57_ShapesVInR4HInR3WIn3x4GradientInR4()
    {
        var (relu, sigmoid) = Branches();
        foreach (Sequential branch in new[] { relu, sigmoid })
        {
            Parameter w = branch.GetParameter("0.weight");
            (w.Rows, w.Columns).Should().Be((3, 4), "W ∈ R^{3×a} with a = 4");
            branch.InputSize.Should().Be(4);
            branch.OutputSize.Should().Be(3);
            branch.CountParameters().Should().Be(new ParameterCount(12, 0));
            branch.Forward(Column(V)).RowCount.Should().Be(3, "h ∈ R^b with b = 3");
            branch.Backward(Matrix<double>.Build.Dense(3, 1, 1.0)).RowCount.Should().Be(4, "∂L/∂v ∈ R^a");
        }
    }

    [Fact]
    public void S002_58_SynthGradientWrtVSumsBothBranches()
    {
        // SYNTH: with W1 = z1vᵀ/39 and W2 = z2vᵀ/39, W1v = z1 = [2, −1, 3] and σ(W2v) = h2 = [0.2, 0.5, 0.3].
        // ∂L/∂v = W1ᵀ(g1 ⊙ ReLU'(z1)) + W2ᵀ(g2 ⊙ σ'(z2)) = v·(8 − 0.5776721992…)/39.
        var (relu, sigmoid) = Branches();
        Matrix<double> h1 = relu.Forward(Column(V));
        Matrix<double> h2 = sigmoid.Forward(Column(V));
        for (int i = 0; i < 3; i++)
        {
            Exact(relu[0].Output![i, 0], Z1[i]);
            Exact(h1[i, 0], Math.Max(Z1[i], 0));
            Exact(h2[i, 0], H2Sheet[i]);
        }

        Vector<double> dv = relu.Backward(Column(G1)).Column(0) + sigmoid.Backward(Column(G2)).Column(0);

        double[] expected = { 0.3806321949158047, 0.5709482923737071, 0.9515804872895120, 0.1903160974579024 };
        double z2Dot = (Z2[0] * 0.16) + (Z2[1] * 0.75) + (Z2[2] * 0.42);
        z2Dot.Should().BeApproximately(-0.5776721992, 1e-10);
        for (int j = 0; j < 4; j++)
        {
            Exact(dv[j], expected[j]);
            Exact(dv[j], V[j] * (8.0 + z2Dot) / 39.0);
        }

        // Central differences of L(v) = g1·ReLU(W1v) + g2·σ(W2v) agree.
        double Loss(double[] v)
        {
            Vector<double> a = relu.Forward(Column(v)).Column(0), s = sigmoid.Forward(Column(v)).Column(0);
            return Enumerable.Range(0, 3).Sum(i => (G1[i] * a[i]) + (G2[i] * s[i]));
        }

        const double eps = 1e-6;
        for (int j = 0; j < 4; j++)
        {
            double[] plus = (double[])V.Clone(), minus = (double[])V.Clone();
            plus[j] += eps;
            minus[j] -= eps;
            ((Loss(plus) - Loss(minus)) / (2 * eps)).Should().BeApproximately(expected[j], 1e-8);
        }
    }
}
