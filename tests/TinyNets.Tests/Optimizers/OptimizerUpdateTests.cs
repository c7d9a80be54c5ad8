namespace TinyNets.Tests.Optimizers;

/// <summary>
/// Optimizer steps against PyTorch's documented algorithms (torch.optim.SGD, Adam, AdamW pseudo-code), re-implemented
/// here element by element in plain scalar code. Every optimizer in the library is element-wise, so each parameter entry
/// is checked against its own scalar trajectory after steps 1, 2 and 3.
/// </summary>
public class OptimizerUpdateTests
{
    private const int StepsToCheck = 3;

    // ------------------------------------------------------------------ references (PyTorch's documented algorithms)

    /// <summary>
    /// torch.optim.SGD, for one scalar: g ← g + λθ (if λ ≠ 0); if μ ≠ 0: b ← g (t = 1) else μb + (1 − τ)g; g ← g + μb
    /// (Nesterov) or b; θ ← θ − γg. Returns θ after every step.
    /// </summary>
    internal static double[] SgdReference(double theta, double[] gradients, double lr, double momentum, double dampening, bool nesterov, double weightDecay)
    {
        var thetas = new double[gradients.Length];
        double buffer = 0;
        for (int t = 1; t <= gradients.Length; t++)
        {
            double g = gradients[t - 1];
            if (weightDecay != 0)
            {
                g += weightDecay * theta;
            }

            if (momentum != 0)
            {
                buffer = t > 1 ? (momentum * buffer) + ((1 - dampening) * g) : g;
                g = nesterov ? g + (momentum * buffer) : buffer;
            }

            theta -= lr * g;
            thetas[t - 1] = theta;
        }

        return thetas;
    }

    /// <summary>
    /// torch.optim.Adam / AdamW, for one scalar: AdamW θ ← θ − γλθ; Adam g ← g + λθ; m ← β₁m + (1 − β₁)g;
    /// v ← β₂v + (1 − β₂)g²; m̂ = m/(1 − β₁ᵗ); v̂ = v/(1 − β₂ᵗ); θ ← θ − γ·m̂/(√v̂ + ε). Returns θ after every step.
    /// </summary>
    internal static double[] AdamReference(double theta, double[] gradients, double lr, double beta1, double beta2, double eps, double weightDecay, bool decoupled)
    {
        var thetas = new double[gradients.Length];
        double m = 0, v = 0;
        for (int t = 1; t <= gradients.Length; t++)
        {
            double g = gradients[t - 1];
            if (decoupled)
            {
                theta -= lr * weightDecay * theta;
            }
            else if (weightDecay != 0)
            {
                g += weightDecay * theta;
            }

            m = (beta1 * m) + ((1 - beta1) * g);
            v = (beta2 * v) + ((1 - beta2) * g * g);
            double mHat = m / (1 - Math.Pow(beta1, t));
            double vHat = v / (1 - Math.Pow(beta2, t));
            theta -= lr * mHat / (Math.Sqrt(vHat) + eps);
            thetas[t - 1] = theta;
        }

        return thetas;
    }

    // ------------------------------------------------------------------ fixture

    /// <summary>Linear(2,3), ReLU, Linear(3,1): four parameter tensors of lengths 6, 3, 3, 1 (13 scalars), so that
    /// per-parameter state (momentum buffers, moments) must be kept apart.</summary>
    private static Sequential Net()
    {
        var net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
        int k = 0;
        foreach (KeyValuePair<string, Parameter> p in net.NamedParameters)
        {
            Span<double> data = p.Value.Data;
            for (int i = 0; i < data.Length; i++, k++)
            {
                data[i] = InitialValue(k);
            }
        }

        return net;
    }

    private static double InitialValue(int k) => 0.8 * Math.Cos(0.9 * k);

    /// <summary>The gradient of scalar number <paramref name="k"/> at step <paramref name="t"/> (1-based): varied signs and sizes.</summary>
    private static double GradientAt(int t, int k) => Math.Sin((1.3 * t) + (0.7 * k) + 0.2);

    private static void WriteGradients(Sequential net, int t)
    {
        int k = 0;
        foreach (KeyValuePair<string, Parameter> p in net.NamedParameters)
        {
            Span<double> grad = p.Value.GradientData;
            for (int i = 0; i < grad.Length; i++, k++)
            {
                grad[i] = GradientAt(t, k);
            }
        }
    }

