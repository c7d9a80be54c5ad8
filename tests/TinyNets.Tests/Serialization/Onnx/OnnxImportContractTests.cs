using Google.Protobuf;
using TinyNets.Data;
using TinyNets.Serialization.Onnx;
using TinyNets.Serialization.Onnx.Protos;
using static TinyNets.Tests.Serialization.Onnx.OnnxImportSupport;
using static TinyNets.Tests.Serialization.Onnx.OnnxTestGraph;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// Graphs in the exact shapes TinyNets exports (built from the format's contract by the tests' own builder): they come
/// back as the same layers, parameters and scalers, and the imported network computes what ONNX Runtime computes.
/// </summary>
public class OnnxImportContractTests
{
    private static Sequential EveryLayer() => new Sequential(
        new Linear(4, 6), new LeakyReLU(0.1), new Linear(6, 5), new Selu(), new Linear(5, 5), new Softplus(),
        new Linear(5, 4, bias: false), new Tanh(), new Linear(4, 4), new Sigmoid(), new Linear(4, 3), new ReLU(), new Identity(), new Softmax())
        .Initialize(7);

    private static readonly Type[] EveryLayerTypes =
    [
        typeof(Linear), typeof(LeakyReLU), typeof(Linear), typeof(Selu), typeof(Linear), typeof(Softplus),
        typeof(Linear), typeof(Tanh), typeof(Linear), typeof(Sigmoid), typeof(Linear), typeof(ReLU), typeof(Identity), typeof(Softmax),
    ];

    // float64: the composites of LeakyReLU, SELU and Softplus come back as the layers, and the network is the original.
    [Fact]
    public void Float64_composites_come_back_as_LeakyReLU_SELU_and_Softplus()
    {
        Sequential original = EveryLayer();
        byte[] bytes = OnnxContractGraphs.Bytes(original);

        OnnxImport imported = OnnxFile.Load(bytes);

        imported.ElementType.Should().Be(OnnxElementType.F64);
        imported.ProducerName.Should().Be("TinyNets");
        imported.Network.LayerTypes().Should().Equal(EveryLayerTypes);
        ((LeakyReLU)imported.Network[1]).NegativeSlope.Should().Be(0.1);
        foreach (int k in new[] { 0, 2, 4, 6, 8, 10 })
        {
            var linear = (Linear)original[k];
            imported.Network.HasParameters(k, linear.OutFeatures, linear.InFeatures, OnnxContractGraphs.RowMajor(linear), linear.Bias?.Data.ToArray());
        }

        AgreesWithRuntime(bytes, imported, 4, inputScale: 4.0);
    }

    // The composites also hold on tiny and large inputs, where expm1 and log1p need their exact forms.
    [Fact]
    public void Float64_composites_agree_with_ONNX_Runtime_on_tiny_and_large_values()
    {
        var original = new Sequential(new Linear(1, 3), new Selu(), new Linear(3, 3), new Softplus(), new Linear(3, 1), new LeakyReLU(0.25));
        var first = (Linear)original[0];
        first.Weight.Data[0] = 1;
        first.Weight.Data[1] = -1;
        first.Weight.Data[2] = 1e-3;
        first.Bias!.Data.Clear();
        byte[] bytes = OnnxContractGraphs.Bytes(original);
        OnnxImport imported = OnnxFile.Load(bytes);
        double[] x = [1e-300, -1e-300, 1e-17, -1e-17, 1e-9, -1e-9, 40, -40, 700, -745, 0, 3.5];

        using var runner = new OnnxRuntimeRunner(bytes);
        double[] expected = runner.Run("input", x, x.Length, 1, "output")["output"];
        Matrix<double> y = imported.Network.Forward(Columns(x, x.Length, 1));
        Matrix<double> reference = original.Forward(Columns(x, x.Length, 1));
        for (int i = 0; i < x.Length; i++)
        {
            Exact(y[0, i], expected[i], $"x = {x[i]}");
            y[0, i].Should().Be(reference[0, i]);
        }
    }

    // The float64 Softplus form of the versions before Softplus had β and a threshold is the exact softplus: it comes
    // back as Softplus(1, double.MaxValue), which computes what the graph computes also beyond 20.
    [Fact]
    public void The_exact_float64_Softplus_form_comes_back_as_Softplus_without_a_linear_branch()
    {
        var g = new OnnxTestGraph(F64, 1);
        OnnxContractGraphs.ExactSoftplus(g, 0);
        byte[] bytes = g.Bytes();
        OnnxImport imported = OnnxFile.Load(bytes);

        var softplus = imported.Network.Single().Should().BeOfType<Softplus>().Subject;
        (softplus.Beta, softplus.Threshold).Should().Be((1.0, double.MaxValue));
        double[] x = [-745, -40, -1e-17, 0, 3.5, 20.5, 25, 36, 700];
        using var runner = new OnnxRuntimeRunner(bytes);
        double[] expected = runner.Run("input", x, x.Length, 1, "output")["output"];
        Matrix<double> y = imported.Network.Forward(Columns(x, x.Length, 1));
        for (int i = 0; i < x.Length; i++)
        {
            Exact(y[0, i], expected[i], $"x = {x[i]}");
        }

        y[0, 5].Should().BeGreaterThan(20.5, "the exact formula, not the identity past 20");
    }

