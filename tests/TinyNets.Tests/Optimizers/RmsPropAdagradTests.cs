namespace TinyNets.Tests.Optimizers;

/// <summary>
/// RmsProp and Adagrad to the last bit: PyTorch's single-tensor updates (torch/optim/rmsprop.py <c>_single_tensor_rmsprop</c>,
/// adagrad.py <c>_single_tensor_adagrad</c>) written out here for one scalar in their own order of operations.
/// <c>addcmul_(t₁, t₂, value)</c> is self + value·t₁·t₂ and <c>addcdiv_(t₁, t₂, value)</c> self + value·t₁/t₂, each
/// evaluated left to right as aten's CPU kernels do; each test shows that its data tells that rounding of addcdiv from
/// value·(t₁/t₂), so it could fail.
/// </summary>
public class RmsPropAdagradTests
{
    private const int Steps = 4;

    private static double Initial(int k) => Math.Cos((0.37 * k) + 0.1) * (1 + (k % 5));

    private static double Gradient(int t, int k) => Math.Sin((1.7 * t) + (0.61 * k)) * (0.5 + (k % 7));

    private static double AddCDiv(double self, double value, double t1, double t2, bool torchOrder) =>
        torchOrder ? self + (value * t1 / t2) : self + (value * (t1 / t2));

    /// <summary>torch.lerp(start, end, w): start + w·(end − start) for |w| &lt; ½, else end − (end − start)·(1 − w).</summary>
    private static double TorchLerp(double start, double end, double w) =>
        Math.Abs(w) < 0.5 ? start + (w * (end - start)) : end - ((end - start) * (1 - w));

    /// <summary>
    /// _single_tensor_rmsprop: grad = grad.add(param, alpha=λ) if λ ≠ 0; square_avg.mul_(α).addcmul_(grad, grad, value=1 − α);
    /// centered: grad_avg.lerp_(grad, 1 − α), avg = square_avg.addcmul(grad_avg, grad_avg, value=−1).sqrt_(); else
    /// avg = square_avg.sqrt(); avg = avg.add_(ε); momentum: buf.mul_(μ).addcdiv_(grad, avg), param.add_(buf, alpha=−lr);
    /// else param.addcdiv_(grad, avg, value=−lr).
    /// </summary>
    private static double[] RmsPropReference(
        double theta, double[] gradients, double lr, double alpha, double eps, double weightDecay, double momentum, bool centered, bool torchOrder)
    {
        var thetas = new double[gradients.Length];
        double squareAvg = 0, gradAvg = 0, buf = 0;
        for (int t = 0; t < gradients.Length; t++)
        {
            double grad = gradients[t];
            if (weightDecay != 0)
            {
                grad += weightDecay * theta;
            }

            squareAvg *= alpha;
            squareAvg += (1 - alpha) * grad * grad;
            double avg;
            if (centered)
            {
                gradAvg = TorchLerp(gradAvg, grad, 1 - alpha);
                avg = Math.Sqrt(squareAvg + (-1.0 * gradAvg * gradAvg));
            }
            else
            {
                avg = Math.Sqrt(squareAvg);
            }

            avg += eps;
            if (momentum > 0)
            {
                buf = AddCDiv(buf * momentum, 1.0, grad, avg, torchOrder);
                theta += -lr * buf;
            }
            else
            {
                theta = AddCDiv(theta, -lr, grad, avg, torchOrder);
            }

            thetas[t] = theta;
        }

        return thetas;
    }

    /// <summary>
    /// _single_tensor_adagrad: grad = grad.add(param, alpha=λ) if λ ≠ 0; clr = lr / (1 + (step − 1)·lr_decay);
    /// state_sum.addcmul_(grad, grad, value=1); std = state_sum.sqrt().add_(ε); param.addcdiv_(grad, std, value=−clr).
    /// </summary>
    private static double[] AdagradReference(
        double theta, double[] gradients, double lr, double lrDecay, double weightDecay, double initial, double eps, bool torchOrder)
    {
        var thetas = new double[gradients.Length];
        double sum = initial;
        for (int step = 1; step <= gradients.Length; step++)
        {
            double grad = gradients[step - 1];
            if (weightDecay != 0)
            {
                grad += weightDecay * theta;
            }

            double clr = lr / (1 + ((step - 1) * lrDecay));
            sum += 1.0 * grad * grad;
            double std = Math.Sqrt(sum) + eps;
            theta = AddCDiv(theta, -clr, grad, std, torchOrder);
            thetas[step - 1] = theta;
        }

        return thetas;
    }

