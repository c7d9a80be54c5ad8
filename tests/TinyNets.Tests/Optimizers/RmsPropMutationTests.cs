namespace TinyNets.Tests.Optimizers;

/// <summary>RmsProp's state records <c>centered</c> as 1 or 0, as PyTorch's boolean.</summary>
public class RmsPropMutationTests
{
    private static Sequential Net() => new Sequential(new Linear(2, 1)).Initialize(seed: 1);

    [Fact]
    public void State_CenteredAsNumber()
    {
        new RmsProp(Net()).GetState().HyperParameters["centered"].Should().Be(0);
        new RmsProp(Net(), centered: true).GetState().HyperParameters["centered"].Should().Be(1);
    }

    [Fact]
    public void Centered_AlphaHalf_AverageUsesTorchLerpsSecondForm()
    {
        // torch.lerp(start, end, w) with w = 1 − α = 0.5 (not < ½): end − (end − start)·(1 − w). Gradients 1.1 then 0.1.
        var net = new Sequential(new Linear(1, 1)).Initialize(seed: 2);
        var rmsProp = new RmsProp(net, 0.01, alpha: 0.5, centered: true);
        foreach (double g in new[] { 1.1, 0.1 })
        {
            net.NamedParameters[0].Value.GradientData[0] = g;
            net.NamedParameters[1].Value.GradientData[0] = 0;
            rmsProp.Step();
        }

        double a1 = 1.1 - ((1.1 - 0) * 0.5);
        double a2 = 0.1 - ((0.1 - a1) * 0.5);
        a2.Should().NotBe(a1 + (0.5 * (0.1 - a1))); // the first form rounds differently here
        rmsProp.GetState().Buffers.Single(b => b.Parameter == "0.weight" && b.Name == "grad_avg").Values[0].Should().Be(a2);
    }
}
