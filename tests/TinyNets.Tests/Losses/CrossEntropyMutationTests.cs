namespace TinyNets.Tests.Losses;

/// <summary>
/// CrossEntropyLoss's overflow-safe paths with class weights (the wide value and the wide gradient), its probability
/// and class-index wide values with terms beside them, and its weight-count message. Expected values are closed forms
/// (softmax of equal logits, powers of two, ln 2 and ln 3) worked out in the comments.
/// </summary>
public class CrossEntropyMutationTests
{
    private static Matrix<double> Columns(params double[][] columns) => Matrix<double>.Build.DenseOfColumnArrays(columns);

    private static double[] Gradient(Loss loss) => loss.Backward().AsColumnMajorArray();

    [Fact]
    public void WeightCountThatDiffersFromTheRows_NamesTheLogits()
    {
        var loss = new CrossEntropyLoss(weight: [1.0, 2.0]);

        Action act = () => loss.Forward(Columns([0.0, 0.0, 0.0]), [0]);

        act.Should().Throw<ArgumentException>()
            .WithMessage("'logits' has 3 rows (classes), but the loss has 2 class weights; logits of 2 rows were expected. (Parameter 'logits')")
            .Which.ParamName.Should().Be("logits");
    }

    [Fact]
    public void Weighted_ProbabilityTargets_TermsThatOverflow_TheirMeanOverThreeSamples()
    {
        // Weights (1, 1, 1), Mean over N = 3, scale 2⁻¹⁰. Sample 0: logits (−1e308, 1e308, 1e308), targets (3, 0, 0):
        // −ln p₀ = 2e308 + ln 2, its term 3·(2e308 + ln 2) overflows. Sample 1 is the same with classes 0 and 1 swapped.
        // Sample 2: logits 0, targets 0 (no term). Loss 2⁻¹⁰·2·3·2e308/3 = 2⁻¹⁰·4e308 = 1e308·2⁻⁸ (ln 2 is far below an ulp).
        // ∂/∂z = 2⁻¹⁰·(p·Σu − u)/3: sample 0 p = (0, ½, ½), Σu = 3: (−1, ½, ½)·2⁻¹⁰; sample 1 (½, −1, ½)·2⁻¹⁰; sample 2 zero.
        var loss = new CrossEntropyLoss(Reduction.Mean, Math.ScaleB(1, -10), weight: [1.0, 1.0, 1.0]);
        Matrix<double> logits = Columns([-1e308, 1e308, 1e308], [1e308, -1e308, 1e308], [0.0, 0.0, 0.0]);
        Matrix<double> target = Columns([3.0, 0.0, 0.0], [0.0, 3.0, 0.0], [0.0, 0.0, 0.0]);

        double expected = Math.ScaleB(1e308, -8);
        loss.Forward(logits, target).Should().BeApproximately(expected, 1e-15 * expected);

        double a = Math.ScaleB(1, -10), h = Math.ScaleB(1, -11);
        Gradient(loss).Should().Equal(-a, h, h, h, -a, h, 0.0, 0.0, 0.0);
    }

    [Fact]
    public void Weighted_ATargetTimesItsWeightBeyondRange_GivesTheFiniteGradient()
    {
        // Weights (2, ½, ½), probability targets (1e308, 0, 0), logits 0, Sum with scale ¼: u₀ = 2·1e308 overflows, and so
        // do Σu and p·Σu. Loss ¼·2e308·ln 3 = ½·1e308·ln 3; ∂/∂z = ¼·(p·Σu − u) = ¼·2e308·(⅓ − 1, ⅓, ⅓) = (−1e308/3, 1e308/6, 1e308/6).
        var loss = new CrossEntropyLoss(Reduction.Sum, 0.25, weight: [2.0, 0.5, 0.5]);

        double value = loss.Forward(Columns([0.0, 0.0, 0.0]), Columns([1e308, 0.0, 0.0]));

        double expected = 0.5 * 1e308 * Math.Log(3);
        value.Should().BeApproximately(expected, 1e-15 * expected);
        double[] g = Gradient(loss);
        g[0].Should().BeApproximately(-1e308 / 3, 1e-15 * 1e308);
        g[1].Should().BeApproximately(1e308 / 6, 1e-15 * 1e308);
        g[2].Should().BeApproximately(1e308 / 6, 1e-15 * 1e308);
    }

