namespace TinyNets.Tests.Network;

/// <summary>
/// Once the workspaces exist for the batch sizes in use, a training step allocates nothing. (The benchmarks measure the
/// same with BenchmarkDotNet's MemoryDiagnoser; this test keeps the property from regressing unnoticed.)
/// </summary>
public class AllocationTests
{
    public static TheoryData<string> Losses => new()
    {
        "mse", "bce", "softplus", "softmargin", "ce-index", "ce-prob", "nll-index", "nll-prob",
        "l1", "huber", "smoothl1", "bce-prob", "ce-weighted-index", "ce-weighted-prob", "nll-weighted-index",
    };

    [Theory]
    [MemberData(nameof(Losses))]
    public void TrainingStepAllocatesNothingAfterWarmUp(string lossName)
    {
        bool nll = lossName.StartsWith("nll", StringComparison.Ordinal);
        int outputs = nll || lossName.StartsWith("ce", StringComparison.Ordinal) ? 3 : 1;
        var net = new Sequential(
            new Linear(2, 5), new ReLU(), new Linear(5, 4), new Tanh(), new Linear(4, 4), new Sigmoid(),
            new Linear(4, 4), new LeakyReLU(), new Linear(4, 4), new Selu(), new Linear(4, 4), new Softplus(),
            new Linear(4, outputs), nll ? new LogSoftmax() : lossName == "bce-prob" ? new Sigmoid() : new Identity()).Initialize(5);
        var sgd = new Sgd(net, 0.01);
        var random = new SeededRandom(9);
        // Two batch sizes, as in an epoch whose last batch is smaller.
        var batches = new[] { 32, 8 }.Select(n => Matrix<double>.Build.Dense(2, n, (_, _) => random.NextUniform(-1, 1))).ToArray();
        var targets = batches.Select(b => Matrix<double>.Build.Dense(outputs, b.ColumnCount, (i, j) => lossName switch
        {
            "softmargin" => (i + j) % 2 == 0 ? 1.0 : -1.0,
            "ce-prob" or "nll-prob" or "ce-weighted-prob" => i == j % outputs ? 1.0 : 0.0,
            _ => (i + j) % 2,
        })).ToArray();
        var classes = batches.Select(b => Enumerable.Range(0, b.ColumnCount).Select(j => j % outputs).ToArray()).ToArray();
        var mse = new MseLoss();
        var bce = new BceWithLogitsLoss();
        var softplus = new SoftplusLoss();
        var softMargin = new SoftMarginLoss();
        var ce = new CrossEntropyLoss();
        var nllLoss = new NllLoss();
        var l1 = new L1Loss();
        var huber = new HuberLoss(0.5);
        var smoothL1 = new SmoothL1Loss(0.5);
        var bceProbabilities = new BceLoss();
        var weighted = new CrossEntropyLoss(weight: [0.5, 1.0, 2.0], labelSmoothing: 0.1);
        var nllWeighted = new NllLoss(weight: [0.5, 1.0, 2.0]);

        Loss Step(int b)
        {
            Matrix<double> output = net.Forward(batches[b]);
            Loss loss = lossName switch
            {
                "mse" => mse,
                "bce" => bce,
                "softplus" => softplus,
                "softmargin" => softMargin,
                "nll-index" or "nll-prob" => nllLoss,
                "l1" => l1,
                "huber" => huber,
                "smoothl1" => smoothL1,
                "bce-prob" => bceProbabilities,
                "ce-weighted-index" or "ce-weighted-prob" => weighted,
                "nll-weighted-index" => nllWeighted,
                _ => ce,
            };
            _ = lossName switch
            {
                "mse" => mse.Forward(output, targets[b]),
                "bce" => bce.Forward(output, targets[b]),
                "softplus" => softplus.Forward(output, targets[b]),
                "softmargin" => softMargin.Forward(output, targets[b]),
                "ce-index" => ce.Forward(output, classes[b]),
                "nll-index" => nllLoss.Forward(output, classes[b]),
                "nll-prob" => nllLoss.Forward(output, targets[b]),
                "l1" or "huber" or "smoothl1" or "bce-prob" => loss.Forward(output, targets[b]),
                "ce-weighted-index" => weighted.Forward(output, classes[b]),
                "ce-weighted-prob" => weighted.Forward(output, targets[b]),
                "nll-weighted-index" => nllWeighted.Forward(output, classes[b]),
                _ => ce.Forward(output, targets[b]),
            };
            net.Backward(loss.Backward());
            sgd.Step();
            return loss;
        }

        for (int warm = 0; warm < 3; warm++)
        {
            Step(0);
            Step(1);
        }

        // The runtime itself may allocate once in a while on this thread (tiered JIT promoting a method while the tests run
        // in parallel); an allocation of the library's own would show in every window, so the quietest window must read 0.
        long fewest = long.MaxValue;
        for (int window = 0; window < 10 && fewest > 0; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++)
            {
                Step(i % 2);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        fewest.Should().Be(0, "forward, loss, backward and the SGD step reuse their workspaces");
    }
}
