using System.IO;
using TinyNets.Samples.MlNetServing;
using TinyNets.Tests.Serialization.Onnx;
using TinyNets.Tests.Support;

namespace TinyNets.Tests.Samples;

/// <summary>
/// samples/MlNetServing: the iris MLP exported to ONNX (float32, the input scaler folded in, softmax probabilities) and
/// scored by an ML.NET pipeline. ML.NET's probabilities are checked against ONNX Runtime run directly on the same file,
/// and TinyNets' side against the network's float64 arithmetic written out here with plain loops.
/// </summary>
public class MlNetServingSampleTests
{
    private static readonly Lazy<(MlNetServingResult Result, byte[] Model)> Served = new(() =>
    {
        // The tests' ONNX Runtime environment (with its warning log) must exist before ML.NET opens a session.
        System.Runtime.CompilerServices.RuntimeHelpers.RunClassConstructor(typeof(OnnxRuntimeRunner).TypeHandle);
        string path = Path.Combine(Path.GetTempPath(), $"tinynets-mlnet-{Guid.NewGuid():N}.onnx");
        try
        {
            MlNetServingResult result = IrisMlNetServing.Run(path);
            return (result, File.ReadAllBytes(path));
        }
        finally
        {
            File.Delete(path);
        }
    });

    [Fact]
    public void MlNet_serves_tinynets_classes_and_probabilities_within_float32_rounding()
    {
        (MlNetServingResult r, byte[] model) = Served.Value;
        Sequential net = r.Experiment.Mlp.Network;
        Matrix<double> raw = r.Experiment.Split.XTest;
        var w1 = (Linear)net[0];
        var w2 = (Linear)net[2];
        IReadOnlyList<double> means = r.Experiment.Scaler.Means, scales = r.Experiment.Scaler.Scales;
        int rows = raw.ColumnCount;
        r.Rows.Should().HaveCount(45);

        // ONNX Runtime on the file itself: ML.NET's pipeline must give exactly its float32 numbers.
        var input = new float[rows * 4];
        for (int j = 0; j < rows; j++)
        {
            for (int i = 0; i < 4; i++)
            {
                input[(j * 4) + i] = (float)raw[i, j];
            }
        }

        using var runner = new OnnxRuntimeRunner(model);
        float[] reference = runner.Run("input", input, rows, 4, "probabilities")["probabilities"];
        runner.Warnings.Should().BeEmpty();

        double largest = 0;
        for (int j = 0; j < rows; j++)
        {
            // TinyNets' float64 arithmetic, written out: standardise, Linear, tanh, Linear, softmax.
            var h = new double[w1.OutFeatures];
            for (int k = 0; k < h.Length; k++)
            {
                double a = w1.Bias!.Value[k, 0];
                for (int i = 0; i < 4; i++)
                {
                    a += w1.Weight.Value[k, i] * ((raw[i, j] - means[i]) / scales[i]);
                }

                h[k] = Math.Tanh(a);
            }

            var z = new double[3];
            for (int c = 0; c < 3; c++)
            {
                z[c] = w2.Bias!.Value[c, 0];
                for (int k = 0; k < h.Length; k++)
                {
                    z[c] += w2.Weight.Value[c, k] * h[k];
                }
            }

            double max = z.Max();
            double[] p = z.Select(v => Math.Exp(v - max)).ToArray();
            double sum = p.Sum();
            p = p.Select(v => v / sum).ToArray();
            int expectedClass = Array.IndexOf(p, p.Max());

            ServedRow row = r.Rows[j];
            row.TinyNetsClass.Should().Be(expectedClass);
            row.TinyNetsProbability.Should().BeApproximately(p[expectedClass], 1e-12);
            row.MlNetClass.Should().Be(expectedClass, $"row {j}: the served class is TinyNets'");
            int best = Enumerable.Range(0, 3).MaxBy(c => reference[(j * 3) + c]);
            row.MlNetClass.Should().Be(best);
            row.MlNetProbability.Should().Be(reference[(j * 3) + best], $"row {j}: ML.NET runs the same float32 model as ONNX Runtime");

            double difference = Enumerable.Range(0, 3).Max(c => Math.Abs(p[c] - reference[(j * 3) + c]));
            row.MaxDifference.Should().BeApproximately(difference, 1e-15);
            row.MaxDifference.Should().BeLessThanOrEqualTo(row.Bound, $"row {j}: within float32 rounding");
            largest = Math.Max(largest, difference);
        }

        r.Agrees.Should().BeTrue();
        r.ClassMismatches.Should().Be(0);
        largest.Should().BeGreaterThan(0, "the served model computes in float32, so some probability is rounded");

        // README.md, Samples: "(largest difference 4e-7)"; float32 kernels of other processors move it in its last bits only.
        ReadmeFigure.Matches(largest * 1e7, 4, 0, "the largest probability difference in units of 1e-7");
        r.MaxBound.Should().BeLessThan(1e-3, "the bound is tight enough to tell a different model from rounding");
    }

    [Fact]
    public void The_bound_is_exceeded_by_a_network_whose_output_bias_differs_by_1e_2()
    {
        (MlNetServingResult r, _) = Served.Value;
        Sequential net = r.Experiment.Mlp.Network;
        Matrix<double> raw = r.Experiment.Split.XTest;
        Matrix<double> logits = net.Forward(r.Experiment.Scaler.Transform(raw)).Clone();
        Matrix<double> probabilities = new Softmax().Forward(logits).Clone();

        // The least confident test row, and its most likely class's logit moved by 1e-2, as a bias change would move it.
        int j = Enumerable.Range(0, raw.ColumnCount).MinBy(k => probabilities.Column(k).Max());
        int c = Enumerable.Range(0, 3).MaxBy(k => probabilities[k, j]);
        Matrix<double> moved = logits.SubMatrix(0, 3, j, 1);
        moved[c, 0] += 1e-2;
        Matrix<double> after = new Softmax().Forward(moved);

        double difference = Enumerable.Range(0, 3).Max(k => Math.Abs(after[k, 0] - probabilities[k, j]));
        double bound = IrisMlNetServing.ProbabilityBound(net, r.Experiment.Scaler.Means, r.Experiment.Scaler.Scales, raw.Column(j));
        bound.Should().BeGreaterThan(0);
        difference.Should().BeGreaterThan(bound, "a modelling difference far smaller than any real one still shows");
    }
}
