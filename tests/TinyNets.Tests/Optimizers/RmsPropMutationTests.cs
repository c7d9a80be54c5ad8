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
}
