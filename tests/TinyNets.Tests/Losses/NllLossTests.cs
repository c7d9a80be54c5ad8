using TinyNets.Training;

namespace TinyNets.Tests.Losses;

/// <summary>
/// NllLoss as PyTorch's nn.NLLLoss (−x_c per sample, mean over samples), and LogSoftmax followed by NllLoss against
/// CrossEntropyLoss on the same logits. The value is bit for bit CrossEntropyLoss's: the same operations in the same
/// order (−y_c = (m − z_c) + log1p(others) exactly, since negation is exact). The gradient with respect to the logits
/// through LogSoftmax.Backward, dy − softmax·Σdy, is bit for bit CrossEntropyLoss's (softmax − onehot)·factor when the
/// factor is a power of two (it then scales without rounding); otherwise only entry c differs, −factor + fl(p_c·factor)
/// against fl(fl(p_c − 1)·factor): two roundings each, of magnitudes at most factor, so by at most 2ε·factor.
/// </summary>
public class NllLossTests
{
    private const double Eps = 2.220446049250313e-16;

    private static Matrix<double> Logits(string kind, int classes, int samples)
    {
        var random = new SeededRandom(7);
        return kind switch
        {
            "moderate" => Matrix<double>.Build.Dense(classes, samples, (_, _) => random.NextUniform(-6, 6)),
            "thousand" => Matrix<double>.Build.Dense(classes, samples, (i, j) => (i + j) % 3 == 0 ? 1000 : (i + j) % 3 == 1 ? -1000 : 999.5),
            _ => Matrix<double>.Build.Dense(classes, samples, (i, j) => (i + j) % 3 == 0 ? 1e300 : (i + j) % 3 == 1 ? -1e300 : 0.0),
        };
    }

    private static (double Value, Matrix<double> Gradient) ThroughLogSoftmax(Matrix<double> logits, Func<NllLoss, Matrix<double>, double> forward, NllLoss loss)
    {
        var layer = new LogSoftmax();
        double value = forward(loss, layer.Forward(logits));
        return (value, layer.Backward(loss.Backward()).Clone());
    }

    [Theory]
    [InlineData("moderate", Reduction.Mean)]
    [InlineData("moderate", Reduction.Sum)]
    [InlineData("thousand", Reduction.Mean)]
    [InlineData("thousand", Reduction.BatchMean)]
    [InlineData("huge", Reduction.Mean)]
    [InlineData("huge", Reduction.Sum)]
    public void LogSoftmaxThenNll_IsCrossEntropy_BitForBit_WithClassIndices(string kind, Reduction reduction)
    {
        Matrix<double> logits = Logits(kind, 5, 8); // Mean over 8 samples: the factor 1/8 is a power of two
        int[] classes = [0, 1, 2, 3, 4, 2, 1, 0];
        var ce = new CrossEntropyLoss(reduction);
        double expected = ce.Forward(logits, classes);
        Matrix<double> expectedGradient = ce.Backward();

        (double value, Matrix<double> gradient) = ThroughLogSoftmax(logits, (l, y) => l.Forward(y, classes), new NllLoss(reduction));

        double.IsFinite(value).Should().BeTrue();
        BitConverter.DoubleToInt64Bits(value).Should().Be(BitConverter.DoubleToInt64Bits(expected), $"{value:R} against {expected:R}");
        gradient.ToColumnMajorArray().Should().Equal(expectedGradient.ToColumnMajorArray());
    }

    [Theory]
    [InlineData("moderate")]
    [InlineData("thousand")]
    [InlineData("huge")]
    public void LogSoftmaxThenNll_IsCrossEntropy_BitForBit_WithProbabilityTargets(string kind)
    {
        Matrix<double> logits = Logits(kind, 4, 4);
        Matrix<double> target = Matrix<double>.Build.DenseOfColumnArrays([0.25, 0.5, 0.25, 0], [0, 0, 1, 0], [0.125, 0.125, 0.5, 0.25], [0, 1, 0, 0]);
        var ce = new CrossEntropyLoss();
        double expected = ce.Forward(logits, target);
        Matrix<double> expectedGradient = ce.Backward();

        (double value, Matrix<double> gradient) = ThroughLogSoftmax(logits, (l, y) => l.Forward(y, target), new NllLoss());

        BitConverter.DoubleToInt64Bits(value).Should().Be(BitConverter.DoubleToInt64Bits(expected), $"{value:R} against {expected:R}");
        gradient.ToColumnMajorArray().Should().Equal(expectedGradient.ToColumnMajorArray());
    }

    // A factor that is not a power of two (Mean over 3 samples, a scale of 0.3): the value is still bit for bit; the
    // gradient's target entries differ by at most 2ε·factor (two roundings of magnitudes up to the factor), the others not at all.
    [Theory]
    [InlineData("moderate")]
    [InlineData("thousand")]
    [InlineData("huge")]
    public void LogSoftmaxThenNll_IsCrossEntropy_WithinOneRoundingOfTheFactor(string kind)
    {
        Matrix<double> logits = Logits(kind, 4, 3);
        int[] classes = [3, 0, 1];
        var ce = new CrossEntropyLoss(scale: 0.3);
        double expected = ce.Forward(logits, classes);
        Matrix<double> expectedGradient = ce.Backward();

        (double value, Matrix<double> gradient) = ThroughLogSoftmax(logits, (l, y) => l.Forward(y, classes), new NllLoss(scale: 0.3));

        value.Should().Be(expected);
        double factor = 0.3 / 3;
        for (int j = 0; j < 3; j++)
        {
            for (int i = 0; i < 4; i++)
            {
                double tolerance = i == classes[j] ? 2 * Eps * factor : 0;
                Math.Abs(gradient[i, j] - expectedGradient[i, j]).Should().BeLessThanOrEqualTo(tolerance, $"entry [{i}, {j}]");
            }
        }
    }

