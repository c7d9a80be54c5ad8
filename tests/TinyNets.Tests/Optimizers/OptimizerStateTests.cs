namespace TinyNets.Tests.Optimizers;

/// <summary>
/// Optimizer.GetState / LoadState: PyTorch's names, a copy that later steps leave alone, a loaded optimizer that
/// continues exactly as the original (the expected values are the original's own continued steps), and every bad state
/// refused with the optimizer left unchanged.
/// </summary>
public class OptimizerStateTests
{
    private static Sequential Net() => new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1)).Initialize(seed: 6);

    private static readonly Matrix<double> X = Matrix<double>.Build.Dense(2, 4, (i, j) => Math.Sin(i + (2 * j)));
    private static readonly Matrix<double> Y = Matrix<double>.Build.Dense(1, 4, (_, j) => j - 1.5);

    private static void Steps(Sequential net, Optimizer optimizer, int count)
    {
        var loss = new MseLoss();
        for (int s = 0; s < count; s++)
        {
            loss.Forward(net.Forward(X), Y);
            net.Backward(loss.Backward());
            optimizer.Step();
        }
    }

    private static long[] Bits(Sequential net) => net.NamedParameters.SelectMany(p => p.Value.ToVector()).Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static string Describe(OptimizerState s) =>
        $"{s.Kind} {s.Steps} " + string.Join(";", s.HyperParameters.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => $"{h.Key}={h.Value:R}")) + " " +
        string.Join(";", s.Buffers.Select(b => $"{b.Parameter}/{b.Name}=" + string.Join(",", b.Values.Select(BitConverter.DoubleToInt64Bits))));

    private static Optimizer Make(string kind, Sequential net) => kind switch
    {
        "sgd" => new Sgd(net, 0.1),
        "sgd-momentum" => new Sgd(net, 0.1, momentum: 0.9, dampening: 0.2, weightDecay: 0.01),
        "nesterov" => new Sgd(net, 0.1, momentum: 0.9, nesterov: true),
        "adam" => new Adam(net, 0.01, weightDecay: 0.01),
        "rmsprop" => new RmsProp(net, 0.01, weightDecay: 0.01),
        "rmsprop-centered-momentum" => new RmsProp(net, 0.01, alpha: 0.9, momentum: 0.8, centered: true),
        "adagrad" => new Adagrad(net, 0.05, learningRateDecay: 0.1, initialAccumulatorValue: 0.1),
        _ => new AdamW(net, 0.01),
    };

    [Fact]
    public void TheState_UsesPyTorchsNames()
    {
        var net = Net();
        OptimizerState sgd = new Sgd(net, 0.1, momentum: 0.9).GetState();
        sgd.Kind.Should().Be("SGD");
        sgd.HyperParameters.Keys.Should().BeEquivalentTo("lr", "momentum", "dampening", "nesterov", "weight_decay");
        sgd.Buffers.Select(b => $"{b.Parameter}/{b.Name}").Should().Equal(
            "0.weight/momentum_buffer", "0.bias/momentum_buffer", "2.weight/momentum_buffer", "2.bias/momentum_buffer");
        new Sgd(net, 0.1).GetState().Buffers.Should().BeEmpty("plain SGD keeps no buffer, as PyTorch's");

        OptimizerState adam = new Adam(net).GetState();
        adam.Kind.Should().Be("Adam");
        adam.HyperParameters.Keys.Should().BeEquivalentTo("lr", "beta1", "beta2", "eps", "weight_decay");
        adam.Buffers.Select(b => $"{b.Parameter}/{b.Name}").Should().StartWith(new[] { "0.weight/exp_avg", "0.weight/exp_avg_sq", "0.bias/exp_avg" });
        new AdamW(net).GetState().Kind.Should().Be("AdamW");
    }

    [Fact]
    public void TheState_IsACopy_ThatLaterStepsLeaveAlone()
    {
        var net = Net();
        var adam = new Adam(net, 0.01);
        Steps(net, adam, 2);
        OptimizerState state = adam.GetState();
        string before = Describe(state);
        Steps(net, adam, 2);
        Describe(state).Should().Be(before);
        state.Steps.Should().Be(2);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("sgd-momentum")]
    [InlineData("nesterov")]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("rmsprop")]
    [InlineData("rmsprop-centered-momentum")]
    [InlineData("adagrad")]
    public void ALoadedState_ContinuesExactlyAsTheOriginal(string kind)
    {
        var original = Net();
        Optimizer optimizer = Make(kind, original);
        Steps(original, optimizer, 3);

        var copy = Net();
        for (int i = 0; i < copy.NamedParameters.Count; i++)
        {
            original.NamedParameters[i].Value.Data.CopyTo(copy.NamedParameters[i].Value.Data);
        }

        Optimizer resumed = Make(kind, copy);
        resumed.LoadState(optimizer.GetState());
        resumed.Steps.Should().Be(3);

        Steps(original, optimizer, 4);
        Steps(copy, resumed, 4);
        Bits(copy).Should().Equal(Bits(original));
        Describe(resumed.GetState()).Should().Be(Describe(optimizer.GetState()));
    }

    [Fact]
    public void LoadState_TakesTheLearningRateFromTheState()
    {
        var net = Net();
        var sgd = new Sgd(net, 0.1, momentum: 0.5);
        sgd.LearningRate = 0.025;
        var other = new Sgd(Net(), 0.3, momentum: 0.5);
        other.LoadState(sgd.GetState());
        other.LearningRate.Should().Be(0.025);
    }

    private static OptimizerState With(
        OptimizerState s, string? kind = null, Dictionary<string, double>? hyper = null, long? steps = null, IEnumerable<OptimizerBuffer>? buffers = null) =>
        new(kind ?? s.Kind, hyper ?? s.HyperParameters.ToDictionary(h => h.Key, h => h.Value), steps ?? s.Steps, buffers ?? s.Buffers);

    [Fact]
    public void BadStates_AreRefused_NamingTheProblem_AndChangeNothing()
    {
        var net = Net();
        var sgd = new Sgd(net, 0.1, momentum: 0.9);
        Steps(net, sgd, 2);
        OptimizerState good = sgd.GetState();
        var target = new Sgd(Net(), 0.1, momentum: 0.9);
        string untouched = Describe(target.GetState());

        void Refused(OptimizerState bad, params string[] says)
        {
            var e = Assert.ThrowsAny<ArgumentException>(() => target.LoadState(bad));
            e.ParamName.Should().Be("state");
            foreach (string text in says)
            {
                e.Message.Should().Contain(text);
            }

            Describe(target.GetState()).Should().Be(untouched);
        }

        Dictionary<string, double> Hyper(string key, double? value)
        {
            var h = good.HyperParameters.ToDictionary(kv => kv.Key, kv => kv.Value);
            if (value is double v)
            {
                h[key] = v;
            }
            else
            {
                h.Remove(key);
            }

            return h;
        }

        Refused(new Adam(Net()).GetState(), "\"SGD\"", "\"Adam\"");
        Refused(With(good, hyper: Hyper("momentum", 0.5)), "\"momentum\"", "0.9", "0.5");
        Refused(With(good, hyper: Hyper("nesterov", 1)), "\"nesterov\"");
        Refused(With(good, hyper: Hyper("beta1", 0.9)), "\"beta1\"");
        Refused(With(good, hyper: Hyper("dampening", null)), "lacks hyper-parameter \"dampening\"");
        Refused(With(good, hyper: Hyper("lr", -1)), "lr");
        Refused(With(good, steps: -1), "-1");
        Refused(With(good, buffers: good.Buffers.Skip(1)), "lacks buffer \"momentum_buffer\" of parameter \"0.weight\"");
        Refused(With(good, buffers: good.Buffers.Append(good.Buffers[0])), "more than once");
        Refused(With(good, buffers: good.Buffers.Append(new OptimizerBuffer("0.weight", "exp_avg", new double[6]))), "\"exp_avg\"");
        Refused(With(good, buffers: good.Buffers.Skip(1).Prepend(new OptimizerBuffer("0.weight", "momentum_buffer", new double[5]))), "6 values", "5 were given");
        Refused(With(good, buffers: good.Buffers.Skip(1).Prepend(new OptimizerBuffer("0.weight", "momentum_buffer", [0, 0, double.NaN, 0, 0, 0]))), "finite", "value 2");
        Refused(With(good, buffers: good.Buffers.Append(new OptimizerBuffer("5.weight", "momentum_buffer", new double[6]))), "\"5.weight\"");
    }

    private sealed class Halving(Sequential net) : Optimizer(net.NamedParameters, 1.0)
    {
        protected override void Update(int index, Parameter parameter)
        {
            foreach (ref double v in parameter.Data)
            {
                v /= 2;
            }
        }
    }

    private sealed class MyAdam(Sequential net) : Adam(net);

    [Fact]
    public void ACustomOptimizer_CannotDescribeItsState()
    {
        Assert.Throws<NotSupportedException>(() => new Halving(Net()).GetState()).Message.Should().Contain("Halving");
        Assert.Throws<NotSupportedException>(() => new MyAdam(Net()).GetState()).Message.Should().Contain("MyAdam");
    }
}