    private static double[] Flatten(Sequential net) => net.NamedParameters.SelectMany(p => p.Value.ToVector().ToArray()).ToArray();

    /// <summary>Runs three steps with the given gradients and checks every scalar after each step against its reference trajectory.</summary>
    private static void CheckThreeSteps(Sequential net, Optimizer optimizer, Func<double, double[], double[]> reference)
    {
        int count = Flatten(net).Length;
        count.Should().Be(13);
        var expected = new double[count][];
        for (int k = 0; k < count; k++)
        {
            double[] gradients = Enumerable.Range(1, StepsToCheck).Select(t => GradientAt(t, k)).ToArray();
            expected[k] = reference(InitialValue(k), gradients);
        }

        for (int t = 1; t <= StepsToCheck; t++)
        {
            WriteGradients(net, t);
            optimizer.Step();
            double[] actual = Flatten(net);
            for (int k = 0; k < count; k++)
            {
                Exact(actual[k], expected[k][t - 1], $"scalar {k} after step {t}");
            }
        }
    }

    // ------------------------------------------------------------------ SGD

    [Theory]
    [InlineData(0.1, 0.0, 0.0, false, 0.0)] // plain SGD
    [InlineData(0.1, 0.0, 0.0, false, 0.05)] // SGD + weight decay
    [InlineData(0.1, 0.9, 0.0, false, 0.0)] // momentum (first step b = g)
    [InlineData(0.1, 0.9, 0.3, false, 0.0)] // momentum + dampening
    [InlineData(0.1, 0.9, 1.0, false, 0.0)] // dampening 1: b stays μ^(t−1)·g₁
    [InlineData(0.1, 0.9, 0.0, true, 0.0)] // Nesterov
    [InlineData(0.1, 0.9, 0.0, true, 0.02)] // Nesterov + weight decay
    [InlineData(0.05, 0.8, 0.5, false, 0.1)] // momentum + dampening + weight decay
    [InlineData(0.3, 0.0, 0.7, false, 0.0)] // dampening without momentum has no effect
    public void Sgd_ThreeSteps_MatchPyTorchAlgorithm(double lr, double momentum, double dampening, bool nesterov, double weightDecay)
    {
        Sequential net = Net();
        var sgd = new Sgd(net, lr, momentum, dampening, nesterov, weightDecay);

        CheckThreeSteps(net, sgd, (theta, g) => SgdReference(theta, g, lr, momentum, dampening, nesterov, weightDecay));
        sgd.Steps.Should().Be(StepsToCheck);
    }

    [Fact]
    public void Sgd_OverNamedParameters_MatchesPyTorchAlgorithm()
    {
        Sequential net = Net();
        var sgd = new Sgd(net.NamedParameters, 0.1, momentum: 0.9, nesterov: true);

        CheckThreeSteps(net, sgd, (theta, g) => SgdReference(theta, g, 0.1, 0.9, 0, true, 0));
    }

    [Fact]
    public void Sgd_Momentum_ConstantGradient_WorkedByHand()
    {
        // θ₀ = 1, g = 1 every step, η = 0.1, μ = 0.9.
        // Momentum: b = 1, 1.9, 2.71 → θ = 1 − 0.1 = 0.9, 0.9 − 0.19 = 0.71, 0.71 − 0.271 = 0.439.
        // Nesterov: b as above, update g + μb = 1.9, 2.71, 3.439 → θ = 0.81, 0.539, 0.1951.
        // Plain SGD: θ = 0.9, 0.8, 0.7. Weight decay λ = 0.5 alone: g = 1 + 0.5θ → θ = 1 − 0.1·1.5 = 0.85,
        // 0.85 − 0.1·1.425 = 0.7075, 0.7075 − 0.1·1.35375 = 0.572125.
        var cases = new (Func<Sequential, Sgd> Make, double[] Expected)[]
        {
            (n => new Sgd(n, 0.1, momentum: 0.9), new[] { 0.9, 0.71, 0.439 }),
            (n => new Sgd(n, 0.1, momentum: 0.9, nesterov: true), new[] { 0.81, 0.539, 0.1951 }),
            (n => new Sgd(n, 0.1), new[] { 0.9, 0.8, 0.7 }),
            (n => new Sgd(n, 0.1, weightDecay: 0.5), new[] { 0.85, 0.7075, 0.572125 }),
        };

        foreach ((Func<Sequential, Sgd> make, double[] expected) in cases)
        {
            var net = new Sequential(new Linear(1, 1, bias: false));
            net.SetParameter("0.weight", new[,] { { 1.0 } });
            Sgd sgd = make(net);
            for (int t = 0; t < 3; t++)
            {
                net.GetParameter("0.weight").GradientData[0] = 1.0;
                sgd.Step();
                Exact(net.GetParameter("0.weight").Data[0], expected[t], $"{sgd} after step {t + 1}");
            }
        }
    }

