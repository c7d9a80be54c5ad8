namespace TinyNets.Tests.Sheets;

/// <summary>
/// Sheet 001 ("Assignment 06 (Solution): Neural Networks – Part 1"). Catalogue entries S001-01 … S001-33:
/// Task 1.4 softmax of (7, 1, 2.2); Task 2.2 parameter count of a 6-32-32-32-4 net; Task 2.3 the two-weight ReLU chain
/// with 1/N MSE; Task 2.5 the PyTorch 2-unit / 3-unit XOR nets (out×in weights, float32 printouts); Task 1.2 derivatives.
/// </summary>
public class Sheet001Tests
{
    private static Vector<double> V(params double[] values) => Vector<double>.Build.DenseOfArray(values);

    // ---------------------------------------------------------------- Task 1.4: softmax of z = (z_A, z_B, z_C)

    private static readonly double[] Z = { 7.0, 1.0, 2.2 };

    private static Matrix<double> SoftmaxOf(params double[] z) =>
        new Softmax().Forward(Matrix<double>.Build.DenseOfColumnArrays(z));

    /// <summary>e^{z_c} recovered from the library alone: softmax_c · exp(CE_c + z_c), since CE_c = ln Σ − z_c.</summary>
    private static double ExpThroughLibrary(int c)
    {
        double p = SoftmaxOf(Z)[c, 0];
        double ce = new CrossEntropyLoss().Forward(V(Z), c);
        return p * Math.Exp(ce + Z[c]);
    }

    [Fact]
    public void S001_01_ExpOfSeven()
    {
        Exact(Math.Exp(7.0), 1096.633158428459, "e^7");
        Exact(ExpThroughLibrary(0), 1096.633158428459, "e^7 = softmax_A · Σ");
        // ROUND: the sheet prints 1097 (4 significant figures).
        Math.Exp(7.0).Should().BeApproximately(1097, 0.5, "sheet: 1097");
    }

    [Fact]
    public void S001_02_ExpOfOne()
    {
        Exact(Math.Exp(1.0), 2.718281828459045, "e^1");
        Exact(ExpThroughLibrary(1), 2.718281828459045, "e^1 = softmax_B · Σ");
        Math.Exp(1.0).Should().BeApproximately(2.72, 0.005, "sheet: 2.72 (ROUND)");
    }

    [Fact]
    public void S001_03_ExpOfTwoPointTwo()
    {
        Exact(Math.Exp(2.2), 9.025013499434121, "e^2.2");
        Exact(ExpThroughLibrary(2), 9.025013499434121, "e^2.2 = softmax_C · Σ");
        Math.Exp(2.2).Should().BeApproximately(9.03, 0.005, "sheet: 9.03 (ROUND)");
    }

    [Fact]
    public void S001_04_SumOfExponentials()
    {
        const double exactSum = 1108.376453756352;
        Exact(Math.Exp(7.0) + Math.Exp(1.0) + Math.Exp(2.2), exactSum, "Σ e^{z_j}");
        // Through the library: the cross-entropy of class A is ln Σ − 7.
        Exact(Math.Exp(new CrossEntropyLoss().Forward(V(Z), 0) + 7.0), exactSum, "Σ = exp(CE_A + z_A)");
        // ROUND: the sheet adds its rounded terms, 1097 + 2.72 + 9.03 = 1108.75; that is off by 0.37, within the
        // sum of the terms' half units (0.5 + 0.005 + 0.005), not within half a unit of its own last digit.
        (1097 + 2.72 + 9.03).Should().BeApproximately(exactSum, 0.5 + 0.005 + 0.005, "sheet: 1097 + 2.72 + 9.03 = 1108.75");
    }

    [Fact]
    public void S001_05_SoftmaxA()
    {
        double p = SoftmaxOf(Z)[0, 0];
        Exact(p, 0.9894049577757679, "softmax_A");
        p.Should().BeApproximately(0.989, 0.0005, "sheet: 98.9 %");
    }

