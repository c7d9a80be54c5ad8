using System.IO;
using System.Text;
using System.Text.Json;
using TinyNets.Data;
using TinyNets.Serialization;
using TinyNets.Training;

namespace TinyNets.Tests.Serialization;

/// <summary>
/// The model file round trip: every layer kind rebuilds an equal network, parameters come back bit for bit (also −0.0,
/// subnormals and ±double.MaxValue), a bundle predicts on raw inputs exactly as before saving, and what the format cannot
/// describe is refused on save without writing anything.
/// </summary>
public class ModelFileRoundTripTests
{
    private static long[] Bits(Sequential net) =>
        net.NamedParameters.SelectMany(p => p.Value.ToVector()).Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static long[] Bits(Matrix<double> m) => m.ToColumnMajorArray().Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static Sequential RoundTrip(Sequential net)
    {
        using var stream = new MemoryStream();
        net.Save(stream);
        stream.Position = 0;
        return ModelFile.Load(stream);
    }

    [Fact]
    public void EveryLayerKind_RebuildsAnEqualNetwork_ThroughAFile()
    {
        var net = new Sequential(
            new Linear(3, 4), new ReLU(), new Linear(4, 4, bias: false), new LeakyReLU(0.2), new Linear(4, 4), new Sigmoid(),
            new Linear(4, 4), new Tanh(), new Linear(4, 3), new Selu(), new Linear(3, 3), new Softplus(), new Identity(), new Softmax())
            .Initialize(seed: 3);
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-{Guid.NewGuid():N}.json");
        try
        {
            net.Save(path);
            Sequential loaded = ModelFile.Load(path);

            loaded.ToString().Should().Be(net.ToString());
            loaded.NamedParameters.Select(p => (p.Key, p.Value.ShapeText)).Should().Equal(net.NamedParameters.Select(p => (p.Key, p.Value.ShapeText)));
            Bits(loaded).Should().Equal(Bits(net));
            ((LeakyReLU)loaded[3]).NegativeSlope.Should().Be(0.2);
            var x = Matrix<double>.Build.Dense(3, 5, (i, j) => Math.Sin((3 * i) + j));
            Bits(loaded.Forward(x)).Should().Equal(Bits(net.Forward(x).Clone()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    // Softplus's β and threshold are written (as PyTorch names them) and come back exactly, also 0.1 (not a binary
    // fraction) and double.MaxValue (the exact formula); LogSoftmax is a kind of its own.
    [Fact]
    public void SoftplusParameters_AndLogSoftmax_RoundTripExactly()
    {
        var net = new Sequential(
            new Linear(2, 3), new Softplus(beta: 0.1, threshold: -3.5), new Softplus(threshold: double.MaxValue), new Softplus(),
            new Linear(3, 2), new LogSoftmax()).Initialize(seed: 4);
        using var stream = new MemoryStream();
        net.Save(stream);
        using JsonDocument document = JsonDocument.Parse(stream.ToArray());
        JsonElement layers = document.RootElement.GetProperty("layers");
        layers[1].GetProperty("beta").GetDouble().Should().Be(0.1);
        layers[1].GetProperty("threshold").GetDouble().Should().Be(-3.5);
        layers[2].GetProperty("threshold").GetDouble().Should().Be(double.MaxValue);
        layers[3].GetProperty("beta").GetDouble().Should().Be(1);
        layers[3].GetProperty("threshold").GetDouble().Should().Be(20);
        layers[5].GetProperty("kind").GetString().Should().Be("LogSoftmax");

        Sequential loaded = RoundTrip(net);

        loaded.ToString().Should().Be(net.ToString());
        ((Softplus)loaded[1]).Beta.Should().Be(0.1);
        ((Softplus)loaded[1]).Threshold.Should().Be(-3.5);
        ((Softplus)loaded[2]).Threshold.Should().Be(double.MaxValue);
        loaded[5].Should().BeOfType<LogSoftmax>();
        var x = Matrix<double>.Build.Dense(2, 6, (i, j) => 30 * Math.Sin((5 * i) + j));
        Bits(loaded.Forward(x)).Should().Equal(Bits(net.Forward(x).Clone()));
    }

    // A version 1.0 file has no β and threshold: PyTorch's defaults, within 2.1e-9 of the exact formula it meant.
    [Fact]
    public void AVersion1_0_Softplus_LoadsWithPyTorchsDefaults()
    {
        string json = """
            {"format": "tinynets-model", "version": "1.0",
             "layers": [{"kind": "Linear", "in_features": 1, "out_features": 1, "bias": false}, {"kind": "Softplus"}],
             "parameters": [{"name": "0.weight", "shape": [1, 1], "values": [1.0]}]}
            """;
        Sequential loaded = ModelFile.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        var softplus = loaded[1].Should().BeOfType<Softplus>().Subject;
        softplus.Beta.Should().Be(1);
        softplus.Threshold.Should().Be(20);
        double[] x = [-5, 0, 19, 20.5, 40];
        Matrix<double> y = loaded.Forward(Matrix<double>.Build.Dense(1, x.Length, x));
        for (int i = 0; i < x.Length; i++)
        {
            double exact = Math.Max(x[i], 0) + Math.Log(1 + Math.Exp(-Math.Abs(x[i])));
            Math.Abs(y[0, i] - exact).Should().BeLessThan(2.1e-9, $"x = {x[i]}");
        }

        y[0, 3].Should().Be(20.5, "past the threshold the output is x");
    }

    [Fact]
    public void ExtremeValues_RoundTripBitForBit_AsPlainJsonNumbers()
    {
        double largestSubnormal = BitConverter.Int64BitsToDouble(0x000F_FFFF_FFFF_FFFF);
        double[,] weight =
        {
            { -0.0, double.Epsilon, -double.Epsilon },
            { largestSubnormal, double.MaxValue, -double.MaxValue },
            { 1.0 / 3.0, 0.1, Math.PI },
        };
        double[] bias = [-0.0, 2.2250738585072014E-308, 1e-320];
        var net = new Sequential(new Linear(3, 3));
        net.SetParameter("0.weight", weight);
        net.SetParameter("0.bias", bias);

        using var stream = new MemoryStream();
        net.Save(stream);
        using (JsonDocument document = JsonDocument.Parse(stream.ToArray()))
        {
            foreach (JsonElement parameter in document.RootElement.GetProperty("parameters").EnumerateArray())
            {
                parameter.GetProperty("values").EnumerateArray().Should().OnlyContain(v => v.ValueKind == JsonValueKind.Number);
            }
        }

        stream.Position = 0;
        Sequential loaded = ModelFile.Load(stream);
        long[] expected = new[] { weight[0, 0], weight[1, 0], weight[2, 0], weight[0, 1], weight[1, 1], weight[2, 1], weight[0, 2], weight[1, 2], weight[2, 2] }
            .Concat(bias).Select(BitConverter.DoubleToInt64Bits).ToArray();
        Bits(loaded).Should().Equal(expected);
        BitConverter.DoubleToInt64Bits(loaded.GetParameter("0.weight").Value[0, 0]).Should().Be(long.MinValue, "−0.0 keeps its sign");
    }

    [Fact]
    public void Values_AreWrittenRowMajor_WithPyTorchsShape()
    {
        var net = new Sequential(new Linear(2, 3));
        net.SetParameter("0.weight", new[,] { { 1.0, 2.0 }, { 3.0, 4.0 }, { 5.0, 6.0 } });
        net.SetParameter("0.bias", new[] { 7.0, 8.0, 9.0 });
        using var stream = new MemoryStream();
        net.Save(stream);
        using JsonDocument document = JsonDocument.Parse(stream.ToArray());
        JsonElement root = document.RootElement;

        root.GetProperty("format").GetString().Should().Be("tinynets-model");
        root.GetProperty("version").GetString().Should().Be("1.3");
        JsonElement weight = root.GetProperty("parameters")[0];
        weight.GetProperty("name").GetString().Should().Be("0.weight");
        weight.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).Should().Equal(3, 2);
        weight.GetProperty("values").EnumerateArray().Select(e => e.GetDouble()).Should().Equal(1, 2, 3, 4, 5, 6);
        JsonElement layer = root.GetProperty("layers")[0];
        layer.GetProperty("kind").GetString().Should().Be("Linear");
        layer.GetProperty("in_features").GetInt32().Should().Be(2);
        layer.GetProperty("out_features").GetInt32().Should().Be(3);
        layer.GetProperty("bias").GetBoolean().Should().BeTrue();
    }

    private sealed class Doubler : Activation
    {
        public override string ToString() => "Doubler()";

        protected override void Apply(ReadOnlySpan<double> x, Span<double> y)
        {
            for (int i = 0; i < x.Length; i++)
            {
                y[i] = 2 * x[i];
            }
        }

        protected override void ApplyBackward(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx)
        {
            for (int i = 0; i < x.Length; i++)
            {
                dx[i] = 2 * dy[i];
            }
        }
    }

    [Fact]
    public void ACustomLayer_IsRefusedOnSave_NamingIt_AndNothingIsWritten()
    {
        var net = new Sequential(new Linear(2, 2), new Doubler());
        using var stream = new MemoryStream();

        var e = Assert.Throws<NotSupportedException>(() => net.Save(stream));
        e.Message.Should().Contain("Layer 1").And.Contain("Doubler").And.Contain("Linear, Identity, ReLU");
        stream.Length.Should().Be(0);
    }

    [Fact]
    public void ANonFiniteParameter_IsRefusedOnSave_NamingIt_AndNothingIsWritten()
    {
        var net = new Sequential(new Linear(2, 2));
        net.GetParameter("0.bias").Data[1] = double.NaN; // written past the checks, as a diverged loop might
        using var stream = new MemoryStream();

        var e = Assert.Throws<ArgumentException>(() => net.Save(stream));
        e.Message.Should().Contain("\"0.bias\"").And.Contain("NaN");
        stream.Length.Should().Be(0);
    }

    private static (Matrix<double> X, Matrix<double> Y) Regression(int n) =>
        (Matrix<double>.Build.Dense(3, n, (i, j) => (100 * i) + (7 * Math.Sin(j + i))),
         Matrix<double>.Build.Dense(2, n, (i, j) => (1000 * i) + (50 * Math.Cos(j * (i + 1)))));

    [Fact]
    public void ABundle_PredictsOnRawInputs_BitForBit_AsBeforeSaving()
    {
        var (x, y) = Regression(40);
        var inputScaler = new StandardScaler();
        var targetScaler = new MinMaxScaler(-1, 1);
        Matrix<double> xs = inputScaler.FitTransform(x), ys = targetScaler.FitTransform(y);
        var net = new Sequential(new Linear(3, 6), new Tanh(), new Linear(6, 2)).Initialize(seed: 4);
        net.Fit(xs, ys, new MseLoss(), new Adam(net, 0.01), new FitOptions { Epochs = 5, BatchSize = 8 });
        var bundle = new ModelBundle(net) { InputScaler = inputScaler, TargetScaler = targetScaler };
        var (raw, _) = Regression(7);

        // Independent of Predict: the pipeline written out.
        Matrix<double> expected = targetScaler.InverseTransform(net.Forward(inputScaler.Transform(raw)));
        Matrix<double> before = bundle.Predict(raw);
        Bits(before).Should().Equal(Bits(expected));

        using var stream = new MemoryStream();
        bundle.Save(stream);
        stream.Position = 0;
        ModelBundle loaded = ModelBundle.Load(stream);

        Bits(loaded.Predict(raw)).Should().Equal(Bits(expected));
        loaded.InputScaler.Should().BeOfType<StandardScaler>();
        loaded.TargetScaler.Should().BeOfType<MinMaxScaler>().Which.RangeMin.Should().Be(-1);
        ((StandardScaler)loaded.InputScaler!).Means.Should().Equal(inputScaler.Means);
        ((StandardScaler)loaded.InputScaler!).Scales.Should().Equal(inputScaler.Scales);
        ((MinMaxScaler)loaded.TargetScaler!).DataMax.Should().Equal(targetScaler.DataMax);
    }

    [Fact]
    public void Predict_ReturnsANewMatrix_NotTheNetworksBuffer()
    {
        var net = new Sequential(new Linear(2, 1));
        var bundle = new ModelBundle(net);
        var x = Matrix<double>.Build.Dense(2, 3, 1.0);
        Matrix<double> first = bundle.Predict(x);
        Matrix<double> copy = first.Clone();
        bundle.Predict(Matrix<double>.Build.Dense(2, 3, 5.0));
        Bits(first).Should().Equal(Bits(copy));
    }

    [Fact]
    public void ClassNamesAndMetadata_RoundTrip()
    {
        var net = new Sequential(new Linear(4, 3), new Softmax());
        var bundle = new ModelBundle(net)
        {
            ClassNames = ["setosa", "versicolor", "virginica"],
            Metadata = new Dictionary<string, string> { ["dataset"] = "iris", ["note"] = "ü → \"quoted\"" },
        };
        using var stream = new MemoryStream();
        bundle.Save(stream);
        stream.Position = 0;
        ModelBundle loaded = ModelBundle.Load(stream);

        loaded.ClassNames.Should().Equal("setosa", "versicolor", "virginica");
        loaded.Metadata.Should().BeEquivalentTo(new Dictionary<string, string> { ["dataset"] = "iris", ["note"] = "ü → \"quoted\"" });
        loaded.Optimizer.Should().BeNull();
        loaded.TrainingState.Should().BeNull();
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("sgd-momentum")]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("rmsprop")]
    [InlineData("rmsprop-centered-momentum")]
    [InlineData("adagrad")]
    public void TheOptimizer_RoundTripsItsKindHyperParametersStepsAndBuffers(string kind)
    {
        var net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1)).Initialize(seed: 8);
        Optimizer optimizer = kind switch
        {
            "sgd" => new Sgd(net, 0.05, weightDecay: 0.01),
            "sgd-momentum" => new Sgd(net, 0.05, momentum: 0.8, dampening: 0.25, weightDecay: 0.01),
            "adam" => new Adam(net, 0.003, beta1: 0.8, beta2: 0.99, epsilon: 1e-7, weightDecay: 0.02),
            "rmsprop" => new RmsProp(net, 0.003, alpha: 0.95, epsilon: 1e-7, weightDecay: 0.02),
            "rmsprop-centered-momentum" => new RmsProp(net, 0.003, momentum: 0.7, centered: true),
            "adagrad" => new Adagrad(net, 0.03, learningRateDecay: 0.01, weightDecay: 0.02, initialAccumulatorValue: 0.125, epsilon: 1e-9),
            _ => new AdamW(net, 0.003, weightDecay: 0.05),
        };
        var x = Matrix<double>.Build.Dense(2, 6, (i, j) => i - (0.3 * j));
        var y = Matrix<double>.Build.Dense(1, 6, (_, j) => j);
        net.Fit(x, y, new MseLoss(), optimizer, new FitOptions { Epochs = 3, BatchSize = 4 });
        optimizer.LearningRate = 0.04; // a schedule changed it: the state carries the current rate

        using var stream = new MemoryStream();
        new ModelBundle(net) { Optimizer = optimizer }.Save(stream);
        stream.Position = 0;
        Optimizer loaded = ModelBundle.Load(stream).Optimizer!;

        loaded.GetType().Should().Be(optimizer.GetType());
        loaded.ToString().Should().Be(optimizer.ToString());
        OptimizerState expected = optimizer.GetState(), actual = loaded.GetState();
        actual.Kind.Should().Be(expected.Kind);
        actual.Steps.Should().Be(6);
        actual.HyperParameters.Should().BeEquivalentTo(expected.HyperParameters);
        actual.Buffers.Select(b => (b.Parameter, b.Name)).Should().Equal(expected.Buffers.Select(b => (b.Parameter, b.Name)));
        for (int i = 0; i < expected.Buffers.Count; i++)
        {
            actual.Buffers[i].Values.Select(BitConverter.DoubleToInt64Bits).Should().Equal(expected.Buffers[i].Values.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void TheBundle_RefusesPartsThatDoNotFitItsNetwork()
    {
        var net = new Sequential(new Linear(2, 1));
        var other = new Sequential(new Linear(2, 1));
        Assert.Throws<ArgumentException>(() => new ModelBundle(net) { Optimizer = new Sgd(other, 0.1) }).ParamName.Should().Be("Optimizer");
        Assert.Throws<ArgumentException>(() => new ModelBundle(net) { InputScaler = new StandardScaler() }).Message.Should().Contain("not been fitted");
        var threeFeatures = StandardScaler.FromFitted([0, 0, 0], [1, 1, 1]);
        Assert.Throws<ArgumentException>(() => new ModelBundle(net) { InputScaler = threeFeatures }).Message.Should().Contain("2 features");
        Assert.Throws<ArgumentException>(() => new ModelBundle(net) { ClassNames = ["a", "a"] }).ParamName.Should().Be("ClassNames");
    }

    [Fact]
    public void SavedFiles_AreUtf8Json_ThatTheReaderAcceptsWithAByteOrderMark()
    {
        var net = new Sequential(new Linear(1, 1));
        using var stream = new MemoryStream();
        net.Save(stream);
        byte[] withBom = Encoding.UTF8.GetPreamble().Concat(stream.ToArray()).ToArray();
        Bits(ModelFile.Load(new MemoryStream(withBom))).Should().Equal(Bits(net));
    }
}
