using System.IO;
using System.Text;
using TinyNets.Data;
using TinyNets.Serialization;

namespace TinyNets.Tests.Serialization;

/// <summary>The example in docs/model-format.md is a valid model file and means what the document says.</summary>
public class ModelFileDocsTests
{
    private static string ExampleJson()
    {
        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "docs", "model-format.md")))
        {
            dir = dir.Parent;
        }

        dir.Should().NotBeNull("the tests run inside the repository");
        string text = File.ReadAllText(Path.Combine(dir!.FullName, "docs", "model-format.md"));
        int start = text.IndexOf("```json\n", StringComparison.Ordinal) + "```json\n".Length;
        int end = text.IndexOf("```", start, StringComparison.Ordinal);
        return text[start..end];
    }

    [Fact]
    public void TheDocumentedExample_Loads_AndPredictsAsItsNumbersSay()
    {
        ModelBundle bundle = ModelBundle.Load(new MemoryStream(Encoding.UTF8.GetBytes(ExampleJson())));

        bundle.Network.ToString().Should().Be("Sequential(0: Linear(in=2, out=2, bias=True), 1: Tanh(), 2: Linear(in=2, out=2, bias=True))");
        bundle.Network.GetParameter("0.weight").Value[0, 1].Should().Be(-0.25, "values are row-major");
        bundle.Optimizer.Should().BeOfType<Sgd>().Which.Steps.Should().Be(4);
        bundle.TrainingState!.EpochsCompleted.Should().Be(2);
        bundle.TrainingState.BestEpoch.Should().Be(2);
        bundle.ClassNames.Should().Equal("setosa", "versicolor");
        bundle.Metadata["dataset"].Should().Be("iris (two classes)");
        bundle.InputScaler.Should().BeOfType<StandardScaler>();
        var loss = bundle.Loss.Should().BeOfType<CrossEntropyLoss>().Which;
        loss.Weight.Should().Equal(1.0, 2.0);
        loss.LabelSmoothing.Should().Be(0.1);
        loss.Reduction.Should().Be(Reduction.Mean);

        // By hand from the document's numbers: standardise, W¹x + b¹, tanh, W²h + b².
        double x1 = (6.6 - 5.8) / 0.8, x2 = (2.65 - 3.05) / 0.4;
        double h1 = Math.Tanh((0.5 * x1) + (-0.25 * x2) + 0.1), h2 = Math.Tanh((1.0 * x1) + (0.75 * x2) - 0.1);
        double y1 = (1.5 * h1) + (-1.0 * h2) + 0.0, y2 = (-0.5 * h1) + (2.0 * h2) + 0.25;
        Matrix<double> predicted = bundle.Predict(Matrix<double>.Build.DenseOfColumnArrays(new[] { 6.6, 2.65 }));
        predicted[0, 0].Should().BeApproximately(y1, 1e-14);
        predicted[1, 0].Should().BeApproximately(y2, 1e-14);
    }
}
