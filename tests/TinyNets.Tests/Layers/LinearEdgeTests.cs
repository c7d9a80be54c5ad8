namespace TinyNets.Tests.Layers;

/// <summary>
/// A layer run on its own: what it keeps of its last pass (Input, Output, InputGradient), its refusals, and Linear's
/// shape, text and initial values. Expected values are computed here from z = W·x + b and its gradients
/// ∂L/∂W = δ·xᵀ, ∂L/∂b = Σ δ, ∂L/∂x = Wᵀ·δ.
/// </summary>
public class LinearEdgeTests
{
    // W = [[1, 2], [3, 4], [5, 6]], b = (0.5, −0.5, 1).
    private static Linear Layer()
    {
        var linear = new Linear(2, 3);
        new double[] { 1, 3, 5, 2, 4, 6 }.CopyTo(linear.Weight.Data);
        new double[] { 0.5, -0.5, 1 }.CopyTo(linear.Bias!.Data);
        return linear;
    }

    private static Matrix<double> Columns(params double[][] columns) => Matrix<double>.Build.DenseOfColumnArrays(columns);

    [Fact]
    public void TheLastPass_IsKept_AndANewForwardReplacesIt()
    {
        Linear linear = Layer();
        linear.Input.Should().BeNull();
        linear.Output.Should().BeNull();
        linear.InputGradient.Should().BeNull();

        Matrix<double> first = Columns([1, -1]);
        linear.Forward(first);
        linear.Input.Should().BeSameAs(first);
        linear.Output!.Column(0).ToArray().Should().Equal(1 - 2 + 0.5, 3 - 4 - 0.5, 5 - 6 + 1);

        // ∂L/∂x = Wᵀ·δ with δ = (1, 0, −1): (1 − 5, 2 − 6).
        linear.Backward(Columns([1, 0, -1])).Column(0).ToArray().Should().Equal(-4, -4);
        linear.InputGradient!.Column(0).ToArray().Should().Equal(-4, -4);

        Matrix<double> second = Columns([0, 1]);
        linear.Forward(second);
        linear.Input.Should().BeSameAs(second, "the new pass's input replaces the old one");
        linear.InputGradient.Should().BeNull("a forward pass makes the last backward pass's input gradient stale");
        linear.Output!.Column(0).ToArray().Should().Equal(2.5, 3.5, 7);

        // The backward pass now uses the new input: ∂L/∂W = δ·xᵀ with x = (0, 1).
        linear.Backward(Columns([1, 2, 3]));
        linear.Weight.Gradient.ToColumnMajorArray().Should().Equal(0, 0, 0, 1, 2, 3);
        linear.Bias!.Gradient.ToColumnMajorArray().Should().Equal(1, 2, 3);
    }

    [Fact]
    public void ABatchOfAnotherSize_GetsAnOutputOfItsSize()
    {
        Linear linear = Layer();
        linear.Forward(Columns([1, 0], [0, 1])).ColumnCount.Should().Be(2);
        Matrix<double> one = linear.Forward(Columns([1, 1]));
        one.ColumnCount.Should().Be(1);
        one.Column(0).ToArray().Should().Equal(3.5, 6.5, 12);
        Matrix<double> three = linear.Forward(Columns([1, 0], [0, 1], [1, 1]));
        three.ColumnCount.Should().Be(3);
        three.Column(2).ToArray().Should().Equal(3.5, 6.5, 12);
    }