    // float32: LeakyRelu, Selu and Softplus as single operators; the weights are the float32 roundings.
    [Fact]
    public void Float32_operators_come_back_as_the_layers_with_float32_weights()
    {
        Sequential original = EveryLayer();
        byte[] bytes = OnnxContractGraphs.Bytes(original, F32);

        OnnxImport imported = OnnxFile.Load(bytes);

        imported.ElementType.Should().Be(OnnxElementType.F32);
        imported.Network.LayerTypes().Should().Equal(EveryLayerTypes);
        ((LeakyReLU)imported.Network[1]).NegativeSlope.Should().Be((double)0.1f);
        var linear = (Linear)original[0];
        imported.Network.HasParameters(0, 6, 4, AsFloat32(OnnxContractGraphs.RowMajor(linear)), AsFloat32(linear.Bias!.Data.ToArray()));
        AgreesWithRuntimeF32(bytes, imported, 4);
    }

    // A standard input scaler and a min-max target scaler (and the other way round) come back fitted: the standard one
    // exactly, the min-max one with its range exact and its maxima within rounding (the graph stores max − min).
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Scalers_come_back_fitted_and_the_pipeline_agrees_with_ONNX_Runtime(bool swap)
    {
        var network = new Sequential(new Linear(3, 5), new Tanh(), new Linear(5, 2)).Initialize(3);
        Matrix<double> features = Matrix<double>.Build.Dense(3, 20, Values(60, 40, 10.0));
        Matrix<double> targets = Matrix<double>.Build.Dense(2, 20, Values(40, 41, 100.0));
        FeatureScaler inputScaler = swap ? new MinMaxScaler(-1, 1) : new StandardScaler();
        FeatureScaler targetScaler = swap ? new StandardScaler() : new MinMaxScaler(-2, 0.5);
        inputScaler.Fit(features);
        targetScaler.Fit(targets);
        byte[] bytes = OnnxContractGraphs.Bytes(network, F64, inputScaler, targetScaler);

        OnnxImport imported = OnnxFile.Load(bytes);

        imported.Network.LayerTypes().Should().Equal(typeof(Linear), typeof(Tanh), typeof(Linear));
        SameScaler(imported.InputScaler, inputScaler);
        SameScaler(imported.TargetScaler, targetScaler);

        // The graph's output is the pipeline: scale the input, run the network, map the output back.
        double[] x = Values(7 * 3, 42, 20.0);
        using var runner = new OnnxRuntimeRunner(bytes);
        double[] expected = runner.Run("input", x, 7, 3, "output")["output"];
        Matrix<double> y = imported.TargetScaler!.InverseTransform(imported.Network.Forward(imported.InputScaler!.Transform(Columns(x, 7, 3))));
        for (int r = 0; r < 7; r++)
        {
            for (int c = 0; c < 2; c++)
            {
                y[c, r].Should().BeApproximately(expected[(r * 2) + c], 1e-12 * Math.Max(100, Math.Abs(expected[(r * 2) + c])));
            }
        }
    }

    private static void SameScaler(FeatureScaler? actual, FeatureScaler expected)
    {
        actual.Should().NotBeNull().And.BeOfType(expected.GetType());
        switch (expected)
        {
            case StandardScaler s:
                ((StandardScaler)actual!).Means.Should().Equal(s.Means);
                ((StandardScaler)actual!).Scales.Should().Equal(s.Scales);
                break;
            case MinMaxScaler m:
                var a = (MinMaxScaler)actual!;
                a.RangeMin.Should().Be(m.RangeMin);
                a.RangeMax.Should().Be(m.RangeMax);
                a.DataMin.Should().Equal(m.DataMin);
                for (int i = 0; i < m.DataMax.Count; i++)
                {
                    Exact(a.DataMax[i], m.DataMax[i]);
                }

                break;
        }
    }

