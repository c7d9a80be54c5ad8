namespace TinyNets.Tests.Optimizers;

/// <summary>
/// Without weight decay the gradient is used as it is (PyTorch skips the add): an infinite weight must not turn it into
/// NaN through 0·∞, which the accumulated squares would show.
/// </summary>
public class AdagradMutationTests
{
    private static Sequential InfiniteWeight()
    {
        var net = new Sequential(new Linear(1, 1)).Initialize(seed: 2);
        net.NamedParameters[0].Value.Data[0] = double.PositiveInfinity;
        net.NamedParameters[0].Value.GradientData[0] = 2;
        net.NamedParameters[1].Value.GradientData[0] = 0;
        return net;
    }

    private static double Buffer(Optimizer optimizer, string name) =>
        optimizer.GetState().Buffers.Single(b => b.Parameter == "0.weight" && b.Name == name).Values[0];

    [Fact]
    public void Adagrad_NoDecay_InfiniteWeight_SumIsTheSquaredGradient()
    {
        var adagrad = new Adagrad(InfiniteWeight(), 0.1);
        adagrad.Step();
        Buffer(adagrad, "sum").Should().Be(4); // 0 + 2²
    }

    [Fact]
    public void RmsProp_NoDecay_InfiniteWeight_SquareAverageOfTheGradient()
    {
        var rmsProp = new RmsProp(InfiniteWeight(), 0.1, alpha: 0.99);
        rmsProp.Step();
        Buffer(rmsProp, "square_avg").Should().Be((1.0 - 0.99) * 4); // 0·α + (1 − α)·2²
    }
}
