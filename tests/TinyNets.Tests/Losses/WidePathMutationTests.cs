namespace TinyNets.Tests.Losses;

/// <summary>
/// The overflow-safe value paths of HuberLoss, L1Loss, SmoothL1Loss and weighted NllLoss on inputs where they differ
/// from a careless rewrite: a difference ŷ − y beyond range with a δ large enough to show in the result, finite
/// differences whose sum overflows, a difference equal to β, and a weighted sum whose large terms cancel. Expected
/// values are closed forms in powers of two and in the inputs, worked out in the comments.
/// </summary>
public class WidePathMutationTests
{
    private static Matrix<double> Column(params double[] values) => Matrix<double>.Build.DenseOfColumnArrays(values);

    private static double[] Gradient(Loss loss) => loss.Backward().AsColumnMajorArray();

    [Fact]
    public void Huber_ADifferenceBeyondRange_WithALargeDelta_IsDeltaTimesTheDistancePastHalfDelta()
    {
        // ŷ = 2¹⁰²³, y = −2¹⁰²³: z = 2¹⁰²⁴ overflows. δ = 2¹⁰⁰⁰, so the term δ·(z − δ/2) = 2²⁰²⁴ − 2¹⁹⁹⁹, and with Sum and
        // scale 2⁻¹⁰¹⁰ the loss is 2¹⁰¹⁴ − 2⁹⁸⁹ (exact in a double: 25 significant bits), finite although z is not.
        // ∂/∂ŷ = δ (ŷ − y ≥ δ), times the scale: 2⁻¹⁰.
        double delta = Math.ScaleB(1, 1000), scale = Math.ScaleB(1, -1010);
        var loss = new HuberLoss(delta, Reduction.Sum, scale);

        double value = loss.Forward(Column(Math.ScaleB(1, 1023)), Column(-Math.ScaleB(1, 1023)));

        value.Should().Be(Math.ScaleB(1, 1014) - Math.ScaleB(1, 989));
        Gradient(loss).Should().Equal(Math.ScaleB(1, -10));
    }

    [Fact]
    public void L1AndSmoothL1_FiniteDifferencesWhoseSumOverflows_GiveTheirScaledSum()
    {
        // Two differences a = 1.5e308 each: their sum 2a overflows, the loss with Sum and scale ¼ is 2a/4 = a/2. For
        // SmoothL1 (β = 1) each term is a − ½, which rounds to a (its ulp is 2⁹⁷¹), so the loss is a/2 as well.
        const double a = 1.5e308;
        var l1 = new L1Loss(Reduction.Sum, 0.25);
        var smooth = new SmoothL1Loss(1.0, Reduction.Sum, 0.25);

        l1.Forward(Column(a, a), Column(0.0, 0.0)).Should().Be(a / 2);
        Gradient(l1).Should().Equal(0.25, 0.25);
        smooth.Forward(Column(a, a), Column(0.0, 0.0)).Should().Be(a / 2);
        Gradient(smooth).Should().Equal(0.25, 0.25);
    }

    [Fact]
    public void SmoothL1_DifferencesEqualToBeta_TakeTheLinearBranch_BetaOverTwoExactly()
    {
        // z = β: the term is z − β/2 = β/2 exactly. β = 0x1.76cc2f22bb378p+1023 (≈ 1.316e308; its last two mantissa bits
        // are 0, so 2·β/2, 3·β/2 and 4·β/2 are exact). Four such terms sum to 2β, which overflows; with Sum and scale ¼ the
        // loss is β/2. The quadratic form ½z²/β at z = β rounds twice and lands an ulp off for this β.
        double beta = Math.ScaleB(0x176cc2f22bb378, 1023 - 52);
        var loss = new SmoothL1Loss(beta, Reduction.Sum, 0.25);

        double value = loss.Forward(Column(beta, beta, beta, beta), Column(0.0, 0.0, 0.0, 0.0));

        value.Should().Be(beta / 2);
        Gradient(loss).Should().Equal(0.25, 0.25, 0.25, 0.25);
    }

    [Fact]
    public void NllWeighted_LargeTermsThatCancel_KeepTheSmallOne()
    {
        // Three samples of class 0 (weights 1, 1), Sum: −(1e300 + (−1e300) + 1e−300) = −1e−300, every step of the sum
        // exact. A sum relative to the largest term (2⁹⁹⁶) would lose the 1e−300 (2⁻⁹⁹⁷, 1993 binades below it) and give 0.
        var loss = new NllLoss(Reduction.Sum, weight: [1.0, 1.0]);
        Matrix<double> x = Matrix<double>.Build.DenseOfColumnArrays([1e300, 0.0], [-1e300, 0.0], [1e-300, 0.0]);

        double value = loss.Forward(x, [0, 0, 0]);

        value.Should().Be(-1e-300);
        Gradient(loss).Should().Equal(-1.0, 0.0, -1.0, 0.0, -1.0, 0.0);
    }
}