    [Fact]
    public void S001_06_SoftmaxB()
    {
        double p = SoftmaxOf(Z)[1, 0];
        Exact(p, 0.002452489692691171, "softmax_B");
        p.Should().BeApproximately(0.002452489692691171, 1e-12 * 0.002452489692691171, "relative 1e-12");
        p.Should().BeApproximately(0.0025, 0.00005, "sheet: 0.25 % (2 s.f.; exact 0.245 %)");
    }

    [Fact]
    public void S001_07_SoftmaxC()
    {
        double p = SoftmaxOf(Z)[2, 0];
        Exact(p, 0.008142552531540912, "softmax_C");
        p.Should().BeApproximately(0.008142552531540912, 1e-12 * 0.008142552531540912, "relative 1e-12");
        p.Should().BeApproximately(0.0081, 0.00005, "sheet: 0.81 %");
    }

    [Fact]
    public void S001_08_PredictedClassIsA()
    {
        Matrix<double> p = SoftmaxOf(Z);
        int argmax = Enumerable.Range(0, 3).OrderByDescending(i => p[i, 0]).First();
        argmax.Should().Be(0, "the predicted class is A");
        p.Column(0).Sum().Should().BeApproximately(1.0, 1e-15);
    }

    [Fact]
    public void S001_09_LogLikelihoodLossOfA()
    {
        double ce = new CrossEntropyLoss().Forward(V(Z), 0);
        Exact(ce, 0.01065156930986851, "J = −ln P(A) = ln Σ − 7 (natural log)");
        Exact(ce, -Math.Log(SoftmaxOf(Z)[0, 0]), "CE = −ln softmax_true");
        // FLAG-2 (ROUND carried): the sheet's 0.011 is −ln(0.989), i.e. P(A) rounded before taking the log
        // (= 0.01106); the exact value also rounds to 0.011.
        ce.Should().BeApproximately(0.011, 5e-4, "sheet: ≈ 0.011");
        (-Math.Log(0.989)).Should().BeApproximately(0.01106094735942494, 1e-15, "the sheet's own −ln 0.989");
        ce.Should().NotBeApproximately(-Math.Log10(0.9894049577757679), 1e-3, "the log is natural, not log10 (0.0046)");
    }

    [Fact]
    public void S001_10_SoftmaxIsShiftInvariant()
    {
        // Column 0: z; column 1: z − 7 = (0, −6, −4.8).
        Matrix<double> p = new Softmax().Forward(Matrix<double>.Build.DenseOfColumnArrays(Z, new[] { 0.0, -6.0, -4.8 }));
        double[] expected = { 0.9894049577757679, 0.002452489692691171, 0.008142552531540912 };
        for (int i = 0; i < 3; i++)
        {
            Exact(p[i, 1], expected[i], $"softmax(z − 7)[{i}]");
            p[i, 1].Should().BeApproximately(p[i, 0], 1e-15, "shift invariance (P-1)");
        }
    }

    // ---------------------------------------------------------------- Task 2.2: parameters of 6-32-32-32-4

    private static Sequential SeasonsNet() => new(
        new Linear(6, 32), new ReLU(),
        new Linear(32, 32), new ReLU(),
        new Linear(32, 32), new ReLU(),
        new Linear(32, 4));

    private static int LayerParameters(Sequential net, int layer) =>
        net.GetParameter($"{layer}.weight").Length + net.GetParameter($"{layer}.bias").Length;

    [Fact]
    public void S001_11_FirstLayerHas224()
    {
        var net = SeasonsNet();
        LayerParameters(net, 0).Should().Be(224, "6·32 + 32");
        new Sequential(new Linear(6, 32)).CountParameters().Total.Should().Be(224);
    }

    [Fact]
    public void S001_12_SecondLayerHas1056()
    {
        var net = SeasonsNet();
        LayerParameters(net, 2).Should().Be(1056, "32·32 + 32");
        new Sequential(new Linear(32, 32)).CountParameters().Total.Should().Be(1056);
    }

    [Fact]
    public void S001_13_ThirdLayerHas1056()
    {
        var net = SeasonsNet();
        LayerParameters(net, 4).Should().Be(1056, "32·32 + 32");
    }

    [Fact]
    public void S001_14_OutputLayerHas132()
    {
        var net = SeasonsNet();
        LayerParameters(net, 6).Should().Be(132, "32·4 + 4");
        new Sequential(new Linear(32, 4)).CountParameters().Total.Should().Be(132);
    }