    [Fact]
    public void Sgd_GradientsFromBackward_MatchScalarForwardBackwardReference()
    {
        // Linear(2,1), one sample x = (1.5, −2), y = 0.5, MSE (mean over one element): L = (z − y)², z = w₁x₁ + w₂x₂ + b,
        // ∂L/∂(w₁, w₂, b) = 2(z − y)·(x₁, x₂, 1). Three steps of Nesterov SGD with weight decay, gradients by backward.
        double[] x = [1.5, -2.0];
        const double y = 0.5, lr = 0.05, mu = 0.9, wd = 0.01;
        var net = new Sequential(new Linear(2, 1));
        net.SetParameter("0.weight", new[,] { { 0.3, -0.4 } });
        net.SetParameter("0.bias", new[] { 0.2 });
        var sgd = new Sgd(net, lr, momentum: mu, nesterov: true, weightDecay: wd);
        var loss = new MseLoss();
        Matrix<double> input = Matrix<double>.Build.DenseOfColumnArrays(x);
        Matrix<double> target = Matrix<double>.Build.Dense(1, 1, y);

        double[] theta = [0.3, -0.4, 0.2];
        double[] buffer = new double[3];
        for (int t = 1; t <= 3; t++)
        {
            double z = (theta[0] * x[0]) + (theta[1] * x[1]) + theta[2];
            double dz = 2 * (z - y);
            double[] grad = [dz * x[0], dz * x[1], dz];
            for (int i = 0; i < 3; i++)
            {
                double g = grad[i] + (wd * theta[i]);
                buffer[i] = t == 1 ? g : (mu * buffer[i]) + g;
                theta[i] -= lr * (g + (mu * buffer[i]));
            }

            loss.Forward(net.Forward(input), target);
            net.Backward(loss.Backward());
            sgd.Step();
            Exact(net.GetParameter("0.weight").Data[0], theta[0], $"w1 after step {t}");
            Exact(net.GetParameter("0.weight").Data[1], theta[1], $"w2 after step {t}");
            Exact(net.GetParameter("0.bias").Data[0], theta[2], $"b after step {t}");
        }
    }

    // ------------------------------------------------------------------ Adam / AdamW

    [Theory]
    [InlineData(0.1, 0.9, 0.999, 1e-8, 0.0)] // default betas, no weight decay
    [InlineData(0.1, 0.9, 0.999, 1e-8, 0.05)] // L2 weight decay
    [InlineData(0.01, 0.9, 0.999, 1e-8, 0.3)] // L2 weight decay, small lr
    [InlineData(0.05, 0.3, 0.5, 1e-3, 0.0)] // β₁ < ½: torch.lerp's other branch; a large ε
    [InlineData(0.05, 0.0, 0.0, 1e-8, 0.0)] // β = 0: m = g, v = g² (sign-like steps)
    public void Adam_ThreeSteps_MatchPyTorchAlgorithm(double lr, double beta1, double beta2, double eps, double weightDecay)
    {
        Sequential net = Net();
        var adam = new Adam(net, lr, beta1, beta2, eps, weightDecay);

        CheckThreeSteps(net, adam, (theta, g) => AdamReference(theta, g, lr, beta1, beta2, eps, weightDecay, decoupled: false));
        adam.Steps.Should().Be(StepsToCheck);
    }

    [Theory]
    [InlineData(0.1, 0.9, 0.999, 1e-8, 0.05)]
    [InlineData(0.1, 0.9, 0.999, 1e-8, 0.0)] // no decay: same as Adam
    [InlineData(0.02, 0.8, 0.99, 1e-6, 2.0)] // a strong decoupled decay
    [InlineData(0.05, 0.3, 0.5, 1e-3, 0.1)]
    public void AdamW_ThreeSteps_MatchPyTorchAlgorithm(double lr, double beta1, double beta2, double eps, double weightDecay)
    {
        Sequential net = Net();
        var adamW = new AdamW(net, lr, beta1, beta2, eps, weightDecay);

        CheckThreeSteps(net, adamW, (theta, g) => AdamReference(theta, g, lr, beta1, beta2, eps, weightDecay, decoupled: true));
        adamW.Steps.Should().Be(StepsToCheck);
    }

