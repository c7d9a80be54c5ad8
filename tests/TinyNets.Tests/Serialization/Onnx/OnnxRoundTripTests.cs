using System.IO;
using TinyNets.Data;
using TinyNets.Serialization.Onnx;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// Export then import: every export the exporter writes comes back as an equal network. In float64 the parameters
/// and the forward pass are bit for bit those of the original; in float32 each parameter is the original rounded to
/// float32 (and widened exactly), which is checked against an independent rounding of the original.
/// </summary>
public class OnnxRoundTripTests
{
    public static TheoryData<string> Layers() => ["Identity", "ReLU", "LeakyReLU", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Selu", "Softplus", "SoftplusBeta", "SoftplusThreshold", "SoftplusBetaThreshold"];

    private static Layer Activation(string name) => name switch
    {
        "Identity" => new Identity(),
        "ReLU" => new ReLU(),
        "LeakyReLU" => new LeakyReLU(0.137),
        "Sigmoid" => new Sigmoid(),
        "Tanh" => new Tanh(),
        "Softmax" => new Softmax(),
        "Selu" => new Selu(),
        "Softplus" => new Softplus(),
        "SoftplusBeta" => new Softplus(beta: 2.5),
        "SoftplusThreshold" => new Softplus(threshold: 1.25),
        "SoftplusBetaThreshold" => new Softplus(beta: 0.3, threshold: -0.75),
        "LogSoftmax" => new LogSoftmax(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static Sequential Net(string activation, ulong seed) =>
        new Sequential(new Linear(5, 7), Activation(activation), new Linear(7, 3, bias: false), Activation(activation)).Initialize(seed);

    private static Matrix<double> Inputs(int features, int samples, int seed)
    {
        var random = new Random(seed);
        return Matrix<double>.Build.Dense(features, samples, (_, _) => (random.NextDouble() * 8) - 4);
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Float64_round_trip_gives_the_same_layers_parameters_and_outputs_bit_for_bit(string activation)
    {
        Sequential net = Net(activation, 11);
        OnnxImport back = OnnxFile.Load(net.ToOnnx());

        back.ElementType.Should().Be(OnnxElementType.F64);
        back.Network.Select(l => l.ToString()).Should().Equal(net.Select(l => l.ToString()));
        back.Network.NamedParameters.Select(p => p.Key).Should().Equal(net.NamedParameters.Select(p => p.Key));
        foreach ((string name, var p) in net.NamedParameters)
        {
            back.Network.GetParameter(name).Data.ToArray().Should().Equal(p.Data.ToArray(), because: name);
        }

        Matrix<double> x = Inputs(5, 9, 3);
        back.Network.Forward(x).ToColumnMajorArray().Should().Equal(net.Forward(x).ToColumnMajorArray());
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void Float32_round_trip_gives_each_parameter_rounded_to_float32(string activation)
    {
        Sequential net = Net(activation, 12);
        OnnxImport back = OnnxFile.Load(net.ToOnnx(new OnnxExportOptions { ElementType = OnnxElementType.F32 }));

        back.ElementType.Should().Be(OnnxElementType.F32);
        back.Network.Count.Should().Be(net.Count);
        for (int k = 0; k < net.Count; k++)
        {
            back.Network[k].GetType().Should().Be(net[k].GetType());
        }

        foreach ((string name, var p) in net.NamedParameters)
        {
            double[] rounded = p.Data.ToArray().Select(v => (double)(float)v).ToArray();
            back.Network.GetParameter(name).Data.ToArray().Should().Equal(rounded, because: name);
        }

        if (activation == "LeakyReLU")
        {
            // float32 carries the slope as LeakyRelu's float32 attribute: it comes back as that float, widened exactly.
            ((LeakyReLU)back.Network[1]).NegativeSlope.Should().Be((double)(float)0.137);
        }

        if (net[1] is Softplus softplus)
        {
            // β as its float32 constant; the threshold as its float32 constant below 20, else PyTorch's 20 (torch.onnx's
            // form carries none, and from 20 on the difference is below float32's rounding).
            var imported = (Softplus)back.Network[1];
            imported.Beta.Should().Be((double)(float)softplus.Beta);
            imported.Threshold.Should().Be(softplus.Threshold < 20 ? (double)(float)softplus.Threshold : 20.0);
        }
    }

    [Fact]
    public void Scalers_probabilities_names_and_metadata_come_back()
    {
        var net = new Sequential(new Linear(3, 4), new Tanh(), new Linear(4, 2)).Initialize(5);
        var inputs = StandardScaler.FromFitted([1.5, -2.0, 0.25], [2.0, 0.5, 3.0]);
        var metadata = new Dictionary<string, string> { ["dataset"] = "toy", ["author"] = "tests" };
        byte[] bytes = net.ToOnnx(new OnnxExportOptions
        {
            InputName = "features",
            OutputName = "logits",
            InputScaler = inputs,
            Probabilities = OnnxProbabilities.Softmax,
            ProbabilitiesName = "p",
            Metadata = metadata,
            Description = "a toy classifier",
            ModelVersion = 3,
        });

        OnnxImport back = OnnxFile.Load(bytes);
        back.InputName.Should().Be("features");
        back.OutputName.Should().Be("logits");
        back.Probabilities.Should().Be(OnnxProbabilities.Softmax);
        back.ProbabilitiesName.Should().Be("p");
        back.Metadata.Should().BeEquivalentTo(metadata);
        back.ProducerName.Should().Be(OnnxFile.ProducerName);
        back.Description.Should().Be("a toy classifier");
        back.ModelVersion.Should().Be(3);
        var scaler = back.InputScaler.Should().BeOfType<StandardScaler>().Subject;
        scaler.Means.Should().Equal(inputs.Means);
        scaler.Scales.Should().Equal(inputs.Scales);
        back.TargetScaler.Should().BeNull();

        // The rebuilt scaler and network compute what the originals compute.
        Matrix<double> raw = Inputs(3, 6, 8);
        back.Network.Forward(scaler.Transform(raw)).ToColumnMajorArray()
            .Should().Equal(net.Forward(inputs.Transform(raw)).ToColumnMajorArray());
    }

    [Fact]
    public void A_min_max_input_scaler_and_a_target_scaler_come_back_within_rounding()
    {
        var net = new Sequential(new Linear(2, 3), new Softplus(), new Linear(3, 2)).Initialize(6);
        var inputs = MinMaxScaler.FromFitted([0.1, -3.0], [2.6, 5.0], rangeMin: -1.0, rangeMax: 1.0);
        var targets = StandardScaler.FromFitted([10.0, -4.0], [3.0, 0.125]);
        OnnxImport back = OnnxFile.Load(net.ToOnnx(new OnnxExportOptions { InputScaler = inputs, TargetScaler = targets }));

        var minMax = back.InputScaler.Should().BeOfType<MinMaxScaler>().Subject;
        minMax.RangeMin.Should().Be(-1.0);
        minMax.RangeMax.Should().Be(1.0);
        minMax.DataMin.Should().Equal(inputs.DataMin);
        // dataMax comes back as min + range (the graph stores the range): within one rounding of the original.
        minMax.DataMax.Zip(inputs.DataMax).Should().OnlyContain(p => Math.Abs(p.First - p.Second) <= 1e-15 * Math.Abs(p.Second) + 1e-300);
        var target = back.TargetScaler.Should().BeOfType<StandardScaler>().Subject;
        target.Means.Should().Equal(targets.Means);
        target.Scales.Should().Equal(targets.Scales);
    }

    [Fact]
    public void A_file_and_a_stream_round_trip_like_the_bytes()
    {
        var net = new Sequential(new Linear(4, 2), new Sigmoid()).Initialize(9);
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-roundtrip-{Guid.NewGuid():N}.onnx");
        try
        {
            net.SaveOnnx(path);
            using var stream = new MemoryStream();
            net.SaveOnnx(stream);
            stream.Position = 0;

            File.ReadAllBytes(path).Should().Equal(net.ToOnnx());
            stream.ToArray().Should().Equal(net.ToOnnx());
            OnnxFile.Load(path).Network.GetParameter("0.weight").Data.ToArray().Should().Equal(net.GetParameter("0.weight").Data.ToArray());
            OnnxFile.Load(stream).Network.GetParameter("0.bias").Data.ToArray().Should().Equal(net.GetParameter("0.bias").Data.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