    [Fact]
    public void ClassIndices_GiveMinusTheMeanOfThePickedEntries_AndTheirGradient()
    {
        Matrix<double> x = Matrix<double>.Build.DenseOfColumnArrays([-0.5, -1.5, -2.5], [-3.0, -0.25, -1.0]);
        var mean = new NllLoss();
        mean.Forward(x, [2, 1]).Should().Be((2.5 + 0.25) / 2);
        mean.Backward().ToColumnMajorArray().Should().Equal(0, 0, -0.5, 0, -0.5, 0);

        var sum = new NllLoss(Reduction.Sum, scale: 2);
        sum.Forward(x, [0, 0]).Should().Be(2 * (0.5 + 3.0));
        sum.Backward().ToColumnMajorArray().Should().Equal(-2, 0, 0, -2, 0, 0);

        // The buffer is reused: an entry of the previous pass does not survive.
        sum.Forward(x, [1, 2]).Should().Be(2 * (1.5 + 1.0));
        sum.Backward().ToColumnMajorArray().Should().Equal(0, -2, 0, 0, 0, -2);
        new NllLoss(Reduction.BatchMean).Forward(x, [2, 1]).Should().Be((2.5 + 0.25) / 2);
    }

    [Fact]
    public void ProbabilityTargets_GiveMinusTheWeightedSum_AveragedOverSamples()
    {
        Matrix<double> x = Matrix<double>.Build.DenseOfColumnArrays([-0.5, -1.5], [-3.0, -0.25]);
        Matrix<double> t = Matrix<double>.Build.DenseOfColumnArrays([0.25, 0.75], [1.0, 0.0]);
        var loss = new NllLoss();

        loss.Forward(x, t).Should().Be(((0.25 * 0.5) + (0.75 * 1.5) + 3.0) / 2);
        loss.Backward().ToColumnMajorArray().Should().Equal(-0.125, -0.375, -0.5, -0.0);
        loss.ToString().Should().Be("NllLoss(reduction=Mean)");
    }

    [Fact]
    public void BadTargets_AreRefused_LikeCrossEntropys()
    {
        Matrix<double> x = Matrix<double>.Build.Dense(3, 2, -1.0);
        var loss = new NllLoss();

        var count = Assert.Throws<ArgumentException>(() => loss.Forward(x, [0]));
        count.ParamName.Should().Be("classes");
        count.Message.Should().Contain("one class index per sample (2); 1 were given");
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => loss.Forward(x, [0, 3]));
        range.ParamName.Should().Be("classes");
        range.Message.Should().Contain("Class index 3 of sample 1 is outside [0, 2]");
        var negative = Assert.Throws<ArgumentException>(() => loss.Forward(x, Matrix<double>.Build.DenseOfColumnArrays([1.0, 0, 0], [0, -0.5, 1.5])));
        negative.ParamName.Should().Be("target");
        negative.Message.Should().Contain("entry [1, 1] is -0.5");
        Matrix<double> nan = x.Clone();
        nan[2, 1] = double.NaN;
        Assert.Throws<ArgumentException>(() => loss.Forward(nan, [0, 0])).ParamName.Should().Be("logProbabilities");
        Assert.Throws<InvalidOperationException>(() => new NllLoss().Backward());
    }

    // The probability-target overload is what Trainer.Fit calls: Linear + LogSoftmax with NllLoss trains as Linear with
    // CrossEntropyLoss (batches of 4: a power-of-two factor, so the steps are the same to the last bit).
    [Fact]
    public void InTrainerFit_LogSoftmaxAndNll_TrainAsCrossEntropy()
    {
        var random = new SeededRandom(3);
        Matrix<double> x = Matrix<double>.Build.Dense(3, 8, (_, _) => random.NextUniform(-2, 2));
        Matrix<double> y = Matrix<double>.Build.Dense(2, 8, (i, j) => (j % 2) == i ? 1.0 : 0.0);
        var a = new Sequential(new Linear(3, 2)).Initialize(9);
        var b = new Sequential(new Linear(3, 2), new LogSoftmax()).Initialize(9);
        var options = new FitOptions { Epochs = 5, BatchSize = 4, Seed = 1 };

        TrainingHistory ha = a.Fit(x, y, new CrossEntropyLoss(), new Sgd(a, 0.5), options);
        TrainingHistory hb = b.Fit(x, y, new NllLoss(), new Sgd(b, 0.5), options);

        hb.Epochs.Count.Should().Be(5);
        b.GetParameter("0.weight").Data.ToArray().Should().Equal(a.GetParameter("0.weight").Data.ToArray());
        b.GetParameter("0.bias").Data.ToArray().Should().Equal(a.GetParameter("0.bias").Data.ToArray());
        hb.LossCurve[^1].Should().Be(ha.LossCurve[^1]).And.BeLessThan(hb.LossCurve[0]);
    }
}