    private static Sequential Net()
    {
        var net = new Sequential(new Linear(8, 8));
        int k = 0;
        foreach (KeyValuePair<string, Parameter> p in net.NamedParameters)
        {
            Span<double> data = p.Value.Data;
            for (int i = 0; i < data.Length; i++, k++)
            {
                data[i] = Initial(k);
            }
        }

        return net;
    }

    /// <summary>Steps the optimizer with the synthetic gradients and compares every scalar to its reference, bit for bit.</summary>
    private static void CompareBitForBit(Sequential net, Optimizer optimizer, Func<double, double[], bool, double[]> reference, bool withAddCDiv = true)
    {
        int count = net.CountParameters().Total;
        var expected = new double[count][];
        int differing = 0;
        for (int k = 0; k < count; k++)
        {
            double[] gradients = Enumerable.Range(1, Steps).Select(t => Gradient(t, k)).ToArray();
            expected[k] = reference(Initial(k), gradients, true);
            double[] other = reference(Initial(k), gradients, false);
            differing += expected[k].Zip(other).Count(e => BitConverter.DoubleToInt64Bits(e.First) != BitConverter.DoubleToInt64Bits(e.Second));
        }

        if (withAddCDiv)
        {
            differing.Should().BePositive("the data must tell value·t₁/t₂ from value·(t₁/t₂), or this test could not fail");
        }

        for (int t = 1; t <= Steps; t++)
        {
            int k = 0;
            foreach (KeyValuePair<string, Parameter> p in net.NamedParameters)
            {
                Span<double> grad = p.Value.GradientData;
                for (int i = 0; i < grad.Length; i++, k++)
                {
                    grad[i] = Gradient(t, k);
                }
            }

            optimizer.Step();
            double[] actual = net.NamedParameters.SelectMany(p => p.Value.ToVector()).ToArray();
            for (k = 0; k < count; k++)
            {
                BitConverter.DoubleToInt64Bits(actual[k]).Should().Be(
                    BitConverter.DoubleToInt64Bits(expected[k][t - 1]), $"scalar {k} after step {t} ({actual[k]:R} vs {expected[k][t - 1]:R})");
            }
        }
    }

    [Theory]
    [InlineData(0.01, 0.99, 1e-8, 0.0, 0.0, false)] // PyTorch's defaults
    [InlineData(0.05, 0.9, 1e-6, 0.01, 0.0, false)]
    [InlineData(0.02, 0.99, 1e-8, 0.0, 0.9, false)]
    [InlineData(0.02, 0.95, 1e-8, 0.0, 0.0, true)]
    [InlineData(0.03, 0.3, 1e-7, 0.05, 0.5, true)] // 1 − α = 0.7: torch.lerp's other formula
    public void RmsProp_FourSteps_AreBitForBitPyTorchs(double lr, double alpha, double eps, double weightDecay, double momentum, bool centered)
    {
        Sequential net = Net();
        var rmsProp = new RmsProp(net, lr, alpha, eps, weightDecay, momentum, centered);
        // With momentum the parameter's update is param.add_(buf, alpha=−lr), and the buffer's addcdiv has value 1.
        CompareBitForBit(net, rmsProp, (theta, g, order) => RmsPropReference(theta, g, lr, alpha, eps, weightDecay, momentum, centered, order), withAddCDiv: momentum == 0);
    }

    [Theory]
    [InlineData(0.01, 0.0, 0.0, 0.0, 1e-10)] // PyTorch's defaults
    [InlineData(0.1, 0.05, 0.0, 0.0, 1e-10)]
    [InlineData(0.05, 0.0, 0.02, 0.1, 1e-8)]
    [InlineData(0.2, 0.5, 0.01, 0.25, 1e-6)]
    public void Adagrad_FourSteps_AreBitForBitPyTorchs(double lr, double lrDecay, double weightDecay, double initial, double eps)
    {
        Sequential net = Net();
        var adagrad = new Adagrad(net, lr, lrDecay, weightDecay, initial, eps);
        CompareBitForBit(net, adagrad, (theta, g, order) => AdagradReference(theta, g, lr, lrDecay, weightDecay, initial, eps, order));
    }