    [Fact]
    public void Weighted_TargetWeightSumBeyondRange_ASampleOfWeightZeroHasZeroGradient()
    {
        // Weights (1e308, 1e308, 0), classes 0, 1, 2, logits 0, Mean: Σ w_c = 2e308 overflows. Loss (2·1e308·ln 3)/2e308 = ln 3;
        // ∂/∂z = w_c·(p − onehot(c))/Σ w_c: (−⅓, ⅙, ⅙) and (⅙, −⅓, ⅙); sample 2's weight is 0, so its gradient is 0.
        var loss = new CrossEntropyLoss(weight: [1e308, 1e308, 0.0]);
        Matrix<double> logits = Columns([0.0, 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]);

        loss.Forward(logits, [0, 1, 2]).Should().BeApproximately(Math.Log(3), 1e-15);

        double[] g = Gradient(loss);
        double[] expected = [-1.0 / 3, 1.0 / 6, 1.0 / 6, 1.0 / 6, -1.0 / 3, 1.0 / 6];
        for (int i = 0; i < expected.Length; i++)
        {
            g[i].Should().BeApproximately(expected[i], 1e-15);
        }

        g[6..].Should().Equal(0.0, 0.0, 0.0);
    }

    [Fact]
    public void Weighted_ALossOfOneSubnormal_IsKept()
    {
        // Logits (0, −744.4), class 0, weights (1, 1), Sum: −ln p₀ = ln(1 + e^−744.4) = e^−744.4, which rounds to the
        // smallest subnormal 2⁻¹⁰⁷⁴ (e^−744.4 ≈ 5.1e−324 lies within half of it of 4.9e−324).
        var loss = new CrossEntropyLoss(Reduction.Sum, weight: [1.0, 1.0]);

        loss.Forward(Columns([0.0, -744.4]), [0]).Should().Be(double.Epsilon);
    }

    [Fact]
    public void ClassIndices_AScaleThatMakesTheSumOverflow_GivesPositiveInfinity()
    {
        // Three samples of logits (0, 0), class 0: each term ln 2, Sum with scale 1e308 is 3·ln 2·1e308 ≈ 2.08e308 > double's
        // range, so the loss is +∞ (never −∞: every term is ≥ 0).
        var loss = new CrossEntropyLoss(Reduction.Sum, 1e308);

        loss.Forward(Columns([0.0, 0.0], [0.0, 0.0], [0.0, 0.0]), [0, 0, 0]).Should().Be(double.PositiveInfinity);
    }

    [Fact]
    public void ProbabilityTargets_TwoSamplesWhoseTermsOverflowInTheirSum()
    {
        // Sample 0: logits 0, targets (1e308, 1e308, 1e308): each −ln pᵢ = ln 3, term 3·1e308·ln 3.
        // Sample 1: logits (0, 0, −1), targets (0, 0, 1e308): −ln p₂ = 1 + ln(2 + e^−1), term 1e308·(1 + ln(2 + e^−1)).
        // Their sum ≈ 5.16e308 overflows; with Sum and scale ⅛ the loss is ⅛·1e308·(3 ln 3 + 1 + ln(2 + e^−1)).
        var loss = new CrossEntropyLoss(Reduction.Sum, 0.125);
        Matrix<double> logits = Columns([0.0, 0.0, 0.0], [0.0, 0.0, -1.0]);
        Matrix<double> target = Columns([1e308, 1e308, 1e308], [0.0, 0.0, 1e308]);

        double expected = 0.125 * 1e308 * ((3 * Math.Log(3)) + 1 + Math.Log(2 + Math.Exp(-1)));
        loss.Forward(logits, target).Should().BeApproximately(expected, 1e-14 * expected);
    }
}
