using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

/// <summary>
/// The batch gradient's checks (each argument by name, the largest batch, targets' length, finiteness and domain, the
/// learning rate), the network's state after the pass, the formula in names and the loss's description.
/// </summary>
public class WorkedBatchGradientMutationTests
{
    // z = w·x + b with w = 2, b = 0: one feature, one output.
    private static Sequential Scalar()
    {
        var net = new Sequential(new Linear(1, 1));
        net.SetParameter("0.weight", new[,] { { 2.0 } });
        net.SetParameter("0.bias", new[] { 0.0 });
        return net;
    }

    private static readonly double[][] Inputs = [[1.0], [3.0]];
    private static readonly double[][] Targets = [[0.0], [0.0]];

    [Fact]
    public void NullArguments_AreRefusedByName()
    {
        Sequential net = Scalar();
        var loss = new MseLoss();
        Action network = () => WorkedBatchGradient.Create(null!, Inputs, Targets, loss, 0.1, "0.weight", 0, 0);
        network.Should().Throw<ArgumentNullException>().WithParameterName("network");
        Action inputs = () => WorkedBatchGradient.Create(net, null!, Targets, loss, 0.1, "0.weight", 0, 0);
        inputs.Should().Throw<ArgumentNullException>().WithParameterName("inputs");
        Action targets = () => WorkedBatchGradient.Create(net, Inputs, null!, loss, 0.1, "0.weight", 0, 0);
        targets.Should().Throw<ArgumentNullException>().WithParameterName("targets");
        Action nullLoss = () => WorkedBatchGradient.Create(net, Inputs, Targets, null!, 0.1, "0.weight", 0, 0);
        nullLoss.Should().Throw<ArgumentNullException>().WithParameterName("loss");
        Action parameter = () => WorkedBatchGradient.Create(net, Inputs, Targets, loss, 0.1, null!, 0, 0);
        parameter.Should().Throw<ArgumentNullException>().WithParameterName("parameter");
        net.Output.Should().BeNull("nothing ran");
    }

    [Fact]
    public void AThousandSamples_AreTheLargestBatch()
    {
        // 1000 samples x = 1, t = 0 under the mean over elements: J = 1/1000·Σᵢ (2·1 − 0)² = 4, ∂J/∂w = 1/1000·Σᵢ 2·2·1 = 4.
        double[][] inputs = Enumerable.Range(0, 1000).Select(_ => new[] { 1.0 }).ToArray();
        double[][] targets = Enumerable.Range(0, 1000).Select(_ => new[] { 0.0 }).ToArray();
        WorkedBatchGradient g = WorkedBatchGradient.Create(Scalar(), inputs, targets, new MseLoss(), 0.1, "0.weight", 0, 0);
        g.Chains.Should().HaveCount(1000);
        Exact(g.LossValue, 4.0);
        Exact(g.Gradient, 4.0);

        double[][] more = Enumerable.Range(0, 1001).Select(_ => new[] { 1.0 }).ToArray();
        Action tooMany = () => WorkedBatchGradient.Create(Scalar(), more, more, new MseLoss(), 0.1, "0.weight", 0, 0);
        tooMany.Should().Throw<ArgumentException>().WithParameterName("inputs")
            .WithMessage("1 to 1000 samples were expected; 1001 were given.*");
    }

    [Fact]
    public void ATargetOfAnotherLength_NamesTheOutputs()
    {
        Sequential net = Scalar();
        Action longer = () => WorkedBatchGradient.Create(net, Inputs, [[0.0], [0.0, 1.0]], new MseLoss(), 0.1, "0.weight", 0, 0);
        longer.Should().Throw<ArgumentException>().WithParameterName("targets")
            .WithMessage("A target of 1 values (the network's outputs) was expected; targets[1] has 2.*");
        net.Output.Should().BeNull("nothing ran");
    }

    [Fact]
    public void ANaNTarget_IsRefusedWithItsPosition()
    {
        Sequential net = Scalar();
        Action nan = () => WorkedBatchGradient.Create(net, Inputs, [[0.0], [double.NaN]], new MseLoss(), 0.1, "0.weight", 0, 0);
        nan.Should().Throw<ArgumentException>().WithParameterName("targets[1]")
            .WithMessage("Finite values were expected; targets[1][0] is NaN.*");
        net.Output.Should().BeNull("nothing ran");
    }

    [Fact]
    public void ATargetOutsideTheLossesDomain_IsRefused()
    {
        // BCE with logits takes probabilities: 2 in sample 1 is entry [0, 1] of the outputs × samples targets.
        Sequential net = Scalar();
        Action act = () => WorkedBatchGradient.Create(net, Inputs, [[1.0], [2.0]], new BceWithLogitsLoss(), 0.1, "0.weight", 0, 0);
        act.Should().Throw<ArgumentException>().WithParameterName("targets")
            .WithMessage("'targets' entry [0, 1] is 2; a probability in [0, 1] was expected.*");
        net.Output.Should().BeNull("nothing ran");
    }

    [Fact]
    public void ANegativeLearningRate_IsRefused()
    {
        Sequential net = Scalar();
        Action act = () => WorkedBatchGradient.Create(net, Inputs, Targets, new MseLoss(), -0.5, "0.weight", 0, 0);
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("learningRate")
            .WithMessage("'learningRate' must be finite and ≥ 0; -0.5 was given.*");
        net.Output.Should().BeNull("nothing ran");
    }

    [Fact]
    public void TheNetworksInputGradient_IsThatOfTheBatch()
    {
        // J = 1/2·Σᵢ (2xᵢ − 0)² (mean over 2 elements): ∂J/∂ŷᵢ = ŷᵢ = 2xᵢ, ∂J/∂xᵢ = w·∂J/∂ŷᵢ = 4xᵢ = [4, 12],
        // as after the network's own Backward(gradient).
        Sequential net = Scalar();
        WorkedBatchGradient.Create(net, Inputs, Targets, new MseLoss(), 0.1, "0.weight", 0, 0);
        Matrix<double>? inputGradient = net[0].InputGradient;
        inputGradient.Should().NotBeNull();
        inputGradient!.RowCount.Should().Be(1);
        inputGradient.ColumnCount.Should().Be(2);
        Exact(inputGradient[0, 0], 4.0);
        Exact(inputGradient[0, 1], 12.0);
    }

    [Fact]
    public void TheFormula_IsTheFirstSamplesChainInNames()
    {
        // ∂J/∂w = Σᵢ ∂J/∂z0[i] · ∂z0[i]/∂w: sample 0 (x = 1) has the factors 2·1 = 2 and 1, sample 1 (x = 3) 6 and 3.
        WorkedBatchGradient g = WorkedBatchGradient.Create(Scalar(), Inputs, Targets, new MseLoss(), 0.1, "0.weight", 0, 0);
        g.Formula.Select(f => f.Value).Should().Equal(2.0, 1.0);
        g.Chains[1].Factors.Select(f => f.Value).Should().Equal(6.0, 3.0);
        g.Formula.Should().OnlyContain(f => f.Numerator.Contains("[i]") || f.Denominator.Contains("[i]"));
    }

    [Fact]
    public void TheLossKind_IsTheLossesDescription()
    {
        WorkedBatchGradient g = WorkedBatchGradient.Create(Scalar(), Inputs, Targets, MseLoss.HalfSse(), 0.1, "0.weight", 0, 0);
        g.LossKind.Should().Be("MseLoss(reduction=Sum, scale=0.5)");
    }
}
