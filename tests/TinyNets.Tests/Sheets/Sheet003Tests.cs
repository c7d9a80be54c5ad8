namespace TinyNets.Tests.Sheets;

/// <summary>
/// Sheet 003 (ICAI Deep Learning, weeks 4-6, neurons and networks with NumPy): a sigmoid neuron and a 2-2-1 sigmoid
/// network trained with the sheet's "MSE" J = 1/(2N) Σ(y − t)². The sheet has formulas only; S003-07/08 are SYNTH vectors.
/// The sheet's W̃ is in×out (ã = W̃ᵀx + b̃), so "0.weight" = W̃ᵀ. The data rows X are samples, the batch has one sample per column.
/// </summary>
public class Sheet003Tests
{
    // X = [[1, 2], [−1, 0.5], [0.3, −0.7]] (rows = samples) as features × batch, and t = [1, 0, 1].
    private static readonly double[][] Samples = { new[] { 1.0, 2.0 }, new[] { -1.0, 0.5 }, new[] { 0.3, -0.7 } };
    private static readonly double[] T = { 1.0, 0.0, 1.0 };

    private static Matrix<double> X => Matrix<double>.Build.DenseOfColumnArrays(Samples);

    private static Matrix<double> Targets => Matrix<double>.Build.DenseOfRowArrays(T);

    /// <summary>y = σ(w·x + b): Sequential(Linear(2,1), Sigmoid) with w = (0.5, −0.3), b = 0.2.</summary>
    private static Sequential Neuron()
    {
        var net = new Sequential(new Linear(2, 1), new Sigmoid());
        net.SetParameter("0.weight", new[,] { { 0.5, -0.3 } });
        net.SetParameter("0.bias", new[] { 0.2 });
        return net;
    }

    // W̃ = [[0.1, −0.2], [0.3, 0.4]] with rows = inputs, columns = hidden units.
    private static readonly double[,] WTilde = { { 0.1, -0.2 }, { 0.3, 0.4 } };

    /// <summary>The 2-2-1 sigmoid network of S003-08, W̃ loaded transposed.</summary>
    private static Sequential Network221()
    {
        var net = new Sequential(new Linear(2, 2), new Sigmoid(), new Linear(2, 1), new Sigmoid());
        net.SetParameter("0.weight", Matrix<double>.Build.DenseOfArray(WTilde).Transpose());
        net.SetParameter("0.bias", new[] { 0.0, -0.1 });
        net.SetParameter("2.weight", new[,] { { 0.5, -0.6 } });
        net.SetParameter("2.bias", new[] { 0.2 });
        return net;
    }

    private static double ForwardBackward(Sequential net, MseLoss loss)
    {
        net.Forward(X);
        double j = loss.Forward(net.Output!, Targets);
        net.Backward(loss.Backward());
        return j;
    }

    [Fact]
    public void S003_01_SheetMseIsHalfMeanSquaredErrorOverSamples()
    {
        // FLAG-13 / convention: the sheet's "MSE" is J = 1/(2N) Σ(y − t)², half of the usual MSE: MseLoss.HalfMse().
        var random = new SeededRandom(301);
        const int n = 7;
        double[] y = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        double[] t = Enumerable.Range(0, n).Select(_ => random.NextUniform(-1, 2)).ToArray();
        Matrix<double> prediction = Matrix<double>.Build.DenseOfRowArrays(y), target = Matrix<double>.Build.DenseOfRowArrays(t);

        double expected = Enumerable.Range(0, n).Sum(i => (y[i] - t[i]) * (y[i] - t[i])) / (2.0 * n);
        var half = MseLoss.HalfMse();
        Exact(half.Forward(prediction, target), expected);
        for (int i = 0; i < n; i++)
        {
            Exact(half.Backward()[0, i], (y[i] - t[i]) / n, "∂J/∂y_i = (y_i − t_i)/N");
        }

        Exact(new MseLoss().Forward(prediction, target), 2 * expected, "PyTorch's MSE is twice the sheet's");
    }

