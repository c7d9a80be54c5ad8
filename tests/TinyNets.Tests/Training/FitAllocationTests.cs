using TinyNets.Training;

namespace TinyNets.Tests.Training;

/// <summary>Fit allocates per call and per epoch (reports, the history), but nothing per mini-batch step.</summary>
public class FitAllocationTests
{
    private static long AllocatedByFit(int batchSize)
    {
        var random = new SeededRandom(4);
        var x = Matrix<double>.Build.Dense(3, 400, (_, _) => random.NextUniform(-1, 1));
        var y = Matrix<double>.Build.Dense(1, 400, (_, j) => x[0, j] - (2 * x[1, j]) + (0.5 * x[2, j]));
        var net = new Sequential(new Linear(3, 8), new Tanh(), new Linear(8, 1)).Initialize(3);
        var options = new FitOptions { Epochs = 3, BatchSize = batchSize, Seed = 5 };
        var loss = new MseLoss();
        var adam = new Adam(net, 1e-3);
        net.Fit(x, y, loss, adam, options); // warm-up: workspaces, JIT

        long fewest = long.MaxValue;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            net.Fit(x, y, loss, adam, options);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }

    [Fact]
    public void TenTimesMoreStepsCostNoMoreAllocation()
    {
        // 3 epochs of 400 samples: 1200 steps with batches of 1, 120 with batches of 10. A step that allocated even 8 bytes
        // would make the first run allocate ≥ 8.6 KB more than the second.
        long manySteps = AllocatedByFit(batchSize: 1);
        long fewSteps = AllocatedByFit(batchSize: 10);
        (manySteps - fewSteps).Should().BeLessThan(1024, $"per-step allocation: {manySteps} bytes for 1200 steps vs {fewSteps} for 120");
    }
}
