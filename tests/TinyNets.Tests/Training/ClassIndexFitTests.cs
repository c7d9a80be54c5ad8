using TinyNets.Data;
using TinyNets.Metrics;
using TinyNets.Training;

namespace TinyNets.Tests.Training;

public class ClassIndexFitTests
{
    private static readonly Matrix<double> X = Matrix<double>.Build.Dense(4, 30, (i, j) => Math.Sin((1.3 * i) + (0.7 * j)) + (0.1 * j % 3));
    private static readonly int[] Classes = Enumerable.Range(0, 30).Select(j => (j * 7) % 3).ToArray();
    private static readonly Matrix<double> XValidation = Matrix<double>.Build.Dense(4, 9, (i, j) => Math.Cos((0.9 * i) + (1.1 * j)));
    private static readonly int[] ValidationClasses = [2, 0, 1, 1, 0, 2, 2, 1, 0];

    private static Sequential Net() => new Sequential(new Linear(4, 6), new Tanh(), new Linear(6, 3)).Initialize(seed: 4);

    [Fact]
    public void FullBatchFit_IsTheHandWrittenLoopOnClassIndices_BitForBit()
    {
        var net = Net();
        var loss = new CrossEntropyLoss(weight: [1.0, 2.0, 0.5], labelSmoothing: 0.1);
        TrainingHistory history = net.Fit(X, Classes, loss, new Sgd(net, 0.3), new FitOptions { Epochs = 3, BatchSize = 30, Shuffle = false });

        var reference = Net();
        var referenceLoss = new CrossEntropyLoss(weight: [1.0, 2.0, 0.5], labelSmoothing: 0.1);
        var sgd = new Sgd(reference, 0.3);
        var curve = new List<double>();
        for (int epoch = 0; epoch < 3; epoch++)
        {
            curve.Add(referenceLoss.Forward(reference.Forward(X), Classes));
            reference.Backward(referenceLoss.Backward(), computeInputGradient: false);
            sgd.Step();
        }

        history.LossCurve.Should().Equal(curve);
        for (int p = 0; p < net.NamedParameters.Count; p++)
        {
            net.NamedParameters[p].Value.Data.ToArray().Should().Equal(reference.NamedParameters[p].Value.Data.ToArray());
        }
    }

    [Fact]
    public void WeightedMean_IsPyTorchsClassIndexRule_NotTheOneHotOne()
    {
        // With class weights, PyTorch divides a class-index batch by the sum of its targets' weights, a probability
        // batch by N: the two Fit overloads must give those two different first losses.
        var weights = new[] { 1.0, 3.0, 0.25 };
        var options = new FitOptions { Epochs = 1, BatchSize = 30, Shuffle = false };
        var net1 = Net();
        TrainingHistory byIndex = net1.Fit(X, Classes, new CrossEntropyLoss(weight: weights), new Sgd(net1, 1e-9), options);
        var net2 = Net();
        TrainingHistory byOneHot = net2.Fit(X, OneHot.Encode(Classes, 3), new CrossEntropyLoss(weight: weights), new Sgd(net2, 1e-9), options);

        var logits = Net().Forward(X);
        double weightSum = Classes.Sum(c => weights[c]);
        double weightedTerms = 0;
        for (int j = 0; j < 30; j++)
        {
            double max = logits.Column(j).Maximum();
            double logSum = Math.Log(logits.Column(j).Sum(z => Math.Exp(z - max))) + max;
            weightedTerms += weights[Classes[j]] * (logSum - logits[Classes[j], j]);
        }

        byIndex.LossCurve[0].Should().BeApproximately(weightedTerms / weightSum, 1e-14);
        byOneHot.LossCurve[0].Should().BeApproximately(weightedTerms / 30, 1e-14);
    }

    [Fact]
    public void ValidationClassesAndMetrics_AreTheLastEpochsEvaluation()
    {
        var net = Net();
        var loss = new CrossEntropyLoss();
        TrainingHistory history = net.Fit(X, Classes, loss, new Adam(net, 1e-2), new FitOptions
        {
            Epochs = 5, BatchSize = 8, Seed = 3,
            ValidationInputs = XValidation, ValidationClasses = ValidationClasses,
            Metrics = [FitMetrics.Accuracy()],
        });

        Matrix<double> output = net.Forward(XValidation).Clone();
        history.Epochs[^1].ValidationLoss.Should().Be(new CrossEntropyLoss().Forward(output, ValidationClasses));
        history.Epochs[^1].Metrics.Values.Single().Should().Be(ClassificationMetrics.Accuracy(output, ValidationClasses));
    }

