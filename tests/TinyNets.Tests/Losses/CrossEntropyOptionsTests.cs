using TinyNets.Tests.Support;

namespace TinyNets.Tests.Losses;

/// <summary>
/// CrossEntropyLoss's class weights and label smoothing, and NllLoss's class weights, against PyTorch's definitions
/// (aten's cross_entropy_loss_label_smoothing, cross_entropy_loss_prob_target and nll_loss), written out here with a
/// naive log-softmax: class-index targets with Mean divide by Σ w over the targets' classes, probability targets by N;
/// smoothing is (1 − ε)·nll + (ε/C)·Σₖ wₖ(−ln pₖ) for class indices and t·(1 − ε) + ε/C for probabilities. The figures
/// of the hand-worked 3-class example were computed from those formulas independently of this library.
/// </summary>
public class CrossEntropyOptionsTests
{
    // The 3-class example: two samples, classes 0 and 2, weights (0.2, 0.3, 0.5), ε = 0.3.
    private static readonly Matrix<double> Logits = Matrix<double>.Build.DenseOfColumnArrays([1.0, 2.0, 3.0], [0.5, -1.0, 0.0]);
    private static readonly int[] Classes = [0, 2];
    private static readonly double[] Weights = [0.2, 0.3, 0.5];
    private const double Epsilon = 0.3;

    private static double[] LogSoftmax(Matrix<double> z, int column)
    {
        double[] v = z.Column(column).ToArray();
        double m = v.Max();
        double log = Math.Log(v.Sum(x => Math.Exp(x - m)));
        return v.Select(x => x - m - log).ToArray();
    }

    private static double[] Softmax(Matrix<double> z, int column) => LogSoftmax(z, column).Select(Math.Exp).ToArray();

    /// <summary>PyTorch's class-index formula with weights and smoothing, reduction Mean or Sum.</summary>
    private static double ClassIndexReference(Matrix<double> z, int[] classes, double[] w, double epsilon, bool mean)
    {
        int k = z.RowCount;
        double nll = 0, smooth = 0, weightSum = 0;
        for (int j = 0; j < classes.Length; j++)
        {
            double[] lp = LogSoftmax(z, j);
            nll += -w[classes[j]] * lp[classes[j]];
            smooth += -Enumerable.Range(0, k).Sum(i => w[i] * lp[i]);
            weightSum += w[classes[j]];
        }

        double divisor = mean ? weightSum : 1;
        return ((1 - epsilon) * (nll / divisor)) + (smooth / divisor * (epsilon / k));
    }

    [Fact]
    public void TheHandWorkedExample_WeightsAndSmoothing_ClassIndices()
    {
        // By hand: ln softmax of (1, 2, 3) is (−2.4076, −1.4076, −0.4076), of (0.5, −1, 0) (−0.6041, −2.1041, −1.1041);
        // Σ w_c = 0.2 + 0.5 = 0.7; nll = (0.2·2.4076 + 0.5·1.1041)/0.7 = 1.47655; the smoothing sum
        // (0.2·2.4076 + 0.3·1.4076 + 0.5·0.4076 + 0.2·0.6041 + 0.3·2.1041 + 0.5·1.1041)/0.7 = 3.44534;
        // loss = 0.7·1.47655 + 3.44534·0.1 = 1.378120.
        var loss = new CrossEntropyLoss(weight: Weights, labelSmoothing: Epsilon);

        double value = loss.Forward(Logits, Classes);

        Tolerance.Exact(value, 1.378120291240256);
        Tolerance.Exact(value, ClassIndexReference(Logits, Classes, Weights, Epsilon, mean: true));
        Tolerance.Exact(new CrossEntropyLoss(Reduction.Sum, weight: Weights, labelSmoothing: Epsilon).Forward(Logits, Classes),
            ClassIndexReference(Logits, Classes, Weights, Epsilon, mean: false));

        // ∂/∂z = [(1 − ε)·w_c·(p − e_c) + (ε/C)·(p·Σw − w)] / Σ w_c, column by column.
        Matrix<double> gradient = loss.Backward();
        for (int j = 0; j < 2; j++)
        {
            double[] p = Softmax(Logits, j);
            int c = Classes[j];
            for (int i = 0; i < 3; i++)
            {
                double expected = (((1 - Epsilon) * Weights[c] * (p[i] - (i == c ? 1 : 0))) + (Epsilon / 3 * ((p[i] * Weights.Sum()) - Weights[i]))) / 0.7;
                gradient[i, j].Should().BeApproximately(expected, 1e-15, $"entry [{i}, {j}]");
            }
        }
    }

