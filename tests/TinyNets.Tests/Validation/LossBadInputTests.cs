using static TinyNets.Tests.Validation.ValidationSupport;

namespace TinyNets.Tests.Validation;

/// <summary>
/// Bad input to every loss's Forward: mismatched shapes, NaN/∞ in prediction or target, targets outside the loss's domain,
/// class indices out of range, the wrong number of class indices, empty batches. Each throws naming the parameter and the
/// expected and given shape or value, and leaves the gradient of the last good Forward (what Backward returns) bit-identical.
/// </summary>
public class LossBadInputTests
{
    private const int Rows = 3;
    private const int Columns = 2;

    private sealed record LossCase(Loss Loss, Func<Matrix<double>, Matrix<double>, double> Forward, string PredictionName, Func<int, int, Matrix<double>> Target);

    public static TheoryData<string> LossNames() => new()
    {
        "MseLoss", "MseLoss.Sse", "MseLoss.HalfMse", "BceWithLogitsLoss", "SoftplusLoss", "SoftMarginLoss", "CrossEntropyLoss(probabilities)",
        "L1Loss", "HuberLoss", "SmoothL1Loss", "CrossEntropyLoss(weighted, smoothed)",
    };

    private static Matrix<double> Prediction(int rows, int columns) => Matrix<double>.Build.Dense(rows, columns, (i, j) => 0.3 + i - (0.7 * j));

    private static LossCase Make(string name)
    {
        // A valid target of any shape for each loss: arbitrary for MSE/softplus, in [0, 1] for BCE, ±1 for soft margin, one-hot for CE.
        Matrix<double> Any(int r, int c) => Matrix<double>.Build.Dense(r, c, (i, j) => (0.5 * i) - j);
        Matrix<double> Probability(int r, int c) => Matrix<double>.Build.Dense(r, c, (i, j) => (i + j) % 5 / 4.0);
        Matrix<double> Sign(int r, int c) => Matrix<double>.Build.Dense(r, c, (i, j) => (i + j) % 2 == 0 ? 1.0 : -1.0);
        Matrix<double> OneHot(int r, int c) => Matrix<double>.Build.Dense(r, c, (i, j) => i == j % r ? 1.0 : 0.0);

        switch (name)
        {
            case "MseLoss": { var l = new MseLoss(); return new(l, l.Forward, "prediction", Any); }
            case "MseLoss.Sse": { var l = MseLoss.Sse(); return new(l, l.Forward, "prediction", Any); }
            case "MseLoss.HalfMse": { var l = MseLoss.HalfMse(); return new(l, l.Forward, "prediction", Any); }
            case "BceWithLogitsLoss": { var l = new BceWithLogitsLoss(); return new(l, l.Forward, "prediction", Probability); }
            case "SoftplusLoss": { var l = new SoftplusLoss(); return new(l, l.Forward, "prediction", Any); }
            case "SoftMarginLoss": { var l = new SoftMarginLoss(); return new(l, l.Forward, "prediction", Sign); }
            case "CrossEntropyLoss(probabilities)": { var l = new CrossEntropyLoss(); return new(l, l.Forward, "logits", OneHot); }
            case "L1Loss": { var l = new L1Loss(); return new(l, l.Forward, "prediction", Any); }
            case "HuberLoss": { var l = new HuberLoss(0.5); return new(l, l.Forward, "prediction", Any); }
            case "SmoothL1Loss": { var l = new SmoothL1Loss(0.5); return new(l, l.Forward, "prediction", Any); }
            case "CrossEntropyLoss(weighted, smoothed)": { var l = new CrossEntropyLoss(weight: [0.5, 1, 2], labelSmoothing: 0.1); return new(l, l.Forward, "logits", OneHot); }
            default: throw new ArgumentOutOfRangeException(nameof(name), name, "unknown loss");
        }
    }

    /// <summary>The loss after one good Forward on a 3×2 batch, so that Backward holds a gradient a bad call could disturb.</summary>
    private static LossCase AfterGoodForward(string name)
    {
        LossCase c = Make(name);
        c.Forward(Prediction(Rows, Columns), c.Target(Rows, Columns));
        return c;
    }

    // ---------------------------------------------------------------- every loss

    public static TheoryData<string, int, int> LossesWithWrongTargetShapes()
    {
        var data = new TheoryData<string, int, int>();
        foreach (string name in LossNames())
        {
            foreach ((int r, int c) in new[] { (2, 3), (3, 3), (3, 1), (1, 2), (2, 2) })
            {
                data.Add(name, r, c);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LossesWithWrongTargetShapes))]
    public void MismatchedTargetShape_ThrowsNamingTargetAndBothShapes_AndLeavesGradientUnchanged(string name, int rows, int columns)
    {
        LossCase c = AfterGoodForward(name);
        var before = LossSnapshot.Take(c.Loss);

        ThrowsArgument(() => c.Forward(Prediction(Rows, Columns), c.Target(rows, columns)), "target", "3×2", Shape(rows, columns));

        before.AssertUnchanged();
    }

