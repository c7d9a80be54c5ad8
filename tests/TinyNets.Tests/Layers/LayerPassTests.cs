namespace TinyNets.Tests.Layers;

/// <summary>
/// What a layer keeps of its pass: an output workspace of the current input's shape (also when only the rows change),
/// no input gradient after a new forward pass (on either of a network's paths), and messages that name the layer and
/// what is wrong.
/// </summary>
public class LayerPassTests
{
    [Fact]
    public void AnActivation_RunOnInputsOfOtherRows_GivesOutputsOfTheNewRows()
    {
        var tanh = new Tanh();
        tanh.Forward(Matrix<double>.Build.Dense(3, 2, 0.5));
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.1, -0.2 }, { 0.3, 0.4 }, { -0.5, 0.6 }, { 0.7, -0.8 } });
        Matrix<double> y = tanh.Forward(x);
        y.RowCount.Should().Be(4);
        y.ColumnCount.Should().Be(2);
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                Exact(y[i, j], Math.Tanh(x[i, j]));
            }
        }
    }

    [Fact]
    public void AForwardPass_ForgetsTheInputGradientOfTheLastBackward()
    {
        var linear = new Linear(2, 1);
        var x = Matrix<double>.Build.Dense(2, 3, 1.0);
        linear.Forward(x);
        linear.Backward(Matrix<double>.Build.Dense(1, 3, 1.0));
        linear.InputGradient.Should().NotBeNull("the test needs an input gradient to forget");
        linear.Forward(x);
        linear.InputGradient.Should().BeNull();
    }

    [Fact]
    public void ASingleSampleForwardPass_ForgetsTheInputGradientOfTheLastBackward()
    {
        var linear = new Linear(2, 1);
        var net = new Sequential(linear);
        var x = Matrix<double>.Build.Dense(2, 1, 1.0);
        net.Forward(x);
        net.Backward(Matrix<double>.Build.Dense(1, 1, 1.0));
        linear.InputGradient.Should().NotBeNull("the test needs an input gradient to forget");
        long before = net.SingleSamplePasses;
        net.Forward(x);
        net.SingleSamplePasses.Should().Be(before + 1, "the single-sample path must be taken");
        linear.InputGradient.Should().BeNull();
    }

    [Fact]
    public void Forward_WithWrongRows_SaysTheyAreTheLayersInputFeatures()
    {
        var linear = new Linear(2, 1);
        Action act = () => linear.Forward(Matrix<double>.Build.Dense(3, 1));
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain($"'input' must have 2 rows (the input features of {linear}");
    }

    [Fact]
    public void Backward_WithAGradientOfAnotherShape_SaysItMustHaveTheOutputsShape()
    {
        var linear = new Linear(2, 1);
        linear.Forward(Matrix<double>.Build.Dense(2, 3, 1.0));
        Action act = () => linear.Backward(Matrix<double>.Build.Dense(1, 2, 1.0));
        act.Should().Throw<ArgumentException>().Which.Message.Should().Contain($"(the output of {linear}");
    }

    [Fact]
    public void Backward_BeforeAnyForward_NamesTheLayer()
    {
        var linear = new Linear(2, 1);
        Action act = () => linear.Backward(Matrix<double>.Build.Dense(1, 1, 1.0));
        act.Should().Throw<InvalidOperationException>().WithMessage($"{linear}: Backward needs a Forward pass first.");
    }

    [Fact]
    public void Initialize_WithAnUnknownInitializer_SaysWhichValueWasGiven()
    {
        var linear = new Linear(2, 1);
        Action act = () => linear.Initialize(new SeededRandom(1), (Initializer)99);
        var e = act.Should().Throw<ArgumentOutOfRangeException>().Which;
        e.ParamName.Should().Be("initializer");
        e.Message.Should().Contain("Unknown initializer 99.");
    }
}
