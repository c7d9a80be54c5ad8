using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

/// <summary>Bad arguments get a clear exception naming what is wrong, and nothing runs.</summary>
public class WorkedSolutionBadInputTests
{
    private static Sequential Net() => WorkedSolutionSheetTests.Sheet004Net();

    private static void NothingRan(Sequential net)
    {
        foreach (Layer layer in net)
        {
            layer.Output.Should().BeNull("no pass ran");
        }
    }

    [Fact]
    public void UnsupportedLayerIsNamed()
    {
        var net = new Sequential(new Linear(2, 2), new Dropout(0.5), new Linear(2, 1));
        Action act = () => WorkedSolution.Create(net, new[] { 1.0, 2.0 }, new[] { 0.0 }, new MseLoss(), 0.1, "0.weight", 0, 0);
        act.Should().Throw<NotSupportedException>().WithMessage("*Layer 1 (Dropout*ReLU*");
        NothingRan(net);

        var softmax = new Sequential(new Linear(2, 2), new Softmax());
        Action act2 = () => WorkedSolution.Create(softmax, new[] { 1.0, 2.0 }, new[] { 0.0, 1.0 }, new MseLoss(), 0.1, "0.weight", 0, 0);
        act2.Should().Throw<NotSupportedException>().WithMessage("*Layer 1 (Softmax*");
    }

    [Fact]
    public void UnsupportedLossIsNamed()
    {
        Sequential net = Net();
        Action act = () => WorkedSolution.Create(net, new[] { 1.0, 2.0 }, new[] { 0.0 }, new L1Loss(), 0.1, "0.weight", 0, 0);
        act.Should().Throw<NotSupportedException>().WithMessage("*L1Loss*MseLoss*");
        NothingRan(net);
    }

    [Fact]
    public void WrongInputLengthIsRefused()
    {
        Sequential net = Net();
        Action act = () => WorkedSolution.Create(net, new[] { 1.0, 2.0, 3.0 }, new[] { 0.0 }, new MseLoss(), 0.1, "0.weight", 0, 0);
        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "input").WithMessage("*2 features*3 were given*");
        NothingRan(net);
    }

    [Fact]
    public void NonFiniteInputIsRefused()
    {
        Sequential net = Net();
        Action act = () => WorkedSolution.Create(net, new[] { 1.0, double.NaN }, new[] { 0.0 }, new MseLoss(), 0.1, "0.weight", 0, 0);
        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "input").WithMessage("*input[1] is NaN*");
        NothingRan(net);
    }

    [Fact]
    public void WrongTargetLengthIsRefused()
    {
        Sequential net = Net();
        Action act = () => WorkedSolution.Create(net, new[] { 1.0, 2.0 }, new[] { 0.0, 1.0 }, new MseLoss(), 0.1, "0.weight", 0, 0);
        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "target").WithMessage("*1 values*2 were given*");
        NothingRan(net);
    }

    [Fact]
    public void TargetOutsideTheLossDomainIsRefusedBeforeAnyPass()
    {
        Sequential net = Net();
        Action act = () => WorkedSolution.Create(net, new[] { 1.0, 2.0 }, new[] { 2.0 }, new BceWithLogitsLoss(), 0.1, "0.weight", 0, 0);
        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "target");
        NothingRan(net);
    }

    [Fact]
    public void UnknownParameterListsTheNames()
    {
        Sequential net = Net();
        Action act = () => WorkedSolution.Create(net, new[] { 1.0, 2.0 }, new[] { 0.0 }, new MseLoss(), 0.1, "1.weight", 0, 0);
        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "parameter").WithMessage("*\"1.weight\"*\"0.weight\", \"0.bias\", \"2.weight\", \"2.bias\"*");
        NothingRan(net);
    }

    [Theory]
    [InlineData("0.weight", 3, 0, "row")]
    [InlineData("0.weight", -1, 0, "row")]
    [InlineData("0.weight", 0, 2, "column")]
    [InlineData("2.bias", 0, 1, "column")]
    public void EntryOutsideTheParameterIsRefused(string parameter, int row, int column, string paramName)
    {
        Sequential net = Net();
        Action act = () => WorkedSolution.Create(net, new[] { 1.0, 2.0 }, new[] { 0.0 }, new MseLoss(), 0.1, parameter, row, column);
        act.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == paramName).WithMessage($"*\"{parameter}\"*");
        NothingRan(net);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void BadLearningRateIsRefused(double learningRate)
    {
        Sequential net = Net();
        Action act = () => WorkedSolution.Create(net, new[] { 1.0, 2.0 }, new[] { 0.0 }, new MseLoss(), learningRate, "0.weight", 0, 0);
        act.Should().Throw<ArgumentOutOfRangeException>().Where(e => e.ParamName == "learningRate");
        NothingRan(net);
    }

    [Fact]
    public void NotationThatDoesNotFitIsRefused()
    {
        Sequential net = Net();
        var tooShort = new WorkedNotation { Layers = [new("z"), new("h")] };
        Action act = () => WorkedSolution.Create(net, new[] { 1.0, 2.0 }, new[] { 0.0 }, new MseLoss(), 0.1, "0.weight", 0, 0, tooShort);
        act.Should().Throw<ArgumentException>().Where(e => e.ParamName == "notation").WithMessage("*3 layers*2 were given*");
        var badBase = new WorkedNotation { IndexBase = 2 };
        Action act2 = () => WorkedSolution.Create(net, new[] { 1.0, 2.0 }, new[] { 0.0 }, new MseLoss(), 0.1, "0.weight", 0, 0, badBase);
        act2.Should().Throw<ArgumentException>().Where(e => e.ParamName == "notation").WithMessage("*0 or 1*2 was given*");
        var noLossName = new WorkedNotation { Loss = " " };
        Action act3 = () => WorkedSolution.Create(net, new[] { 1.0, 2.0 }, new[] { 0.0 }, new MseLoss(), 0.1, "0.weight", 0, 0, noLossName);
        act3.Should().Throw<ArgumentException>().Where(e => e.ParamName == "notation").WithMessage("*name*loss*");
        NothingRan(net);
    }

    [Fact]
    public void NullArgumentsAreNamed()
    {
        Sequential net = Net();
        Action act = () => WorkedSolution.Create(net, (double[])null!, new[] { 0.0 }, new MseLoss(), 0.1, "0.weight", 0, 0);
        act.Should().Throw<ArgumentNullException>().Where(e => e.ParamName == "input");
        Action act2 = () => WorkedSolution.Create(null!, new[] { 1.0, 2.0 }, new[] { 0.0 }, new MseLoss(), 0.1, "0.weight", 0, 0);
        act2.Should().Throw<ArgumentNullException>().Where(e => e.ParamName == "network");
    }
}
