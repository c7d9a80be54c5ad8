using System.Collections.Concurrent;
using System.Threading;
using MathNet.Numerics.LinearAlgebra.Double;
using TinyNets.Inference;

namespace TinyNets.Tests.Inference;

/// <summary>
/// The thread-safe <see cref="Predictor"/>: bit for bit what <see cref="Sequential.Forward(Matrix{double})"/> computes
/// (on both of its paths, every activation, both batch layouts, every overload), a snapshot of the parameters, argument
/// checks that write nothing on failure, no allocation on the span overloads, and many threads at once on one predictor.
/// Expected values come from Forward on the same batch, or from a loop written here; never from the predictor itself.
/// </summary>
public class PredictorTests
{
    private static readonly string[] ActivationNames = ["identity", "tanh", "relu", "leakyrelu", "sigmoid", "selu", "softplus", "softmax", "logsoftmax"];

    private static Layer Activation(string name) => name switch
    {
        "identity" => new Identity(),
        "tanh" => new Tanh(),
        "relu" => new ReLU(),
        "leakyrelu" => new LeakyReLU(0.2),
        "sigmoid" => new Sigmoid(),
        "selu" => new Selu(),
        "softplus" => new Softplus(),
        "softmax" => new Softmax(),
        "logsoftmax" => new LogSoftmax(),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>A network of the named shape around the named activation; the same arguments give the same parameters.</summary>
    private static Sequential Net(string architecture, string activation, ulong seed) => architecture switch
    {
        // Small products: the kernels' axpy loops (and the single-sample path's copy of them).
        "small" => new Sequential(new Linear(5, 9), Activation(activation), new Linear(9, 4), Activation(activation)).Initialize(seed),
        // 70·80 ≥ GemmWork: even one sample takes the blocked product; one output: the kernel's dot product.
        "wide" => new Sequential(new Linear(70, 80), Activation(activation), new Linear(80, 1)).Initialize(seed),
        // An activation first, no biases.
        "activation-first" => new Sequential(
            Activation(activation), new Linear(6, 8, bias: false), Activation(activation), new Linear(8, 3, bias: false)).Initialize(seed),
        // One layer.
        "one-layer" => new Sequential(new Linear(4, 4)).Initialize(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
    };

    public static TheoryData<string, string, bool> Architectures()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (string architecture in new[] { "small", "wide", "activation-first" })
        {
            foreach (string activation in ActivationNames)
            {
                data.Add(architecture, activation, true);
                data.Add(architecture, activation, false);
            }
        }

        data.Add("one-layer", "identity", true);
        data.Add("one-layer", "identity", false);
        return data;
    }

    /// <summary>Random values in [−2, 2), every <paramref name="zeroEvery"/>-th exactly zero (the kernels skip zeros).</summary>
    private static double[] RandomValues(int count, ulong seed, int zeroEvery = 0)
    {
        var random = new SeededRandom(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = zeroEvery > 0 && i % zeroEvery == 0 ? 0.0 : random.NextUniform(-2, 2);
        }

        return values;
    }

    private static long[] Bits(ReadOnlySpan<double> values)
    {
        var bits = new long[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            bits[i] = BitConverter.DoubleToInt64Bits(values[i]);
        }

        return bits;
    }

    /// <summary>Row-major rows × columns → its transpose, written here independently of the library.</summary>
    private static double[] Transposed(double[] values, int rows, int columns)
    {
        var result = new double[values.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = values[(r * columns) + c];
            }
        }

        return result;
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void PredictionsAreBitIdenticalToForward(string architecture, string activation, bool singleSamplePath)
    {
        Sequential net = Net(architecture, activation, 3);
        net.SingleSamplePathEnabled = singleSamplePath;
        Predictor predictor = net.ToPredictor();
        int features = net.InputSize!.Value, outputs = net.OutputSize!.Value;
        predictor.InputSize.Should().Be(features);
        predictor.OutputSize.Should().Be(outputs);

        foreach (int n in new[] { 1, 2, 5, 16, 64, 130 })
        {
            string what = $"{architecture}/{activation}, batch of {n}";
            double[] x = RandomValues(features * n, (ulong)(100 + n), zeroEvery: n % 3 == 0 ? 3 : 0);
            double[] expected = net.Forward(DenseMatrix.OfColumnMajor(features, n, x)).ToColumnMajorArray();
            if (n == 1)
            {
                // The single-sample path is taken from the second pass of a sample on.
                long before = net.SingleSamplePasses;
                net.Forward(DenseMatrix.OfColumnMajor(features, 1, x)).ToColumnMajorArray().Should().Equal(expected, what);
                // (Softmax and LogSoftmax are not element-wise and a 70×80 product too large: such nets have no single-sample path.)
                (net.SingleSamplePasses > before).Should().Be(singleSamplePath && architecture != "wide" && activation is not ("softmax" or "logsoftmax"), what);
            }

            Bits(predictor.Predict(DenseMatrix.OfColumnMajor(features, n, x)).ToColumnMajorArray()).Should().Equal(Bits(expected), $"{what}: matrix");

            var y = new double[outputs * n];
            predictor.PredictBatch(x, y, n, BatchLayout.SamplesContiguous);
            Bits(y).Should().Equal(Bits(expected), $"{what}: samples contiguous");

            var yt = new double[outputs * n];
            predictor.PredictBatch(Transposed(x, n, features), yt, n, BatchLayout.FeaturesContiguous);
            Bits(yt).Should().Equal(Bits(Transposed(expected, n, outputs)), $"{what}: features contiguous");

            for (int j = 0; j < n; j++)
            {
                double[] sample = x.AsSpan(j * features, features).ToArray();
                double[] single = net.Forward(DenseMatrix.OfColumnMajor(features, 1, sample)).ToColumnMajorArray();
                var one = new double[outputs];
                predictor.Predict(sample, one);
                Bits(one).Should().Equal(Bits(single), $"{what}: sample {j}, span");
                Bits(predictor.Predict(sample)).Should().Equal(Bits(single), $"{what}: sample {j}, array");
                Bits(predictor.Predict(DenseVector.OfArray(sample)).ToArray()).Should().Equal(Bits(single), $"{what}: sample {j}, vector");
            }
        }
    }

    [Fact]
    public void PredictMatchesALoopWrittenHere()
    {
        Sequential net = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1)).Initialize(7);
        Predictor predictor = net.ToPredictor();
        Matrix<double> w1 = net.GetParameter("0.weight").Value, w2 = net.GetParameter("2.weight").Value;
        double[] b1 = net.GetParameter("0.bias").Data.ToArray(), b2 = net.GetParameter("2.bias").Data.ToArray();
        double[] x = RandomValues(2 * 10, 8);
        var y = new double[10];
        predictor.PredictBatch(x, y, 10, BatchLayout.SamplesContiguous);
        for (int j = 0; j < 10; j++)
        {
            double z = b2[0];
            for (int h = 0; h < 3; h++)
            {
                z += w2[0, h] * Math.Tanh(b1[h] + (w1[h, 0] * x[2 * j]) + (w1[h, 1] * x[(2 * j) + 1]));
            }

            Exact(y[j], z, $"sample {j}");
            Exact(predictor.Predict(x.AsSpan(2 * j, 2))[0], z, $"sample {j}, alone");
        }
    }

    [Fact]
    public void TheSnapshotIgnoresLaterTrainingAndANewPredictorSeesIt()
    {
        Sequential net = new Sequential(new Linear(3, 6), new Sigmoid(), new Linear(6, 2)).Initialize(11);
        Matrix<double> x = DenseMatrix.OfColumnMajor(3, 8, RandomValues(24, 12));
        Matrix<double> target = DenseMatrix.OfColumnMajor(2, 8, RandomValues(16, 13));
        double[] before = net.Forward(x).ToColumnMajorArray();
        Predictor old = new(net);

        var loss = new MseLoss();
        var sgd = new Sgd(net, 0.1);
        for (int step = 0; step < 5; step++)
        {
            loss.Forward(net.Forward(x), target);
            net.Backward(loss.Backward());
            sgd.Step();
        }

        net.SetParameter("2.bias", new[] { 0.5, -0.25 });
        net.GetParameter("0.weight").Value[0, 0] = 3.0; // a write into the live value, too
        double[] after = net.Forward(x).ToColumnMajorArray();
        after.Should().NotEqual(before);

        Bits(old.Predict(x).ToColumnMajorArray()).Should().Equal(Bits(before), "the old predictor keeps its snapshot");
        Bits(net.ToPredictor().Predict(x).ToColumnMajorArray()).Should().Equal(Bits(after), "a new predictor sees the new parameters");
        Bits(old.Predict(x.Column(0)).ToArray()).Should().Equal(Bits(before.AsSpan(0, 2)), "one sample, from the snapshot");
    }

    [Fact]
    public void PredictingLeavesTheNetworksPassAlone()
    {
        Sequential net = new Sequential(new Linear(2, 4), new ReLU(), new Linear(4, 1)).Initialize(2);
        Matrix<double> x = DenseMatrix.OfColumnMajor(2, 3, RandomValues(6, 3));
        Matrix<double> output = net.Forward(x);
        double[] outputValues = output.ToColumnMajorArray();
        Predictor predictor = net.ToPredictor();
        predictor.Predict(DenseMatrix.OfColumnMajor(2, 3, RandomValues(6, 4)));
        predictor.Predict(RandomValues(2, 5));
        net.Output.Should().BeSameAs(output);
        output.ToColumnMajorArray().Should().Equal(outputValues);
        net[0].Input.Should().BeSameAs(x);
        net.Backward(DenseMatrix.Create(1, 3, 1.0)); // the pass is intact: no exception
    }

    [Fact]
    public void OutputsMayOverlapInputs()
    {
        Sequential net = Net("one-layer", "identity", 5);
        double[] x = RandomValues(4 * 3, 6);
        double[] expected = net.Forward(DenseMatrix.OfColumnMajor(4, 3, x)).ToColumnMajorArray();
        double[] expectedFirst = net.Forward(DenseMatrix.OfColumnMajor(4, 1, x[..4])).ToColumnMajorArray();
        Predictor predictor = net.ToPredictor();

        double[] inPlace = (double[])x.Clone();
        predictor.PredictBatch(inPlace, inPlace, 3, BatchLayout.SamplesContiguous);
        Bits(inPlace).Should().Equal(Bits(expected));

        double[] transposed = Transposed(x, 3, 4);
        predictor.PredictBatch(transposed, transposed, 3, BatchLayout.FeaturesContiguous);
        Bits(transposed).Should().Equal(Bits(Transposed(expected, 3, 4)));

        double[] one = x[..4];
        predictor.Predict(one, one);
        Bits(one).Should().Equal(Bits(expectedFirst));
    }

    [Fact]
    public void ParameterFreeLayersOfOtherKindsRunThroughTheirOwnForward()
    {
        Sequential net = new Sequential(new Linear(3, 5), new Doubling(), new Softmax(), new Linear(5, 2)).Initialize(9);
        double[] x = RandomValues(3 * 4, 10);
        double[] expected = net.Forward(DenseMatrix.OfColumnMajor(3, 4, x)).ToColumnMajorArray();
        var y = new double[2 * 4];
        net.ToPredictor().PredictBatch(x, y, 4, BatchLayout.SamplesContiguous);
        Bits(y).Should().Equal(Bits(expected));
    }

    [Fact]
    public void ALayerWithParametersThatIsNotLinearIsRefused()
    {
        var net = new Sequential(new Linear(2, 3), new Tanh(), new Scaling(3));
        Action create = () => _ = new Predictor(net);
        create.Should().Throw<ArgumentException>().WithParameterName("network")
            .WithMessage("*Layer 2 (Scaling)*has parameters but is not a Linear layer*");
        Action extension = () => net.ToPredictor();
        extension.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void ANetworkWithoutAFixedInputSizeOrNoNetworkIsRefused()
    {
        Action noSize = () => _ = new Predictor(new Sequential(new Tanh(), new ReLU()));
        noSize.Should().Throw<ArgumentException>().WithParameterName("network").WithMessage("*input size*");
        Action none = () => _ = new Predictor(null!);
        none.Should().Throw<ArgumentNullException>();
        Action noneExtension = () => PredictorExtensions.ToPredictor(null!);
        noneExtension.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void EveryArgumentErrorIsReportedAndWritesNothing()
    {
        Predictor predictor = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2)).Initialize(1).ToPredictor();
        const double sentinel = 12345.678;

        void Rejects<TException>(Action<double[]> call, int outputLength, string paramName, string message)
            where TException : ArgumentException
        {
            double[] output = Enumerable.Repeat(sentinel, outputLength).ToArray();
            Action act = () => call(output);
            act.Should().Throw<TException>().WithParameterName(paramName).WithMessage(message);
            output.Should().OnlyContain(v => v == sentinel, "nothing is written on failure");
        }

        double[] good = [0.5, -1, 2];
        Rejects<ArgumentException>(o => predictor.Predict(new double[2], o), 2, "input", "*'input' must hold 3 values*2 were given*");
        Rejects<ArgumentException>(o => predictor.Predict(good, o), 3, "output", "*'output' must hold 2 values*3 were given*");
        Rejects<ArgumentException>(o => predictor.Predict(good, o), 1, "output", "*'output' must hold 2 values*1 were given*");
        Rejects<ArgumentException>(o => predictor.Predict([0.5, double.NaN, 2], o), 2, "input", "*sample 0, feature 1 is NaN*");
        Rejects<ArgumentException>(o => predictor.Predict([double.PositiveInfinity, 0, 2], o), 2, "input", "*sample 0, feature 0 is Infinity*");

        double[] batch = RandomValues(3 * 5, 2);
        Rejects<ArgumentOutOfRangeException>(o => predictor.PredictBatch(batch, o, 0, BatchLayout.SamplesContiguous), 10, "batchSize", "*at least 1; 0 was given*");
        Rejects<ArgumentOutOfRangeException>(o => predictor.PredictBatch(batch, o, -3, BatchLayout.FeaturesContiguous), 10, "batchSize", "*at least 1; -3 was given*");
        Rejects<ArgumentOutOfRangeException>(o => predictor.PredictBatch(batch, o, 5, (BatchLayout)7), 10, "layout", "*7 was given*");
        Rejects<ArgumentException>(o => predictor.PredictBatch(batch, o, 4, BatchLayout.SamplesContiguous), 8, "inputs", "*4 × 3 = 12 values; 15 were given*");
        Rejects<ArgumentException>(o => predictor.PredictBatch(batch, o, 5, BatchLayout.SamplesContiguous), 9, "outputs", "*5 × 2 = 10 values; 9 were given*");
        Rejects<ArgumentException>(o => predictor.PredictBatch(batch, o, 5, BatchLayout.FeaturesContiguous), 11, "outputs", "*5 × 2 = 10 values; 11 were given*");

        // A NaN at index 7: in samples-contiguous order that is sample 2, feature 1; in features-contiguous order (5
        // samples per feature) sample 2, feature 1 as well, so use index 8 there: sample 3, feature 1.
        double[] withNaN = (double[])batch.Clone();
        withNaN[7] = double.NaN;
        Rejects<ArgumentException>(o => predictor.PredictBatch(withNaN, o, 5, BatchLayout.SamplesContiguous), 10, "inputs", "*sample 2, feature 1 is NaN*");
        double[] withInfinity = (double[])batch.Clone();
        withInfinity[8] = double.NegativeInfinity;
        Rejects<ArgumentException>(o => predictor.PredictBatch(withInfinity, o, 5, BatchLayout.SamplesContiguous), 10, "inputs", "*sample 2, feature 2 is -Infinity*");
        Rejects<ArgumentException>(o => predictor.PredictBatch(withInfinity, o, 5, BatchLayout.FeaturesContiguous), 10, "inputs", "*sample 3, feature 1 is -Infinity*");
        Rejects<ArgumentException>(o => predictor.PredictBatch(withNaN, o, 1, BatchLayout.FeaturesContiguous), 2, "inputs", "*1 × 3 = 3 values; 15 were given*");

        // The convenience overloads.
        Action nullVector = () => predictor.Predict((Vector<double>)null!);
        nullVector.Should().Throw<ArgumentNullException>();
        Action shortVector = () => predictor.Predict(DenseVector.OfArray([1.0, 2.0]));
        shortVector.Should().Throw<ArgumentException>().WithMessage("*must hold 3 values*2 were given*");
        Action nullMatrix = () => predictor.Predict((Matrix<double>)null!);
        nullMatrix.Should().Throw<ArgumentNullException>();
        Action wrongRows = () => predictor.Predict(DenseMatrix.Create(2, 4, 0.0));
        wrongRows.Should().Throw<ArgumentException>().WithParameterName("inputs").WithMessage("*must have 3 rows*2×4 was given*");
        Action sparse = () => predictor.Predict(SparseMatrix.Create(3, 4, 0.0));
        sparse.Should().Throw<ArgumentException>().WithParameterName("inputs").WithMessage("*dense matrix*");
        Matrix<double> nanMatrix = DenseMatrix.Create(3, 4, 0.0);
        nanMatrix[2, 3] = double.NaN;
        Action nanColumn = () => predictor.Predict(nanMatrix);
        nanColumn.Should().Throw<ArgumentException>().WithParameterName("inputs").WithMessage("*sample 3, feature 2 is NaN*");
    }

    [Fact]
    public void TheSpanOverloadsAllocateNothingAfterWarmUp()
    {
        Predictor tiny = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1)).Initialize(1).ToPredictor();
        // A hidden layer too wide for the stack: one sample rents its workspace, too.
        Predictor wide = new Sequential(new Linear(16, 600), new ReLU(), new Linear(600, 3), new Softmax()).Initialize(2).ToPredictor();
        double[] x2 = RandomValues(2 * 32, 3), x16 = RandomValues(16 * 32, 4);
        var y = new double[3 * 32];

        void Calls()
        {
            tiny.Predict(x2.AsSpan(0, 2), y.AsSpan(0, 1));
            tiny.PredictBatch(x2, y.AsSpan(0, 32), 32, BatchLayout.SamplesContiguous);
            tiny.PredictBatch(x2, y.AsSpan(0, 32), 32, BatchLayout.FeaturesContiguous);
            wide.Predict(x16.AsSpan(0, 16), y.AsSpan(0, 3));
            wide.PredictBatch(x16, y, 32, BatchLayout.SamplesContiguous);
            wide.PredictBatch(x16, y, 32, BatchLayout.FeaturesContiguous);
        }

        for (int warm = 0; warm < 3; warm++)
        {
            Calls();
        }

        // As in AllocationTests: the runtime may allocate now and then on this thread (tiered JIT); the library's own
        // allocation would show in every window, so the quietest one must read 0.
        long fewest = long.MaxValue;
        for (int window = 0; window < 10 && fewest > 0; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 20; i++)
            {
                Calls();
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        fewest.Should().Be(0);
    }

    /// <summary>
    /// Eight threads share one predictor of a trained net, each making a million sample predictions: batches of 1…64
    /// in turn, over a pool of 2080 samples (1 + 2 + … + 64), by the samples-contiguous and features-contiguous batch
    /// overloads and sample by sample through the one-sample overload. Every result must equal, bit for bit, what
    /// Forward computed on one thread beforehand for the same batch (a batch's results may depend on its size).
    /// </summary>
    [Fact]
    public void EightThreadsOnOnePredictorGetTheSingleThreadedResults()
    {
        const int threads = 8, features = 8, outputs = 4, maxBatch = 64, samplesPerThread = 1_000_000;
        const int pool = maxBatch * (maxBatch + 1) / 2;
        Sequential net = new Sequential(
            new Linear(features, 32), new Tanh(), new Linear(32, 16), new ReLU(), new Linear(16, outputs), new Softmax()).Initialize(21);
        double[] x = RandomValues(features * pool, 22, zeroEvery: 17);
        var loss = new MseLoss();
        var sgd = new Sgd(net, 0.05);
        Matrix<double> trainX = DenseMatrix.OfColumnMajor(features, 64, x[..(features * 64)]);
        Matrix<double> trainY = DenseMatrix.OfColumnMajor(outputs, 64, RandomValues(outputs * 64, 23));
        for (int step = 0; step < 20; step++)
        {
            loss.Forward(net.Forward(trainX), trainY);
            net.Backward(loss.Backward());
            sgd.Step();
        }

        // Batch of size s covers samples [Offset(s), Offset(s) + s).
        static int Offset(int s) => s * (s - 1) / 2;
        var expectedBatch = new double[outputs * pool];
        var transposedInputs = new double[features * pool];
        var expectedTransposed = new double[outputs * pool];
        var expectedSingle = new double[outputs * pool];
        for (int s = 1; s <= maxBatch; s++)
        {
            int start = Offset(s);
            double[] batch = x.AsSpan(start * features, s * features).ToArray();
            double[] y = net.Forward(DenseMatrix.OfColumnMajor(features, s, batch)).ToColumnMajorArray();
            y.CopyTo(expectedBatch, start * outputs);
            Transposed(batch, s, features).CopyTo(transposedInputs, start * features);
            Transposed(y, s, outputs).CopyTo(expectedTransposed, start * outputs);
        }

        for (int j = 0; j < pool; j++)
        {
            net.Forward(DenseMatrix.OfColumnMajor(features, 1, x.AsSpan(j * features, features).ToArray())).ToColumnMajorArray()
                .CopyTo(expectedSingle, j * outputs);
        }

        Predictor predictor = net.ToPredictor();
        var failures = new ConcurrentQueue<string>();
        long predicted = 0;
        using var gate = new Barrier(threads);

        void Work(int thread)
        {
            try
            {
                var y = new double[outputs * maxBatch];
                int done = 0;
                for (long call = 0; done < samplesPerThread && failures.IsEmpty; call++)
                {
                    int s = (int)((call + (8 * thread)) % maxBatch) + 1;
                    int mode = (int)((call + (call / maxBatch) + thread) % 3);
                    int first = Offset(s);
                    Span<double> output = y.AsSpan(0, s * outputs);
                    output.Fill(double.NaN);
                    double[] expected;
                    switch (mode)
                    {
                        case 0:
                            predictor.PredictBatch(x.AsSpan(first * features, s * features), output, s, BatchLayout.SamplesContiguous);
                            expected = expectedBatch;
                            break;
                        case 1:
                            predictor.PredictBatch(transposedInputs.AsSpan(first * features, s * features), output, s, BatchLayout.FeaturesContiguous);
                            expected = expectedTransposed;
                            break;
                        default:
                            for (int j = 0; j < s; j++)
                            {
                                predictor.Predict(x.AsSpan((first + j) * features, features), output.Slice(j * outputs, outputs));
                            }

                            expected = expectedSingle;
                            break;
                    }

                    ReadOnlySpan<double> want = expected.AsSpan(first * outputs, s * outputs);
                    for (int i = 0; i < want.Length; i++)
                    {
                        if (BitConverter.DoubleToInt64Bits(output[i]) != BitConverter.DoubleToInt64Bits(want[i]))
                        {
                            failures.Enqueue($"thread {thread}, call {call} (batch of {s}, mode {mode}): value {i} is {output[i]:R}, expected {want[i]:R}");
                            break;
                        }
                    }

                    done += s;
                }

                Interlocked.Add(ref predicted, done);
            }
            catch (Exception e)
            {
                failures.Enqueue($"thread {thread}: {e}");
            }
        }

        Thread[] workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            gate.SignalAndWait();
            Work(t);
        })).ToArray();
        foreach (Thread worker in workers)
        {
            worker.Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        failures.Should().BeEmpty();
        predicted.Should().BeGreaterThanOrEqualTo((long)threads * samplesPerThread);
    }

    /// <summary>The network keeps training on one thread (its shared activation layers run their passes) while two
    /// threads predict with a predictor made from it before: the predictions stay those of the snapshot.</summary>
    [Fact]
    public void PredictionsStayExactWhileTheNetworkTrainsOnAnotherThread()
    {
        Sequential net = new Sequential(new Linear(6, 24), new Tanh(), new Linear(24, 12), new Softmax(), new Linear(12, 3), new Sigmoid()).Initialize(31);
        double[] x = RandomValues(6 * 40, 32);
        double[] expected = net.Forward(DenseMatrix.OfColumnMajor(6, 40, x)).ToColumnMajorArray();
        var expectedSingle = new double[3 * 40];
        for (int j = 0; j < 40; j++)
        {
            net.Forward(DenseMatrix.OfColumnMajor(6, 1, x.AsSpan(6 * j, 6).ToArray())).ToColumnMajorArray().CopyTo(expectedSingle, 3 * j);
        }

        Predictor predictor = net.ToPredictor();
        var failures = new ConcurrentQueue<string>();
        int predictorsDone = 0;
        var trainer = new Thread(() =>
        {
            try
            {
                var loss = new MseLoss();
                var sgd = new Sgd(net, 0.01);
                Matrix<double> batch = DenseMatrix.OfColumnMajor(6, 40, x);
                Matrix<double> one = DenseMatrix.OfColumnMajor(6, 1, x[..6]);
                Matrix<double> target = DenseMatrix.Create(3, 40, 0.5), oneTarget = DenseMatrix.Create(3, 1, 0.5);
                for (int step = 0; Volatile.Read(ref predictorsDone) < 2; step++)
                {
                    bool single = step % 2 == 0;
                    loss.Forward(net.Forward(single ? one : batch), single ? oneTarget : target);
                    net.Backward(loss.Backward());
                    sgd.Step();
                }
            }
            catch (Exception e)
            {
                failures.Enqueue($"trainer: {e}");
            }
        });

        Thread[] predictors = Enumerable.Range(0, 2).Select(t => new Thread(() =>
        {
            try
            {
                var y = new double[3 * 40];
                for (int round = 0; round < 1000 && failures.IsEmpty; round++)
                {
                    predictor.PredictBatch(x, y, 40, BatchLayout.SamplesContiguous);
                    if (!Bits(y).SequenceEqual(Bits(expected)))
                    {
                        failures.Enqueue($"predictor {t}, round {round}: a batch differs");
                    }

                    int j = round % 40;
                    predictor.Predict(x.AsSpan(6 * j, 6), y.AsSpan(0, 3));
                    if (!Bits(y.AsSpan(0, 3)).SequenceEqual(Bits(expectedSingle.AsSpan(3 * j, 3))))
                    {
                        failures.Enqueue($"predictor {t}, round {round}: sample {j} differs");
                    }
                }
            }
            catch (Exception e)
            {
                failures.Enqueue($"predictor {t}: {e}");
            }
            finally
            {
                Interlocked.Increment(ref predictorsDone);
            }
        })).ToArray();

        trainer.Start();
        foreach (Thread thread in predictors)
        {
            thread.Start();
        }

        foreach (Thread thread in predictors)
        {
            thread.Join();
        }

        trainer.Join();
        failures.Should().BeEmpty();
        net.Forward(DenseMatrix.OfColumnMajor(6, 40, x)).ToColumnMajorArray().Should().NotEqual(expected, "the network did train meanwhile");
    }

    /// <summary>A parameter-free layer that is not an activation: y = 2x.</summary>
    private sealed class Doubling : Layer
    {
        public override string ToString() => "Doubling";

        protected override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
        {
            for (int i = 0; i < x.Length; i++)
            {
                y[i] = 2 * x[i];
            }
        }

        protected override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns)
        {
            for (int i = 0; i < dx.Length; i++)
            {
                dx[i] = 2 * dy[i];
            }
        }
    }

    /// <summary>A layer with a parameter that is not Linear: y = s ⊙ x with a trainable s per feature.</summary>
    private sealed class Scaling : Layer
    {
        private readonly Parameter _scale;

        public Scaling(int features) => _scale = new Parameter("scale", features, 1, isVector: true);

        public override IReadOnlyList<Parameter> Parameters => [_scale];

        public override string ToString() => "Scaling";

        protected override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
        {
            for (int i = 0; i < x.Length; i++)
            {
                y[i] = _scale.Data[i % rows] * x[i];
            }
        }

        protected override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns)
        {
        }
    }
}
