namespace TinyNets.Tests.Losses;

/// <summary>
/// Losses whose terms, derivatives or their sum overflow in double's range although the reduced value or gradient is
/// representable: the finite result is returned. Expected values are closed forms in powers of two or in the inputs
/// (1e308 and its halves are exact here); a value that is itself beyond double's range stays +∞.
/// </summary>
public class LossOverflowTests
{
    private static Matrix<double> Row(params double[] values) => Matrix<double>.Build.DenseOfRowArrays(values);

    private static double[] Gradient(Loss loss) => loss.Backward().AsColumnMajorArray();

    public static TheoryData<Reduction> Reductions => new() { Reduction.Mean, Reduction.BatchMean, Reduction.Sum };

    [Theory]
    [MemberData(nameof(Reductions))]
    public void Mse_TwoSquaredErrorsOf1e308_AveragesTo1e308(Reduction reduction)
    {
        // Errors ±r with r = 1e154: each term is r² ≈ 1e308, their sum 2r² overflows. Mean and BatchMean (two samples of one
        // output) are r², finite; the sum is beyond double's range. ∂/∂ŷ = 2(ŷ − y)/2 = ±r.
        const double r = 1e154;
        var loss = new MseLoss(reduction);

        double value = loss.Forward(Row(r, -r), Row(0, 0));

        if (reduction == Reduction.Sum)
        {
            value.Should().Be(double.PositiveInfinity);
            Gradient(loss).Should().Equal(2 * r, -2 * r);
        }
        else
        {
            value.Should().Be(r * r);
            Gradient(loss).Should().Equal(r, -r);
        }
    }

    [Fact]
    public void Mse_ATermThatOverflows_IsScaledByTheLossScale()
    {
        // 2⁻³⁰⁰ · ((2⁶⁰⁰)² + 0²) = 2⁹⁰⁰; ∂/∂ŷ = 2⁻³⁰⁰ · 2 · 2⁶⁰⁰ = 2³⁰¹.
        var loss = new MseLoss(Reduction.Sum, Math.ScaleB(1, -300));

        loss.Forward(Row(Math.ScaleB(1, 600), 0), Row(0, 0)).Should().Be(Math.ScaleB(1, 900));
        Gradient(loss).Should().Equal(Math.ScaleB(1, 301), 0.0);
    }

    [Fact]
    public void Mse_AnErrorThatOverflows_GivesTheFiniteValueAndGradient()
    {
        // ŷ − y = 2¹⁰²³ − (−2¹⁰²³) = 2¹⁰²⁴ overflows; with scale 2⁻¹⁰⁷⁰: value 2⁻¹⁰⁷⁰·2²⁰⁴⁸ = 2⁹⁷⁸, gradient 2⁻¹⁰⁷⁰·2·2¹⁰²⁴ = 2⁻⁴⁵.
        double big = Math.ScaleB(1, 1023);
        var loss = new MseLoss(Reduction.Sum, Math.ScaleB(1, -1070));

        loss.Forward(Row(big, 1), Row(-big, 1)).Should().Be(Math.ScaleB(1, 978));
        Gradient(loss).Should().Equal(Math.ScaleB(1, -45), 0.0);
    }

    [Fact]
    public void Mse_OrdinaryValues_AreUnchangedByTheOverflowPath()
    {
        // Control: the mean of (1 − 0.5)² and (−2 − 1)² is (0.25 + 9)/2, ∂/∂ŷ = (ŷ − y) here.
        var loss = new MseLoss();
        loss.Forward(Row(1, -2), Row(0.5, 1)).Should().Be(4.625);
        Gradient(loss).Should().Equal(0.5, -3.0);
    }

    [Fact]
    public void BceWithLogits_TermsOf1e308_AverageTo1e308()
    {
        // softplus(1e308) − 0·1e308 = 1e308 for each of two entries; ∂/∂z = (σ(1e308) − 0)/2 = ½.
        var loss = new BceWithLogitsLoss();

        loss.Forward(Row(1e308, 1e308), Row(0, 0)).Should().Be(1e308);
        Gradient(loss).Should().Equal(0.5, 0.5);
    }

    [Fact]
    public void SoftMargin_TermsOf1e308_AverageTo1e308()
    {
        // softplus(−y·ŷ) = softplus(1e308) = 1e308 for y = 1, ŷ = −1e308; ∂/∂ŷ = −y·σ(1e308)/2 = −½.
        var loss = new SoftMarginLoss();

        loss.Forward(Row(-1e308, -1e308), Row(1, 1)).Should().Be(1e308);
        Gradient(loss).Should().Equal(-0.5, -0.5);
    }

