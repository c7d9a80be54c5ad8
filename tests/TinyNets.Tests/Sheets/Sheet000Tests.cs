namespace TinyNets.Tests.Sheets;

/// <summary>
/// Sheet 000 (Computational Intelligence WS24/25, Exercise Sheet 4): the 2-2-1 addition net, ReL hidden units,
/// linear output, SSE loss, input x = (1, 1), target y = x1 + x2 = 2. Catalogue entries S000-01 … S000-12.
/// </summary>
/// <remarks>
/// Orientation: the sheet's u is in×out and Z_in = uᵀx + c; the printed product in (iii) pins the rows, so the
/// library's out×in weight is W1 = uᵀ = [[−0.7, 0.2], [0.9, 0.5]] and W2 = vᵀ = [[−0.2, 0.6]].
/// FLAG-14 (notation slips: "w_i" for u, "u_i … + c" for v, d in the output layer, "SDG" for SGD, "≈ 0.09" for an
/// exact value) has no numeric impact; the tests use the sheet's intended meaning.
/// Layers: 0 Linear(2,2) → 1 ReLU → 2 Linear(2,1) → 3 Identity (the linear output activation, so that A_in and A_out
/// are both visible as net[2].Output and net[3].Output).
/// </remarks>
public class Sheet000Tests
{
    private const double Target = 2.0; // y = x1 + x2 for x = (1, 1)

