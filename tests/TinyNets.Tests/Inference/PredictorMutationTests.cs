using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MathNet.Numerics.LinearAlgebra.Double;
using TinyNets.Data;
using TinyNets.Inference;

namespace TinyNets.Tests.Inference;

/// <summary>
/// What the predictor and the estimators' input checks and scaler snapshots do where no other test of the folder looks:
/// whole messages, a batch whose workspace would exceed an array, where a sample's workspace lives (the stack up to
/// 512 doubles, a rented array beyond), which buffer the last layer writes when the output overlaps the input, a batch
/// of one in place, and scalers with a range other than [0, 1] or whose plain expression overflows beside a feature
/// that must not. A <see cref="Probe"/> layer (the identity) records the addresses of the spans it is given.
/// Expected values are exact by construction (small multiples of powers of two) or come from
/// <see cref="Sequential.Forward(Matrix{double})"/>, never from the predictor.
/// </summary>
public class PredictorMutationTests
{
    // The address of a value, without unsafe code: its byte offset from a null reference.
    private static nint AddressOf(ref double value) => Unsafe.ByteOffset(ref Unsafe.NullRef<double>(), ref value);

    private static Predictor SmallPredictor() => new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2)).Initialize(1).ToPredictor();

    // y = x: Linear(n, n) with the identity weight and no offset.
    private static Sequential IdentityNet(int features)
    {
        var net = new Sequential(new Linear(features, features));
        var weight = new double[features, features];
        for (int i = 0; i < features; i++)
        {
            weight[i, i] = 1.0;
        }

        net.SetParameter("0.weight", weight);
        net.SetParameter("0.bias", new double[features]);
        return net;
    }

    [Fact]
    public void ToString_NamesEveryLayerWithItsIndex()
    {
        Predictor predictor = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1, bias: false)).ToPredictor();

        predictor.ToString().Should().Be("Predictor(0: Linear(in=2, out=3, bias=True), 1: Tanh(), 2: Linear(in=3, out=1, bias=False))");
    }

    [Fact]
    public void OneSample_OfTheWrongLength_IsRefusedWithTheWholeMessage()
    {
        Predictor predictor = SmallPredictor();

        FluentActions.Invoking(() => predictor.Predict(new double[2], new double[2])).Should().ThrowExactly<ArgumentException>()
            .WithMessage("'input' must hold 3 values (the network's input features); 2 were given. (Parameter 'input')");
        FluentActions.Invoking(() => predictor.Predict([0.5, -1, 2], new double[3])).Should().ThrowExactly<ArgumentException>()
            .WithMessage("'output' must hold 2 values (the network's output features); 3 were given. (Parameter 'output')");
    }

    [Fact]
    public void ABatch_OfTheWrongLength_IsRefusedWithTheWholeMessage()
    {
        Predictor predictor = SmallPredictor();
        var batch = new double[15];

        FluentActions.Invoking(() => predictor.PredictBatch(batch, new double[8], 4, BatchLayout.SamplesContiguous))
            .Should().ThrowExactly<ArgumentException>()
            .WithMessage("'inputs' must hold batchSize × input features = 4 × 3 = 12 values; 15 were given. (Parameter 'inputs')");
        FluentActions.Invoking(() => predictor.PredictBatch(batch, new double[9], 5, BatchLayout.SamplesContiguous))
            .Should().ThrowExactly<ArgumentException>()
            .WithMessage("'outputs' must hold batchSize × output features = 5 × 2 = 10 values; 9 were given. (Parameter 'outputs')");
    }

    [Fact]
    public void AMatrix_WithTheWrongRowsOrNoColumns_IsRefusedWithTheWholeMessage()
    {
        Predictor predictor = SmallPredictor();

        FluentActions.Invoking(() => predictor.Predict(DenseMatrix.Create(2, 4, 0.0))).Should().ThrowExactly<ArgumentException>()
            .WithMessage("'inputs' must have 3 rows (the network's input features, one sample per column); shape 2×4 was given. (Parameter 'inputs')");
        FluentActions.Invoking(() => predictor.Predict(Matrix<double>.Build.Dense(3, 0))).Should().ThrowExactly<ArgumentException>()
            .WithMessage("An empty batch was given for 'inputs' (shape 3×0); at least one sample (column) is expected. (Parameter 'inputs')");
    }

    [Fact]
    public void AMatrix_WhosePredictionsExceedAnArray_IsRefusedNamingTheirCount()
    {
        // 65 536 outputs × 32 768 samples = 2³¹ values, above Array.MaxLength (2 147 483 591); the input is 1 × 32 768.
        Predictor predictor = new Sequential(new Linear(1, 65536)).ToPredictor();

        FluentActions.Invoking(() => predictor.Predict(DenseMatrix.Create(1, 32768, 0.5))).Should().ThrowExactly<ArgumentOutOfRangeException>()
            .Which.Message.Should().Be(
                "The predictions (outputs × samples) needs 65536 × 32768 = 2147483648 values; one array holds at most 2147483591."
                + $" (Parameter 'inputs'){Environment.NewLine}Actual value was 2147483648.");
    }

    [Theory]
    // One hidden buffer of 65 536 × 40 000 = 2 621 440 000 values, above Array.MaxLength.
    [InlineData(BatchLayout.SamplesContiguous, 2621440000L)]
    // Plus the transposed input (1 × 40 000) and the staged output (1 × 40 000).
    [InlineData(BatchLayout.FeaturesContiguous, 2621520000L)]
    public void ABatch_WhoseWorkspaceExceedsAnArray_IsRefusedNamingItsSize(BatchLayout layout, long workspace)
    {
        Predictor predictor = new Sequential(new Linear(1, 65536), new Linear(65536, 1)).ToPredictor();
        var inputs = new double[40000];
        double[] outputs = Enumerable.Repeat(7.0, 40000).ToArray();

        FluentActions.Invoking(() => predictor.PredictBatch(inputs, outputs, 40000, layout)).Should().ThrowExactly<ArgumentException>()
            .WithMessage($"A batch of 40000 samples needs a workspace of {workspace} values, more than an array can hold; predict it in parts. (Parameter 'batchSize')");
        outputs.Should().OnlyContain(v => v == 7.0);
    }

    [Theory]
    // A two-layer network's workspace is its hidden width: up to 512 doubles (4 kB) on the stack, beyond in a rented array.
    [InlineData(100, true)]
    [InlineData(512, true)]
    [InlineData(513, false)]
    [InlineData(2000, false)]
    public void OneSample_TakesAWorkspaceOfUpTo512DoublesFromTheStack_AndRentsALargerOne(int width, bool onTheStack)
    {
        // z_j = −1 + j·0.25 + 0.5·2 = j/4, exact; the probe (the identity) reads it from the workspace.
        var probe = new Probe();
        var net = new Sequential(new Linear(2, width), probe);
        var weight = new double[width, 2];
        for (int j = 0; j < width; j++)
        {
            weight[j, 0] = j;
            weight[j, 1] = 0.5;
        }

        net.SetParameter("0.weight", weight);
        net.SetParameter("0.bias", Enumerable.Repeat(-1.0, width).ToArray());
        Predictor predictor = net.ToPredictor();
        double[] expected = Enumerable.Range(0, width).Select(j => j / 4.0).ToArray();
        var output = new double[width];

        double top = 0;
        nint callerAt = AddressOf(ref top);
        predictor.Predict([0.25, 2.0], output);

        probe.Calls.Should().Be(1);
        output.Should().Equal(expected);
        // The stack grows down: a workspace on it lies between the probe's frame and this method's.
        bool workspaceOnTheStack = probe.InputAt > probe.FrameAt && probe.InputAt < callerAt;
        workspaceOnTheStack.Should().Be(onTheStack);
    }

    [Fact]
    public void ADeeperNetwork_WritesItsLastLayerStraightIntoAnOutputOverlappingTheInput()
    {
        // z = W·x + b with W = [[1, 0, 0], [0, 2, 0], [1, 1, 1]], b = (0, 0, 0.5); the probe (last) passes z on.
        var probe = new Probe();
        var net = new Sequential(new Linear(3, 3), probe);
        net.SetParameter("0.weight", new[,] { { 1.0, 0.0, 0.0 }, { 0.0, 2.0, 0.0 }, { 1.0, 1.0, 1.0 } });
        net.SetParameter("0.bias", new[] { 0.0, 0.0, 0.5 });
        Predictor predictor = net.ToPredictor();
        double[] buffer = GC.AllocateArray<double>(12, pinned: true);

        // One sample from buffer[0..3] into buffer[1..4]: x = (1, 2, 3) → (1, 4, 6.5).
        new[] { 1.0, 2.0, 3.0 }.CopyTo(buffer, 0);
        predictor.Predict(buffer.AsSpan(0, 3), buffer.AsSpan(1, 3));
        buffer[1..4].Should().Equal(1.0, 4.0, 6.5);
        probe.OutputAt.Should().Be(AddressOf(ref buffer[1]), "only a one-layer network stages an overlapping output");

        // A batch of four in place: (1, 2, 3), (0, 0, 0), (−1, 0.5, 2), (4, −4, 0.25).
        double[] x = [1, 2, 3, 0, 0, 0, -1, 0.5, 2, 4, -4, 0.25];
        x.CopyTo(buffer, 0);
        predictor.PredictBatch(buffer, buffer, 4, BatchLayout.SamplesContiguous);
        buffer.Should().Equal(1, 4, 6.5, 0, 0, 0.5, -1, 1, 2, 4, -8, 0.75);
        probe.OutputAt.Should().Be(AddressOf(ref buffer[0]), "only a one-layer network stages an overlapping batch");
    }

    [Fact]
    public void AOneLayerNetwork_InPlace_WithMoreOutputsThanTheSmallBuffer_IsStaged()
    {
        // 40 outputs: more than the 32-double buffer, so the staged output needs a workspace of its own size.
        Sequential net = new Sequential(new Linear(40, 40)).Initialize(3);
        var random = new SeededRandom(4);
        double[] x = Enumerable.Range(0, 40).Select(_ => random.NextUniform(-2, 2)).ToArray();
        double[] expected = net.Forward(DenseMatrix.OfColumnMajor(40, 1, x)).ToColumnMajorArray();
        Predictor predictor = net.ToPredictor();

        double[] buffer = (double[])x.Clone();
        predictor.Predict(buffer, buffer);

        buffer.Should().Equal(expected);
    }

    [Theory]
    [InlineData(BatchLayout.SamplesContiguous)]
    [InlineData(BatchLayout.FeaturesContiguous)]
    public void ABatchOfOne_InPlace_IsPredictedOnce(BatchLayout layout)
    {
        Sequential net = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 3)).Initialize(5);
        double[] x = [0.5, -1.0, 2.0];
        double[] expected = net.Forward(DenseMatrix.OfColumnMajor(3, 1, x)).ToColumnMajorArray();
        Predictor predictor = net.ToPredictor();

        double[] buffer = (double[])x.Clone();
        predictor.PredictBatch(buffer, buffer, 1, layout);

        buffer.Should().Equal(expected);
    }

    [Theory]
    [InlineData(BatchLayout.SamplesContiguous)]
    [InlineData(BatchLayout.FeaturesContiguous)]
    public void ANetworkWithoutOutputs_PredictsABatchOfNothingInEitherLayout(BatchLayout layout)
    {
        // A last layer of no outputs: the batch's result is empty, and transposing it (20 samples × 0 outputs) is nothing.
        var collapse = new Collapse();
        Predictor predictor = new Sequential(new Linear(3, 2), collapse).Initialize(1).ToPredictor();
        predictor.OutputSize.Should().Be(0);

        predictor.PredictBatch(new double[3 * 20], Span<double>.Empty, 20, layout);

        collapse.Calls.Should().Be(1);
    }

    [Fact]
    public void ADenseVector_IsReadInPlace()
    {
        // The probe (first) sees the sample; z = (x₀ + x₁ + x₂, x₀ − x₂).
        var probe = new Probe();
        var net = new Sequential(probe, new Linear(3, 2));
        net.SetParameter("1.weight", new[,] { { 1.0, 1.0, 1.0 }, { 1.0, 0.0, -1.0 } });
        net.SetParameter("1.bias", new[] { 0.0, 0.0 });
        Predictor predictor = net.ToPredictor();
        double[] storage = GC.AllocateArray<double>(3, pinned: true);
        new[] { 0.5, 2.0, -1.0 }.CopyTo(storage, 0);

        Vector<double> result = predictor.Predict(new DenseVector(storage));

        result.ToArray().Should().Equal(1.5, 1.5);
        probe.InputAt.Should().Be(AddressOf(ref storage[0]), "a dense vector's own array is read, not a copy");
    }

    [Fact]
    public void AnEstimatorWithAScaler_ChecksASampleAndABatchUnderTheCallersNames()
    {
        var regressor = new Regressor(IdentityNet(3), StandardScaler.FromFitted([0.0, 0.0, 0.0], [1.0, 1.0, 1.0]));
        var classifier = new Classifier(IdentityNet(3), StandardScaler.FromFitted([0.0, 0.0, 0.0], [1.0, 1.0, 1.0]));
        Matrix<double> withNaN = DenseMatrix.Create(3, 4, 0.5);
        withNaN[1, 2] = double.NaN;

        const string shortSample = "'input' must hold 3 values (the network's input features); 2 were given. (Parameter 'input')";
        FluentActions.Invoking(() => regressor.Predict(new double[2], new double[3])).Should().ThrowExactly<ArgumentException>().WithMessage(shortSample);
        FluentActions.Invoking(() => classifier.PredictClass(new double[2])).Should().ThrowExactly<ArgumentException>().WithMessage(shortSample);

        foreach (Func<Matrix<double>, object> predict in new Func<Matrix<double>, object>[] { m => regressor.Predict(m), m => classifier.PredictClasses(m) })
        {
            FluentActions.Invoking(() => predict(DenseMatrix.Create(2, 4, 0.0))).Should().ThrowExactly<ArgumentException>()
                .WithMessage("'inputs' must have 3 rows (the network's input features, one sample per column); shape 2×4 was given. (Parameter 'inputs')");
            FluentActions.Invoking(() => predict(Matrix<double>.Build.Dense(3, 0))).Should().ThrowExactly<ArgumentException>()
                .WithMessage("An empty batch was given for 'inputs' (shape 3×0); at least one sample (column) is expected. (Parameter 'inputs')");
            FluentActions.Invoking(() => predict(withNaN)).Should().ThrowExactly<ArgumentException>()
                .WithMessage("'inputs' must contain only finite values; entry [1, 2] is NaN. (Parameter 'inputs')");
        }
    }

    [Fact]
    public void AScalerThatIsNotFittedOrCannotBeCopied_IsRefusedWithTheWholeMessage()
    {
        var unfitted = new StandardScaler();
        FluentActions.Invoking(() => new Regressor(IdentityNet(2), unfitted)).Should().ThrowExactly<ArgumentException>()
            .WithMessage("'inputScaler' is not fitted; a fitted scaler (Fit on the training data) was expected. (Parameter 'inputScaler')");
        FluentActions.Invoking(() => new Regressor(IdentityNet(2), targetScaler: unfitted)).Should().ThrowExactly<ArgumentException>()
            .WithMessage("'targetScaler' is not fitted; a fitted scaler (Fit on the training data) was expected. (Parameter 'targetScaler')");

        var other = new CenteringScaler();
        other.Fit(DenseMatrix.Create(2, 3, 1.0));
        FluentActions.Invoking(() => new Regressor(IdentityNet(2), other)).Should().ThrowExactly<ArgumentException>()
            .WithMessage("'inputScaler' is a CenteringScaler, which cannot be copied. (Parameter 'inputScaler')");
    }

    [Fact]
    public void OneSample_IsScaledOntoAndBackFromARangeOtherThanZeroToOne()
    {
        // Onto [−1, 1] from minima (1, −2) and maxima (5, 6): y = (x − min) / (max − min) · 2 − 1, so x = (2, 10) → (−0.5, 2);
        // back: x = (y + 1) / 2 · (max − min) + min, so y = (0, 0.5) → (3, 4).
        MinMaxScaler scaler = MinMaxScaler.FromFitted([1.0, -2.0], [5.0, 6.0], -1.0, 1.0);

        new Regressor(IdentityNet(2), inputScaler: scaler).Predict([2.0, 10.0]).Should().Equal(-0.5, 2.0);
        new Regressor(IdentityNet(2), targetScaler: scaler).Predict([0.0, 0.5]).Should().Equal(3.0, 4.0);
    }

    [Fact]
    public void OneSample_WhosePlainScalingOverflows_LeavesTheOtherFeaturesAtValuesThatMapInRange()
    {
        const double d = 1e308;

        // Forward: feature 0 (mean −d, scale 4) maps d to 2d / 4 = d / 2 only through the wide evaluation; feature 1
        // (mean d, scale 1e−10) maps d to 0 but 0 (or anything far from d) beyond double's range.
        StandardScaler inputs = StandardScaler.FromFitted([-d, d], [4.0, 1e-10]);
        new Regressor(IdentityNet(2), inputScaler: inputs).Predict([d, d]).Should().Equal(d / 2, 0.0);

        // Inverse onto [5, 6] from minima −d and maxima 0 (scale d): 7 ↦ 2d − d = d only through the wide evaluation;
        // 5 ↦ −d, but 0 ↦ −5d − d, beyond double's range.
        MinMaxScaler targets = MinMaxScaler.FromFitted([-d, -d], [0.0, 0.0], 5.0, 6.0);
        new Regressor(IdentityNet(2), targetScaler: targets).Predict([7.0, 5.0]).Should().Equal(d, -d);
    }

    /// <summary>The identity, recording the addresses of its spans, of a local of its frame, and its calls.</summary>
    private sealed class Probe : Layer
    {
        public nint InputAt { get; private set; }

        public nint OutputAt { get; private set; }

        public nint FrameAt { get; private set; }

        public int Calls { get; private set; }

        public override string ToString() => "Probe";

        protected override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
        {
            double marker = 0;
            FrameAt = AddressOf(ref marker);
            InputAt = AddressOf(ref MemoryMarshal.GetReference(x));
            OutputAt = AddressOf(ref MemoryMarshal.GetReference(y));
            Calls++;
            x.CopyTo(y);
        }

        protected override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns) =>
            dy.Slice(0, dx.Length).CopyTo(dx);
    }

    /// <summary>A layer of no outputs, counting its calls.</summary>
    private sealed class Collapse : Layer
    {
        public int Calls { get; private set; }

        public override int? OutputSize => 0;

        public override string ToString() => "Collapse";

        protected override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns) => Calls++;

        protected override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns) =>
            dx.Clear();
    }

    /// <summary>A scaler of the library's kind that is neither a StandardScaler nor a MinMaxScaler: center 0, scale 1.</summary>
    private sealed class CenteringScaler : FeatureScaler
    {
        public CenteringScaler()
            : base(0.0, 1.0)
        {
        }

        public override string ToString() => "CenteringScaler";

        private protected override void FitCore(ReadOnlySpan<double> storage, int rows, int samples, Span<double> center, Span<double> scale)
        {
            center.Clear();
            scale.Fill(1.0);
        }
    }
}