    [Fact]
    public void SoftplusLoss_TermsAndProductsThatOverflow_AreFinite()
    {
        // y = 0: softplus(ŷ) = 1e308 twice, mean 1e308.
        var loss = new SoftplusLoss();
        loss.Forward(Row(1e308, 1e308), Row(0, 0)).Should().Be(1e308);

        // y = −1 scales the logit by 3: softplus(3·1e308) overflows as a term; with three terms softplus(0) = ln 2 the
        // mean is (3e308 + 3 ln 2)/4 = 7.5e307 to double precision; ∂/∂ŷ = 3·σ(3e308)/4 = ¾ and σ(0)/4 = ⅛.
        loss.Forward(Row(1e308, 0, 0, 0), Row(-1, 0, 0, 0)).Should().BeApproximately(0.75e308, 1e-15 * 0.75e308);
        Gradient(loss).Should().Equal(0.75, 0.125, 0.125, 0.125);

        // y = −1e308: s = 1 − 2y overflows, yet at ŷ = 0 the term is softplus(0) = ln 2 and ∂/∂ŷ = s·σ(0) = s/2 ≈ 1e308.
        loss.Forward(Row(0), Row(-1e308)).Should().Be(Math.Log(2));
        Gradient(loss)[0].Should().BeApproximately(1e308, 1e-15 * 1e308);
    }

    [Fact]
    public void SoftplusLoss_LogitProductsBeyondRange_OfBothSigns()
    {
        // y = −1e308: ½ − y = 1e308 and (1 − 2y)·ŷ overflows for ŷ = ∓10. ŷ = −10: sŷ = −∞, so the term softplus(−∞) = 0
        // and ∂/∂ŷ = s·σ(−∞) = 0. ŷ = 10: sŷ = +∞, the term is sŷ = 2·1e308·10 = 2e309 and ∂/∂ŷ = s·σ(+∞) = s = 2e308.
        // Mean over the two entries with scale 1e-10: value 1e-10/2·2e309 = 1e299, gradient (0, 1e-10/2·2e308 = 1e298).
        var loss = new SoftplusLoss(Reduction.Mean, 1e-10);
        loss.Forward(Row(-10, 10), Row(-1e308, -1e308)).Should().BeApproximately(1e-9 * 1e308, 1e-15 * 1e299);
        double[] g = Gradient(loss);
        g[0].Should().Be(0.0);
        g[1].Should().BeApproximately(1e-10 * 1e308, 1e-15 * 1e298);
    }

    [Fact]
    public void CrossEntropy_ClassIndices_ATermThatOverflows_InAFiniteMean()
    {
        // Sample 0: logits (1e308, −1e308), class 1: −ln softmax = 1e308 − (−1e308) + ln(1 + e^(−2e308)) = 2e308 overflows.
        // Samples 1–3: logits (0, 0), class 0: ln 2 each. Mean (2e308 + 3 ln 2)/4 = 1e308/2 to double precision.
        // ∂/∂z = (softmax − onehot)/4: (¼, −¼) for sample 0, (−⅛, ⅛) for the others.
        var loss = new CrossEntropyLoss();
        Matrix<double> logits = Matrix<double>.Build.DenseOfColumnArrays([1e308, -1e308], [0, 0], [0, 0], [0, 0]);

        loss.Forward(logits, [1, 0, 0, 0]).Should().Be(1e308 / 2);
        Gradient(loss).Should().Equal(0.25, -0.25, -0.125, 0.125, -0.125, 0.125, -0.125, 0.125);

        // Two terms of 1e308 (logits (1e308, 0), class 1): their sum overflows, their mean is 1e308.
        loss.Forward(Matrix<double>.Build.DenseOfColumnArrays([1e308, 0], [1e308, 0]), [1, 1]).Should().Be(1e308);

        // The sum of two terms 2e308 is beyond double's range.
        new CrossEntropyLoss(Reduction.Sum).Forward(Matrix<double>.Build.DenseOfColumnArrays([1e308, -1e308], [1e308, -1e308]), [1, 1])
            .Should().Be(double.PositiveInfinity);
    }

    [Fact]
    public void CrossEntropy_ProbabilityTargets_ProductsAndMassesThatOverflow()
    {
        // Targets (4, 0), logits (−1e308, 1e308): the term 4·(1e308 − (−1e308)) = 8e308 overflows; with scale 2⁻¹⁰ the
        // loss is 8e308/1024 = 1e308/128. ∂/∂z = 2⁻¹⁰·(softmax·Σt − t) = 2⁻¹⁰·((0, 1)·4 − (4, 0)) = (−2⁻⁸, 2⁻⁸).
        var scaled = new CrossEntropyLoss(Reduction.Sum, Math.ScaleB(1, -10));
        scaled.Forward(Matrix<double>.Build.DenseOfColumnArrays([-1e308, 1e308]), Matrix<double>.Build.DenseOfColumnArrays([4, 0]))
            .Should().Be(Math.ScaleB(1e308, -7));
        Gradient(scaled).Should().Equal(-Math.ScaleB(1, -8), Math.ScaleB(1, -8));

        // Targets (1e308, 1e308), logits (0, 0): Σt = 2e308 overflows, but softmax·Σt − t = ½·2e308 − 1e308 = 0, and the
        // loss is 2·1e308·ln 2.
        var loss = new CrossEntropyLoss();
        loss.Forward(Matrix<double>.Build.DenseOfColumnArrays([0, 0]), Matrix<double>.Build.DenseOfColumnArrays([1e308, 1e308]))
            .Should().Be(2 * (1e308 * Math.Log(2)));
        Gradient(loss).Should().Equal(0.0, 0.0);
    }

