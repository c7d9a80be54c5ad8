namespace TinyNets.Tests.Optimizers;

/// <summary>Optimizer.LoadState's refusals with their messages pinned whole: a different hyper-parameter, and a buffer
/// the optimizer does not keep (its own buffers listed).</summary>
public class OptimizerStateMutationTests
{
    private static Sequential OneToOne() => new Sequential(new Linear(1, 1)).Initialize(seed: 2);

    [Fact]
    public void LoadState_DifferentHyperParameter_Message()
    {
        var sgd = new Sgd(OneToOne(), 0.1, momentum: 0.5);
        OptimizerState mine = sgd.GetState();
        var h = new Dictionary<string, double>(mine.HyperParameters) { ["momentum"] = 0.25 };
        var e = Assert.Throws<ArgumentException>(() => sgd.LoadState(new OptimizerState(mine.Kind, h, mine.Steps, mine.Buffers)));
        e.Message.Should().Be(new ArgumentException(
            "Hyper-parameter \"momentum\" is 0.5 in this optimizer; the state has 0.25. Create the optimizer with the state's hyper-parameters.", "state").Message);
    }

    [Fact]
    public void LoadState_UnknownBuffer_ListsTheKeptOnes()
    {
        var sgd = new Sgd(OneToOne(), 0.1, momentum: 0.5);
        OptimizerState mine = sgd.GetState();
        var buffers = new[] { new OptimizerBuffer("0.weight", "square_avg", new[] { 1.0 }) };
        var e = Assert.Throws<ArgumentException>(() => sgd.LoadState(new OptimizerState(mine.Kind, mine.HyperParameters, mine.Steps, buffers)));
        e.Message.Should().Be(new ArgumentException(
            "The state has buffer \"square_avg\" of parameter \"0.weight\", which this SGD does not keep; it keeps " +
            "\"momentum_buffer\" of \"0.weight\", \"momentum_buffer\" of \"0.bias\".", "state").Message);
    }
}
