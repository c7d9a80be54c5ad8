using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Optimizers;

namespace TinyNets.Tests.Sheets;

/// <summary>Sheet 004 (ML SS 23, Assignment 11): h = ReLU(Wʰx + bʰ), ŷ = Wᵒh + bᵒ, softplus loss at y = −1.</summary>
public class Sheet004Tests
{
    private static Sequential Net()
    {
        var net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
        net.SetParameter("0.weight", new[,] { { 0.2, 0.4 }, { 0.8, 0.1 }, { 2.0, 0.5 } });
        net.SetParameter("0.bias", new[] { 1.0, 1.0, -4.0 });
        net.SetParameter("2.weight", new[,] { { 0.5, -1.0, 0.0 } });
        net.SetParameter("2.bias", new[] { 3.0 });
        return net;
    }

    private static Matrix<double> X => Matrix<double>.Build.DenseOfColumnArrays(new[] { 1.0, 2.0 });

    [Fact]
    public void S004_11_W12UpdateIsOneStepOfSgd()
    {
        var net = Net();
        var loss = new SoftplusLoss();
        net.Forward(X);
        double l = loss.Forward(net.Output!, Matrix<double>.Build.Dense(1, 1, -1.0));
        l.Should().BeApproximately(6.002475685137730, 1e-12);
        net.Backward(loss.Backward());
        new Sgd(net, 0.1).Step();
        // Sheet: 0.4 − 0.3 = 0.1; it rounds 3σ(6) = 2.9926 to 3 (FLAG-12).
        net.GetParameter("0.weight").Value[0, 1].Should().BeApproximately(0.1007417869469904, 1e-12);
        net.GetParameter("0.weight").Value[0, 1].Should().BeApproximately(0.1, 1e-3);
    }
}