    [Fact]
    public void CrossEntropy_ProbabilityTargets_AnOverflowingTermBesideANonZeroLogSum()
    {
        // Logits (0, 0, −1e308): max 0, ln Σ e^(z − max) = ln 2. Targets (0, 0, 4): the term 4·(0 + 1e308 + ln 2) overflows;
        // with scale 2⁻¹⁰ the loss is 4e308/1024 = 1e308/256 (4·ln 2/1024 is far below half an ulp of it).
        // ∂/∂z = 2⁻¹⁰·(softmax·Σt − t) = 2⁻¹⁰·((½, ½, 0)·4 − (0, 0, 4)) = (2⁻⁹, 2⁻⁹, −2⁻⁸).
        var loss = new CrossEntropyLoss(Reduction.Sum, Math.ScaleB(1, -10));
        loss.Forward(Matrix<double>.Build.DenseOfColumnArrays([0, 0, -1e308]), Matrix<double>.Build.DenseOfColumnArrays([0, 0, 4]))
            .Should().Be(Math.ScaleB(1e308, -8));
        Gradient(loss).Should().Equal(Math.ScaleB(1, -9), Math.ScaleB(1, -9), -Math.ScaleB(1, -8));
    }

    [Fact]
    public void Nll_PickedEntriesOfDifferentClassesWhoseSumOverflows()
    {
        // Sample 0 picks class 0 (−1.5e308), sample 1 class 1 (−1e308); the other entries are 0. The sum 2.5e308
        // overflows; with Sum and scale ¼ the loss is ¼·1.5e308 + ¼·1e308 = 6.25e307.
        var loss = new NllLoss(Reduction.Sum, 0.25);
        double value = loss.Forward(Matrix<double>.Build.DenseOfColumnArrays([-1.5e308, 0.0], [0.0, -1e308]), [0, 1]);

        value.Should().BeApproximately((0.25 * 1.5e308) + (0.25 * 1e308), 1e-15 * 6.25e307);
        Gradient(loss).Should().Equal(-0.25, 0, 0, -0.25);
    }

    [Fact]
    public void Nll_TwoPickedEntriesOfMinus1e308_AverageTo1e308()
    {
        // −(x₀ + x₁)/2 with x₀ = x₁ = −1e308: the sum overflows, the mean is 1e308 exactly; each gradient entry is −½.
        var loss = new NllLoss();
        double value = loss.Forward(Matrix<double>.Build.DenseOfRowArrays([-1e308, -1e308], [0.0, 0.0]), [0, 0]);

        value.Should().Be(1e308);
        Gradient(loss).Should().Equal(-0.5, 0, -0.5, 0);
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    public void Nll_ProbabilityTermsThatOverflowInTheirSum_AverageToTheTerm(Reduction reduction)
    {
        // Two samples with t = 1.5, x = −1e308: each term 1.5·1e308 is finite, their sum is not. The mean is that term
        // (computed here as the one product); the sum is beyond double's range.
        var loss = new NllLoss(reduction);
        double value = loss.Forward(Row(-1e308, -1e308), Row(1.5, 1.5));

        value.Should().Be(reduction == Reduction.Sum ? double.PositiveInfinity : 1.5 * 1e308);
        Gradient(loss).Should().Equal(reduction == Reduction.Sum ? [-1.5, -1.5] : [-0.75, -0.75]);
    }

    [Fact]
    public void Nll_ATermBeyondRange_WhoseScaledValueIsFinite()
    {
        // t = 1e200, x = −1e200: the term t·x = 1e400 is beyond double, the value 2⁻⁴⁰⁰ · 1e400 ≈ 3.9e279 is not.
        // Scaling by a power of two is exact, so the value is the one rounding of (2⁻⁴⁰⁰ · 1e200) · 1e200.
        double scale = Math.ScaleB(1.0, -400);
        var loss = new NllLoss(Reduction.Sum, scale);
        double value = loss.Forward(Row(-1e200), Row(1e200));

        value.Should().Be(scale * 1e200 * 1e200);
        Gradient(loss).Should().Equal(-scale * 1e200);
    }
}