    [Fact]
    public void S003_02_SingleNeuronGradientMatchesTheSheetsFormula()
    {
        // ∂J/∂w_k = 1/N Σ(y_i − t_i)σ'(a_i)x_{i,k}, ∂J/∂b = 1/N Σ(y_i − t_i)σ'(a_i), σ'(a) = e^{−a}/(1 + e^{−a})².
        // (The sheet's intermediate ∂J/∂y_i = 1/N Σ(y_i − t_i) mixes a sum with one index; it should be (y_i − t_i)/N.)
        static double SigmaPrime(double a) => Math.Exp(-a) / ((1 + Math.Exp(-a)) * (1 + Math.Exp(-a)));

        var random = new SeededRandom(302);
        for (int draw = 0; draw < 20; draw++)
        {
            int n = 1 + random.NextInt32(9);
            double[][] x = Enumerable.Range(0, n).Select(_ => new[] { random.NextUniform(-2, 2), random.NextUniform(-2, 2) }).ToArray();
            double[] t = Enumerable.Range(0, n).Select(_ => (double)random.NextInt32(2)).ToArray();
            double w1 = random.NextUniform(-2, 2), w2 = random.NextUniform(-2, 2), b = random.NextUniform(-1, 1);

            var net = new Sequential(new Linear(2, 1), new Sigmoid());
            net.SetParameter("0.weight", new[,] { { w1, w2 } });
            net.SetParameter("0.bias", new[] { b });
            var loss = MseLoss.HalfMse();
            net.Forward(Matrix<double>.Build.DenseOfColumnArrays(x));
            loss.Forward(net.Output!, Matrix<double>.Build.DenseOfRowArrays(t));
            net.Backward(loss.Backward());

            double dw1 = 0, dw2 = 0, db = 0;
            for (int i = 0; i < n; i++)
            {
                double a = (w1 * x[i][0]) + (w2 * x[i][1]) + b;
                double common = (Sig(a) - t[i]) * SigmaPrime(a) / n;
                dw1 += common * x[i][0];
                dw2 += common * x[i][1];
                db += common;
            }

            Exact(net.GetGradient("0.weight")[0, 0], dw1);
            Exact(net.GetGradient("0.weight")[0, 1], dw2);
            Exact(net.GetGradient("0.bias")[0, 0], db);
        }
    }

    [Fact]
    public void S003_03_SingleNeuronHasThreeParameters()
    {
        Neuron().CountParameters().Should().Be(new ParameterCount(2, 1));
        Neuron().CountParameters().Total.Should().Be(3, "w1, w2, b");
    }

    [Fact]
    public void S003_04_TwoTwoOneNetworkHasNineParametersIncludingBTilde1()
    {
        // FLAG-13: the sheet's list w1, w2, b, W̃11, W̃21, W̃12, W̃12, W̃22, b̃2 names W̃12 twice and omits b̃1.
        var net = Network221();
        net.CountParameters().Should().Be(new ParameterCount(6, 3));
        net.CountParameters().Total.Should().Be(9);
        net.NamedParameters.Select(kv => (kv.Key, kv.Value.Rows, kv.Value.Columns)).Should().Equal(
            ("0.weight", 2, 2), ("0.bias", 2, 1), ("2.weight", 1, 2), ("2.bias", 1, 1));

        // b̃1 is a real parameter with its own, non-zero gradient (S003-08).
        ForwardBackward(net, MseLoss.HalfMse());
        Exact(net.GetGradient("0.bias")[0, 0], -0.003371057801800321, "∂J/∂b̃1");
        net.GetGradient("0.bias")[0, 0].Should().NotBe(0.0);
    }

    [Fact]
    public void S003_05_WTildeIsInputByHiddenSoTheLayerWeightIsItsTranspose()
    {
        // ã = W̃ᵀx + b̃ with W̃_{i,j} = input i → hidden j; PyTorch's weight is out×in, so "0.weight"[j, i] = W̃_{i,j}.
        var net = Network221();
        net.Forward(X);
        Matrix<double> a = net[0].Output!;
        double[] bTilde = { 0.0, -0.1 };
        for (int s = 0; s < 3; s++)
        {
            for (int j = 0; j < 2; j++)
            {
                Exact(a[j, s], (WTilde[0, j] * Samples[s][0]) + (WTilde[1, j] * Samples[s][1]) + bTilde[j]);
            }
        }

        Exact(a[0, 0], 0.7, "ã1 of x = (1, 2): 0.1·1 + 0.3·2 + 0");
        Exact(a[1, 0], 0.5, "ã2 of x = (1, 2): −0.2·1 + 0.4·2 − 0.1");

        // ∂J/∂W̃21 (input 2 → hidden 1) is "0.weight"[0, 1] and contains w1·σ'(ã1)·x2.
        ForwardBackward(net, MseLoss.HalfMse());
        Exact(net.GetGradient("0.weight")[0, 1], -0.00246479046184852);
        Matrix<double> y = net.Output!;
        Matrix<double> h = net[1].Output!;
        double expected = 0;
        for (int s = 0; s < 3; s++)
        {
            double delta = (y[0, s] - T[s]) * y[0, s] * (1 - y[0, s]) / 3.0;
            expected += delta * 0.5 * h[0, s] * (1 - h[0, s]) * Samples[s][1];
        }

        Exact(net.GetGradient("0.weight")[0, 1], expected, "Σ δ · w1 · σ'(ã1) · x2");

        // Loading W̃ without transposing gives a different network (P-15).
        var wrong = Network221();
        wrong.SetParameter("0.weight", WTilde);
        wrong.Forward(X);
        wrong[0].Output![0, 0].Should().NotBeApproximately(0.7, 1e-3);
    }