    [Fact]
    public void Adam_Defaults_ArePyTorchs()
    {
        Sequential net = Net();
        var adam = new Adam(net);
        adam.LearningRate.Should().Be(1e-3);
        adam.Beta1.Should().Be(0.9);
        adam.Beta2.Should().Be(0.999);
        adam.Epsilon.Should().Be(1e-8);
        adam.WeightDecay.Should().Be(0);
        CheckThreeSteps(net, adam, (theta, g) => AdamReference(theta, g, 1e-3, 0.9, 0.999, 1e-8, 0, decoupled: false));
    }

    [Fact]
    public void AdamW_Defaults_ArePyTorchs_WeightDecay001()
    {
        Sequential net = Net();
        var adamW = new AdamW(net);
        adamW.LearningRate.Should().Be(1e-3);
        adamW.WeightDecay.Should().Be(0.01);
        CheckThreeSteps(net, adamW, (theta, g) => AdamReference(theta, g, 1e-3, 0.9, 0.999, 1e-8, 0.01, decoupled: true));
    }

    [Fact]
    public void AdamW_OverNamedParameters_MatchesPyTorchAlgorithm()
    {
        Sequential net = Net();
        var adamW = new AdamW(net.NamedParameters, 0.1, weightDecay: 0.05);
        CheckThreeSteps(net, adamW, (theta, g) => AdamReference(theta, g, 0.1, 0.9, 0.999, 1e-8, 0.05, decoupled: true));
    }

    [Fact]
    public void Adam_FirstSteps_MoveByLearningRateTimesSign_WorkedByHand()
    {
        // With a constant gradient g, bias correction gives m̂ = g and v̂ = g² at every step, so each step moves θ by
        // η·g/(|g| + ε) ≈ η·sign(g), whatever |g| is. η = 0.1, g = 0.5: 0.1·0.5/(0.5 + 1e-8) = 0.1/(1 + 2e-8)
        // = 0.0999999980000000400 → θ = 1 − that = 0.900000002, then 0.800000004, 0.700000006.
        // g = −1000: 0.1·1000/(1000 + 1e-8) = 0.1·(1 − 1e-11) = 0.099999999999 → θ = 1.099999999999, 1.199999999998, …
        // AdamW λ = 0.01 (g = 0.5), first step: θ(1 − ηλ) = 0.999, then − 0.099999998 → 0.899000002.
        // Adam L2 λ = 0.01 (g = 0.5), first step: g' = 0.5 + 0.01·1 = 0.51, the step is still ≈ η:
        // 0.1/(1 + 1e-8/0.51) = 0.1 − 1.9607843e-9 → θ = 0.9000000019607843.
        var cases = new (Func<Sequential, Optimizer> Make, double Gradient, double[] Expected)[]
        {
            (n => new Adam(n, 0.1), 0.5, new[] { 0.900000002, 0.800000004, 0.700000006 }),
            (n => new Adam(n, 0.1), -1000.0, new[] { 1.099999999999, 1.199999999998, 1.299999999997 }),
            (n => new AdamW(n, 0.1, weightDecay: 0.01), 0.5, new[] { 0.899000002 }),
            (n => new Adam(n, 0.1, weightDecay: 0.01), 0.5, new[] { 0.9000000019607843 }),
        };

        foreach ((Func<Sequential, Optimizer> make, double gradient, double[] expected) in cases)
        {
            var net = new Sequential(new Linear(1, 1, bias: false));
            net.SetParameter("0.weight", new[,] { { 1.0 } });
            Optimizer optimizer = make(net);
            for (int t = 0; t < expected.Length; t++)
            {
                net.GetParameter("0.weight").GradientData[0] = gradient;
                optimizer.Step();
                Exact(net.GetParameter("0.weight").Data[0], expected[t], $"{optimizer}, g = {gradient}, after step {t + 1}");
            }
        }
    }

