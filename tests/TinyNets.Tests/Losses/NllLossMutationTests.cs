namespace TinyNets.Tests.Losses;

/// <summary>
/// NllLoss's weight property and message, the weighted targets, and the overflow-safe paths (a target times its weight
/// beyond range, a target-weight sum beyond range, a picked subnormal). Expected values are closed forms in powers of
/// two and in the inputs, worked out in the comments.
/// </summary>
public class NllLossMutationTests
{
    private static Matrix<double> Columns(params double[][] columns) => Matrix<double>.Build.DenseOfColumnArrays(columns);

    private static double[] Gradient(Loss loss) => loss.Backward().AsColumnMajorArray();

    [Fact]
    public void Weight_IsACopyOfTheGivenWeights_OrNull()
    {
        double[] given = [1.0, 2.5];
        var loss = new NllLoss(weight: given);
        given[0] = 7.0;

        loss.Weight.Should().Equal(1.0, 2.5);
        new NllLoss().Weight.Should().BeNull();
    }

    [Fact]
    public void WeightCountThatDiffersFromTheRows_NamesTheLogProbabilities()
    {
        var loss = new NllLoss(weight: [1.0, 2.0]);

        Action act = () => loss.Forward(Columns([-1.0, -1.0, -1.0]), [0]);

        act.Should().Throw<ArgumentException>()
            .WithMessage("'logProbabilities' has 3 rows (classes), but the loss has 2 class weights; log-probabilities of 2 rows were expected. (Parameter 'logProbabilities')")
            .Which.ParamName.Should().Be("logProbabilities");
    }

    [Fact]
    public void ClassIndices_APickedSubnormal_IsKept()
    {
        // −x_c with x_c = −2⁻¹⁰⁷⁴ (the smallest subnormal), Sum: the loss is 2⁻¹⁰⁷⁴, the gradient −onehot.
        var loss = new NllLoss(Reduction.Sum);

        loss.Forward(Columns([-double.Epsilon, 0.0]), [0]).Should().Be(double.Epsilon);
        Gradient(loss).Should().Equal(-1.0, 0.0);
    }

    [Fact]
    public void Weighted_ProbabilityTargets_AreTheWeightTimesTheTarget()
    {
        // u = w·t = (2·0.5, 3·4) = (1, 12); −Σ uᵢ·xᵢ = 1·1 + 12·2 = 25 with Sum; ∂/∂x = −u.
        var loss = new NllLoss(Reduction.Sum, weight: [2.0, 3.0]);

        loss.Forward(Columns([-1.0, -2.0]), Columns([0.5, 4.0])).Should().Be(25.0);
        Gradient(loss).Should().Equal(-1.0, -12.0);
    }

    [Fact]
    public void Weighted_ATargetTimesItsWeightBeyondRange_GivesTheFiniteValueAndGradient()
    {
        // One class of weight 2, three samples with targets (1e308, 0, 0) and log-probabilities −1, Mean over N = 3 with
        // scale ¼: u₀ = 2·1e308 overflows. Loss ¼·2e308/3 = 1e308/6; ∂/∂x = −¼·u/3: (−1e308/6, −0, −0), the zeros negative.
        var loss = new NllLoss(Reduction.Mean, 0.25, weight: [2.0]);

        double value = loss.Forward(Matrix<double>.Build.DenseOfRowArrays([-1.0, -1.0, -1.0]), Matrix<double>.Build.DenseOfRowArrays([1e308, 0.0, 0.0]));

        value.Should().BeApproximately(1e308 / 6, 1e-15 * 1e308);
        double[] g = Gradient(loss);
        g[0].Should().BeApproximately(-1e308 / 6, 1e-15 * 1e308);
        g[1].Should().Be(0.0);
        double.IsNegative(g[1]).Should().BeTrue();
        double.IsNegative(g[2]).Should().BeTrue();
    }

    [Fact]
    public void Weighted_TargetWeightSumBeyondRange_TheMeanOfAFiniteSum()
    {
        // Weights (2¹⁰²³, 2¹⁰²³, ½), classes 0, 1, 2: Σ w_c = 2¹⁰²⁴ + ½ overflows. The picked entries are −2⁻⁶⁰⁰, 0 and 0, so
        // the loss is 2¹⁰²³·2⁻⁶⁰⁰ / (2¹⁰²⁴ + ½) = 2⁻⁶⁰¹ to double precision (½ is far below an ulp of 2¹⁰²⁴).
        // ∂/∂x = −w_c/Σ w_c at the picked entries: −½, −½ and −2⁻¹⁰²⁵.
        double big = Math.ScaleB(1, 1023);
        var loss = new NllLoss(weight: [big, big, 0.5]);
        Matrix<double> x = Columns([-Math.ScaleB(1, -600), 0.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]);

        loss.Forward(x, [0, 1, 2]).Should().Be(Math.ScaleB(1, -601));

        double[] g = Gradient(loss);
        g[0].Should().Be(-0.5);
        g[4].Should().Be(-0.5);
        g[8].Should().Be(-Math.ScaleB(1, -1025));
    }

    [Fact]
    public void Weighted_TargetWeightSumBeyondRange_WithAFiniteQuotientOfSums()
    {
        // Weights (1e308, 1e308), classes 0 and 1, picked entries −¼: Σ w_c = 2e308 overflows, Σ w_c·(−x_c) = ½e308 does not;
        // the loss is their quotient ¼ (not ½e308 over the sum scaled down by 2⁻⁶⁴).
        var loss = new NllLoss(weight: [1e308, 1e308]);

        loss.Forward(Columns([-0.25, 0.0], [0.0, -0.25]), [0, 1]).Should().Be(0.25);
    }
}