    [Fact]
    public void S003_06_UpdateRuleIsThetaMinusLearningRateTimesGradient()
    {
        // FLAG-13: §3 writes θ ← θ − ∂J/∂θ; the rule is θ ← θ − ε ∂J/∂θ (as in (2.5)–(2.7)). With ε = 0.5 every parameter
        // of the 2-2-1 network moves by −ε times its S003-08 gradient.
        const double eps = 0.5;
        var net = Network221();
        ForwardBackward(net, MseLoss.HalfMse());
        new Sgd(net, eps).Step();

        Matrix<double> w0 = net.GetParameter("0.weight").Value;
        Exact(w0[0, 0], 0.1 - (eps * -0.01108796362258712), "W̃11");
        Exact(w0[0, 1], 0.3 - (eps * -0.00246479046184852), "W̃21");
        Exact(w0[1, 0], -0.2 - (eps * 0.01340233461011613), "W̃12");
        Exact(w0[1, 1], 0.4 - (eps * 0.003788100305052498), "W̃22");
        Exact(net.GetParameter("0.bias").Value[0, 0], 0.0 - (eps * -0.003371057801800321), "b̃1");
        Exact(net.GetParameter("0.bias").Value[1, 0], -0.1 - (eps * 0.004273307616506619), "b̃2");
        Exact(net.GetParameter("2.weight").Value[0, 0], 0.5 - (eps * -0.01995716356512227), "w1");
        Exact(net.GetParameter("2.weight").Value[0, 1], -0.6 - (eps * -0.01313388792785771), "w2");
        Exact(net.GetParameter("2.bias").Value[0, 0], 0.2 - (eps * -0.03155060818112369), "b");
    }

    [Fact]
    public void S003_07_SingleNeuronHalfMseGradient()
    {
        // SYNTH: X rows (1, 2), (−1, 0.5), (0.3, −0.7); t = (1, 0, 1); w = (0.5, −0.3), b = 0.2; ε = 0.5.
        var net = Neuron();
        double j = ForwardBackward(net, MseLoss.HalfMse());

        Matrix<double> a = net[0].Output!, y = net.Output!;
        double[] aExpected = { 0.1, -0.45, 0.56 };
        double[] yExpected = { 0.52497918747894, 0.3893607660507780, 0.6364525402815664 };
        for (int s = 0; s < 3; s++)
        {
            Exact(a[0, s], aExpected[s]);
            Exact(y[0, s], yExpected[s]);
        }

        Exact(j, 0.08490222232259048);
        Exact(net.GetGradient("0.weight")[0, 0], -0.07875606005986922, "∂J/∂w1");
        Exact(net.GetGradient("0.weight")[0, 1], -0.04391603533582084, "∂J/∂w2");
        Exact(net.GetGradient("0.bias")[0, 0], -0.03666755524249514, "∂J/∂b");

        new Sgd(net, 0.5).Step();
        Exact(net.GetParameter("0.weight").Value[0, 0], 0.5393780300299346);
        Exact(net.GetParameter("0.weight").Value[0, 1], -0.2780419823320895);
        Exact(net.GetParameter("0.bias").Value[0, 0], 0.2183337776212476);
        net.Forward(X);
        Exact(MseLoss.HalfMse().Forward(net.Output!, Targets), 0.08028840132784348, "J after one step");
    }

    [Fact]
    public void S003_08_TwoTwoOneSigmoidNetworkHalfMseGradients()
    {
        // SYNTH: same X, t; W̃ = [[0.1, −0.2], [0.3, 0.4]] (rows = inputs), b̃ = (0, −0.1), w = (0.5, −0.6), b = 0.2.
        var net = Network221();
        double j = ForwardBackward(net, MseLoss.HalfMse());

        double[] yExpected = { 0.5400684675469654, 0.5278668892632967, 0.5479808939343085 };
        for (int s = 0; s < 3; s++)
        {
            Exact(net.Output![0, s], yExpected[s]);
        }

        Exact(j, 0.1157502899289222);
        Exact(net.GetGradient("2.weight")[0, 0], -0.01995716356512227, "∂J/∂w1");
        Exact(net.GetGradient("2.weight")[0, 1], -0.01313388792785771, "∂J/∂w2");
        Exact(net.GetGradient("2.bias")[0, 0], -0.03155060818112369, "∂J/∂b");
        // "0.weight"[j, i] = ∂J/∂W̃_{i+1, j+1}
        Exact(net.GetGradient("0.weight")[0, 0], -0.01108796362258712, "∂J/∂W̃11");
        Exact(net.GetGradient("0.weight")[0, 1], -0.00246479046184852, "∂J/∂W̃21");
        Exact(net.GetGradient("0.bias")[0, 0], -0.003371057801800321, "∂J/∂b̃1");
        Exact(net.GetGradient("0.weight")[1, 0], 0.01340233461011613, "∂J/∂W̃12");
        Exact(net.GetGradient("0.weight")[1, 1], 0.003788100305052498, "∂J/∂W̃22");
        Exact(net.GetGradient("0.bias")[1, 0], 0.004273307616506619, "∂J/∂b̃2");
    }
}