    public static TheoryData<string, double, bool> LossesWithNonFiniteEntries()
    {
        var data = new TheoryData<string, double, bool>();
        foreach (string name in LossNames())
        {
            foreach (double bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
            {
                data.Add(name, bad, true);
                data.Add(name, bad, false);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LossesWithNonFiniteEntries))]
    public void NonFinitePredictionOrTarget_ThrowsNamingItAndTheValue_AndLeavesGradientUnchanged(string name, double bad, bool inPrediction)
    {
        // The bad batch is 3×4, not the good 3×2: a loss that re-sized its gradient buffer before checking would be caught.
        LossCase c = AfterGoodForward(name);
        var before = LossSnapshot.Take(c.Loss);
        Matrix<double> prediction = Prediction(Rows, 4);
        Matrix<double> target = c.Target(Rows, 4);
        (inPrediction ? prediction : target)[2, 3] = bad;

        ThrowsArgument(() => c.Forward(prediction, target), inPrediction ? c.PredictionName : "target", Text(bad), "finite");

        before.AssertUnchanged();
    }

    [Theory]
    [MemberData(nameof(LossNames))]
    public void EmptyBatch_ThrowsNamingThePrediction_AndLeavesGradientUnchanged(string name)
    {
        LossCase c = AfterGoodForward(name);
        var before = LossSnapshot.Take(c.Loss);

        ArgumentException ex = ThrowsArgument(() => c.Forward(Matrix<double>.Build.Dense(Rows, 0), Matrix<double>.Build.Dense(Rows, 0)), c.PredictionName, "3×0");
        ex.Message.Should().ContainAny("empty", "at least one");

        before.AssertUnchanged();
    }

    [Theory]
    [MemberData(nameof(LossNames))]
    public void NonDenseTarget_ThrowsNamingTarget(string name)
    {
        LossCase c = AfterGoodForward(name);
        var before = LossSnapshot.Take(c.Loss);
        Matrix<double> sparse = Matrix<double>.Build.SparseOfMatrix(c.Target(Rows, Columns));

        ThrowsArgument(() => c.Forward(Prediction(Rows, Columns), sparse), "target");

        before.AssertUnchanged();
    }

    [Theory]
    [MemberData(nameof(LossNames))]
    public void Backward_BeforeForward_AndAfterOnlyARejectedForward_ThrowsInvalidOperation(string name)
    {
        LossCase c = Make(name);
        Assert.Throws<InvalidOperationException>(() => c.Loss.Backward());

        Assert.ThrowsAny<ArgumentException>(() => c.Forward(Prediction(Rows, Columns), c.Target(Rows, 3)));
        Assert.ThrowsAny<ArgumentException>(() => c.Forward(WithEntry(Rows, Columns, 0, 0, double.NaN), c.Target(Rows, Columns)));

        Assert.Throws<InvalidOperationException>(() => c.Loss.Backward());
    }

    [Fact]
    public void ElementwiseVectorOverload_MismatchedLength_ThrowsNamingTarget()
    {
        var loss = new MseLoss();
        loss.Forward(Vector<double>.Build.Dense(3, 1.0), Vector<double>.Build.Dense(3, 0.5));
        var before = LossSnapshot.Take(loss);

        ThrowsArgument(() => loss.Forward(Vector<double>.Build.Dense(3, 1.0), Vector<double>.Build.Dense(2, 0.5)), "target", "3×1", "2×1");

        before.AssertUnchanged();
    }

    // ---------------------------------------------------------------- target domains

    [Theory]
    [InlineData(-0.5)]
    [InlineData(1.5)]
    [InlineData(-1.0)]
    [InlineData(2.0)]
    [InlineData(1.0000000000000002)]
    [InlineData(-1e-300)]
    public void Bce_TargetOutsideZeroOne_ThrowsNamingTargetAndValue_AndLeavesGradientUnchanged(double bad)
    {
        LossCase c = AfterGoodForward("BceWithLogitsLoss");
        var before = LossSnapshot.Take(c.Loss);
        Matrix<double> target = c.Target(Rows, Columns);
        target[2, 1] = bad;

        ThrowsArgument(() => c.Forward(Prediction(Rows, Columns), target), "target", Text(bad), "[0, 1]");

        before.AssertUnchanged();
    }

    [Fact]
    public void Bce_AcceptsTheBoundsOfZeroOne()
    {
        // Control: 0 and 1 (and −0.0) are valid targets.
        var loss = new BceWithLogitsLoss();
        Matrix<double> target = Matrix<double>.Build.DenseOfArray(new[,] { { 0.0, 1.0 }, { -0.0, 0.5 } });
        double value = loss.Forward(Matrix<double>.Build.Dense(2, 2, 0.0), target);
        value.Should().BeApproximately(Math.Log(2.0), 1e-12 * Math.Log(2.0)); // at z = 0 every term is ln 2 − y·0
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(-2.0)]
    [InlineData(0.9999999999999999)]
    public void SoftMargin_LabelNotPlusMinusOne_ThrowsNamingTargetAndValue_AndLeavesGradientUnchanged(double bad)
    {
        LossCase c = AfterGoodForward("SoftMarginLoss");
        var before = LossSnapshot.Take(c.Loss);
        Matrix<double> target = c.Target(Rows, Columns);
        target[1, 1] = bad;

        ArgumentException ex = ThrowsArgument(() => c.Forward(Prediction(Rows, Columns), target), "target", Text(bad));
        ex.Message.Should().ContainAny("±1", "−1", "-1");

        before.AssertUnchanged();
    }

    // ---------------------------------------------------------------- cross-entropy with class indices

    private const int Classes = 4;

    private static CrossEntropyLoss CeAfterGoodForward()
    {
        var loss = new CrossEntropyLoss();
        loss.Forward(Prediction(Classes, 3), new[] { 0, 3, 1 });
        return loss;
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(Classes)]
    [InlineData(Classes + 3)]
    [InlineData(int.MinValue)]
    [InlineData(int.MaxValue)]
    public void CrossEntropy_ClassIndexOutOfRange_ThrowsNamingClassesAndValue_AndLeavesGradientUnchanged(int bad)
    {
        CrossEntropyLoss loss = CeAfterGoodForward();
        var before = LossSnapshot.Take(loss);

        // the bad index is in the last sample, after two valid ones
        ArgumentOutOfRangeException ex = ThrowsOutOfRange(() => loss.Forward(Prediction(Classes, 3), new[] { 1, 2, bad }), "classes", bad, Text(bad));
        MentionsGivenAndExpected(ex.Message, bad, Classes - 1, Classes);

        before.AssertUnchanged();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void CrossEntropy_WrongNumberOfClassIndices_ThrowsNamingClassesAndCounts_AndLeavesGradientUnchanged(int count)
    {
        CrossEntropyLoss loss = CeAfterGoodForward();
        var before = LossSnapshot.Take(loss);
        int[] classes = Enumerable.Range(0, count).Select(i => i % Classes).ToArray();

        ArgumentException ex = ThrowsArgument(() => loss.Forward(Prediction(Classes, 3), classes), "classes");
        MentionsGivenAndExpected(ex.Message, count, 3);

        before.AssertUnchanged();
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void CrossEntropy_NonFiniteLogits_WithClassIndices_ThrowsNamingLogits_AndLeavesGradientUnchanged(double bad)
    {
        CrossEntropyLoss loss = CeAfterGoodForward();
        var before = LossSnapshot.Take(loss);

        ThrowsArgument(() => loss.Forward(WithEntry(Classes, 2, 3, 1, bad), new[] { 0, 1 }), "logits", Text(bad), "finite");

        before.AssertUnchanged();
    }

    [Fact]
    public void CrossEntropy_EmptyBatch_WithClassIndices_ThrowsNamingLogits()
    {
        CrossEntropyLoss loss = CeAfterGoodForward();
        var before = LossSnapshot.Take(loss);

        ThrowsArgument(() => loss.Forward(Matrix<double>.Build.Dense(Classes, 0), Array.Empty<int>()), "logits", "4×0");

        before.AssertUnchanged();
    }

    [Theory]
    [InlineData(-0.25)]
    [InlineData(-1e-9)]
    [InlineData(-1.0)]
    public void CrossEntropy_NegativeProbabilityTarget_ThrowsNamingTargetAndValue_AndLeavesGradientUnchanged(double bad)
    {
        CrossEntropyLoss loss = CeAfterGoodForward();
        var before = LossSnapshot.Take(loss);
        Matrix<double> target = Matrix<double>.Build.Dense(Classes, 3, (i, j) => i == j ? 1.0 : 0.0);
        target[1, 2] = bad;

        ArgumentException ex = ThrowsArgument(() => loss.Forward(Prediction(Classes, 3), target), "target", Text(bad));
        ex.Message.Should().ContainAny("non-negative", "≥ 0", ">= 0");

        before.AssertUnchanged();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3)]
    public void CrossEntropy_VectorOverload_ClassOutOfRange_NamesItsOwnParameter(int bad)
    {
        // Forward(Vector logits, int targetClass): the exception must name targetClass, the caller's parameter
        // (not "classes", a parameter of another overload the caller never used).
        var loss = new CrossEntropyLoss();
        loss.Forward(Vector<double>.Build.DenseOfArray(new[] { 0.5, -1.0, 2.0 }), 1);
        var before = LossSnapshot.Take(loss);

        ArgumentOutOfRangeException ex = ThrowsOutOfRange(
            () => loss.Forward(Vector<double>.Build.DenseOfArray(new[] { 0.5, -1.0, 2.0 }), bad), "targetClass", bad, Text(bad));
        MentionsGivenAndExpected(ex.Message, bad, 2, 3);

        before.AssertUnchanged();
    }
}