    [Fact]
    public void TheDefaults_ArePyTorchs()
    {
        var rmsProp = new RmsProp(Net());
        rmsProp.LearningRate.Should().Be(0.01);
        rmsProp.Alpha.Should().Be(0.99);
        rmsProp.Epsilon.Should().Be(1e-8);
        rmsProp.WeightDecay.Should().Be(0);
        rmsProp.Momentum.Should().Be(0);
        rmsProp.Centered.Should().BeFalse();
        rmsProp.ToString().Should().Be("RmsProp(lr=0.01, alpha=0.99, eps=1E-08, weight_decay=0, momentum=0, centered=False)");

        var adagrad = new Adagrad(Net());
        adagrad.LearningRate.Should().Be(0.01);
        adagrad.LearningRateDecay.Should().Be(0);
        adagrad.WeightDecay.Should().Be(0);
        adagrad.InitialAccumulatorValue.Should().Be(0);
        adagrad.Epsilon.Should().Be(1e-10);
        adagrad.ToString().Should().Be("Adagrad(lr=0.01, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1E-10)");
    }

    [Fact]
    public void TheState_UsesPyTorchsNames_AndAdagradsSumStartsAtTheInitialValue()
    {
        Sequential net = Net();
        OptimizerState plain = new RmsProp(net).GetState();
        plain.Kind.Should().Be("RMSprop");
        plain.HyperParameters.Keys.Should().BeEquivalentTo("lr", "alpha", "eps", "weight_decay", "momentum", "centered");
        plain.Buffers.Select(b => $"{b.Parameter}/{b.Name}").Should().Equal("0.weight/square_avg", "0.bias/square_avg");
        new RmsProp(net, momentum: 0.9, centered: true).GetState().Buffers.Select(b => $"{b.Parameter}/{b.Name}").Should().Equal(
            "0.weight/square_avg", "0.weight/momentum_buffer", "0.weight/grad_avg", "0.bias/square_avg", "0.bias/momentum_buffer", "0.bias/grad_avg");
        new RmsProp(net, centered: true).GetState().HyperParameters["centered"].Should().Be(1);

        OptimizerState adagrad = new Adagrad(net, initialAccumulatorValue: 0.25).GetState();
        adagrad.Kind.Should().Be("Adagrad");
        adagrad.HyperParameters.Keys.Should().BeEquivalentTo("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps");
        adagrad.Buffers.Select(b => $"{b.Parameter}/{b.Name}").Should().Equal("0.weight/sum", "0.bias/sum");
        adagrad.Buffers.SelectMany(b => b.Values).Should().OnlyContain(v => v == 0.25);
    }

    [Fact]
    public void BadHyperParameters_AreRefused_NamingThem()
    {
        Sequential net = Net();
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(net, learningRate: 0)).ParamName.Should().Be("learningRate");
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(net, alpha: 1.5)).Message.Should().Contain("'alpha' must lie in [0, 1]; 1.5 was given");
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(net, alpha: -0.1)).ParamName.Should().Be("alpha");
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(net, epsilon: 0)).ParamName.Should().Be("epsilon");
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(net, weightDecay: -1)).ParamName.Should().Be("weightDecay");
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(net, momentum: 1)).ParamName.Should().Be("momentum");
        Assert.Throws<ArgumentOutOfRangeException>(() => new RmsProp(net, momentum: double.NaN)).ParamName.Should().Be("momentum");
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad(net, learningRate: double.PositiveInfinity)).ParamName.Should().Be("learningRate");
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad(net, learningRateDecay: -0.5)).Message.Should().Contain("'learningRateDecay' must be finite and ≥ 0; -0.5 was given");
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad(net, weightDecay: double.NaN)).ParamName.Should().Be("weightDecay");
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad(net, initialAccumulatorValue: -1)).ParamName.Should().Be("initialAccumulatorValue");
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad(net, epsilon: -1e-10)).ParamName.Should().Be("epsilon");
        Assert.Throws<ArgumentException>(() => new Adagrad(new Sequential(new ReLU()))).ParamName.Should().Be("network");
    }

    [Theory]
    [InlineData("rmsprop")]
    [InlineData("rmsprop-centered-momentum")]
    [InlineData("adagrad")]
    public void AStepAllocatesNothing(string kind)
    {
        Sequential net = Net();
        Optimizer optimizer = kind switch
        {
            "rmsprop" => new RmsProp(net, weightDecay: 0.01),
            "rmsprop-centered-momentum" => new RmsProp(net, momentum: 0.9, centered: true),
            _ => new Adagrad(net, learningRateDecay: 0.1, weightDecay: 0.01),
        };
        foreach (KeyValuePair<string, Parameter> p in net.NamedParameters)
        {
            p.Value.GradientData.Fill(0.125);
        }

        optimizer.Step();

        // As the network's allocation test: the runtime may allocate now and then; the quietest window must read 0.
        long fewest = long.MaxValue;
        for (int window = 0; window < 10 && fewest > 0; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++)
            {
                optimizer.Step();
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        fewest.Should().Be(0, "the buffers are allocated once, at construction");
    }
}
