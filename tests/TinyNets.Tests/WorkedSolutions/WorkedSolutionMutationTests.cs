using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

/// <summary>A worked solution's arguments: each null one refused by name, a target that is not finite refused with its position.</summary>
public class WorkedSolutionMutationTests
{
    private static Sequential Net() => WorkedSolutionSheetTests.Sheet004Net();

    [Fact]
    public void NullArguments_AreRefusedByName()
    {
        Sequential net = Net();
        double[] input = [1.0, 2.0], target = [-1.0];
        var loss = new SoftplusLoss();
        Action nullInput = () => WorkedSolution.Create(net, (double[])null!, target, loss, 0.1, "0.weight", 0, 0);
        nullInput.Should().Throw<ArgumentNullException>().WithParameterName("input");
        Action nullTarget = () => WorkedSolution.Create(net, input, null!, loss, 0.1, "0.weight", 0, 0);
        nullTarget.Should().Throw<ArgumentNullException>().WithParameterName("target");
        Action nullLoss = () => WorkedSolution.Create(net, input, target, null!, 0.1, "0.weight", 0, 0);
        nullLoss.Should().Throw<ArgumentNullException>().WithParameterName("loss");
        Action nullParameter = () => WorkedSolution.Create(net, input, target, loss, 0.1, null!, 0, 0);
        nullParameter.Should().Throw<ArgumentNullException>().WithParameterName("parameter");
        Action nullVector = () => WorkedSolution.Create(net, (Vector<double>)null!, target, loss, 0.1, "0.weight", 0, 0);
        nullVector.Should().Throw<ArgumentNullException>().WithParameterName("input");
        net.Output.Should().BeNull("nothing ran");
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void ATargetThatIsNotFinite_IsRefusedWithItsPosition(double value, string text)
    {
        // MseLoss accepts any finite target, so only the finiteness check can refuse it.
        var net = new Sequential(new Linear(2, 2));
        Action act = () => WorkedSolution.Create(net, new[] { 1.0, 2.0 }, new[] { 0.0, value }, new MseLoss(), 0.1, "0.weight", 0, 0);
        act.Should().Throw<ArgumentException>().WithParameterName("target")
            .WithMessage($"Finite values were expected; target[1] is {text}.*");
        net.Output.Should().BeNull("nothing ran");
    }
}
