namespace TinyNets.Tests.Activations;

/// <summary>
/// What the element-wise activations promise at their edges: the kink of LeakyReLU and SELU at x = 0 (PyTorch takes the
/// x ≤ 0 branch there, for the value's signed zero and for the derivative), their names, and that an element-wise
/// function (the library's or a subclass's) never gets spans of different lengths.
/// </summary>
public class ActivationMutationTests
{
    private const string TornMessage =
        "Probe(): its pass changed while it was being used. A layer, like the Sequential that holds it, is a single-threaded object: use one per thread, or a Predictor to serve from several threads.";

    private static Matrix<double> Column(params double[] values) => Matrix<double>.Build.DenseOfColumnArrays(values);

    [Fact]
    public void Identity_SELU_and_Softmax_are_named_as_PyTorch_prints_them()
    {
        new Identity().ToString().Should().Be("Identity()");
        new Selu().ToString().Should().Be("SELU()");
        new Softmax().ToString().Should().Be("Softmax(dim=features)");
    }

    // PyTorch: leaky_relu(x) = x > 0 ? x : x·slope, so at x = ±0 the value is slope·x, whose sign a negative slope flips.
    [Fact]
    public void LeakyReLU_at_zero_takes_the_slope_branch_so_a_negative_slope_flips_the_zeros_sign()
    {
        var leaky = new LeakyReLU(-0.5);

        Matrix<double> y = leaky.Forward(Column(0.0, -0.0));

        double.IsNegative(y[0, 0]).Should().BeTrue("−0.5·(+0) = −0");
        y[0, 0].Should().Be(0.0);
        double.IsNegative(y[1, 0]).Should().BeFalse("−0.5·(−0) = +0");
        y[1, 0].Should().Be(0.0);
    }

    // PyTorch: leaky_relu_backward = x > 0 ? dy : dy·slope, so the derivative at 0 is the slope.
    [Fact]
    public void LeakyReLU_derivative_at_zero_is_the_slope()
    {
        var leaky = new LeakyReLU(0.25);
        leaky.Forward(Column(0.0, -0.0, 2.0));

        Matrix<double> dx = leaky.Backward(Column(4.0, 8.0, 3.0));

        dx.ToColumnMajorArray().Should().Equal(1.0, 2.0, 3.0);
    }

    // PyTorch's SELU backward (elu_backward) takes the x ≤ 0 branch at 0: dy·λα·e⁰ = dy·λα, not dy·λ.
    [Fact]
    public void SELU_derivative_at_zero_is_lambda_alpha()
    {
        var selu = new Selu();
        selu.Forward(Column(0.0, -0.0, 1.0));

        Matrix<double> dx = selu.Backward(Column(2.0, 1.0, 1.0));

        const double lambdaAlpha = 1.0507009873554804934 * 1.6732632423543772848;
        Exact(dx[0, 0], 2 * lambdaAlpha);
        Exact(dx[1, 0], lambdaAlpha);
        Exact(dx[2, 0], 1.0507009873554804934);
    }

    // A subclass calling the layer's sealed ForwardCore and BackwardCore with spans of its own: the element-wise
    // function it writes must only ever see spans of one length, as Activation promises.
    [Theory]
    [InlineData(3, 2)]
    [InlineData(2, 3)]
    public void Forward_with_an_output_of_another_length_is_refused_before_the_function_runs(int xLength, int yLength)
    {
        var probe = new Probe();
        double[] x = new double[xLength], y = new double[yLength];

        Action core = () => probe.CallForwardCore(x, y);
        Action singleSample = () => probe.ApplyForward(x, y);

        core.Should().Throw<InvalidOperationException>().WithMessage(TornMessage);
        singleSample.Should().Throw<InvalidOperationException>().WithMessage(TornMessage);
        probe.Calls.Should().Be(0);
    }

    [Theory]
    [InlineData(3, 2, 3, 3)] // y
    [InlineData(3, 3, 2, 3)] // dy alone
    [InlineData(3, 3, 3, 2)] // dx alone
    [InlineData(3, 3, 3, 4)]
    [InlineData(2, 3, 3, 3)] // x alone
    public void Backward_with_spans_of_different_lengths_is_refused_before_the_derivative_runs(int xLength, int yLength, int dyLength, int dxLength)
    {
        var probe = new Probe();
        double[] x = new double[xLength], y = new double[yLength], dy = new double[dyLength], dx = new double[dxLength];

        Action core = () => probe.CallBackwardCore(x, y, dy, dx);
        Action singleSample = () => probe.ApplyBackwardPass(x, y, dy, dx);

        core.Should().Throw<InvalidOperationException>().WithMessage(TornMessage);
        singleSample.Should().Throw<InvalidOperationException>().WithMessage(TornMessage);
        probe.Calls.Should().Be(0);
    }

    [Fact]
    public void Spans_of_one_length_reach_the_function_and_its_derivative()
    {
        var probe = new Probe();
        double[] x = new double[3], y = new double[3], dy = new double[3], dx = new double[3];

        probe.CallForwardCore(x, y);
        probe.ApplyForward(x, y);
        probe.CallBackwardCore(x, y, dy, dx);
        probe.ApplyBackwardPass(x, y, dy, dx);

        probe.Calls.Should().Be(4);
    }

    /// <summary>An activation that counts the calls of its function and derivative and writes nothing.</summary>
    private sealed class Probe : Activation
    {
        public int Calls { get; private set; }

        public override string ToString() => "Probe()";

        public void CallForwardCore(double[] x, double[] y) => ForwardCore(x, y, x.Length, 1);

        public void CallBackwardCore(double[] x, double[] y, double[] dy, double[] dx) => BackwardCore(x, y, dy, dx, x.Length, 1);

        protected override void Apply(ReadOnlySpan<double> x, Span<double> y) => Calls++;

        protected override void ApplyBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx) => Calls++;
    }
}
