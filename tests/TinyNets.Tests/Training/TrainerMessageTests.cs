using TinyNets.Training;

namespace TinyNets.Tests.Training;

/// <summary>
/// Fit's argument errors name the parameter (or option) and carry the expected and the given value, and are raised
/// before anything else is looked at.
/// </summary>
public class TrainerMessageTests
{
    private static Sequential OneToOne()
    {
        var net = new Sequential(new Linear(1, 1));
        net.SetParameter("0.weight", new[,] { { 0.5 } });
        net.SetParameter("0.bias", new[] { 0.25 });
        return net;
    }

    private static Matrix<double> Row(params double[] values) => Matrix<double>.Build.DenseOfRowArrays(values);

    [Fact]
    public void Fit_WithNullState_ThrowsNamingState()
    {
        var net = OneToOne();
        Action act = () => net.Fit(Row(1, 2), Row(1, 2), new MseLoss(), new Sgd(net, 0.1), (TrainingState)null!);
        act.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("state");
    }

    [Fact]
    public void Fit_WithNullInputsOrTargets_ThrowsNamingThemBeforeLookingAtTheOptions()
    {
        var net = OneToOne();
        var bad = new FitOptions { Epochs = 0 };
        Action nullInputs = () => net.Fit(null!, Row(1, 2), new MseLoss(), new Sgd(net, 0.1), bad);
        Action nullTargets = () => net.Fit(Row(1, 2), (Matrix<double>)null!, new MseLoss(), new Sgd(net, 0.1), bad);
        nullInputs.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("inputs");
        nullTargets.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("targets");
    }

    [Fact]
    public void Fit_WithBadEpochsOrBatchSize_SaysWhichOptionAndTheGivenValue()
    {
        var net = OneToOne();
        Action epochs = () => net.Fit(Row(1, 2), Row(1, 2), new MseLoss(), new Sgd(net, 0.1), new FitOptions { Epochs = -3 });
        Action batch = () => net.Fit(Row(1, 2), Row(1, 2), new MseLoss(), new Sgd(net, 0.1), new FitOptions { BatchSize = -2 });
        epochs.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("FitOptions.Epochs must be at least 1; -3 was given.");
        batch.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Contain("FitOptions.BatchSize must be at least 1; -2 was given.");
    }

    [Fact]
    public void Fit_WithValidationInputsAlone_SaysBothMustBeGiven()
    {
        var net = OneToOne();
        Action act = () => net.Fit(Row(1, 2), Row(1, 2), new MseLoss(), new Sgd(net, 0.1), new FitOptions { ValidationInputs = Row(1) });
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain("ValidationInputs").And.Contain("ValidationTargets").And.Contain("together");
    }

    [Fact]
    public void Fit_WithValidationTargetsOfOtherRows_OnANetworkOfUnknownSize_NamesTheOptionAndBothShapes()
    {
        var net = new Sequential(new ReLU());
        var other = OneToOne();
        var options = new FitOptions { ValidationInputs = Matrix<double>.Build.Dense(2, 1), ValidationTargets = Matrix<double>.Build.Dense(3, 1) };
        Action act = () => net.Fit(Matrix<double>.Build.Dense(2, 3), Matrix<double>.Build.Dense(2, 3), new MseLoss(), new Sgd(other, 0.1), options);
        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("options.ValidationTargets");
        e.Message.Should().Contain("'options.ValidationTargets' must have 2 rows").And.Contain("3×1 was given");
    }

    [Fact]
    public void Fit_WithAnOptimizerOfAnotherNetwork_NamesTheForeignParameter()
    {
        var net = OneToOne();
        var other = OneToOne();
        Action act = () => net.Fit(Row(1, 2), Row(1, 2), new MseLoss(), new Sgd(other, 0.1));
        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("optimizer");
        e.Message.Should().Contain("\"0.weight\"").And.Contain("does not belong to this network");
    }

    [Fact]
    public void Fit_WithWrongRows_SaysWhatTheRowsAreFor()
    {
        var net = OneToOne();
        Action inputs = () => net.Fit(Matrix<double>.Build.Dense(2, 2), Row(1, 2), new MseLoss(), new Sgd(net, 0.1));
        Action targets = () => net.Fit(Row(1, 2), Matrix<double>.Build.Dense(3, 2), new MseLoss(), new Sgd(net, 0.1));
        inputs.Should().Throw<ArgumentException>().Which.Message.Should().Contain("the network's input features");
        targets.Should().Throw<ArgumentException>().Which.Message.Should().Contain("the network's outputs");
    }

    [Fact]
    public void Fit_WithTargetsOfOtherColumns_NamesBothAndTheShapes()
    {
        var net = OneToOne();
        Action act = () => net.Fit(Row(1, 2, 3), Row(1, 2), new MseLoss(), new Sgd(net, 0.1));
        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("targets");
        e.Message.Should().Contain("'targets' must have one column per sample of 'inputs' (3); shape 1×2 was given.");
    }

    [Fact]
    public void Fit_WithNoSamples_ThrowsNamingInputs()
    {
        var net = OneToOne();
        Action act = () => net.Fit(Matrix<double>.Build.Dense(1, 0), Matrix<double>.Build.Dense(1, 0), new MseLoss(), new Sgd(net, 0.1));
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("inputs");
    }

    [Fact]
    public void Fit_WithEpochsNumberedBeyondIntMax_SaysHowManyAfterWhichEpoch()
    {
        var net = OneToOne();
        var state = new TrainingState(int.MaxValue - 1, null, null, null, null, 0, null, null, null);
        Action act = () => net.Fit(Row(1, 2), Row(1, 2), new MseLoss(), new Sgd(net, 0.1), state, new FitOptions { Epochs = 5 });
        var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("options");
        e.Message.Should().Contain($"5 more epochs after {int.MaxValue - 1} would number epochs beyond {int.MaxValue}.");
    }

    [Fact]
    public void EarlyStopping_WithPatienceBelowOne_SaysTheGivenValue()
    {
        Action act = () => _ = new EarlyStopping(patience: 0);
        var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("patience");
        e.Message.Should().Contain("Patience must be at least 1 epoch; 0 was given.");
    }
}
