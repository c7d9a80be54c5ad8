using System.IO;
using System.Reflection;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using TinyNets.Data;
using TinyNets.Serialization.Onnx;
using TinyNets.Serialization.Onnx.Protos;
using static TinyNets.Tests.Serialization.Onnx.OnnxExportTestSupport;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// What the options add, as ONNX Runtime sees it: the probabilities output, the scalers folded into the graph, the
/// model's metadata, the inputs' and outputs' names, types and shapes; the same bytes for the same network; the stream
/// left open; and the runner's warning check, shown to catch a warning.
/// </summary>
public class OnnxExportOptionsTests
{
    private static Sequential Classifier() => new Sequential(new Linear(4, 9), new Tanh(), new Linear(9, 3)).Initialize(11);

    [Theory]
    [InlineData(OnnxProbabilities.Softmax)]
    [InlineData(OnnxProbabilities.Sigmoid)]
    public void Probabilities_AreTheNetworksOwnSoftmaxOrSigmoidOfItsOutput(OnnxProbabilities kind)
    {
        Sequential net = Classifier();
        Matrix<double> x = RandomBatch(4, 7, seed: 5);
        using OnnxRuntimeRunner runner = Load(net, new OnnxExportOptions { Probabilities = kind, ProbabilitiesName = "p" });

        Matrix<double> logits = net.Forward(x).Clone();
        Layer head = kind == OnnxProbabilities.Softmax ? new Softmax() : new Sigmoid();
        Matrix<double> expected = head.Forward(logits);

        ShouldMatchExactly(RunF64(runner, x, output: "p"), expected, "probabilities");
        ShouldMatchExactly(RunF64(runner, x), logits, "logits");
        runner.Session.OutputNames.Should().Equal("output", "p");
        runner.Session.OutputMetadata["p"].Dimensions.Should().Equal(-1, 3);
    }

    [Fact]
    public void StandardScaler_IsFolded_TheModelTakesRawFeatures()
    {
        Sequential net = Classifier();
        var scaler = new StandardScaler();
        // Features of very different centres and spreads, one constant (scale 1).
        Matrix<double> train = RandomBatch(4, 50, seed: 8).MapIndexed((i, _, v) => i == 3 ? 2.5 : (v * Math.Pow(10, i)) + (100 * i));
        scaler.Fit(train);
        Matrix<double> x = RandomBatch(4, 64, seed: 9).MapIndexed((i, _, v) => (v * Math.Pow(10, i)) + (100 * i));
        using OnnxRuntimeRunner runner = Load(net, new OnnxExportOptions { InputScaler = scaler });

        ShouldMatchExactly(RunF64(runner, x), net.Forward(scaler.Transform(x)), "standard-scaled input");
    }

