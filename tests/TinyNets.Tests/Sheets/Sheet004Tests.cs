namespace TinyNets.Tests.Sheets;

/// <summary>
/// Sheet 004 (ML SS 23, Assignment 11): h = ReLU(Wʰx + bʰ), ŷ = Wᵒh + bᵒ, softplus loss ln(1 + exp((1 − 2y)ŷ)) at y = −1.
/// Wʰ = [[0.2, 0.4], [0.8, 0.1], [2.0, 0.5]] (out×in), bʰ = (1, 1, −4), Wᵒ = (0.5, −1, 0), bᵒ = 3, x = (1, 2).
/// FLAG-12: the loss is built for y ∈ {0, 1} but evaluated at y = −1 (so it scales the logit by 3); 3σ(6) ≈ 2.9926 is
/// then rounded to 3 and carried into the update. The tests assert the literal formula exactly and say where the sheet rounds.
/// </summary>
public class Sheet004Tests
{
    private static readonly double[,] Wh = { { 0.2, 0.4 }, { 0.8, 0.1 }, { 2.0, 0.5 } };

    private static Sequential Net()
    {
        var net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
        net.SetParameter("0.weight", Wh);
        net.SetParameter("0.bias", new[] { 1.0, 1.0, -4.0 });
        net.SetParameter("2.weight", new[,] { { 0.5, -1.0, 0.0 } });
        net.SetParameter("2.bias", new[] { 3.0 });
        return net;
    }

    private static Matrix<double> X => Matrix<double>.Build.DenseOfColumnArrays(new[] { 1.0, 2.0 });

    private static Matrix<double> Label(double y) => Matrix<double>.Build.Dense(1, 1, y);

    /// <summary>Forward, the sheet's literal softplus loss at y = −1, backward; returns the loss.</summary>
    private static double LiteralLossAndBackward(Sequential net)
    {
        var loss = new SoftplusLoss();
        net.Forward(X);
        double l = loss.Forward(net.Output!, Label(-1.0));
        net.Backward(loss.Backward());
        return l;
    }

    [Fact]
    public void S004_01_WeightTimesInputIs1_1_3()
    {
        var linear = new Sequential(new Linear(2, 3, bias: false));
        linear.SetParameter("0.weight", Wh);
        linear.Forward(X).Column(0).ToArray().Should().Equal(1.0, 1.0, 3.0);

        // The same from the sheet's network: its pre-activation minus the bias.
        var net = Net();
        net.Forward(X);
        Matrix<double> whx = net[0].Output! - net.GetParameter("0.bias").Value;
        Exact(whx[0, 0], 1.0);
        Exact(whx[1, 0], 1.0);
        Exact(whx[2, 0], 3.0);
    }

    [Fact]
    public void S004_02_PreActivationIs2_2_Minus1()
    {
        var net = Net();
        net.Forward(X);
        Matrix<double> z = net[0].Output!;
        Exact(z[0, 0], 2.0);
        Exact(z[1, 0], 2.0);
        Exact(z[2, 0], -1.0);
    }

    [Fact]
    public void S004_03_HiddenActivationIs2_2_0()
    {
        var net = Net();
        net.Forward(X);
        Matrix<double> h = net[1].Output!;
        Exact(h[0, 0], 2.0);
        Exact(h[1, 0], 2.0);
        h[2, 0].Should().Be(0.0);
    }

    [Fact]
    public void S004_04_OutputIs2()
    {
        Matrix<double> yHat = Net().Forward(X);
        (yHat.RowCount, yHat.ColumnCount).Should().Be((1, 1));
        Exact(yHat[0, 0], 2.0);
        Exact(Net().Forward(Vector<double>.Build.DenseOfArray(new[] { 1.0, 2.0 }))[0], 2.0);
    }

    [Fact]
    public void S004_05_LiteralSoftplusLossAtYMinus1IsLn1PlusE6()
    {
        double l = LiteralLossAndBackward(Net());
        Exact(l, 6.002475685137730);
        Exact(l, Math.Log(1 + Math.Exp(6)), "(1 − 2y)ŷ = 3·2 = 6, natural log");
        l.Should().BeApproximately(6.0, 0.5, "the sheet's \"≈ 6\"");
    }

    [Fact]
    public void S004_05_NegativeClassWithConsistentLabelsIsLn1PlusE2()
    {
        // FLAG-12: the sheet mixes ±1 labels with the {0, 1} formula. The negative class, stated consistently, is
        // y = 0 in ln(1 + exp((1 − 2y)ŷ)) = BCE on logits, or y = −1 in the ±1 form ln(1 + exp(−yŷ)): all give ln(1 + e²).
        double expected = Math.Log(1 + Math.Exp(2));
        Exact(expected, 2.126928011042972);

        Matrix<double> yHat = Net().Forward(X).Clone();
        Exact(new BceWithLogitsLoss().Forward(yHat, Label(0.0)), 2.126928011042972, "BCE with logits, y = 0");
        Exact(new SoftplusLoss().Forward(yHat, Label(0.0)), 2.126928011042972, "the sheet's formula with y = 0");
        Exact(new SoftMarginLoss().Forward(yHat, Label(-1.0)), 2.126928011042972, "soft margin, y = −1");
    }