    [Fact]
    public void ResumedClassIndexRun_IsTheOneRunBitForBit()
    {
        var options = new FitOptions { Epochs = 2, BatchSize = 7, Seed = 9 };
        var once = Net();
        TrainingHistory all = once.Fit(X, Classes, new NllLoss(), new Sgd(once, 0.1, momentum: 0.9), options with { Epochs = 4 }, null);

        var twice = new Sequential(new Linear(4, 6), new Tanh(), new Linear(6, 3)).Initialize(seed: 4);
        var sgd = new Sgd(twice, 0.1, momentum: 0.9);
        var state = new TrainingState();
        var first = twice.Fit(X, Classes, new NllLoss(), sgd, state, options);
        var second = twice.Fit(X, Classes, new NllLoss(), sgd, state, options);

        first.LossCurve.Concat(second.LossCurve).Should().Equal(all.LossCurve);
        twice.GetParameter("2.weight").Value.Should().Be(once.GetParameter("2.weight").Value);
    }

    [Fact]
    public void BadClassIndexArguments_AreRefusedClearly_AndNothingChanges()
    {
        var net = Net();
        double[] before = net.GetParameter("0.weight").Data.ToArray();
        var sgd = new Sgd(net, 0.1);

        FluentActions.Invoking(() => net.Fit(X, Classes, new MseLoss(), sgd)).Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == "loss" && e.Message.Contains("OneHot.Encode", StringComparison.Ordinal));
        int[] outside = (int[])Classes.Clone();
        outside[4] = 3;
        FluentActions.Invoking(() => net.Fit(X, outside, new CrossEntropyLoss(), sgd)).Should().Throw<ArgumentOutOfRangeException>()
            .Where(e => e.ParamName == "classes" && e.Message.StartsWith("Class index 3 of sample 4 is outside [0, 2] (the network has 3 outputs).", StringComparison.Ordinal));
        FluentActions.Invoking(() => net.Fit(X, Classes[..29], new CrossEntropyLoss(), sgd)).Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == "classes" && e.Message.Contains("(30); 29 were given", StringComparison.Ordinal));
        FluentActions.Invoking(() => net.Fit(X, Classes, new CrossEntropyLoss(), sgd, new FitOptions { ValidationInputs = XValidation, ValidationTargets = OneHot.Encode(ValidationClasses, 3) }))
            .Should().Throw<ArgumentException>().WithMessage("*FitOptions.ValidationClasses*");
        FluentActions.Invoking(() => net.Fit(X, Classes, new CrossEntropyLoss(), sgd, new FitOptions { ValidationClasses = ValidationClasses }))
            .Should().Throw<ArgumentException>().WithMessage("FitOptions.ValidationInputs and ValidationClasses must be given together.*");
        FluentActions.Invoking(() => net.Fit(X, Classes, new CrossEntropyLoss(), sgd, new FitOptions { ValidationInputs = XValidation, ValidationClasses = [0, 1] }))
            .Should().Throw<ArgumentException>().Where(e => e.ParamName == "options.ValidationClasses");
        FluentActions.Invoking(() => net.Fit(X, OneHot.Encode(Classes, 3), new CrossEntropyLoss(), sgd, new FitOptions { ValidationInputs = XValidation, ValidationClasses = ValidationClasses }))
            .Should().Throw<ArgumentException>().WithMessage("FitOptions.ValidationClasses is for Fit with class indices*");

        net.GetParameter("0.weight").Data.ToArray().Should().Equal(before);
    }

    [Fact]
    public void ARowOfClassIndicesAsAMatrix_GetsAMessageThatSaysWhatToDo()
    {
        var net = Net();
        var row = Matrix<double>.Build.Dense(1, 30, (_, j) => Classes[j]);

        FluentActions.Invoking(() => net.Fit(X, row, new CrossEntropyLoss(), new Sgd(net, 0.1))).Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == "targets"
                && e.Message.Contains("pass them as an int[]", StringComparison.Ordinal)
                && e.Message.Contains("OneHot.Encode(classes, 3)", StringComparison.Ordinal));
    }
}
