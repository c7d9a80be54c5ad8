using System.IO;
using Microsoft.ML.OnnxRuntime;
using TinyNets.Data;
using TinyNets.Serialization.Onnx;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>docs/onnx.md: its examples run as written, and its operator table lists every layer type of the library.</summary>
public class OnnxExportDocsTests
{
    private static string Doc()
    {
        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "docs", "onnx.md")))
        {
            dir = dir.Parent;
        }

        dir.Should().NotBeNull("the tests run inside the repository");
        return File.ReadAllText(Path.Combine(dir!.FullName, "docs", "onnx.md"));
    }

    [Fact]
    public void TheOperatorTable_ListsEveryLayerTypeOfTheLibrary()
    {
        string doc = Doc();
        IEnumerable<string> layerTypes = typeof(Layer).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Layer)) && !t.IsAbstract)
            .Select(t => t.Name);

        foreach (string name in layerTypes)
        {
            doc.Should().Contain($"| `{name}` |", $"the operator table has a row for {name}");
        }
    }

    // The export example and the ONNX Runtime example of the document, as written (trainFeatures and the file's
    // directory are the test's), checked against TinyNets' own softmax of the network's output on the scaled features.
    [Fact]
    public void TheExamples_ExportAndRunAsWritten()
    {
        // ONNX Runtime's environment is process-wide and the runner creates it with its logger: a session made here
        // before any runner would create the default one first, and every runner after it would fail.
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(OnnxRuntimeRunner).TypeHandle);
        string dir = Path.Combine(Path.GetTempPath(), $"tinynets-onnx-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "iris.onnx"); // the document's "iris.onnx"
        try
        {
            Matrix<double> trainFeatures = Matrix<double>.Build.DenseOfArray(new double[,]
            {
                { 5.0, 6.1, 4.8, 7.2, 5.9 }, { 3.3, 2.8, 3.1, 3.0, 2.7 }, { 1.5, 4.7, 1.6, 6.0, 5.1 }, { 0.2, 1.4, 0.3, 1.8, 1.9 },
            });

            var net = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3)).Initialize(seed: 1);
            var scaler = new StandardScaler();
            Matrix<double> scaled = scaler.FitTransform(trainFeatures);     // features × samples, as TinyNets trains
            // ... train net on scaled ...

            net.SaveOnnx(path, new OnnxExportOptions
            {
                ElementType = OnnxElementType.F32,            // what most serving stacks expect; F64, the default, is exact
                InputScaler = scaler,                         // folded in: the model takes raw features
                Probabilities = OnnxProbabilities.Softmax,    // a second output "probabilities" beside the logits "output"
                Metadata = new Dictionary<string, string> { ["classes"] = "setosa,versicolor,virginica" },
                Description = "Iris classifier",
                ModelVersion = 3,
            });

            using var session = new InferenceSession(path);
            float[] batch = [5.1f, 3.5f, 1.4f, 0.2f,     // sample 1: raw features (the scaler is in the model)
                             6.7f, 3.0f, 5.2f, 2.3f];    // sample 2
            using var input = OrtValue.CreateTensorValueFromMemory(batch, [2, 4]);
            using var runOptions = new RunOptions();
            using var results = session.Run(runOptions, new Dictionary<string, OrtValue> { ["input"] = input }, ["output", "probabilities"]);
            ReadOnlySpan<float> probabilities = results[1].GetTensorDataAsSpan<float>();   // [2, 3], row-major
            string classes = session.ModelMetadata.CustomMetadataMap["classes"];

            classes.Should().Be("setosa,versicolor,virginica");
            Matrix<double> raw = Matrix<double>.Build.DenseOfColumnArrays(
                batch.Take(4).Select(v => (double)v).ToArray(), batch.Skip(4).Select(v => (double)v).ToArray());
            Matrix<double> expected = new Softmax().Forward(net.Forward(scaler.Transform(raw)));
            for (int sample = 0; sample < 2; sample++)
            {
                for (int c = 0; c < 3; c++)
                {
                    // float32 probabilities in [0, 1] through a 4-16-3 net: 1e-5 is a few hundred float32 ulps of 1.
                    ((double)probabilities[(sample * 3) + c]).Should().BeApproximately(expected[c, sample], 1e-5);
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
