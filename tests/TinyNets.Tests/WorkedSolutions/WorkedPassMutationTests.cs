using TinyNets.Activations;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Tests.Diagnostics;
using TinyNets.WorkedSolutions;

namespace TinyNets.Tests.WorkedSolutions;

/// <summary>
/// What worked solutions and batch gradients share (<c>WorkedPass</c>): the checks' messages pinned whole, the
/// learning rate 0 accepted, each activation's function name and a Linear layer without bias recorded as such.
/// </summary>
public class WorkedPassMutationTests
{
    private static Sequential Net() => WorkedSolutionSheetTests.Sheet004Net();

    [Fact]
    public void EmptyInput_IsRefusedByName()
    {
        Sequential net = Net();
        Action act = () => WorkedSolution.Create(net, Array.Empty<double>(), new[] { 0.0 }, new MseLoss(), 0.1, "0.weight", 0, 0);
        act.Should().Throw<ArgumentException>().WithParameterName("input")
            .WithMessage("An input of at least one feature was expected; 0 were given. (Parameter 'input')");
        net[0].Output.Should().BeNull("no pass ran");
    }

    [Fact]
    public void UnsupportedLayer_NamesItsIndex_AndListsEverySupportedKind()
    {
        var net = new Sequential(new Linear(2, 2), new Dropout(0.5), new Linear(2, 1));
        Action act = () => WorkedSolution.Create(net, new[] { 1.0, 2.0 }, new[] { 0.0 }, new MseLoss(), 0.1, "0.weight", 0, 0);
        act.Should().Throw<NotSupportedException>().WithMessage(
            "Layer 1 (Dropout(p=0.5)) is not supported in a worked solution; supported are Linear, ReLU, LeakyReLU, Sigmoid, Tanh, Identity, Softplus.");
        WorkedPass.Supported.Should().Equal("Linear", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Identity", "Softplus");
    }

    [Fact]
    public void RowOutsideTheParameter_GivesTheRangeFromZeroToRowsMinusOne()
    {
        // "0.weight" of sheet 004's net is 3×2: rows 0…2.
        Action act = () => WorkedSolution.Create(Net(), new[] { 1.0, 2.0 }, new[] { 0.0 }, new MseLoss(), 0.1, "0.weight", 3, 0);
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("row")
            .WithMessage("A row in 0…2 of \"0.weight\" (3×2) was expected; 3 was given. (Parameter 'row')*");
    }

    [Fact]
    public void ColumnOutsideTheParameter_GivesTheRangeFromZeroToColumnsMinusOne()
    {
        // Columns 0…1 of the 3×2 "0.weight"; the batch gradient checks the entry the same way.
        Action act = () => WorkedBatchGradient.Create(Net(), [[1.0, 2.0]], [[0.0]], new MseLoss(), 0.1, "0.weight", 0, 2);
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("column")
            .WithMessage("A column in 0…1 of \"0.weight\" (3×2) was expected; 2 was given. (Parameter 'column')*");
    }

    [Fact]
    public void ParameterOfNoLinearLayer_IsRefusedAsNotSupported()
    {
        // Worked solutions check the network first and refuse a layer of one's own before looking for the parameter;
        // the lookup itself refuses a parameter that no Linear layer holds.
        var net = new Sequential(new ElementwiseAffine(2));
        Action act = () => WorkedPass.FindParameter(net, "0.weight", 1, 0);
        act.Should().Throw<NotSupportedException>().WithMessage("The parameter \"0.weight\" belongs to no Linear layer.");
    }

    [Theory]
    [InlineData("input")]
    [InlineData("target")]
    public void EmptyNameOfTheInputOrTheTarget_NamesWhich(string which)
    {
        WorkedNotation notation = which == "input" ? new WorkedNotation { Input = "" } : new WorkedNotation { Target = " " };
        Action act = () => WorkedSolution.Create(Net(), new[] { 1.0, 2.0 }, new[] { 0.0 }, new MseLoss(), 0.1, "0.weight", 0, 0, notation);
        act.Should().Throw<ArgumentException>().WithParameterName("notation")
            .WithMessage($"A name was expected for the {which}; an empty one was given. (Parameter 'notation')");
    }

    [Fact]
    public void EmptyNameOfALayersOutput_NamesTheLayer()
    {
        Sequential net = Net();
        var notation = new WorkedNotation { Layers = [new("z", "W¹", "b¹"), new(" "), new("ŷ", "W²", "b²")] };
        Action act = () => WorkedSolution.Create(net, new[] { 1.0, 2.0 }, new[] { 0.0 }, new MseLoss(), 0.1, "0.weight", 0, 0, notation);
        act.Should().Throw<ArgumentException>().WithParameterName("notation")
            .WithMessage("A name was expected for the output of layer 1; an empty one was given. (Parameter 'notation')");
        net[0].Output.Should().BeNull("no pass ran");
    }

    [Fact]
    public void LearningRateZero_IsAccepted_AndTheStepLeavesTheEntry()
    {
        // η = 0 is finite and ≥ 0: the step θ − 0·g gives θ back (0.4, sheet 004's "0.weight"[0, 1]).
        WorkedSolution s = WorkedSolution.Create(Net(), new[] { 1.0, 2.0 }, new[] { -1.0 }, new SoftplusLoss(), 0.0, "0.weight", 0, 1);
        s.Update.LearningRate.Should().Be(0.0);
        s.Update.Old.Should().Be(0.4);
        s.Update.New.Should().Be(0.4);

        WorkedBatchGradient g = WorkedBatchGradient.Create(Net(), [[1.0, 2.0]], [[-1.0]], new SoftplusLoss(), 0.0, "0.weight", 0, 1);
        g.Update.New.Should().Be(0.4);
    }

    [Fact]
    public void EachActivationStep_CarriesItsFunctionsName()
    {
        var net = new Sequential(
            new Linear(1, 1), new ReLU(), new LeakyReLU(), new Sigmoid(), new Tanh(), new Identity(), new Softplus());
        WorkedSolution s = WorkedSolution.Create(net, new[] { 1.0 }, new[] { 0.0 }, new MseLoss(), 0.1, "0.weight", 0, 0);
        s.Steps.Skip(1).Select(step => ((ActivationStep)step).Function).Should().Equal("ReLU", "LeakyReLU", "σ", "tanh", "id", "softplus");
    }

    [Fact]
    public void LinearWithoutBias_HasNoBiasName_AndLinearWithBias_HasIts()
    {
        var net = new Sequential(new Linear(2, 2, bias: false), new Tanh(), new Linear(2, 1));
        WorkedSolution s = WorkedSolution.Create(net, new[] { 1.0, 2.0 }, new[] { 0.0 }, new MseLoss(), 0.1, "0.weight", 0, 0);
        var first = (LinearStep)s.Steps[0];
        first.BiasName.Should().BeNull();
        first.Bias.Should().BeEmpty();
        ((LinearStep)s.Steps[2]).BiasName.Should().Be("2.bias");
    }
}
