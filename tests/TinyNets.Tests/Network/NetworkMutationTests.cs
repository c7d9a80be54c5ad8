namespace TinyNets.Tests.Network;

/// <summary>
/// What the network's summary table, its parameter-list check and its single-sample path do where no other test looks:
/// the whole summary text with an output column wider than its header, a layer that returns null Parameters, a layer
/// run on its own in the middle of a single-sample pass (by an activation of the network that runs it, the
/// single-threaded stand-in for another thread's pass) and a zero gradient times an infinite input.
/// </summary>
public class NetworkMutationTests
{
    private const string TornPass = ": its pass changed while it was being used. A layer, like the Sequential that holds it, is a single-threaded object: use one per thread, or a Predictor to serve from several threads.";

    [Fact]
    public void Summary_WithAnOutputWiderThanItsHeader_IsTheWholeTable()
    {
        // Columns: "#" right-aligned to 1, the layer left-aligned to its longest name (30), the output right-aligned to
        // its widest entry (8 digits, wider than the header's 6), the parameters right-aligned to the header's 10;
        // two spaces between columns. Linear(2, 3): 6 weights and 3 biases.
        var net = new Sequential(new Linear(2, 3), new Widening());

        string[] lines = net.Summary().Split(Environment.NewLine);

        lines.Should().Equal(
            "#  layer                             output  parameters",
            "0  Linear(in=2, out=3, bias=True)         3           9",
            "1  Widening                        12345678           0",
            "parameters: 9 (6 weights, 3 biases)");
    }

    [Fact]
    public void ALayerWhoseParametersAreNull_IsRefusedNamingItsIndex()
    {
        Action act = () => _ = new Sequential(new Linear(2, 3), new NullParameters());

        act.Should().Throw<ArgumentException>()
            .WithMessage("Layer 1 (NullParameters) returned null Parameters; return an empty list instead. (Parameter 'layers')")
            .Which.ParamName.Should().Be("layers");
    }

    [Fact]
    public void SingleSamplePath_ALayerRunOnItsOwnDuringThePass_GetsItsOwnOutputWorkspaceBack()
    {
        // The activation in the middle runs the last layer (Tanh) on a 5-row input on its own, so when the pass reaches
        // that layer its current workspace is one of 5 rows; the pass must take the layer's 3-row workspace instead.
        // z = W·x + b = (1·1 + 2·(−0.5) + 0.25, −1·1 + 0 − 0.5, 0.5·1 + 1·(−0.5) + 0) = (0.25, −1.5, 0).
        var linear = new Linear(2, 3);
        double[] weight = [1.0, -1.0, 0.5, 2.0, 0.0, 1.0]; // column-major 3×2
        weight.CopyTo(linear.Weight.Data);
        new[] { 0.25, -0.5, 0.0 }.CopyTo(linear.Bias!.Data);
        var tanh = new Tanh();
        Matrix<double> otherInput = Matrix<double>.Build.Dense(5, 1, 0.5);
        var middle = new Hook(onForward: () => tanh.Forward(otherInput));
        var net = new Sequential(linear, middle, tanh);
        Matrix<double> x = Matrix<double>.Build.DenseOfColumnArrays([1.0, -0.5]);

        net.Forward(x);
        Matrix<double> output = net.Forward(x);

        net.SingleSamplePasses.Should().Be(1, "the second pass takes the single-sample path");
        output.RowCount.Should().Be(3);
        output.ColumnCount.Should().Be(1);
        output[0, 0].Should().BeApproximately(Math.Tanh(0.25), 1e-15);
        output[1, 0].Should().BeApproximately(Math.Tanh(-1.5), 1e-15);
        output[2, 0].Should().Be(0.0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SingleSamplePath_ALinearRunOnItsOwnDuringTheBackwardPass_FailsAsATornPass(bool computeInputGradient)
    {
        // The activation's backward runs the first layer on a two-column input on its own: when the pass reaches that
        // layer, its input holds 4 values instead of 2, and the pass must stop instead of using them.
        var linear = new Linear(2, 3);
        Matrix<double> twoColumns = Matrix<double>.Build.Dense(2, 2, 1.0);
        var net = new Sequential(linear, new Hook(onBackward: () => linear.Forward(twoColumns))).Initialize(1);
        net.Forward(Matrix<double>.Build.DenseOfColumnArrays([1.0, 2.0]));

        Action act = () => net.Backward(Matrix<double>.Build.Dense(3, 1, 1.0), computeInputGradient);

        act.Should().Throw<InvalidOperationException>().WithMessage($"{linear}{TornPass}");
    }

    [Fact]
    public void SingleSamplePath_AZeroGradientTimesAnInfiniteInput_LeavesTheWeightGradientZero()
    {
        // The first layer's output 1e300·1e300 overflows to +∞, the second layer's input. With ∂L/∂output = 0 the
        // kernels leave a one-output layer's weight gradient cleared (they add d·x only where d ≠ 0), so it is +0,
        // not 0·∞ = NaN; the general path gives the same.
        foreach (bool singleSample in new[] { true, false })
        {
            var first = new Linear(1, 1);
            var second = new Linear(1, 1);
            first.Weight.Data[0] = 1e300;
            first.Bias!.Data[0] = 0.0;
            second.Weight.Data[0] = 1.0;
            second.Bias!.Data[0] = 0.0;
            var net = new Sequential(first, second) { SingleSamplePathEnabled = singleSample };
            net.Forward(Matrix<double>.Build.Dense(1, 1, 1e300))[0, 0].Should().Be(double.PositiveInfinity);

            net.Backward(Matrix<double>.Build.Dense(1, 1, 0.0), computeInputGradient: false);

            BitConverter.DoubleToInt64Bits(second.Weight.Gradient[0, 0]).Should().Be(0L, $"single-sample path {singleSample}");
            second.Bias.Gradient[0, 0].Should().Be(0.0);
            BitConverter.DoubleToInt64Bits(first.Weight.Gradient[0, 0]).Should().Be(0L);
        }
    }

    /// <summary>A layer of any input width whose output is 12 345 678 wide (only its summary row is used).</summary>
    private sealed class Widening : Layer
    {
        public override int? OutputSize => 12_345_678;

        public override string ToString() => "Widening";

        protected override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns) => throw new NotSupportedException();

        protected override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns) => throw new NotSupportedException();
    }

    /// <summary>A layer that breaks the contract of <see cref="Layer.Parameters"/>.</summary>
    private sealed class NullParameters : Layer
    {
        public override IReadOnlyList<Parameter> Parameters => null!;

        public override string ToString() => "NullParameters";

        protected override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns) => x.CopyTo(y);

        protected override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns) => dy.CopyTo(dx);
    }

    /// <summary>The identity, which runs a given action in its forward or backward computation.</summary>
    private sealed class Hook(Action? onForward = null, Action? onBackward = null) : Activation
    {
        public override string ToString() => "Hook()";

        protected override void Apply(ReadOnlySpan<double> x, Span<double> y)
        {
            onForward?.Invoke();
            x.CopyTo(y);
        }

        protected override void ApplyBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx)
        {
            onBackward?.Invoke();
            dy.CopyTo(dx);
        }
    }
}