    [Fact]
    public void S001_15_TotalIs2468IncludingBiases()
    {
        var count = SeasonsNet().CountParameters();
        // The sheet's "2468 weights" includes the biases; the library reports both parts.
        count.Total.Should().Be(2468);
        count.Weights.Should().Be(2368, "multiplicative weights 6·32 + 32·32 + 32·32 + 32·4");
        count.Biases.Should().Be(100, "32 + 32 + 32 + 4");
    }

    // ---------------------------------------------------------------- Task 2.3: h1 = ReLU(w1·x), ŷ = ReLU(w2·h1)

    private static Sequential ChainNet(double w1, double w2)
    {
        var net = new Sequential(new Linear(1, 1, bias: false), new ReLU(), new Linear(1, 1, bias: false), new ReLU());
        net.SetParameter("0.weight", new[,] { { w1 } });
        net.SetParameter("2.weight", new[,] { { w2 } });
        return net;
    }

    private static Matrix<double> ChainX => Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 2.0, 10.0 } });

    private static Matrix<double> ChainY => Matrix<double>.Build.DenseOfArray(new[,] { { 0.0, 0.3, 1.0 } });

    [Fact]
    public void S001_16_PreActivationsAlwaysNegative()
    {
        var net = ChainNet(-0.1, 0.1);
        Matrix<double> yHat = net.Forward(ChainX);
        Matrix<double> a1 = net[0].Output!;
        Exact(a1[0, 0], -0.1, "a1(x = 1)");
        Exact(a1[0, 1], -0.2, "a1(x = 2)");
        Exact(a1[0, 2], -1.0, "a1(x = 10)");
        a1.Row(0).Should().OnlyContain(a => a < 0, "sheet: always negative");
        yHat.Row(0).Should().OnlyContain(y => y == 0.0, "the network always outputs zero");
    }

    [Fact]
    public void S001_17_CurrentLossIsMeanOfThree()
    {
        var net = ChainNet(-0.1, 0.1);
        net.Forward(ChainX);
        double j = new MseLoss().Forward(net.Output!, ChainY);
        Exact(j, 0.3633333333333333, "J = 1.09 / 3");
        Exact(new MseLoss(Reduction.BatchMean).Forward(net.Output!, ChainY), 0.3633333333333333, "1/N Σ over samples");
        Exact(MseLoss.Sse().Forward(net.Output!, ChainY), 1.09, "SSE");
        j.Should().BeApproximately(0.36, 0.005, "sheet: ≈ 0.36 (the mean)");
    }

    [Fact]
    public void S001_18_LossAfterSettingW1ToOne()
    {
        var net = ChainNet(1.0, 0.1);
        Matrix<double> yHat = net.Forward(ChainX);
        Exact(yHat[0, 0], 0.1, "ŷ(1)");
        Exact(yHat[0, 1], 0.2, "ŷ(2)");
        Exact(yHat[0, 2], 1.0, "ŷ(10)");
        double mse = new MseLoss().Forward(net.Output!, ChainY);
        // FLAG-1: the sheet says "≈ 0.02": that is the SSE, not its own 1/N MSE (its previous line, 0.36, is the mean).
        Exact(mse, 0.02 / 3, "MSE(w1 = 1) = 0.006666666666666667");
        Exact(MseLoss.Sse().Forward(net.Output!, ChainY), 0.02, "the sheet's 0.02 is the SSE");
        mse.Should().NotBeApproximately(0.02, 0.005, "the sheet's figure is not the mean it defines");
    }

    [Fact]
    public void S001_19_GradientIsZeroForDeadRelu()
    {
        var net = ChainNet(-0.1, 0.1);
        var loss = new MseLoss();
        net.Forward(ChainX);
        loss.Forward(net.Output!, ChainY);
        net.Backward(loss.Backward());
        net.GetGradient("0.weight")[0, 0].Should().Be(0.0, "∂J/∂w1 = 0: a1 < 0 for every sample");
        net.GetGradient("2.weight")[0, 0].Should().Be(0.0, "∂J/∂w2 = 0 too, since h1 ≡ 0");

        // So gradient descent does not move the weights (dead ReLU, P-6).
        new Sgd(net, 0.5).Step();
        net.GetParameter("0.weight").Value[0, 0].Should().Be(-0.1);
        net.GetParameter("2.weight").Value[0, 0].Should().Be(0.1);
    }

    [Fact]
    public void S001_20_GradientsAtW1One()
    {
        var net = ChainNet(1.0, 0.1);
        var loss = new MseLoss();
        net.Forward(ChainX);
        loss.Forward(net.Output!, ChainY);
        net.Backward(loss.Backward());
        // ∂J/∂ŷ = (2/3)(ŷ − y) = (0.2/3, −0.2/3, 0); ∂J/∂w2 = Σ g·h1 = −0.2/3; ∂J/∂w1 = Σ g·w2·x = −0.02/3.
        Exact(net.GetGradient("0.weight")[0, 0], -0.006666666666666667, "∂J/∂w1");
        Exact(net.GetGradient("2.weight")[0, 0], -0.06666666666666667, "∂J/∂w2");
    }

    // ---------------------------------------------------------------- Task 2.5: the PyTorch XOR nets

    // Inputs reconstructed (catalogue §2d): the XOR set, one sample per column; labels (0, 1, 1, 0).
    private static Matrix<double> Xor => Matrix<double>.Build.DenseOfColumnArrays(
        new[] { 0.0, 0.0 }, new[] { 0.0, 1.0 }, new[] { 1.0, 0.0 }, new[] { 1.0, 1.0 });

    private static readonly int[] XorLabels = { 0, 1, 1, 0 };

    private static Sequential XorNet(int hidden = 2)
    {
        var net = new Sequential(new Linear(2, hidden), new ReLU(), new Linear(hidden, 2));
        if (hidden == 2)
        {
            // PyTorch state_dict, weights out×in: logits = ReLU(x W0ᵀ + b0) W2ᵀ + b2.
            net.SetParameter("0.weight", new[,] { { 3.21, 3.21 }, { -2.34, -2.34 } });
            net.SetParameter("0.bias", new[] { -3.21, 2.34 });
            net.SetParameter("2.weight", new[,] { { 3.19, 4.64 }, { -2.68, -3.44 } });
            net.SetParameter("2.bias", new[] { -4.08, 4.42 });
        }
        else
        {
            // run_3unit_model.py: an extra hidden unit with zero in/out weights and zero bias.
            net.SetParameter("0.weight", new[,] { { 3.21, 3.21 }, { -2.34, -2.34 }, { 0, 0 } });
            net.SetParameter("0.bias", new[] { -3.21, 2.34, 0 });
            net.SetParameter("2.weight", new[,] { { 3.19, 4.64, 0 }, { -2.68, -3.44, 0 } });
            net.SetParameter("2.bias", new[] { -4.08, 4.42 });
        }

        return net;
    }

    /// <summary>The PyTorch printout's float32 arithmetic, emulated without FMA (acc = b; acc += w·x per input), for the FLAG-3 comparison.</summary>
    private static float[] Float32Logits(float x1, float x2)
    {
        float[,] w0 = { { 3.21f, 3.21f }, { -2.34f, -2.34f } };
        float[] b0 = { -3.21f, 2.34f };
        float[,] w2 = { { 3.19f, 4.64f }, { -2.68f, -3.44f } };
        float[] b2 = { -4.08f, 4.42f };
        float[] x = { x1, x2 };
        var h = new float[2];
        var logits = new float[2];
        for (int i = 0; i < 2; i++)
        {
            float acc = b0[i];
            for (int j = 0; j < 2; j++)
            {
                float product = w0[i, j] * x[j];
                acc += product;
            }

            h[i] = Math.Max(acc, 0f);
        }

        for (int i = 0; i < 2; i++)
        {
            float acc = b2[i];
            for (int j = 0; j < 2; j++)
            {
                float product = w2[i, j] * h[j];
                acc += product;
            }

            logits[i] = acc;
        }

        return logits;
    }

    /// <summary>Two float32 ulps at <paramref name="value"/>: the printed PyTorch logits carry accumulated float32 rounding.</summary>
    private static double TwoFloatUlps(float value) => 2.0 * (MathF.BitIncrement(Math.Abs(value)) - Math.Abs(value));

    [Fact]
    public void S001_21_HiddenActivations()
    {
        var net = XorNet();
        net.Forward(Xor);
        Matrix<double> h = net[1].Output!;
        double[][] expected = { new[] { 0.0, 2.34 }, new[] { 0.0, 0.0 }, new[] { 0.0, 0.0 }, new[] { 3.21, 0.0 } };
        for (int row = 0; row < 4; row++)
        {
            Exact(h[0, row], expected[row][0], $"h1 of sample {row}");
            Exact(h[1, row], expected[row][1], $"h2 of sample {row}");
        }
    }

    [Fact]
    public void S001_22_LogitsRow0()
    {
        var net = XorNet();
        Matrix<double> logits = net.Forward(Xor);
        Exact(logits[0, 0], 6.7776, "3.19·0 + 4.64·2.34 − 4.08");
        Exact(logits[1, 0], -3.6296, "−2.68·0 − 3.44·2.34 + 4.42");
        // FLAG-3: the sheet prints float32 results (6.7775993, −3.6295996), off by accumulated float32 rounding;
        // the float32 nearest to 6.7776 would print as 6.7776.
        logits[0, 0].Should().BeApproximately(6.7775993, TwoFloatUlps(6.7775993f), "sheet (float32): 6.7775993");
        logits[1, 0].Should().BeApproximately(-3.6295996, TwoFloatUlps(-3.6295996f), "sheet (float32): −3.6295996");
        float[] f32 = Float32Logits(0f, 0f);
        f32[0].Should().Be(6.7775993f, "float32 without FMA reproduces the sheet's digits");
        f32[1].Should().Be(-3.6295996f, "float32 without FMA reproduces the sheet's digits");
    }

    [Fact]
    public void S001_23_LogitsRows1And2AreTheOutputBias()
    {
        var net = XorNet();
        Matrix<double> logits = net.Forward(Xor);
        for (int row = 1; row <= 2; row++)
        {
            Exact(logits[0, row], -4.08, $"row {row}: both hidden units are 0 (x1 + x2 = 1)");
            Exact(logits[1, row], 4.42, $"row {row}");
            logits[0, row].Should().BeApproximately(-4.08, TwoFloatUlps(-4.08f), "sheet: −4.08");
            logits[1, row].Should().BeApproximately(4.42, TwoFloatUlps(4.42f), "sheet: 4.42");
        }
    }

    [Fact]
    public void S001_24_LogitsRow3()
    {
        var net = XorNet();
        Matrix<double> logits = net.Forward(Xor);
        Exact(logits[0, 3], 6.1599, "3.19·3.21 − 4.08");
        Exact(logits[1, 3], -4.1828, "−2.68·3.21 + 4.42");
        // FLAG-3: float32 printout (6.1599007, −4.1828003).
        logits[0, 3].Should().BeApproximately(6.1599007, TwoFloatUlps(6.1599007f), "sheet (float32): 6.1599007");
        logits[1, 3].Should().BeApproximately(-4.1828003, TwoFloatUlps(-4.1828003f), "sheet (float32): −4.1828003");
        float[] f32 = Float32Logits(1f, 1f);
        f32[0].Should().Be(6.1599007f, "float32 without FMA reproduces the sheet's digits");
        f32[1].Should().Be(-4.1828003f, "float32 without FMA reproduces the sheet's digits");
    }

    private static Matrix<double> XorSoftmax(int hidden = 2)
    {
        var net = XorNet(hidden);
        return new Softmax().Forward(net.Forward(Xor));
    }

    [Fact]
    public void S001_25_SoftmaxRow0()
    {
        Matrix<double> p = XorSoftmax();
        Exact(p[0, 0], 0.9999697867568, "p0");
        Exact(p[1, 0], 3.021324318332e-05, "p1");
        p[1, 0].Should().BeApproximately(3.021324318332e-05, 1e-12 * 3.021324318332e-05, "relative 1e-12");
        // FLAG-3: the sheet's 9.9996984e−01 is float32 (1 ulp near 1: the float32 sum 1 + e is rounded); it is
        // 5.3e−8 above the exact value.
        p[0, 0].Should().BeApproximately(9.9996984e-01, 1e-7, "sheet (float32): 9.9996984e−01");
        p[1, 0].Should().BeApproximately(3.0213278e-05, 1e-7, "sheet (float32): 3.0213278e−05");
    }

    [Fact]
    public void S001_26_SoftmaxRows1And2()
    {
        Matrix<double> p = XorSoftmax();
        for (int row = 1; row <= 2; row++)
        {
            Exact(p[0, row], 2.034269780552e-04, $"row {row} p0");
            p[0, row].Should().BeApproximately(2.034269780552e-04, 1e-12 * 2.034269780552e-04, "relative 1e-12");
            Exact(p[1, row], 0.9997965730219, $"row {row} p1");
            p[0, row].Should().BeApproximately(2.0342699e-04, 1e-7, "sheet (float32): 2.0342699e−04");
            p[1, row].Should().BeApproximately(9.9979657e-01, 1e-7, "sheet (float32): 9.9979657e−01");
        }
    }

    [Fact]
    public void S001_27_SoftmaxRow3()
    {
        Matrix<double> p = XorSoftmax();
        Exact(p[0, 3], 0.9999677738469, "p0");
        Exact(p[1, 3], 3.222615311062e-05, "p1");
        p[1, 3].Should().BeApproximately(3.222615311062e-05, 1e-12 * 3.222615311062e-05, "relative 1e-12");
        p[0, 3].Should().BeApproximately(9.9996781e-01, 1e-7, "sheet (float32): 9.9996781e−01");
        p[1, 3].Should().BeApproximately(3.2226122e-05, 1e-7, "sheet (float32): 3.2226122e−05");
    }

    [Fact]
    public void S001_28_PerSampleCrossEntropy()
    {
        var net = XorNet();
        Matrix<double> logits = net.Forward(Xor);
        Matrix<double> p = new Softmax().Forward(logits);
        double[] expected = { 3.021369961254e-05, 2.034476721294e-04, 2.034476721294e-04, 3.222667238425e-05 };
        var ce = new CrossEntropyLoss();
        for (int j = 0; j < 4; j++)
        {
            double term = ce.Forward(logits.Column(j), XorLabels[j]);
            Exact(term, expected[j], $"−ln p_true of sample {j}");
            Exact(term, -Math.Log(p[XorLabels[j], j]), "CE = −ln softmax_true (P-14)");
        }
    }

    [Fact]
    public void S001_29_CrossEntropyIsMeanOverFourSamples()
    {
        var net = XorNet();
        Matrix<double> logits = net.Forward(Xor);
        double mean = new CrossEntropyLoss().Forward(logits, XorLabels);
        double sum = new CrossEntropyLoss(Reduction.Sum).Forward(logits, XorLabels);
        Exact(mean, 1.173339290639187e-4, "mean CE in double");
        mean.Should().BeApproximately(1.173339290639187e-4, 1e-15, "FLAG-3: 1e-15 absolute");
        Exact(sum, 4.693357162557e-4, "sum CE");
        // FLAG-3: the sheet's "Loss: 0.00011732114" is the float32 mean (relative gap 1.09e−4 to the exact value);
        // it is the MEAN over 4 samples, not the sum (which would print ≈ 0.000469).
        Math.Abs(mean - 0.00011732114).Should().BeInRange(0, 2e-8, "sheet (float32): 0.00011732114");
        Math.Abs(sum - 0.00011732114).Should().BeGreaterThan(3e-4, "the sheet's loss is not the sum");
        // The course's own criteria: softmax within 1e−3 of one-hot, loss < 1e−3 (T-6).
        mean.Should().BeLessThan(1e-3);
    }

    [Fact]
    public void S001_30_ThreeUnitNetGivesIdenticalResults()
    {
        var two = XorNet(2);
        var three = XorNet(3);
        Matrix<double> l2 = two.Forward(Xor);
        Matrix<double> l3 = three.Forward(Xor);
        three[1].Output!.Row(2).Should().OnlyContain(h => h == 0.0, "the extra hidden unit is always 0");
        double[,] exactLogits = { { 6.7776, -4.08, -4.08, 6.1599 }, { -3.6296, 4.42, 4.42, -4.1828 } };
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                Exact(l3[i, j], exactLogits[i, j], $"3-unit logit [{i}, {j}]");
                l3[i, j].Should().Be(l2[i, j], "P-9: adding a zero unit changes nothing");
            }
        }

        Matrix<double> p3 = XorSoftmax(3);
        Exact(p3[0, 0], 0.9999697867568, "3-unit softmax row 0");
        Exact(p3[1, 3], 3.222615311062e-05, "3-unit softmax row 3");
        double loss3 = new CrossEntropyLoss().Forward(l3, XorLabels);
        double loss2 = new CrossEntropyLoss().Forward(l2, XorLabels);
        Exact(loss3, 1.173339290639187e-4, "3-unit mean CE");
        loss3.Should().Be(loss2, "identical printout");
    }

    // ---------------------------------------------------------------- Task 1.2: derivatives

    private static readonly double[] Grid = { -4.0, -1.5, -0.5, 0.0, 0.3, 1.0, 2.5 };

    /// <summary>f'(z) for every grid point from the layer's backward pass with ∂L/∂y = 1.</summary>
    private static Matrix<double> DerivativeByBackward(Layer layer, double[] z)
    {
        layer.Forward(Matrix<double>.Build.DenseOfRowArrays(z));
        return layer.Backward(Matrix<double>.Build.Dense(1, z.Length, 1.0));
    }

    [Fact]
    public void S001_31_SigmoidDerivativeIsQuarterAtZero()
    {
        Matrix<double> d = DerivativeByBackward(new Sigmoid(), Grid);
        for (int i = 0; i < Grid.Length; i++)
        {
            double s = 1.0 / (1.0 + Math.Exp(-Grid[i]));
            Exact(d[0, i], s * (1.0 - s), $"σ'({Grid[i]}) = σ(1 − σ)");
            Exact(d[0, i], Math.Exp(-Grid[i]) / Math.Pow(1.0 + Math.Exp(-Grid[i]), 2), "the sheet's e^{−z}/(1 + e^{−z})²");
            d[0, i].Should().BeLessThanOrEqualTo(0.25, "σ' ≤ ¼");
        }

        d[0, Array.IndexOf(Grid, 0.0)].Should().Be(0.25, "σ'(0) = 0.25, the maximum");
    }

    [Fact]
    public void S001_32_TanhDerivativeIsOneAtZero()
    {
        Matrix<double> d = DerivativeByBackward(new Tanh(), Grid);
        for (int i = 0; i < Grid.Length; i++)
        {
            double t = Math.Tanh(Grid[i]);
            Exact(d[0, i], 1.0 - (t * t), $"tanh'({Grid[i]}) = 1 − tanh²");
            double e2 = Math.Exp(2 * Grid[i]);
            Exact(d[0, i], 4 * e2 / ((e2 + 1) * (e2 + 1)), "the sheet's 4e^{2z}/(e^{2z} + 1)²");
        }

        d[0, Array.IndexOf(Grid, 0.0)].Should().Be(1.0, "tanh'(0) = 1");
    }

    [Fact]
    public void S001_33_ReluDerivativeAtZeroIsZero()
    {
        Matrix<double> d = DerivativeByBackward(new ReLU(), new[] { -2.0, -1e-300, 0.0, 1e-300, 3.0 });
        d.Row(0).ToArray().Should().Equal(0.0, 0.0, 0.0, 1.0, 1.0);
        // FLAG-4: the sheet leaves ReLU'(0) undefined; the library uses 0, as PyTorch does.
        ReLU.Derivative(0.0).Should().Be(0.0, "sheet: undefined at 0, convention chosen");
        ReLU.Derivative(-0.0).Should().Be(0.0);
        ReLU.Derivative(2.0).Should().Be(1.0, "1 for z > 0");
        ReLU.Derivative(-2.0).Should().Be(0.0, "0 for z < 0");
    }
}