    [Fact]
    public void S004_06_LossGradientWrtOutputIsThreeSigmaOfSix()
    {
        var net = Net();
        var loss = new SoftplusLoss();
        net.Forward(X);
        loss.Forward(net.Output!, Label(-1.0));
        double dLdy = loss.Backward()[0, 0];

        Exact(Sig(6), 0.9975273768433652);
        Exact(dLdy, 2.992582130530096, "σ((1 − 2y)ŷ)(1 − 2y) = 3σ(6)");
        dLdy.Should().BeApproximately(3.0, 0.5, "the sheet's \"≈ 3\" rounds 2.9926 (ROUND)");

        // Consistent convention (y = 0 / BCE): σ(2).
        var bce = new BceWithLogitsLoss();
        bce.Forward(net.Output!, Label(0.0));
        Exact(bce.Backward()[0, 0], 0.8807970779778824);
    }

    [Fact]
    public void S004_07_OutputGradientWrtH1IsHalf()
    {
        var net = Net();
        net.Forward(X);
        net.Backward(Label(1.0)); // ∂ŷ/∂ŷ = 1
        Matrix<double> dyHatDh = net[2].InputGradient!;
        Exact(dyHatDh[0, 0], 0.5, "∂ŷ/∂h1 = Wᵒ_1");
        Exact(dyHatDh[1, 0], -1.0);
        Exact(dyHatDh[2, 0], 0.0);
    }

    [Fact]
    public void S004_08_ReluSlopeAtZ1EqualsOne()
    {
        ReLU.Derivative(2.0).Should().Be(1.0);

        var net = Net();
        net.Forward(X);
        Matrix<double> z = net[0].Output!.Clone();
        var relu = new ReLU();
        relu.Forward(z);
        Matrix<double> slope = relu.Backward(Matrix<double>.Build.Dense(3, 1, 1.0));
        slope.Column(0).ToArray().Should().Equal(1.0, 1.0, 0.0);
    }

    [Fact]
    public void S004_09_Z1GradientWrtWh12IsX2()
    {
        var net = Net();
        net.Forward(X);
        net[0].Backward(Matrix<double>.Build.DenseOfColumnArrays(new[] { 1.0, 0.0, 0.0 })); // ∂z1/∂·
        Exact(net.GetGradient("0.weight")[0, 1], 2.0, "∂z1/∂Wʰ_12 = x2");
        Exact(net.GetGradient("0.weight")[0, 0], 1.0, "∂z1/∂Wʰ_11 = x1");
        net.GetGradient("0.weight")[1, 1].Should().Be(0.0);
    }

    [Fact]
    public void S004_10_LossGradientWrtWh12IsTheChainProduct()
    {
        var net = Net();
        LiteralLossAndBackward(net);
        double grad = net.GetGradient("0.weight")[0, 1];

        Exact(grad, 2.992582130530096);
        Exact(grad, 3 * Sig(6) * 0.5 * 1 * 2, "∂L/∂ŷ · ∂ŷ/∂h1 · ∂h1/∂z1 · ∂z1/∂Wʰ_12");
        grad.Should().BeApproximately(3.0, 0.5, "the sheet's 3 × 0.5 × 1 × 2 = 3 carries 3σ(6) ≈ 3 (ROUND)");
    }

    [Fact]
    public void S004_11_W12UpdateIsOneStepOfSgd()
    {
        var net = Net();
        Exact(LiteralLossAndBackward(net), 6.002475685137730);
        new Sgd(net, 0.1).Step();

        double w12 = net.GetParameter("0.weight").Value[0, 1];
        Exact(w12, 0.1007417869469904);
        Exact(w12, 0.4 - (0.1 * 3 * Sig(6)));
        // Sheet: 0.4 − 0.3 = 0.1; it rounds 3σ(6) = 2.9926 to 3 (ROUND carried, FLAG-12), so it is off by 7.4e-4.
        w12.Should().BeApproximately(0.1, 1e-3);

        // With consistent labels (negative class y = 0, BCE on logits): 0.4 − 0.1·σ(2)·0.5·1·2.
        var consistent = Net();
        var bce = new BceWithLogitsLoss();
        consistent.Forward(X);
        bce.Forward(consistent.Output!, Label(0.0));
        consistent.Backward(bce.Backward());
        new Sgd(consistent, 0.1).Step();
        Exact(consistent.GetParameter("0.weight").Value[0, 1], 0.3119202922022118);
    }

    [Fact]
    public void S004_12_FullGradientLiteralConvention()
    {
        var net = Net();
        LiteralLossAndBackward(net);
        double g = 3 * Sig(6); // ∂L/∂ŷ = 2.992582130530096

        Matrix<double> dWo = net.GetGradient("2.weight");
        Exact(dWo[0, 0], 5.985164261060191);
        Exact(dWo[0, 1], 5.985164261060191);
        dWo[0, 2].Should().Be(0.0);
        Exact(net.GetGradient("2.bias")[0, 0], 2.992582130530096);
        Exact(net.GetGradient("2.bias")[0, 0], g);

        Matrix<double> dbh = net.GetGradient("0.bias");
        Exact(dbh[0, 0], 1.496291065265048);
        Exact(dbh[1, 0], -2.992582130530096);
        dbh[2, 0].Should().Be(0.0);

        Matrix<double> dWh = net.GetGradient("0.weight");
        double[,] expected = { { 1.496291065265048, 2.992582130530096 }, { -2.992582130530096, -5.985164261060191 }, { 0.0, 0.0 } };
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                Exact(dWh[i, j], expected[i, j], $"∂L/∂Wʰ[{i},{j}]");
            }
        }

        // Independent: ∂L/∂Wʰ = (g · Wᵒ ⊙ ReLU'(z)) xᵀ.
        double[] wo = { 0.5, -1.0, 0.0 }, mask = { 1.0, 1.0, 0.0 }, x = { 1.0, 2.0 };
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                Exact(dWh[i, j], g * wo[i] * mask[i] * x[j]);
            }
        }
    }
}