    [Fact]
    public void TheHandWorkedExample_WeightsAndSmoothing_ProbabilityTargets_DivideByTheSamples()
    {
        // t' = t·(1 − ε) + ε/3, loss = −Σ w·t'·ln p / N (PyTorch's probability-target Mean divides by N, not by weights).
        Matrix<double> t = Matrix<double>.Build.DenseOfColumnArrays([0.25, 0.25, 0.5], [1.0, 0.0, 0.0]);
        var loss = new CrossEntropyLoss(weight: Weights, labelSmoothing: Epsilon);

        double value = loss.Forward(Logits, t);

        Tolerance.Exact(value, 0.27762425369595134);
        double reference = 0;
        for (int j = 0; j < 2; j++)
        {
            double[] lp = LogSoftmax(Logits, j);
            for (int i = 0; i < 3; i++)
            {
                reference -= Weights[i] * ((t[i, j] * (1 - Epsilon)) + (Epsilon / 3)) * lp[i];
            }
        }

        Tolerance.Exact(value, reference / 2);
        new CrossEntropyLoss(Reduction.BatchMean, weight: Weights, labelSmoothing: Epsilon).Forward(Logits, t).Should().Be(value);
    }

    [Fact]
    public void SmoothingAlone_MixesTheTargetWithTheUniformDistribution()
    {
        var loss = new CrossEntropyLoss(labelSmoothing: Epsilon);

        Tolerance.Exact(loss.Forward(Logits, Classes), 1.6308682848905542);
        Tolerance.Exact(loss.Forward(Logits, Classes), ClassIndexReference(Logits, Classes, [1, 1, 1], Epsilon, mean: true));

        // The same as probability targets (1 − ε)·onehot + ε/C, and ε = 1 is the uniform target.
        Matrix<double> oneHot = Matrix<double>.Build.DenseOfColumnArrays([1.0, 0, 0], [0, 0, 1.0]);
        Tolerance.Exact(new CrossEntropyLoss(labelSmoothing: Epsilon).Forward(Logits, oneHot), loss.Forward(Logits, Classes));
        Matrix<double> uniform = Matrix<double>.Build.Dense(3, 2, 1.0 / 3);
        Tolerance.Exact(new CrossEntropyLoss(labelSmoothing: 1).Forward(Logits, Classes), new CrossEntropyLoss().Forward(Logits, uniform));
    }

    [Fact]
    public void WeightsAlone_WeightTheSamples_AndMeanDividesByTheirSum()
    {
        double[] lp0 = LogSoftmax(Logits, 0), lp1 = LogSoftmax(Logits, 1);
        var mean = new CrossEntropyLoss(weight: Weights);
        var sum = new CrossEntropyLoss(Reduction.Sum, weight: Weights);
        var batchMean = new CrossEntropyLoss(Reduction.BatchMean, weight: Weights);

        double weighted = (-0.2 * lp0[0]) - (0.5 * lp1[2]);
        Tolerance.Exact(mean.Forward(Logits, Classes), weighted / 0.7);
        Tolerance.Exact(sum.Forward(Logits, Classes), weighted);
        Tolerance.Exact(batchMean.Forward(Logits, Classes), weighted / 2);

        // Equal weights cancel in the weighted mean; the sum scales with them.
        var unweighted = new CrossEntropyLoss();
        Tolerance.Exact(new CrossEntropyLoss(weight: [4.0, 4.0, 4.0]).Forward(Logits, Classes), unweighted.Forward(Logits, Classes));
        Tolerance.Exact(new CrossEntropyLoss(Reduction.Sum, weight: [4.0, 4.0, 4.0]).Forward(Logits, Classes), 8 * unweighted.Forward(Logits, Classes));
        mean.ToString().Should().Be("CrossEntropyLoss(reduction=Mean, weight=[0.2, 0.3, 0.5])");
        new CrossEntropyLoss(labelSmoothing: 0.1).ToString().Should().Be("CrossEntropyLoss(reduction=Mean, label_smoothing=0.1)");
        mean.Weight.Should().Equal(Weights);
        unweighted.Weight.Should().BeNull();
    }

    [Fact]
    public void NllLossWeights_FollowTheSameRules_AndAfterLogSoftmaxEqualCrossEntropy()
    {
        Matrix<double> x = Matrix<double>.Build.DenseOfColumnArrays(LogSoftmax(Logits, 0), LogSoftmax(Logits, 1));
        var nll = new NllLoss(weight: Weights);

        Tolerance.Exact(nll.Forward(x, Classes), ((-0.2 * x[0, 0]) - (0.5 * x[2, 1])) / 0.7);
        nll.Backward().ToColumnMajorArray().Should().Equal(-0.2 / 0.7, 0, 0, 0, 0, -0.5 / 0.7);
        Tolerance.Exact(nll.Forward(x, Classes), new CrossEntropyLoss(weight: Weights).Forward(Logits, Classes));

        // Probability targets: −Σ w·t·x over N samples.
        Matrix<double> t = Matrix<double>.Build.DenseOfColumnArrays([0.5, 0.5, 0], [0, 0.25, 0.75]);
        double expected = -((0.2 * 0.5 * x[0, 0]) + (0.3 * 0.5 * x[1, 0]) + (0.3 * 0.25 * x[1, 1]) + (0.5 * 0.75 * x[2, 1])) / 2;
        Tolerance.Exact(nll.Forward(x, t), expected);
        nll.Backward().ToColumnMajorArray().Should().Equal(-0.2 * 0.5 / 2, -0.3 * 0.5 / 2, 0, 0, -0.3 * 0.25 / 2, -0.5 * 0.75 / 2);
        nll.ToString().Should().Be("NllLoss(reduction=Mean, weight=[0.2, 0.3, 0.5])");
    }