    // The probabilities output (Softmax or Sigmoid of the logits) is recognised, and is of the imported network's output.
    [Theory]
    [InlineData(OnnxProbabilities.Softmax)]
    [InlineData(OnnxProbabilities.Sigmoid)]
    public void Probabilities_output_is_recognised(OnnxProbabilities probabilities)
    {
        var network = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 3)).Initialize(11);
        byte[] bytes = OnnxContractGraphs.Bytes(network, probabilities: probabilities);

        OnnxImport imported = OnnxFile.Load(bytes);

        imported.Probabilities.Should().Be(probabilities);
        imported.ProbabilitiesName.Should().Be("probabilities");
        imported.OutputName.Should().Be("output");
        imported.Network.LayerTypes().Should().Equal(typeof(Linear), typeof(ReLU), typeof(Linear));
        double[] logits = AgreesWithRuntime(bytes, imported, 3);

        double[] x = Values(9 * 3, 1234, 3.0);
        using var runner = new OnnxRuntimeRunner(bytes);
        double[] p = runner.Run("input", x, 9, 3, "probabilities")["probabilities"];
        for (int r = 0; r < 9; r++)
        {
            double[] z = logits[(r * 3)..((r * 3) + 3)];
            double[] expected = probabilities == OnnxProbabilities.Sigmoid
                ? [.. z.Select(Sig)]
                : [.. z.Select(v => Math.Exp(v - z.Max()) / z.Sum(u => Math.Exp(u - z.Max())))];
            for (int c = 0; c < 3; c++)
            {
                Exact(p[(r * 3) + c], expected[c]);
            }
        }
    }

    // A network without a sized layer: input [N, "features"], one Identity node.
    [Fact]
    public void A_network_without_sized_layers_is_one_Identity()
    {
        byte[] bytes = OnnxContractGraphs.Bytes(new Sequential(new Identity()));

        OnnxImport imported = OnnxFile.Load(bytes);

        imported.Network.LayerTypes().Should().Equal(typeof(Identity));
        imported.Network.InputSize.Should().BeNull();
        AgreesWithRuntime(bytes, imported, 3);
    }

    // What travels with the model: names, producer, description, version, metadata.
    [Fact]
    public void Names_producer_description_version_and_metadata_are_read()
    {
        var network = new Sequential(new Linear(2, 2)).Initialize(1);
        ModelProto model = OnnxContractGraphs.Build(network, input: "features", output: "scores");
        model.DocString = "A test model.";
        model.ModelVersion = 12;
        model.MetadataProps.Add(new StringStringEntryProto { Key = "author", Value = "tests" });
        model.MetadataProps.Add(new StringStringEntryProto { Key = "task", Value = "regression" });

        OnnxImport imported = OnnxFile.Load(model.ToByteArray());

        imported.InputName.Should().Be("features");
        imported.OutputName.Should().Be("scores");
        imported.ProducerName.Should().Be("TinyNets");
        imported.ProducerVersion.Should().Be("1.0.0");
        imported.Description.Should().Be("A test model.");
        imported.ModelVersion.Should().Be(12);
        imported.Metadata.Should().Equal(new Dictionary<string, string> { ["author"] = "tests", ["task"] = "regression" });
        imported.Probabilities.Should().Be(OnnxProbabilities.None);
        imported.ProbabilitiesName.Should().BeNull();
        imported.InputScaler.Should().BeNull();
        imported.TargetScaler.Should().BeNull();
    }
    // The outputs in either order: the probabilities are found by what computes them, not by position.
    [Fact]
    public void Probabilities_listed_first_are_recognised()
    {
        var network = new Sequential(new Linear(3, 2)).Initialize(5);
        ModelProto model = OnnxContractGraphs.Build(network, probabilities: OnnxProbabilities.Sigmoid);
        ValueInfoProto first = model.Graph.Output[0];
        model.Graph.Output.RemoveAt(0);
        model.Graph.Output.Add(first);

        OnnxImport imported = OnnxFile.Load(model.ToByteArray());

        imported.OutputName.Should().Be("output");
        imported.ProbabilitiesName.Should().Be("probabilities");
        imported.Probabilities.Should().Be(OnnxProbabilities.Sigmoid);
    }

    // A min-max scaler onto [0, 1] has width 1 and low 0 in the graph, the constants of a standard scaler: it comes back
    // as a StandardScaler (means = the minima, scales = the ranges) that maps exactly as the original.
    [Fact]
    public void A_min_max_scaler_onto_0_1_comes_back_as_a_standard_scaler_that_maps_the_same()
    {
        var network = new Sequential(new Linear(2, 1)).Initialize(2);
        var scaler = MinMaxScaler.FromFitted([-3.0, 0.1], [5.0, 0.7]);
        OnnxImport imported = OnnxFile.Load(OnnxContractGraphs.Bytes(network, F64, scaler));

        var back = imported.InputScaler.Should().BeOfType<StandardScaler>().Subject;
        back.Means.Should().Equal(-3.0, 0.1);
        back.Scales.Should().Equal(8.0, 0.7 - 0.1);
        Matrix<double> x = Matrix<double>.Build.Dense(2, 4, Values(8, 60, 10.0));
        back.Transform(x).AsColumnMajorArray().Should().Equal(scaler.Transform(x).AsColumnMajorArray());
    }
}