    [Fact]
    public void Adam_GradientsFromBackward_MatchScalarForwardBackwardReference()
    {
        // As the SGD case: Linear(2,1), x = (1.5, −2), y = 0.5, L = (z − y)², three Adam steps (L2 λ = 0.02).
        double[] x = [1.5, -2.0];
        const double y = 0.5, lr = 0.05, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.02;
        var net = new Sequential(new Linear(2, 1));
        net.SetParameter("0.weight", new[,] { { 0.3, -0.4 } });
        net.SetParameter("0.bias", new[] { 0.2 });
        var adam = new Adam(net, lr, b1, b2, eps, wd);
        var loss = new MseLoss();
        Matrix<double> input = Matrix<double>.Build.DenseOfColumnArrays(x);
        Matrix<double> target = Matrix<double>.Build.Dense(1, 1, y);

        double[] theta = [0.3, -0.4, 0.2];
        double[] m = new double[3], v = new double[3];
        for (int t = 1; t <= 3; t++)
        {
            double z = (theta[0] * x[0]) + (theta[1] * x[1]) + theta[2];
            double dz = 2 * (z - y);
            double[] grad = [dz * x[0], dz * x[1], dz];
            for (int i = 0; i < 3; i++)
            {
                double g = grad[i] + (wd * theta[i]);
                m[i] = (b1 * m[i]) + ((1 - b1) * g);
                v[i] = (b2 * v[i]) + ((1 - b2) * g * g);
                theta[i] -= lr * (m[i] / (1 - Math.Pow(b1, t))) / (Math.Sqrt(v[i] / (1 - Math.Pow(b2, t))) + eps);
            }

            loss.Forward(net.Forward(input), target);
            net.Backward(loss.Backward());
            adam.Step();
            Exact(net.GetParameter("0.weight").Data[0], theta[0], $"w1 after step {t}");
            Exact(net.GetParameter("0.weight").Data[1], theta[1], $"w2 after step {t}");
            Exact(net.GetParameter("0.bias").Data[0], theta[2], $"b after step {t}");
        }
    }

    [Fact]
    public void LearningRate_ChangedBetweenSteps_IsUsedFromThenOn()
    {
        // A schedule: η = 0.1 for step 1, 0.02 for step 2 (SGD momentum 0.9, g = 1, θ₀ = 1):
        // θ₁ = 1 − 0.1·1 = 0.9; b₂ = 1.9; θ₂ = 0.9 − 0.02·1.9 = 0.862.
        var net = new Sequential(new Linear(1, 1, bias: false));
        net.SetParameter("0.weight", new[,] { { 1.0 } });
        var sgd = new Sgd(net, 0.1, momentum: 0.9);
        net.GetParameter("0.weight").GradientData[0] = 1.0;
        sgd.Step();
        sgd.LearningRate = 0.02;
        sgd.Step();
        Exact(net.GetParameter("0.weight").Data[0], 0.862);
    }

    [Fact]
    public void ZeroGradients_ClearsEveryGradient()
    {
        Sequential net = Net();
        var adam = new Adam(net);
        WriteGradients(net, 1);
        adam.ZeroGradients();
        net.NamedParameters.SelectMany(p => p.Value.Gradient.ToColumnMajorArray()).Should().OnlyContain(g => g == 0);
    }

    // ------------------------------------------------------------------ allocation

    public static TheoryData<string> OptimizerKinds => new() { "sgd", "sgd-momentum-nesterov-decay", "sgd-dampening", "adam", "adam-l2", "adamw" };

    private static Optimizer Make(string kind, Sequential net) => kind switch
    {
        "sgd" => new Sgd(net, 0.01),
        "sgd-momentum-nesterov-decay" => new Sgd(net, 0.01, momentum: 0.9, nesterov: true, weightDecay: 1e-4),
        "sgd-dampening" => new Sgd(net, 0.01, momentum: 0.5, dampening: 0.2),
        "adam" => new Adam(net),
        "adam-l2" => new Adam(net, weightDecay: 1e-3),
        _ => new AdamW(net),
    };

    [Theory]
    [MemberData(nameof(OptimizerKinds))]
    public void Step_AllocatesNothingAfterConstruction(string kind)
    {
        Sequential net = Net();
        WriteGradients(net, 1);
        Optimizer optimizer = Make(kind, net);
        for (int i = 0; i < 3; i++)
        {
            optimizer.Step();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            optimizer.Step();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        allocated.Should().Be(0, "{0} keeps its state in buffers allocated at construction", kind);
    }
}