    [Fact]
    public void BadOptions_AreRefused_NamingTheArgument()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss(weight: [1.0, -0.5])).Message.Should().Contain("'weight' entry 1 (class 1) must be finite and ≥ 0; -0.5 was given");
        Assert.Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss(weight: [double.NaN])).ParamName.Should().Be("weight");
        Assert.Throws<ArgumentException>(() => new CrossEntropyLoss(weight: [])).ParamName.Should().Be("weight");
        Assert.Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss(labelSmoothing: 1.5)).ParamName.Should().Be("labelSmoothing");
        Assert.Throws<ArgumentOutOfRangeException>(() => new CrossEntropyLoss(labelSmoothing: -0.1)).ParamName.Should().Be("labelSmoothing");
        Assert.Throws<ArgumentOutOfRangeException>(() => new NllLoss(weight: [double.PositiveInfinity])).ParamName.Should().Be("weight");
    }

    [Fact]
    public void BadBatches_AreRefused_AndLeaveTheGradient()
    {
        var loss = new CrossEntropyLoss(weight: [0.0, 1.0, 2.0]);
        loss.Forward(Logits, Classes);
        double[] before = loss.Backward().ToColumnMajorArray();

        var rows = Assert.Throws<ArgumentException>(() => loss.Forward(Matrix<double>.Build.Dense(2, 2, 0.5), [0, 1]));
        rows.ParamName.Should().Be("logits");
        rows.Message.Should().Contain("2 rows (classes), but the loss has 3 class weights");
        var zero = Assert.Throws<ArgumentException>(() => loss.Forward(Logits, [0, 0]));
        zero.ParamName.Should().Be("classes");
        zero.Message.Should().Contain("every target's class weight is 0");
        var nll = Assert.Throws<ArgumentException>(() => new NllLoss(weight: [1.0]).Forward(Logits, Classes));
        nll.ParamName.Should().Be("logProbabilities");

        loss.Backward().ToColumnMajorArray().Should().Equal(before);

        // Sum does not divide: a batch of weight 0 is a loss of 0 there.
        new CrossEntropyLoss(Reduction.Sum, weight: [0.0, 1.0, 2.0]).Forward(Logits, [0, 0]).Should().Be(0.0);
    }

    [Fact]
    public void WeightedTermsAndWeightSumsThatOverflow_GiveTheRepresentableResult()
    {
        // Weights 2¹⁰⁰⁰, a gap of 2³⁰ for the target: the term 2¹⁰³⁰ overflows; scale 2⁻²⁰ gives 2¹⁰¹⁰.
        double big = Math.ScaleB(1, 1000);
        var sum = new CrossEntropyLoss(Reduction.Sum, Math.ScaleB(1, -20), weight: [big, big]);
        sum.Forward(Matrix<double>.Build.DenseOfColumnArrays([0.0, -Math.ScaleB(1, 30)]), [1]).Should().Be(Math.ScaleB(1, 1010));
        sum.Backward().ToColumnMajorArray().Should().Equal(Math.ScaleB(1, 980), -Math.ScaleB(1, 980));

        // Weights 2¹⁰²³ on both targets: Σ w_c = 2¹⁰²⁴ overflows; the weighted mean of two ln 2 terms is ln 2, and the
        // gradient w_c·(p − e_c)/Σ w_c = (∓¼, ±¼).
        double huge = Math.ScaleB(1, 1023);
        var mean = new CrossEntropyLoss(weight: [huge, huge]);
        Tolerance.Exact(mean.Forward(Matrix<double>.Build.Dense(2, 2, 0.0), [0, 1]), Math.Log(2));
        mean.Backward().ToColumnMajorArray().Should().Equal(-0.25, 0.25, 0.25, -0.25);

        var nll = new NllLoss(weight: [huge, huge]);
        Tolerance.Exact(nll.Forward(Matrix<double>.Build.Dense(2, 2, -3.0), [0, 1]), 3.0);
        nll.Backward().ToColumnMajorArray().Should().Equal(-0.5, 0, 0, -0.5);
    }
}
