namespace TinyNets.Tests.Network;

/// <summary>
/// A network's Output, and every layer's Output and InputGradient, are workspaces the network overwrites in its next
/// pass. Feeding one back (<c>net.Forward(net.Forward(x))</c>) used to return wrong values silently for small layers
/// and a message about internal storage for large ones; it is refused, naming the layer, and nothing changes.
/// </summary>
public class OwnWorkspaceInputTests
{
    public static TheoryData<int> Widths => new() { 3, 40 };

    private static Sequential Square(int width) =>
        new Sequential(new Linear(width, width), new Tanh(), new Linear(width, width)).Initialize(3);

    private static Matrix<double> Batch(int rows, int columns, ulong seed)
    {
        var random = new SeededRandom(seed);
        return Matrix<double>.Build.Dense(rows, columns, (_, _) => random.NextUniform(-1, 1));
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void TheNetworksOwnOutputIsRefusedNamingTheLayerAndNothingChanges(int width)
    {
        Sequential net = Square(width);
        Matrix<double> x = Batch(width, 2, 1);
        Matrix<double> y = net.Forward(x);
        Matrix<double> before = y.Clone();
        Matrix<double> hidden = net[1].Output!.Clone();

        Action act = () => net.Forward(y);

        act.Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == "input" && e.Message.Contains("Output of layer 2", StringComparison.Ordinal)
                && e.Message.Contains("Clone()", StringComparison.Ordinal));
        net.Output.Should().BeSameAs(y);
        y.Should().Be(before);
        net[1].Output.Should().Be(hidden);
        net[0].Input.Should().BeSameAs(x);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void ACopyOfTheOutputGivesWhatAnIndependentNetworkComputes(int width)
    {
        Sequential net = Square(width);
        Sequential twin = Square(width);
        Matrix<double> x = Batch(width, 3, 2);
        Matrix<double> once = twin.Forward(x).Clone();
        Matrix<double> expected = twin.Forward(once).Clone();

        Matrix<double> actual = net.Forward(net.Forward(x).Clone());

        actual.Should().Be(expected);
        // The pass is the second one: Backward through it gives the twin's gradients.
        Matrix<double> g = Batch(width, 3, 3);
        net.Backward(g);
        twin.Backward(g);
        net.GetGradient("0.weight").Should().Be(twin.GetGradient("0.weight"));
    }

    [Fact]
    public void AHiddenLayersOutputAndAnInputGradientAreRefusedToo()
    {
        Sequential net = Square(3);
        Matrix<double> x = Batch(3, 1, 4);
        net.Forward(x);
        Matrix<double> dx = net.Backward(Batch(3, 1, 5));

        FluentActions.Invoking(() => net.Forward(net[1].Output!)).Should().Throw<ArgumentException>()
            .WithMessage("*Output of layer 1 (Tanh*");
        FluentActions.Invoking(() => net.Forward(dx)).Should().Throw<ArgumentException>()
            .WithMessage("*InputGradient of layer 0 (Linear*");
    }

    [Fact]
    public void BackwardRefusesAnInputGradientOfItsOwnButAcceptsItsOutput()
    {
        // ∂(½‖y‖²)/∂y = y: passing the network's own output as the gradient is legitimate (Backward only reads it).
        Sequential net = Square(3);
        Sequential twin = Square(3);
        Matrix<double> x = Batch(3, 2, 6);
        Matrix<double> y = net.Forward(x);
        Matrix<double> expected = twin.Forward(x).Clone();
        twin.Backward(expected);

        net.Backward(y);
        net.GetGradient("2.weight").Should().Be(twin.GetGradient("2.weight"));

        Matrix<double> inputGradient = net[2].InputGradient!;
        FluentActions.Invoking(() => net.Backward(inputGradient)).Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == "outputGradient" && e.Message.Contains("InputGradient of layer 2", StringComparison.Ordinal));
    }

    [Fact]
    public void AnotherNetworksOutputIsAnOrdinaryInput()
    {
        Sequential first = Square(3);
        Sequential second = Square(3);
        Sequential reference = Square(3);
        Matrix<double> x = Batch(3, 2, 7);

        Matrix<double> actual = second.Forward(first.Forward(x));

        actual.Should().Be(reference.Forward(first.Output!.Clone()));
    }

    [Fact]
    public void ALayerRefusesItsOwnOutputAndInputGradient()
    {
        var layer = new Linear(3, 3);
        Matrix<double> y = layer.Forward(Batch(3, 2, 8));
        FluentActions.Invoking(() => layer.Forward(y)).Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == "input" && e.Message.Contains("Output of Linear", StringComparison.Ordinal));

        var tanh = new Tanh();
        Matrix<double> t = tanh.Forward(Batch(3, 2, 9));
        Matrix<double> dt = tanh.Backward(Batch(3, 2, 10));
        FluentActions.Invoking(() => tanh.Forward(t)).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => tanh.Backward(dt)).Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == "outputGradient");
    }
}