    private static Sequential Net()
    {
        var net = new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 1), new Identity());
        net.SetParameter("0.weight", new[,] { { -0.7, 0.2 }, { 0.9, 0.5 } }); // uᵀ: row i = weights into hidden i
        net.SetParameter("0.bias", new[] { -0.4, 0.1 });                     // c
        net.SetParameter("2.weight", new[,] { { -0.2, 0.6 } });               // vᵀ
        net.SetParameter("2.bias", new[] { 0.8 });                            // d
        return net;
    }

    private static Matrix<double> X => Matrix<double>.Build.DenseOfColumnArrays(new[] { 1.0, 1.0 });

    private static Matrix<double> Y => Matrix<double>.Build.Dense(1, 1, Target);

    /// <summary>Forward (1,1), SSE against 2, backward; returns the loss value.</summary>
    private static double ForwardBackward(Sequential net, MseLoss sse)
    {
        net.Forward(X);
        double loss = sse.Forward(net.Output!, Y);
        net.Backward(sse.Backward());
        return loss;
    }

    [Fact]
    public void S000_01_InputDimTwoOutputDimOneHiddenWidthTwo()
    {
        var net = Net();
        net.InputSize.Should().Be(2, "p = 2");
        net.OutputSize.Should().Be(1, "q = 1");
        ((Linear)net[0]).OutFeatures.Should().Be(2, "|z| = 2 hidden units");
        ((Linear)net[2]).InFeatures.Should().Be(2, "the output layer reads the |z| = 2 hidden units");
        net.Forward(X).RowCount.Should().Be(1);
    }

    [Fact]
    public void S000_02_ShapesOfUVCD()
    {
        var net = Net();
        // Sheet: u ∈ R^{p×|z|} = 2×2, v ∈ R^{|z|×q} = 2×1, c ∈ R^{|z|} = 2, d ∈ R^q = 1.
        // The library stores the transposes (out×in): "0.weight" = uᵀ (2×2), "2.weight" = vᵀ (1×2).
        Parameter u = net.GetParameter("0.weight");
        (u.Rows, u.Columns).Should().Be((2, 2));
        u.ShapeText.Should().Be("2×2");
        Parameter v = net.GetParameter("2.weight");
        (v.Columns, v.Rows).Should().Be((2, 1), "v is |z|×q = 2×1, stored transposed as 1×2");
        v.ShapeText.Should().Be("1×2");
        Parameter c = net.GetParameter("0.bias");
        c.IsVector.Should().BeTrue();
        c.Length.Should().Be(2);
        c.ShapeText.Should().Be("(2)");
        Parameter d = net.GetParameter("2.bias");
        d.IsVector.Should().BeTrue();
        d.Length.Should().Be(1);
        d.ShapeText.Should().Be("(1)");
    }

    [Fact]
    public void S000_03_SixWeightsThreeBiasesNineParameters()
    {
        var net = Net();
        var count = net.CountParameters();
        count.Weights.Should().Be(6);
        count.Biases.Should().Be(3);
        count.Total.Should().Be(9);

        // |L1| = 2, |L2| = 1.
        ((Linear)net[0]).OutFeatures.Should().Be(2);
        ((Linear)net[2]).OutFeatures.Should().Be(1);

        // w = (−0.7, 0.2, 0.9, 0.5, −0.2, 0.6) row by row (E_{1,1,1}, E_{1,1,2}, E_{1,2,1}, E_{1,2,2}, E_{2,1,1}, E_{2,1,2}),
        // b = (−0.4, 0.1, 0.8). ("N̄" of "Definition 8" is unknown, not tested.)
        double[] w = net.NamedParameters.Where(kv => !kv.Value.IsVector)
            .SelectMany(kv => Enumerable.Range(0, kv.Value.Rows)
                .SelectMany(r => Enumerable.Range(0, kv.Value.Columns).Select(col => kv.Value.Value[r, col])))
            .ToArray();
        w.Should().Equal(-0.7, 0.2, 0.9, 0.5, -0.2, 0.6);
        double[] b = net.NamedParameters.Where(kv => kv.Value.IsVector)
            .SelectMany(kv => kv.Value.ToVector())
            .ToArray();
        b.Should().Equal(-0.4, 0.1, 0.8);
    }

    [Fact]
    public void S000_04_ZIn1IsMinusPointNine()
    {
        var net = Net();
        net.Forward(X);
        // −0.7·1 + 0.2·1 + (−0.4) = −0.9; the double result is −0.8999999999999999, hence the tolerance.
        Exact(net[0].Output![0, 0], -0.9, "Z_in,1");
    }

    [Fact]
    public void S000_05_ZIn2IsOnePointFive()
    {
        var net = Net();
        net.Forward(X);
        Exact(net[0].Output![1, 0], 1.5, "Z_in,2 = 0.9 + 0.5 + 0.1");
    }

    [Fact]
    public void S000_06_ZOutIsReluOfZIn()
    {
        var net = Net();
        net.Forward(X);
        Matrix<double> zOut = net[1].Output!;
        zOut[0, 0].Should().Be(0.0, "hidden unit 1 is inactive for this input: ReL(−0.9) = 0");
        Exact(zOut[1, 0], 1.5, "ReL(1.5)");
    }

    [Fact]
    public void S000_07_AInIsOnePointSeven()
    {
        var net = Net();
        net.Forward(X);
        Exact(net[2].Output![0, 0], 1.7, "A_in = (−0.2)·0 + 0.6·1.5 + 0.8");
    }

    [Fact]
    public void S000_08_AOutIsLinearOfAIn()
    {
        var net = Net();
        Matrix<double> output = net.Forward(X);
        Exact(net[3].Output![0, 0], 1.7, "A_out = linear(A_in)");
        net[3].Output![0, 0].Should().Be(net[2].Output![0, 0], "the linear output activation is the identity");
        Exact(output[0, 0], 1.7, "the network's output is A_out");
    }

    [Fact]
    public void S000_09_LossIsSseOfOneSample()
    {
        var net = Net();
        net.Forward(X);
        double sse = MseLoss.Sse().Forward(net.Output!, Y);
        // L = (2 − 1.7)² = 0.09 exactly (double 0.09000000000000002). The sheet's "≈ 0.09" needs no "≈" (FLAG-14).
        Exact(sse, 0.09, "SSE");
        sse.Should().BeApproximately(0.09, 0.005, "sheet prints ≈ 0.09");
        // With N = 1, SSE = MSE; the ½-SSE (0.045) is not the sheet's loss.
        Exact(new MseLoss().Forward(net.Output!, Y), 0.09, "MSE of one sample equals its SSE");
        Exact(MseLoss.HalfSse().Forward(net.Output!, Y), 0.045, "½SSE is half the sheet's loss");
    }

    [Fact]
    public void S000_10_ChainForU11HasZeroGradient()
    {
        var net = Net();
        var sse = MseLoss.Sse();
        ForwardBackward(net, sse);

        double delta1 = sse.Backward()[0, 0];                     // ∂L/∂A_out = −2(2 − 1.7)
        Exact(delta1, -0.6, "δ1 = ∂L/∂A_out");

        // δ2 = ∂A_out/∂A_in = 1: the identity passes ∂L/∂A_out through unchanged.
        Exact(net[3].InputGradient![0, 0] / delta1, 1.0, "δ2 = ∂A_out/∂A_in");

        // δ3 = ∂A_in/∂Z_out,1 = v1 = −0.2: ∂L/∂Z_out,1 = δ1·δ2·δ3 = 0.12.
        Exact(net[2].InputGradient![0, 0], 0.12, "δ1·δ2·δ3");
        Exact(net[2].InputGradient![0, 0] / net[3].InputGradient![0, 0], -0.2, "δ3 = v1");

        // δ4 = ReL'(Z_in,1) = ReL'(−0.9) = 0: hidden unit 1 is dead for this input.
        ReLU.Derivative(net[0].Output![0, 0]).Should().Be(0.0, "δ4 = ReL'(−0.9)");
        net[1].InputGradient![0, 0].Should().Be(0.0, "δ1·δ2·δ3·δ4 = 0");

        // δ5 = ∂Z_in,1/∂u11 = x1 = 1.
        net[0].Input![0, 0].Should().Be(1.0, "δ5 = x1");

        // ∂L/∂u11 = δ1·δ2·δ3·δ4·δ5 = 0 (u11 = E_{1,1,1} = W1[0, 0]).
        net.GetGradient("0.weight")[0, 0].Should().Be(0.0, "the sheet's example weight u11 has a zero gradient");
    }

    [Fact]
    public void S000_11_FullSseGradient()
    {
        var net = Net();
        ForwardBackward(net, MseLoss.Sse());

        Exact(net.GetGradient("2.bias")[0, 0], -0.6, "∂L/∂d");

        Matrix<double> dv = net.GetGradient("2.weight");            // 1×2 = (∂L/∂v)ᵀ
        dv[0, 0].Should().Be(0.0, "∂L/∂v1 = δ·Z_out,1 = 0");
        Exact(dv[0, 1], -0.9, "∂L/∂v2 = −0.6·1.5");

        Exact(net[2].InputGradient![0, 0], 0.12, "∂L/∂Z_out,1");
        Exact(net[2].InputGradient![1, 0], -0.36, "∂L/∂Z_out,2");

        net[1].InputGradient![0, 0].Should().Be(0.0, "∂L/∂Z_in,1");
        Exact(net[1].InputGradient![1, 0], -0.36, "∂L/∂Z_in,2");

        Matrix<double> dc = net.GetGradient("0.bias");
        dc.RowCount.Should().Be(2);
        dc.ColumnCount.Should().Be(1, "a bias gradient is an out×1 column");
        dc[0, 0].Should().Be(0.0, "∂L/∂c1 = ∂L/∂Z_in,1");
        Exact(dc[1, 0], -0.36, "∂L/∂c2 = ∂L/∂Z_in,2");

        Matrix<double> dW1 = net.GetGradient("0.weight");
        dW1[0, 0].Should().Be(0.0, "weights into hidden 1");
        dW1[0, 1].Should().Be(0.0, "weights into hidden 1");
        Exact(dW1[1, 0], -0.36, "weights into hidden 2");
        Exact(dW1[1, 1], -0.36, "weights into hidden 2");
    }

    [Fact]
    public void S000_12_OneSgdStepThenSecondForward()
    {
        var net = Net();
        var sse = MseLoss.Sse();
        Exact(ForwardBackward(net, sse), 0.09, "loss before the step");
        new Sgd(net, 0.1).Step(); // α = 0.1

        Matrix<double> w1 = net.GetParameter("0.weight").Value;
        Exact(w1[0, 0], -0.7, "hidden-1 weights unchanged (zero gradient)");
        Exact(w1[0, 1], 0.2, "hidden-1 weights unchanged (zero gradient)");
        Exact(w1[1, 0], 0.936, "0.9 − 0.1·(−0.36)");
        Exact(w1[1, 1], 0.536, "0.5 − 0.1·(−0.36)");
        Matrix<double> c = net.GetParameter("0.bias").Value;
        Exact(c[0, 0], -0.4, "c1 unchanged");
        Exact(c[1, 0], 0.136, "0.1 − 0.1·(−0.36)");
        Matrix<double> v = net.GetParameter("2.weight").Value;
        Exact(v[0, 0], -0.2, "v1 unchanged");
        Exact(v[0, 1], 0.69, "0.6 − 0.1·(−0.9)");
        Exact(net.GetParameter("2.bias").Value[0, 0], 0.86, "0.8 − 0.1·(−0.6)");

        net.Forward(X);
        Exact(net[0].Output![0, 0], -0.9, "new Z_in,1");
        Exact(net[0].Output![1, 0], 1.608, "new Z_in,2 = 0.936 + 0.536 + 0.136");
        Exact(net.Output![0, 0], 1.96952, "new A_out = 0.69·1.608 + 0.86");
        Exact(sse.Forward(net.Output!, Y), 0.0009290304, "new SSE = (2 − 1.96952)²");
    }
}