    [Fact]
    public void MinMaxScaler_IsFolded_TheModelTakesRawFeatures()
    {
        Sequential net = Classifier();
        var scaler = new MinMaxScaler(-1.0, 2.0);
        Matrix<double> train = RandomBatch(4, 50, seed: 8).MapIndexed((i, _, v) => i == 1 ? -7.0 : (v * (i + 1)) - (3 * i));
        scaler.Fit(train);
        Matrix<double> x = RandomBatch(4, 64, seed: 10, scale: 5.0);
        using OnnxRuntimeRunner runner = Load(net, new OnnxExportOptions { InputScaler = scaler });

        ShouldMatchExactly(RunF64(runner, x), net.Forward(scaler.Transform(x)), "min-max-scaled input");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TargetScaler_ItsInverseIsFolded_TheModelOutputsRawTargets(bool minMax)
    {
        var net = new Sequential(new Linear(4, 6), new Selu(), new Linear(6, 2)).Initialize(4);
        FeatureScaler scaler = minMax ? new MinMaxScaler(0.5, 3.0) : new StandardScaler();
        scaler.Fit(RandomBatch(2, 30, seed: 12).MapIndexed((i, _, v) => (v * 1000 * (i + 1)) + 5e4));
        Matrix<double> x = RandomBatch(4, 7, seed: 13);
        using OnnxRuntimeRunner runner = Load(net, new OnnxExportOptions { TargetScaler = scaler });

        ShouldMatchExactly(RunF64(runner, x), scaler.InverseTransform(net.Forward(x)), "raw targets");
    }

    [Fact]
    public void BothScalers_InFloat32_RunWithinFloat32Rounding()
    {
        Sequential net = Classifier();
        var input = StandardScaler.FromFitted([1, -2, 3, 0.5], [2, 0.5, 4, 1]);
        var target = MinMaxScaler.FromFitted([-1, 0, 1], [1, 8, 2]);
        Matrix<double> x = RandomBatch(4, 7, seed: 14).Map(v => v + 1);
        using OnnxRuntimeRunner runner = Load(net, new OnnxExportOptions { ElementType = OnnxElementType.F32, InputScaler = input, TargetScaler = target });

        // The scalers' values are powers of two or small integers, exact in float32; the scaling adds a few roundings,
        // so this compares to 1e-5 relative, a bound well above float32's through these sizes and well below any slip.
        Matrix<double> expected = target.InverseTransform(net.Forward(input.Transform(x)));
        Matrix<double> ort = RunF32(runner, x);
        for (int k = 0; k < expected.RowCount * expected.ColumnCount; k++)
        {
            double e = expected.AsColumnMajorArray()[k], o = ort.AsColumnMajorArray()[k];
            Math.Abs(o - e).Should().BeLessThanOrEqualTo(1e-5 * Math.Max(1, Math.Abs(e)));
        }
    }

    [Fact]
    public void Metadata_NamesTypesAndShapes_AreWhatOnnxRuntimeReports()
    {
        Sequential net = Classifier();
        var metadata = new Dictionary<string, string> { ["task"] = "iris", ["classes"] = "setosa,versicolor,virginica" };
        var options = new OnnxExportOptions
        {
            InputName = "features",
            OutputName = "logits",
            Metadata = metadata,
            Description = "A 4-9-3 classifier.",
            ModelVersion = 42,
        };
        using OnnxRuntimeRunner runner = Load(net, options);

        ModelMetadata m = runner.Session.ModelMetadata;
        m.ProducerName.Should().Be("TinyNets");
        m.Description.Should().Be("A 4-9-3 classifier.");
        m.Version.Should().Be(42);
        m.GraphName.Should().Be("tinynets");
        m.CustomMetadataMap.Should().BeEquivalentTo(metadata);
        runner.Session.InputNames.Should().Equal("features");
        runner.Session.OutputNames.Should().Equal("logits");
        NodeMetadata input = runner.Session.InputMetadata["features"];
        input.ElementType.Should().Be<double>();
        input.Dimensions.Should().Equal(-1, 4);
        input.SymbolicDimensions.Should().Equal("N", "");
        NodeMetadata output = runner.Session.OutputMetadata["logits"];
        output.ElementType.Should().Be<double>();
        output.Dimensions.Should().Equal(-1, 3);
    }

    [Fact]
    public void Float32_InputAndOutput_AreFloat()
    {
        using OnnxRuntimeRunner runner = Load(Classifier(), new OnnxExportOptions { ElementType = OnnxElementType.F32 });

        runner.Session.InputMetadata["input"].ElementType.Should().Be<float>();
        runner.Session.OutputMetadata["output"].ElementType.Should().Be<float>();
    }

    [Fact]
    public void Header_IsIr10_Opset21_AndTheLibrarysVersionWithoutItsCommit()
    {
        ModelProto model = ModelProto.Parser.ParseFrom(Classifier().ToOnnx());

        string informational = typeof(Sequential).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        model.IrVersion.Should().Be(10);
        model.OpsetImport.Should().ContainSingle();
        model.OpsetImport[0].Domain.Should().BeEmpty();
        model.OpsetImport[0].Version.Should().Be(21);
        model.ProducerName.Should().Be("TinyNets");
        model.ProducerVersion.Should().Be(informational.Split('+')[0]).And.NotContain("+");
        model.HasDocString.Should().BeFalse("no description was given");
    }

    [Fact]
    public void SameNetworkAndOptions_GiveTheSameBytes_WhateverTheMetadataOrder()
    {
        var a = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1", ["c"] = "3" };
        var b = new Dictionary<string, string> { ["c"] = "3", ["a"] = "1", ["b"] = "2" };
        byte[] first = Classifier().ToOnnx(new OnnxExportOptions { Metadata = a, ElementType = OnnxElementType.F32 });
        byte[] second = Classifier().ToOnnx(new OnnxExportOptions { Metadata = b, ElementType = OnnxElementType.F32 });
        byte[] other = new Sequential(new Linear(4, 9), new Tanh(), new Linear(9, 3)).Initialize(12).ToOnnx(new OnnxExportOptions { Metadata = a, ElementType = OnnxElementType.F32 });

        second.Should().Equal(first);
        other.Should().NotEqual(first, "another seed gives other weights");
        ModelProto.Parser.ParseFrom(first).MetadataProps.Select(p => p.Key).Should().Equal("a", "b", "c");
    }

    [Fact]
    public void SaveToStream_WritesTheBytesOfToOnnx_AtThePosition_AndLeavesTheStreamOpen()
    {
        Sequential net = Classifier();
        using var stream = new MemoryStream();
        stream.Write([1, 2, 3]);

        net.SaveOnnx(stream);

        stream.CanWrite.Should().BeTrue("the stream stays open");
        stream.WriteByte(9);
        byte[] expected = net.ToOnnx();
        stream.ToArray().Should().Equal([1, 2, 3, .. expected, 9]);
    }

    [Fact]
    public void SaveToPath_WritesTheBytesOfToOnnx_ThatOnnxRuntimeLoads()
    {
        Sequential net = Classifier();
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            File.WriteAllBytes(path, Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray());

            net.SaveOnnx(path);

            byte[] written = File.ReadAllBytes(path);
            written.Should().Equal(net.ToOnnx(), "an existing file is overwritten, not appended to");
            using var runner = new OnnxRuntimeRunner(written);
            Matrix<double> x = RandomBatch(4, 3, seed: 1);
            ShouldMatchExactly(RunF64(runner, x), net.Forward(x), "the saved file");
        }
        finally
        {
            File.Delete(path);
        }
    }

    // The warning check of the other tests can fail: an initializer listed among the graph's inputs makes ONNX Runtime
    // warn (it may then be overridden at run time, so it is not folded as a constant).
    [Fact]
    public void TheRunner_CatchesAWarning_OfAnInitializerListedAsAGraphInput()
    {
        ModelProto model = ModelProto.Parser.ParseFrom(Classifier().ToOnnx());
        TensorProto weight = model.Graph.Initializer.First(t => t.Name == "0.weight");
        var type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = weight.DataType, Shape = new TensorShapeProto() } };
        foreach (long d in weight.Dims)
        {
            type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        model.Graph.Input.Add(new ValueInfoProto { Name = "0.weight", Type = type });

        using var runner = new OnnxRuntimeRunner(model.ToByteArray());

        runner.Warnings.Should().Contain(w => w.Contains("0.weight", StringComparison.Ordinal));
    }
}
