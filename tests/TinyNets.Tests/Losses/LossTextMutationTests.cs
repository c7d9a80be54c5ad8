namespace TinyNets.Tests.Losses;

/// <summary>
/// The losses' descriptions and messages pinned whole (they are specified text), the null checks of the one-sample
/// overload, and PyTorch's weighted mean with weights so small that their sum is subnormal.
/// </summary>
public class LossTextMutationTests
{
    [Fact]
    public void ToString_NamesTheLossAndItsReduction_AndAScaleOtherThanOne()
    {
        new MseLoss().ToString().Should().Be("MseLoss(reduction=Mean)");
        new BceWithLogitsLoss(Reduction.Sum).ToString().Should().Be("BceWithLogitsLoss(reduction=Sum)");
        new SoftplusLoss().ToString().Should().Be("SoftplusLoss(reduction=Mean)");
        new MseLoss(Reduction.Sum, 0.5).ToString().Should().Be("MseLoss(reduction=Sum, scale=0.5)");
    }

    [Fact]
    public void EmptyWeightList_IsRejectedByName()
    {
        Action act = () => _ = new CrossEntropyLoss(weight: []);

        act.Should().Throw<ArgumentException>()
            .WithMessage("'weight' must hold one weight per class; an empty list was given. (Parameter 'weight')")
            .Which.ParamName.Should().Be("weight");
    }

    [Fact]
    public void TargetOfAnotherShape_NamesThePredictionsShape()
    {
        var loss = new MseLoss();
        Matrix<double> prediction = Matrix<double>.Build.Dense(2, 1);

        Action act = () => loss.Forward(prediction, Matrix<double>.Build.Dense(3, 1));

        act.Should().Throw<ArgumentException>()
            .WithMessage("'target' must have shape 2×1 (the prediction's shape); shape 3×1 was given. (Parameter 'target')")
            .Which.ParamName.Should().Be("target");
    }

    [Fact]
    public void OneSampleOverload_NullArguments_AreNamed()
    {
        var loss = new MseLoss();
        Vector<double> v = Vector<double>.Build.Dense(2);

        Action nullPrediction = () => loss.Forward(null!, v);
        Action nullTarget = () => loss.Forward(v, null!);

        nullPrediction.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("prediction");
        nullTarget.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("target");
    }

    [Fact]
    public void WeightedMean_WithSubnormalWeights_DividesByTheirSum()
    {
        // Weights (1e−310, 1e−310), class 0 picked at −1: Σ w_c·(−x_c) / Σ w_c = 1e−310/1e−310 = 1; ∂/∂x = −w₀/Σ w_c = −1.
        var loss = new NllLoss(weight: [1e-310, 1e-310]);

        loss.Forward(Matrix<double>.Build.DenseOfColumnArrays([-1.0, 0.0]), [0]).Should().Be(1.0);
        loss.Backward().AsColumnMajorArray().Should().Equal(-1.0, 0.0);
    }
}
