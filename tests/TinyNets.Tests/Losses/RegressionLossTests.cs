using TinyNets.Tests.Support;

namespace TinyNets.Tests.Losses;

/// <summary>
/// L1Loss, HuberLoss, SmoothL1Loss and BceLoss against PyTorch's definitions: closed-form values, the derivatives at the
/// kinks as PyTorch's backward kernels return them (sign(0) = 0 for L1; ±δ and ±1 at |ŷ − y| = δ or β, where the forward
/// already takes the linear branch), the Huber = δ·SmoothL1(β = δ) relation, β = 0 as L1, BCE's clamp of each log at −100,
/// its refusal of values outside [0, 1], and overflowing residuals giving the representable result.
/// </summary>
public class RegressionLossTests
{
    private static Matrix<double> Row(params double[] values) => Matrix<double>.Build.DenseOfRowArrays(values);

    private static double[] Gradient(Loss loss) => loss.Backward().ToColumnMajorArray();

    [Fact]
    public void L1_IsTheMeanAbsoluteError_WithSignZeroAtZero()
    {
        var loss = new L1Loss();

        // PyTorch: nn.L1Loss()(tensor([1., 2., 3.]), tensor([2., 2., 5.])) = (1 + 0 + 2)/3 = 1, gradient sign/3 with sign(0) = 0.
        loss.Forward(Row(1, 2, 3), Row(2, 2, 5)).Should().Be(1.0);
        Gradient(loss).Should().Equal(-1.0 / 3, 0.0, -1.0 / 3);
        new L1Loss(Reduction.Sum, 2).Forward(Row(1, 2, 3), Row(2, 2, 5)).Should().Be(6.0);
        new L1Loss(Reduction.BatchMean).Forward(Row(1, 2, 3), Row(2, 2, 5)).Should().Be(1.0);
        loss.ToString().Should().Be("L1Loss(reduction=Mean)");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(3.0)]
    public void Huber_HasBothBranches_AndPyTorchsDerivativeAtTheJoin(double delta)
    {
        var loss = new HuberLoss(delta, Reduction.Sum);
        double inside = delta / 2, outside = 2 * delta;

        // z < δ: ½z²; z ≥ δ: δ(z − ½δ); at z = δ both are ½δ², and PyTorch's backward gives ±δ there (x ≥ δ, x ≤ −δ).
        double value = loss.Forward(Row(inside, -outside, delta, -delta, 0), Row(0, 0, 0, 0, 0));
        Tolerance.Exact(value, (0.5 * inside * inside) + (delta * (outside - (0.5 * delta))) + (2 * 0.5 * delta * delta));
        Gradient(loss).Should().Equal(inside, -delta, delta, -delta, 0.0);
        loss.ToString().Should().Be(FormattableString.Invariant($"HuberLoss(delta={delta}, reduction=Sum)"));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.25)]
    [InlineData(4.0)]
    public void SmoothL1_HasBothBranches_AndPyTorchsDerivativeAtTheJoin(double beta)
    {
        var loss = new SmoothL1Loss(beta, Reduction.Sum);
        double inside = beta / 2, outside = 3 * beta;

        // z < β: ½z²/β; z ≥ β: z − ½β; at z = β PyTorch's forward takes z − ½β (= ½β) and its backward ±1.
        double value = loss.Forward(Row(-inside, outside, beta, -beta), Row(0, 0, 0, 0));
        Tolerance.Exact(value, (0.5 * inside * inside / beta) + (outside - (0.5 * beta)) + beta);
        Gradient(loss).Should().Equal(-0.5, 1.0, 1.0, -1.0);
        loss.ToString().Should().Be(FormattableString.Invariant($"SmoothL1Loss(beta={beta}, reduction=Sum)"));
    }

    [Fact]
    public void SmoothL1_WithBetaZero_IsL1_BitForBit_IncludingSignZero()
    {
        Matrix<double> p = Row(0.3, -2, 5, 1.5, -0.75), t = Row(0.3, 1, -1, 1.5, 0.25);
        var l1 = new L1Loss();
        var smooth = new SmoothL1Loss(beta: 0);

        smooth.Forward(p, t).Should().Be(l1.Forward(p, t));
        Gradient(smooth).Should().Equal(Gradient(l1));
        Gradient(smooth)[0].Should().Be(0.0, "PyTorch sends β = 0 to l1_loss, whose backward is sign(0) = 0");
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(2.5)]
    public void Huber_IsDeltaTimesSmoothL1_WithBetaEqualToDelta(double delta)
    {
        var rng = new SeededRandom(17);
        Matrix<double> p = Matrix<double>.Build.Dense(3, 5, (_, _) => rng.NextUniform(-4, 4));
        Matrix<double> t = Matrix<double>.Build.Dense(3, 5, (_, _) => rng.NextUniform(-4, 4));
        var huber = new HuberLoss(delta);
        var smooth = new SmoothL1Loss(delta);

        Tolerance.Exact(huber.Forward(p, t), delta * smooth.Forward(p, t));
        double[] gh = Gradient(huber), gs = Gradient(smooth);
        for (int i = 0; i < gh.Length; i++)
        {
            gh[i].Should().BeApproximately(delta * gs[i], 1e-15, $"entry {i}");
        }
    }

    [Fact]
    public void Bce_IsTheBinaryCrossEntropyOfProbabilities()
    {
        var loss = new BceLoss();

        // −[y ln p + (1 − y) ln(1 − p)]: p = ½ gives ln 2 for any y; p = 0.8, y = 1 gives −ln 0.8; p = 0.25, y = 0.5 gives −½ ln(0.1875).
        loss.Forward(Row(0.5, 0.8, 0.25), Row(1, 1, 0.5)).Should().BeApproximately((Math.Log(2) - Math.Log(0.8) - (0.5 * Math.Log(0.25 * 0.75))) / 3, 1e-15);

        // ∂/∂p = (p − y)/((1 − p)p), divided by the 3 elements.
        double[] g = Gradient(loss);
        g[0].Should().BeApproximately((0.5 - 1) / 0.25 / 3, 1e-15);
        g[1].Should().BeApproximately((0.8 - 1) / (0.2 * 0.8) / 3, 1e-15);
        g[2].Should().BeApproximately((0.25 - 0.5) / (0.75 * 0.25) / 3, 1e-15);
        loss.ToString().Should().Be("BceLoss(reduction=Mean)");
    }

    [Fact]
    public void Bce_ClampsEachLogAtMinus100_AndItsGradientDividesByAtLeast1e12_AsPyTorch()
    {
        var loss = new BceLoss(Reduction.Sum);

        // PyTorch: BCELoss(reduction='sum')(tensor([0., 1., 0., 1.]), tensor([1., 0., 0., 1.])) = 100 + 100 + 0 + 0.
        loss.Forward(Row(0, 1, 0, 1), Row(1, 0, 0, 1)).Should().Be(200.0);

        // (p − y)/max((1 − p)p, EPSILON), EPSILON the float 1e-12 of PyTorch's kernel.
        double epsilon = (double)1e-12f;
        Gradient(loss).Should().Equal(-1 / epsilon, 1 / epsilon, 0.0, 0.0);

        // A soft target at p = 0: (y − 1)·ln(1) − y·(−100) = 100y.
        loss.Forward(Row(0.0), Row(0.25)).Should().Be(25.0);
    }

    [Theory]
    [InlineData(-0.001, 0.5, "prediction", "entry [0, 1] is -0.001")]
    [InlineData(1.5, 0.5, "prediction", "entry [0, 1] is 1.5")]
    [InlineData(0.5, -0.25, "target", "entry [0, 1] is -0.25")]
    [InlineData(0.5, 1.0000001, "target", "entry [0, 1] is 1.0000001")]
    public void Bce_RefusesValuesOutsideZeroOne_NamingTheArgument_AndKeepsItsGradient(double p, double t, string paramName, string message)
    {
        var loss = new BceLoss();
        loss.Forward(Row(0.5, 0.5), Row(1, 0));
        double[] before = Gradient(loss);

        var e = Assert.Throws<ArgumentException>(() => loss.Forward(Row(0.5, p), Row(1, t)));

        e.ParamName.Should().Be(paramName);
        e.Message.Should().Contain(message).And.Contain("a probability in [0, 1]");
        Gradient(loss).Should().Equal(before);
    }

    [Fact]
    public void Constructors_RefuseBadWidths()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HuberLoss(0)).ParamName.Should().Be("delta");
        Assert.Throws<ArgumentOutOfRangeException>(() => new HuberLoss(-1)).ParamName.Should().Be("delta");
        Assert.Throws<ArgumentOutOfRangeException>(() => new HuberLoss(double.PositiveInfinity)).ParamName.Should().Be("delta");
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmoothL1Loss(-0.5)).Message.Should().Contain("'beta' must be finite and ≥ 0; -0.5 was given");
        Assert.Throws<ArgumentOutOfRangeException>(() => new SmoothL1Loss(double.NaN)).ParamName.Should().Be("beta");
        Assert.Throws<ArgumentOutOfRangeException>(() => new L1Loss(scale: 0)).ParamName.Should().Be("scale");
        new HuberLoss().Delta.Should().Be(1.0, "PyTorch's default");
        new SmoothL1Loss().Beta.Should().Be(1.0, "PyTorch's default");
        new L1Loss().Reduction.Should().Be(Reduction.Mean);
    }

    // ---------------------------------------------------------------- residuals that overflow

    [Fact]
    public void L1_AResidualThatOverflows_GivesTheFiniteMean()
    {
        // ŷ − y = 1e308 − (−1e308) overflows; the mean of |2e308| and 0 over the 2 elements is 1e308.
        var loss = new L1Loss();

        loss.Forward(Row(1e308, 1), Row(-1e308, 1)).Should().Be(1e308);
        Gradient(loss).Should().Equal(0.5, 0.0);
    }

    [Fact]
    public void Huber_ATermThatOverflows_IsBroughtBackByTheScale()
    {
        // δ = 2¹⁰⁰⁰, z = 2¹⁰⁰⁰·3: δ(z − δ/2) = 2²⁰⁰⁰·2.5 overflows; scale 2⁻¹⁰⁰⁰ gives 2¹⁰⁰⁰·2.5. The derivative δ·2⁻¹⁰⁰⁰ = 1.
        double delta = Math.ScaleB(1, 1000);
        var loss = new HuberLoss(delta, Reduction.Sum, Math.ScaleB(1, -1000));

        loss.Forward(Row(3 * delta), Row(0)).Should().Be(Math.ScaleB(2.5, 1000));
        Gradient(loss).Should().Equal(1.0);

        // The quadratic branch: z = 2⁶⁰⁰ < δ, ½z² = 2¹¹⁹⁹ overflows; scaled by 2⁻¹⁰⁰⁰: 2¹⁹⁹; derivative z·2⁻¹⁰⁰⁰ = 2⁻⁴⁰⁰.
        loss.Forward(Row(Math.ScaleB(1, 600)), Row(0)).Should().Be(Math.ScaleB(1, 199));
        Gradient(loss).Should().Equal(Math.ScaleB(1, -400));
    }

    [Fact]
    public void SmoothL1_AQuadraticTermWhoseSquareOverflows_IsFinite()
    {
        // β = 2¹⁰⁰⁰, z = 2⁶⁰⁰: ½z² overflows on the way, but ½z²/β = 2¹⁹⁹ does not.
        var loss = new SmoothL1Loss(Math.ScaleB(1, 1000), Reduction.Sum);

        loss.Forward(Row(Math.ScaleB(1, 600)), Row(0)).Should().Be(Math.ScaleB(1, 199));
        Gradient(loss).Should().Equal(Math.ScaleB(1, -400));

        // A residual that overflows: z = 2¹⁰²⁴ ≥ β, z − ½β = 2¹⁰²⁴ − 2⁹⁹⁹; the mean over two elements halves it.
        var mean = new SmoothL1Loss(Math.ScaleB(1, 1000));
        double big = Math.ScaleB(1, 1023);
        mean.Forward(Row(big, 0), Row(-big, 0)).Should().Be(Math.ScaleB(1, 1023) - Math.ScaleB(1, 998));
        Gradient(mean).Should().Equal(0.5, 0.0);
    }
}
