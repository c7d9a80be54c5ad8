using System.IO;
using Microsoft.ML.OnnxRuntime;
using TinyNets.Data;
using TinyNets.Serialization.Onnx;
using TinyNets.Tests.Serialization.Onnx;

namespace TinyNets.Tests.Readme;

/// <summary>
/// The README's ONNX snippets, run as written (only the file names get a temporary folder): the exports run in ONNX
/// Runtime and agree with the network's own Forward, and the import gives the network back.
/// </summary>
public sealed class ReadmeOnnxExampleTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("tinynets-readme-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string F(string name) => Path.Combine(_folder, name);

    [Fact]
    public void ExportRunInOnnxRuntimeAndImport()
    {
        var net = new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 3)).Initialize(1);
        var random = new SeededRandom(5);
        const int n = 6;
        Matrix<double> raw = Matrix<double>.Build.Dense(4, n, (_, _) => random.NextUniform(-3, 3));
        var inputs = new StandardScaler();
        inputs.Fit(raw);

        // As the README writes it.
        net.SaveOnnx(F("model.onnx"));                                   // float64: computes what Forward computes
        net.SaveOnnx(F("classifier.onnx"), new OnnxExportOptions
        {
            ElementType = OnnxElementType.F32,                        // what most serving stacks expect
            InputScaler = inputs,                                     // folded in: the model takes raw features
            Probabilities = OnnxProbabilities.Softmax,                // a second output "probabilities" beside the logits
            Metadata = new Dictionary<string, string> { ["dataset"] = "iris" },
        });

        Matrix<double> x = raw;
        double[] rows = RowMajor(x);

        using var session = new InferenceSession(F("model.onnx"));
        using var input = OrtValue.CreateTensorValueFromMemory(rows, new long[] { n, 4 });   // double[] rows: n samples, row-major
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, new Dictionary<string, OrtValue> { ["input"] = input }, new[] { "output" });
        ReadOnlySpan<double> y = results[0].GetTensorDataAsSpan<double>();                 // n × 3, row-major

        Matrix<double> expected = net.Forward(x);
        for (int s = 0; s < n; s++)
        {
            for (int o = 0; o < 3; o++)
            {
                y[(s * 3) + o].Should().BeApproximately(expected[o, s], 1e-12 * Math.Max(1, Math.Abs(expected[o, s])));
            }
        }

        // The float32 classifier on raw features: probabilities = softmax of the logits of the scaled features, to
        // float32 rounding (logits of a 4-8-3 tanh net on standardised inputs are O(1); 1e-5 is a few hundred ulps).
        using (var runner = new OnnxRuntimeRunner(File.ReadAllBytes(F("classifier.onnx"))))
        {
            float[] p = runner.Run("input", rows.Select(v => (float)v).ToArray(), n, 4, "probabilities")["probabilities"];
            Matrix<double> logits = net.Forward(inputs.Transform(raw));
            for (int s = 0; s < n; s++)
            {
                double max = logits.Column(s).Maximum();
                double sum = logits.Column(s).Sum(v => Math.Exp(v - max));
                for (int o = 0; o < 3; o++)
                {
                    ((double)p[(s * 3) + o]).Should().BeApproximately(Math.Exp(logits[o, s] - max) / sum, 1e-5);
                }
            }

            runner.Session.ModelMetadata.CustomMetadataMap.Should().Contain("dataset", "iris");
        }

        OnnxImport imported = OnnxFile.Load(F("model.onnx"));          // also Load(stream) and Load(bytes)
        Sequential same = imported.Network;                         // + InputScaler, TargetScaler, Probabilities, Metadata, …

        same.Forward(x).Should().Be(net.Forward(x).Clone());
    }

    private static double[] RowMajor(Matrix<double> x)
    {
        var rows = new double[x.RowCount * x.ColumnCount];
        for (int s = 0; s < x.ColumnCount; s++)
        {
            for (int f = 0; f < x.RowCount; f++)
            {
                rows[(s * x.RowCount) + f] = x[f, s];
            }
        }

        return rows;
    }
}
