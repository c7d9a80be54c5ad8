using System.IO;
using TinyNets.Diagnostics;
using TinyNets.Inference;
using TinyNets.Serialization;
using TinyNets.Training;

namespace TinyNets.Tests.Diagnostics;

public class GradientCheckTests
{
    private static readonly Matrix<double> X = Matrix<double>.Build.DenseOfArray(new[,] { { 0.5, -1.0, 2.0, 0.1 }, { 1.5, 0.3, -0.7, 0.2 }, { -0.4, 0.9, 0.6, -1.2 } });
    private static readonly Matrix<double> Y = Matrix<double>.Build.DenseOfArray(new[,] { { 0.2, -0.1, 0.4, 0.0 }, { 1.0, 0.5, -0.3, 0.8 } });

    private static Sequential Net(bool broken = false)
    {
        var affine = new ElementwiseAffine(3, broken);
        affine.Scale.Data[0] = 0.7;
        affine.Scale.Data[2] = -1.3;
        affine.Shift.Data[1] = 0.25;
        var net = new Sequential(affine, new Tanh(), new Linear(3, 2));
        ((Linear)net[2]).Initialize(new SeededRandom(3));
        return net;
    }

    [Fact]
    public void ACorrectCustomLayer_Passes_WithEveryParameterAndTheInputReported()
    {
        var net = Net();
        GradientCheckReport report = GradientCheck.Run(net, X, Y, new MseLoss());

        report.Entries.Select(e => e.Name).Should().Equal("0.weight", "0.bias", "2.weight", "2.bias", "input");
        report.Passed.Should().BeTrue(report.ToString());
        report.WorstRelativeError.Should().BeLessThan(1e-6, "central differences of a smooth loss agree to about h² ≈ 1e-12 relative, rounding aside");
        report.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(5).And.OnlyContain(l => l.EndsWith("ok"));
    }

    [Fact]
    public void AWrongBackward_IsCaught_OnTheParameterItGetsWrong()
    {
        var net = Net(broken: true);
        GradientCheckReport report = GradientCheck.Run(net, X, Y, new MseLoss());

        report.Passed.Should().BeFalse();
        report.Entries.Single(e => e.Name == "0.weight").Passed.Should().BeFalse();
        report.Entries.Where(e => e.Name != "0.weight").Should().OnlyContain(e => e.Passed, "only ∂L/∂γ is wrong");
        GradientCheckEntry worst = report.Entries.Single(e => e.Name == "0.weight");
        worst.AbsoluteError.Should().Be(Math.Abs(worst.Analytic - worst.Numeric));
        worst.RelativeError.Should().BeGreaterThan(1e-2);
        report.ToString().Should().Contain("FAILED");
    }

    [Fact]
    public void TheNetworkIsLeftAsItWas_ParametersBitForBit_GradientsOfTheUnperturbedPass_InputsUntouched()
    {
        var net = Net();
        double[][] before = net.NamedParameters.Select(p => p.Value.Data.ToArray()).ToArray();
        Matrix<double> x = X.Clone();

        GradientCheck.Run(net, x, Y, new MseLoss());

        net.NamedParameters.Select(p => p.Value.Data.ToArray()).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
        x.Should().Be(X);
        var reference = Net();
        var loss = new MseLoss();
        loss.Forward(reference.Forward(X), Y);
        reference.Backward(loss.Backward());
        for (int p = 0; p < before.Length; p++)
        {
            net.NamedParameters[p].Value.GradientData.ToArray().Should().Equal(reference.NamedParameters[p].Value.GradientData.ToArray());
        }
    }

    [Fact]
    public void TheReportedValuesAreTheBackwardGradientAndTheCentralDifference()
    {
        // One Linear(1, 1) with MSE on one sample: L = (w·x + b − t)², ∂L/∂w = 2(w·x + b − t)·x exactly; the central
        // difference of a quadratic is exact up to rounding.
        var net = new Sequential(new Linear(1, 1));
        net.SetParameter("0.weight", new[,] { { 0.5 } });
        net.SetParameter("0.bias", new[] { 0.25 });
        var x = Matrix<double>.Build.Dense(1, 1, 2.0);
        var t = Matrix<double>.Build.Dense(1, 1, 3.0);

        GradientCheckReport report = GradientCheck.Run(net, x, t, new MseLoss(), step: 1e-3);

        GradientCheckEntry w = report.Entries[0];
        w.Analytic.Should().Be(2 * ((0.5 * 2.0) + 0.25 - 3.0) * 2.0);
        w.Numeric.Should().BeApproximately(w.Analytic, 1e-9);
        report.Entries[2].Analytic.Should().Be(2 * ((0.5 * 2.0) + 0.25 - 3.0) * 0.5, "∂L/∂x = 2(w·x + b − t)·w");
    }

    [Fact]
    public void ACustomLayer_Trains_IsUpdatedByOptimizers_AndIsRefusedClearlyWhereOnlyLibraryLayersGo()
    {
        var net = Net();
        var affine = (ElementwiseAffine)net[0];
        var loss = new MseLoss();
        loss.Forward(net.Forward(X), Y);
        net.Backward(loss.Backward());
        double gamma = affine.Scale.Data[0], gradient = affine.Scale.GradientData[0];
        new Sgd(net, learningRate: 0.1).Step();
        affine.Scale.Data[0].Should().Be(gamma - (0.1 * gradient), "SGD updates a custom layer's parameter like any other");

        var trained = Net();
        TrainingHistory history = trained.Fit(X, Y, new MseLoss(), new Adam(trained, 1e-2), new FitOptions { Epochs = 50, BatchSize = 4 });
        history.LossCurve[^1].Should().BeLessThan(history.LossCurve[0], "Fit trains a network with a layer of the user's own");
        ((ElementwiseAffine)trained[0]).Scale.Data[0].Should().NotBe(0.7, "its parameters are trained too");

        FluentActions.Invoking(() => net.ToPredictor()).Should().Throw<ArgumentException>().WithMessage("*ElementwiseAffine(3)*");
        FluentActions.Invoking(() => net.Save(new MemoryStream())).Should().Throw<NotSupportedException>().WithMessage("*ElementwiseAffine*");
    }

    [Fact]
    public void BadArguments_AreRefusedByName_BeforeAnythingChanges()
    {
        var net = Net();
        FluentActions.Invoking(() => GradientCheck.Run(net, X, Y, new MseLoss(), step: 0)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("step");
        FluentActions.Invoking(() => GradientCheck.Run(net, X, Y, new MseLoss(), step: double.NaN)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("step");
        FluentActions.Invoking(() => GradientCheck.Run(net, X, Y, new MseLoss(), absoluteTolerance: -1)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("absoluteTolerance");
        FluentActions.Invoking(() => GradientCheck.Run(net, X, Y, new MseLoss(), relativeTolerance: double.PositiveInfinity)).Should().Throw<ArgumentOutOfRangeException>().Which.ParamName.Should().Be("relativeTolerance");
        FluentActions.Invoking(() => GradientCheck.Run(net, X.SubMatrix(0, 2, 0, 4), Y, new MseLoss())).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => GradientCheck.Run(null!, X, Y, new MseLoss())).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("network");
    }
}
