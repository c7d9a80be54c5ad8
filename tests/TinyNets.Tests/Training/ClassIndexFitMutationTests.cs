using TinyNets.Metrics;
using TinyNets.Training;

namespace TinyNets.Tests.Training;

public class ClassIndexFitMutationTests
{
    private static readonly Matrix<double> X = Matrix<double>.Build.Dense(2, 6, (i, j) => Math.Sin((1.3 * i) + (0.7 * j)));
    private static readonly int[] Classes = [0, 1, 2, 1, 0, 2];

    private static Sequential Net() => new Sequential(new Linear(2, 3)).Initialize(seed: 5);

    [Fact]
    public void ClassIndexFit_WithNullArguments_NamesEach()
    {
        var net = Net();
        var sgd = new Sgd(net, 0.1);
        var loss = new CrossEntropyLoss();
        FluentActions.Invoking(() => net.Fit(X, Classes, loss, sgd, (TrainingState)null!))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("state");
        FluentActions.Invoking(() => ((Sequential)null!).Fit(X, Classes, loss, sgd))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("network");
        FluentActions.Invoking(() => net.Fit(null!, Classes, loss, sgd))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("inputs");
        FluentActions.Invoking(() => net.Fit(X, (int[])null!, loss, sgd))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("classes");
        FluentActions.Invoking(() => net.Fit(X, Classes, null!, sgd))
            .Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("loss");
    }

    [Fact]
    public void ClassIndexFit_OnANetworkWithoutAFixedOutputSize_SaysSo()
    {
        var net = new Sequential(new Tanh());
        net.OutputSize.Should().BeNull();
        // The class count is looked at before the optimizer (here one of another network, as this one has no parameters).
        var other = Net();
        FluentActions.Invoking(() => net.Fit(X, Classes, new CrossEntropyLoss(), new Sgd(other, 0.1)))
            .Should().Throw<ArgumentException>().Which.Message.Should().Be(
                $"Class indices need a network whose number of outputs (the classes) is fixed by a layer; {net} has none. (Parameter 'network')");
    }

    [Fact]
    public void ClassIndexFit_WithAMiscountOfClasses_NamesWhatTheyAreCountedAgainst()
    {
        var net = Net();
        FluentActions.Invoking(() => net.Fit(X, [0, 1, 2], new CrossEntropyLoss(), new Sgd(net, 0.1)))
            .Should().Throw<ArgumentException>().Which.Message.Should().Be(
                "'classes' must hold one class index per sample of 'inputs' (6); 3 were given. (Parameter 'classes')");

        var options = new FitOptions { ValidationInputs = X, ValidationClasses = [0, 1] };
        FluentActions.Invoking(() => net.Fit(X, Classes, new CrossEntropyLoss(), new Sgd(net, 0.1), options))
            .Should().Throw<ArgumentException>().Which.Message.Should().Be(
                "'options.ValidationClasses' must hold one class index per sample of 'options.ValidationInputs' (6); 2 were given. (Parameter 'options.ValidationClasses')");
    }

    [Fact]
    public void ClassIndexFit_WithANegativeBatchSize_SaysWhichOptionAndTheGivenValue()
    {
        var net = Net();
        FluentActions.Invoking(() => net.Fit(X, Classes, new CrossEntropyLoss(), new Sgd(net, 0.1), new FitOptions { BatchSize = -1 }))
            .Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().Be(
                $"FitOptions.BatchSize must be at least 1; -1 was given. (Parameter 'options'){Environment.NewLine}Actual value was -1.");
    }

    [Fact]
    public void ClassIndexFit_WithMetricsAndNoValidation_ScoresTheTrainingData()
    {
        var net = Net();
        TrainingHistory history = net.Fit(X, Classes, new CrossEntropyLoss(), new Sgd(net, 0.1), new FitOptions
        {
            Epochs = 2, BatchSize = 4, Seed = 1, Metrics = [FitMetrics.Accuracy()],
        });

        // The accuracy of the arg-max of the trained network's outputs, counted here.
        Matrix<double> output = net.Forward(X).Clone();
        int right = Enumerable.Range(0, Classes.Length).Count(j => output.Column(j).MaximumIndex() == Classes[j]);
        history.Epochs[^1].Metrics["accuracy"].Should().Be(right / 6.0);
    }
}
