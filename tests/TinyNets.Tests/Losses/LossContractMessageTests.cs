namespace TinyNets.Tests.Losses;

/// <summary>The null checks and messages of the losses' base classes and convenience overloads, pinned word for word.</summary>
public class LossContractMessageTests
{
    [Fact]
    public void ElementwiseLoss_NullPredictionOrTarget_IsNamed()
    {
        var target = Matrix<double>.Build.Dense(1, 1, 0.5);
        FluentActions.Invoking(() => new MseLoss().Forward(null!, target)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("prediction");
        FluentActions.Invoking(() => new L1Loss().Forward(target, null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("target");
    }

    [Fact]
    public void CrossEntropyLoss_OneSample_NullLogitsAndAClassOutside_AreRefusedWithTheCount()
    {
        var loss = new CrossEntropyLoss();
        FluentActions.Invoking(() => loss.Forward((Vector<double>)null!, 0)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("logits");
        var logits = Vector<double>.Build.DenseOfArray([1.0, 2.0, 3.0]);
        FluentActions.Invoking(() => loss.Forward(logits, 3)).Should().Throw<ArgumentOutOfRangeException>()
            .Where(e => e.ParamName == "targetClass")
            .WithMessage("Class index 3 is outside [0, 2] (the logits have 3 entries).*");
    }

    [Fact]
    public void UnknownReduction_AndBackwardBeforeForward_SayWhat()
    {
        FluentActions.Invoking(() => new MseLoss((Reduction)99)).Should().Throw<ArgumentOutOfRangeException>()
            .Where(e => e.ParamName == "reduction").WithMessage("Unknown reduction 99.*");
        var loss = new MseLoss();
        FluentActions.Invoking(() => loss.Backward()).Should().Throw<InvalidOperationException>().WithMessage($"{loss}: Backward needs a Forward pass first.");
    }

    [Fact]
    public void NllLoss_ANegativeProbabilityTarget_IsNamedWithItsPlace()
    {
        var logProbabilities = Matrix<double>.Build.DenseOfArray(new[,] { { -0.5, -1.0 }, { -1.0, -0.5 } });
        var target = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.0 }, { 0.0, -0.25 } });
        FluentActions.Invoking(() => new NllLoss().Forward(logProbabilities, target)).Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == "target")
            .WithMessage("'target' entry [1, 1] is -0.25; a non-negative probability was expected.*");
    }
}