    [Fact]
    public void Refusals_NameTheProblem()
    {
        Linear linear = Layer();
        Assert.Throws<InvalidOperationException>(() => linear.Backward(Columns([1, 1, 1]))).Message
            .Should().Contain("Linear(in=2, out=3, bias=True)").And.Contain("needs a Forward pass first");
        linear.Forward(Columns([1, 2]));
        Assert.ThrowsAny<ArgumentException>(() => linear.Backward(Columns([1, 1]))).ParamName.Should().Be("outputGradient");

        // A shape-preserving layer could be handed its own matrices, which its pass would overwrite.
        var relu = new ReLU();
        Matrix<double> output = relu.Forward(Columns([1, -2]));
        ArgumentException ownOutput = Assert.ThrowsAny<ArgumentException>(() => relu.Forward(output));
        ownOutput.ParamName.Should().Be("input");
        ownOutput.Message.Should().Contain("Output of ReLU()").And.Contain("input.Clone()");
        Matrix<double> inputGradient = relu.Backward(Columns([3, 4]));
        inputGradient.Column(0).ToArray().Should().Equal(3, 0);
        ArgumentException ownGradient = Assert.ThrowsAny<ArgumentException>(() => relu.Backward(inputGradient));
        ownGradient.ParamName.Should().Be("outputGradient");
        ownGradient.Message.Should().Contain("InputGradient of ReLU()");

        // Its output is a fine output gradient: only its InputGradient is refused.
        relu.Backward(output).Column(0).ToArray().Should().Equal(1, 0);
        relu.Forward(output.Clone()).Column(0).ToArray().Should().Equal(1, 0);
    }

    [Fact]
    public void Linear_HasItsShape_Text_AndParameters()
    {
        var withBias = new Linear(4, 2);
        (withBias.InFeatures, withBias.OutFeatures, withBias.InputSize, withBias.OutputSize).Should().Be((4, 2, (int?)4, (int?)2));
        withBias.Parameters.Should().Equal(withBias.Weight, withBias.Bias!);
        withBias.ToString().Should().Be("Linear(in=4, out=2, bias=True)");
        var without = new Linear(4, 2, bias: false);
        without.Bias.Should().BeNull();
        without.Parameters.Should().Equal(without.Weight);
        without.ToString().Should().Be("Linear(in=4, out=2, bias=False)");
        new ReLU().Parameters.Should().BeEmpty();
        new ReLU().InputSize.Should().BeNull();
        new ReLU().OutputSize.Should().BeNull();
    }

    [Fact]
    public void ALinearWithoutBias_ComputesWx_AndItsGradients()
    {
        var linear = new Linear(2, 2, bias: false);
        new double[] { 1, 3, 2, 4 }.CopyTo(linear.Weight.Data); // W = [[1, 2], [3, 4]]
        linear.Forward(Columns([1, 1], [2, -1])).ToColumnMajorArray().Should().Equal(3, 7, 0, 2);
        linear.Backward(Columns([1, 0], [0, 1])).ToColumnMajorArray().Should().Equal(1, 2, 3, 4);

        // ∂L/∂W = δ·xᵀ = [1, 0; 0, 1]·[1, 1; 2, −1] = [[1, 1], [2, −1]].
        linear.Weight.Gradient.ToColumnMajorArray().Should().Equal(1, 2, 1, -1);
    }

    [Fact]
    public void SchemesOtherThanPyTorchs_LeaveTheBiasZero_WithinTheirBounds()
    {
        var glorot = new Linear(5, 3);
        glorot.Initialize(new SeededRandom(9), Initializer.GlorotUniform);
        glorot.Bias!.Data.ToArray().Should().OnlyContain(b => b == 0);
        double glorotBound = Math.Sqrt(6.0 / (5 + 3));
        glorot.Weight.Data.ToArray().Should().OnlyContain(w => Math.Abs(w) <= glorotBound).And.Contain(w => Math.Abs(w) > 0.5 * glorotBound);

        var he = new Linear(6, 2);
        he.Initialize(new SeededRandom(9), Initializer.HeUniform);
        he.Bias!.Data.ToArray().Should().OnlyContain(b => b == 0);
        double heBound = Math.Sqrt(6.0 / 6);
        he.Weight.Data.ToArray().Should().OnlyContain(w => Math.Abs(w) <= heBound).And.Contain(w => Math.Abs(w) > 0.5 * heBound);

        var pyTorch = new Linear(4, 3);
        pyTorch.Initialize(new SeededRandom(9));
        double bound = 1 / Math.Sqrt(4);
        pyTorch.Bias!.Data.ToArray().Should().OnlyContain(b => Math.Abs(b) <= bound).And.Contain(b => b != 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => pyTorch.Initialize(new SeededRandom(1), (Initializer)99)).ParamName.Should().Be("initializer");
        Assert.Throws<ArgumentNullException>(() => pyTorch.Initialize(null!));
    }
}
