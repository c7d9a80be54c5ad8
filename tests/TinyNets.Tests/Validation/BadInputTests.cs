using static TinyNets.Tests.Validation.ValidationSupport;

namespace TinyNets.Tests.Validation;

/// <summary>
/// Bad input to a network's and a layer's Forward and Backward: each must throw an ArgumentException-family exception that
/// names the parameter and states the expected and the given shape or value, and must leave every parameter, gradient and
/// the last good pass bit-identical. (SetParameter: <see cref="SetParameterBadInputTests"/>; losses:
/// <see cref="LossBadInputTests"/>; constructors and the optimizer: <see cref="ConstructionBadInputTests"/>.)
/// </summary>
public class BadInputTests
{
    // ---------------------------------------------------------------- Sequential.Forward

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(3, 4)]
    [InlineData(5, 3)]
    public void SequentialForward_WrongRowCount_ThrowsNamingInputAndShapes_AndLeavesNetUnchanged(int rows, int columns)
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);

        ArgumentException ex = ThrowsArgument(() => net.Forward(Matrix<double>.Build.Dense(rows, columns, 0.5)), "input", Shape(rows, columns));
        Numbers(ex.Message).Should().Contain(2, "the expected number of input features (2) must be stated: {0}", ex.Message);

        before.AssertUnchanged();
    }

    [Fact]
    public void SequentialForward_WrongRowCount_WhenFirstLayerIsAnActivation_IsStillCaughtByTheNetwork()
    {
        // ReLU accepts any number of rows, so the check must come from the network's own InputSize (the Linear behind it).
        var net = new Sequential(new ReLU(), new Linear(2, 1));
        net.Forward(GoodInput());
        var before = NetworkSnapshot.Take(net);

        ArgumentException ex = ThrowsArgument(() => net.Forward(Matrix<double>.Build.Dense(3, 2, 1.0)), "input", "3×2");
        Numbers(ex.Message).Should().Contain(2);

        before.AssertUnchanged();
    }

    [Theory]
    [InlineData(double.NaN, 0, 0)]
    [InlineData(double.NaN, 1, 1)]
    [InlineData(double.PositiveInfinity, 0, 1)]
    [InlineData(double.PositiveInfinity, 1, 0)]
    [InlineData(double.NegativeInfinity, 1, 1)]
    [InlineData(double.NegativeInfinity, 0, 0)]
    public void SequentialForward_NonFiniteEntry_ThrowsNamingInputAndValue_AndLeavesNetUnchanged(double bad, int row, int column)
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);

        ArgumentException ex = ThrowsArgument(() => net.Forward(WithEntry(2, 2, row, column, bad)), "input", Text(bad), "finite");
        if (double.IsPositiveInfinity(bad))
        {
            ex.Message.Should().NotContain("-Infinity");
        }

        before.AssertUnchanged();
    }

    [Fact]
    public void SequentialForward_NonFiniteEntry_WithADifferentBatchSize_LeavesNetUnchanged()
    {
        // A new batch size would need new workspaces: a check that ran after allocating/switching them would be caught here.
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);

        ThrowsArgument(() => net.Forward(WithEntry(2, 5, 1, 4, double.NaN)), "input", "NaN");

        before.AssertUnchanged();
    }

    [Fact]
    public void SequentialForward_AfterARejectedBatch_BackwardStillReproducesTheLastGoodPass()
    {
        // "Unchanged" in its strongest form: the net is still exactly in the state of the last good Forward.
        Sequential net = NetAfterGoodPass();
        long[][] gradients = NetParameterNames.Select(n => Bits(net.GetGradient(n))).ToArray();

        Assert.ThrowsAny<ArgumentException>(() => net.Forward(WithEntry(2, 3, 0, 2, double.PositiveInfinity)));
        Assert.ThrowsAny<ArgumentException>(() => net.Forward(Matrix<double>.Build.Dense(4, 3, 1.0)));
        net.ZeroGradients();
        net.Backward(GoodOutputGradient());

        for (int i = 0; i < NetParameterNames.Length; i++)
        {
            Bits(net.GetGradient(NetParameterNames[i])).Should().Equal(gradients[i], "gradient of {0}", NetParameterNames[i]);
        }
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(0, 0)]
    public void SequentialForward_EmptyBatch_ThrowsNamingInput_AndLeavesNetUnchanged(int rows, int columns)
    {
        // MathNet 5 does build matrices with a zero dimension (Matrix.Build.Dense(2, 0)); only DenseOfColumnArrays() with no
        // columns refuses. (Do not let a test framework print such a matrix: MathNet's ToString throws on it.)
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);
        Matrix<double> empty = Matrix<double>.Build.Dense(rows, columns);
        empty.ColumnCount.Should().Be(0);

        ArgumentException ex = ThrowsArgument(() => net.Forward(empty), "input", Shape(rows, columns));
        // 2×0 is an empty batch; 0×0 also lacks the 2 feature rows, and the row check comes first.
        ex.Message.Should().ContainAny(rows == 0 ? new[] { "2 rows" } : new[] { "empty", "at least one" });

        before.AssertUnchanged();
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0, 3)]
    public void SequentialForward_SamplesWithZeroFeatures_AreAShapeMismatchNamingTheExpectedFeatureCount(int rows, int columns)
    {
        // A 0×n matrix holds n samples with no features. For a net that needs 2 features this is a row-count mismatch,
        // so the message must say that 2 rows were expected (not only that the batch is "empty").
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);

        ArgumentException ex = ThrowsArgument(() => net.Forward(Matrix<double>.Build.Dense(rows, columns)), "input", Shape(rows, columns));
        Numbers(ex.Message).Should().Contain(2, "the expected number of input features (2) must be stated: {0}", ex.Message);

        before.AssertUnchanged();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void SequentialForwardVector_WrongLength_ThrowsNamingInput(int length)
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);

        ArgumentException ex = ThrowsArgument(() => net.Forward(Vector<double>.Build.Dense(length, 1.0)), "input");
        MentionsGivenAndExpected(ex.Message, length, 2);

        before.AssertUnchanged();
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void SequentialForwardVector_NonFiniteEntry_ThrowsNamingInputAndValue(double bad)
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);

        ThrowsArgument(() => net.Forward(Vector<double>.Build.DenseOfArray(new[] { 1.0, bad })), "input", Text(bad), "finite");

        before.AssertUnchanged();
    }

    [Fact]
    public void SequentialForward_NonDenseMatrix_ThrowsNamingInput_AndLeavesNetUnchanged()
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);
        Matrix<double> sparse = Matrix<double>.Build.Sparse(2, 2);
        sparse[0, 0] = 1.0;

        ThrowsArgument(() => net.Forward(sparse), "input");

        before.AssertUnchanged();
    }

    [Fact]
    public void SequentialForward_Null_ThrowsArgumentNullException()
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);

        Assert.Throws<ArgumentNullException>(() => net.Forward((Matrix<double>)null!)).ParamName.Should().Be("input");
        Assert.Throws<ArgumentNullException>(() => net.Forward((Vector<double>)null!)).ParamName.Should().Be("input");

        before.AssertUnchanged();
    }

    // ---------------------------------------------------------------- Layer.Forward used standalone

    [Theory]
    [InlineData(1, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 1)]
    public void LinearForward_WrongRowCount_ThrowsNamingInputAndShapes_AndLeavesLayerUnchanged(int rows, int columns)
    {
        var layer = new Linear(2, 3);
        layer.Forward(GoodInput());
        layer.Backward(Matrix<double>.Build.Dense(3, 2, (i, j) => i - j + 0.5));
        var before = LayerSnapshot.Take(layer);

        ArgumentException ex = ThrowsArgument(() => layer.Forward(Matrix<double>.Build.Dense(rows, columns, 1.0)), "input", Shape(rows, columns));
        Numbers(ex.Message).Should().Contain(2);

        before.AssertUnchanged();
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void LinearForward_NonFiniteEntry_ThrowsNamingInputAndValue_AndLeavesLayerUnchanged(double bad)
    {
        var layer = new Linear(2, 3);
        layer.Forward(GoodInput());
        layer.Backward(Matrix<double>.Build.Dense(3, 2, (i, j) => i - j + 0.5));
        var before = LayerSnapshot.Take(layer);

        ThrowsArgument(() => layer.Forward(WithEntry(2, 3, 1, 2, bad)), "input", Text(bad), "finite");

        before.AssertUnchanged();
    }

    [Fact]
    public void LinearForward_EmptyBatch_ThrowsNamingInput_AndLeavesLayerUnchanged()
    {
        var layer = new Linear(2, 3);
        layer.Forward(GoodInput());
        var before = LayerSnapshot.Take(layer);

        ThrowsArgument(() => layer.Forward(Matrix<double>.Build.Dense(2, 0)), "input", "2×0");

        before.AssertUnchanged();
    }

    [Fact]
    public void LinearForward_NonDenseMatrix_ThrowsNamingInput()
    {
        var layer = new Linear(2, 3);
        var before = LayerSnapshot.Take(layer);

        ThrowsArgument(() => layer.Forward(Matrix<double>.Build.Sparse(2, 1)), "input");

        before.AssertUnchanged();
        layer.Output.Should().BeNull();
    }

    public static TheoryData<string, double> ActivationCases()
    {
        var data = new TheoryData<string, double>();
        foreach (string name in new[] { "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Selu", "Softplus", "Identity" })
        {
            foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            {
                data.Add(name, bad);
            }
        }

        return data;
    }

    private static Layer MakeActivation(string name) => name switch
    {
        "ReLU" => new ReLU(),
        "LeakyReLU" => new LeakyReLU(0.1),
        "Sigmoid" => new Sigmoid(),
        "Tanh" => new Tanh(),
        "Softmax" => new Softmax(),
        "LogSoftmax" => new LogSoftmax(),
        "Selu" => new Selu(),
        "Softplus" => new Softplus(),
        "Identity" => new Identity(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown activation"),
    };

    [Theory]
    [MemberData(nameof(ActivationCases))]
    public void ActivationForward_NonFiniteEntry_ThrowsNamingInputAndValue_AndLeavesLayerUnchanged(string activation, double bad)
    {
        Layer layer = MakeActivation(activation);
        Matrix<double> good = Matrix<double>.Build.Dense(3, 2, (i, j) => i - (2.0 * j) + 0.5);
        layer.Forward(good);
        layer.Backward(Matrix<double>.Build.Dense(3, 2, (i, j) => (0.25 * i) + j));
        var before = LayerSnapshot.Take(layer, activation);

        ThrowsArgument(() => layer.Forward(WithEntry(3, 2, 2, 1, bad)), "input", Text(bad), "finite");

        before.AssertUnchanged();
    }

    [Fact]
    public void ActivationForward_EmptyBatch_ThrowsNamingInput()
    {
        var layer = new Tanh();
        layer.Forward(GoodInput());
        var before = LayerSnapshot.Take(layer);

        ThrowsArgument(() => layer.Forward(Matrix<double>.Build.Dense(3, 0)), "input", "3×0");

        before.AssertUnchanged();
    }

    // ---------------------------------------------------------------- Backward

    [Fact]
    public void SequentialBackward_BeforeAnyForward_ThrowsInvalidOperation_AndLeavesNetUnchanged()
    {
        Sequential net = Net();
        var before = NetworkSnapshot.Take(net);

        Assert.Throws<InvalidOperationException>(() => net.Backward(GoodOutputGradient()));

        before.AssertUnchanged();
        net.Output.Should().BeNull();
    }

    [Fact]
    public void SequentialBackward_WhenOnlyTheLastLayerRanStandalone_ThrowsInvalidOperation_AndLeavesNetUnchanged()
    {
        // The network never ran Forward; its last layer did (standalone). Backward must still refuse cleanly: the earlier
        // layers have no pass to back-propagate through, so no gradient may be overwritten and no NullReferenceException escape.
        Sequential net = Net();
        net[2].Forward(Matrix<double>.Build.Dense(3, 2, 0.5));
        var before = NetworkSnapshot.Take(net);

        Assert.Throws<InvalidOperationException>(() => net.Backward(GoodOutputGradient()));

        before.AssertUnchanged();
    }

    [Fact]
    public void SequentialBackward_WhenTheLastLayerRanStandaloneOnAnotherBatch_ThrowsInvalidOperation_AndLeavesNetUnchanged()
    {
        // The net ran a 2-sample pass; then its last layer alone ran a 3-sample batch. The net's Output is now 1×3, so a
        // 1×3 gradient passes the shape check, but the earlier layers still hold the 2-sample pass: back-propagating would mix
        // the two passes (reading a 3-column gradient as a 2-column one). Backward must refuse rather than return such numbers.
        Sequential net = NetAfterGoodPass();
        net[2].Forward(Matrix<double>.Build.Dense(3, 3, 0.5));
        var before = NetworkSnapshot.Take(net);

        Assert.Throws<InvalidOperationException>(() => net.Backward(Matrix<double>.Build.Dense(1, 3, 1.0)));

        before.AssertUnchanged();
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(1, 3)]
    [InlineData(2, 1)]
    public void SequentialBackward_WrongShape_ThrowsNamingOutputGradientAndShapes_AndLeavesNetUnchanged(int rows, int columns)
    {
        Sequential net = NetAfterGoodPass();   // output is 1×2
        var before = NetworkSnapshot.Take(net);

        ThrowsArgument(() => net.Backward(Matrix<double>.Build.Dense(rows, columns, 1.0)), "outputGradient", "1×2", Shape(rows, columns));

        before.AssertUnchanged();
    }

    [Theory]
    [InlineData(double.NaN, 0)]
    [InlineData(double.PositiveInfinity, 1)]
    [InlineData(double.NegativeInfinity, 0)]
    public void SequentialBackward_NonFiniteEntry_ThrowsNamingOutputGradientAndValue_AndLeavesNetUnchanged(double bad, int column)
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);

        ThrowsArgument(() => net.Backward(WithEntry(1, 2, 0, column, bad)), "outputGradient", Text(bad), "finite");

        before.AssertUnchanged();
    }

    [Fact]
    public void SequentialBackward_NonDenseGradient_ThrowsNamingOutputGradient()
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);

        ThrowsArgument(() => net.Backward(Matrix<double>.Build.Sparse(1, 2)), "outputGradient");

        before.AssertUnchanged();
    }

    [Fact]
    public void LayerBackward_BeforeForward_ThrowsInvalidOperation_AndLeavesLayerUnchanged()
    {
        var linear = new Linear(2, 3);
        var relu = new ReLU();
        var linearBefore = LayerSnapshot.Take(linear);

        Assert.Throws<InvalidOperationException>(() => linear.Backward(Matrix<double>.Build.Dense(3, 1, 1.0)));
        Assert.Throws<InvalidOperationException>(() => relu.Backward(Matrix<double>.Build.Dense(3, 1, 1.0)));

        linearBefore.AssertUnchanged();
        relu.InputGradient.Should().BeNull();
    }

    [Theory]
    [InlineData(3, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    public void LinearBackward_WrongShape_ThrowsNamingOutputGradientAndShapes_AndLeavesLayerUnchanged(int rows, int columns)
    {
        var layer = new Linear(2, 3);
        layer.Forward(GoodInput());                                         // output 3×2
        layer.Backward(Matrix<double>.Build.Dense(3, 2, (i, j) => i + j + 0.5));
        var before = LayerSnapshot.Take(layer);

        ThrowsArgument(() => layer.Backward(Matrix<double>.Build.Dense(rows, columns, 1.0)), "outputGradient", "3×2", Shape(rows, columns));

        before.AssertUnchanged();
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void LinearBackward_NonFiniteEntry_ThrowsNamingOutputGradientAndValue_AndLeavesLayerUnchanged(double bad)
    {
        var layer = new Linear(2, 3);
        layer.Forward(GoodInput());
        layer.Backward(Matrix<double>.Build.Dense(3, 2, (i, j) => i + j + 0.5));
        var before = LayerSnapshot.Take(layer);

        ThrowsArgument(() => layer.Backward(WithEntry(3, 2, 2, 1, bad)), "outputGradient", Text(bad), "finite");

        before.AssertUnchanged();
    }
}
