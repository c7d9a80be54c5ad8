using TinyNets.Serialization.Onnx;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// Shared by the export tests: batches in both layouts (TinyNets' features × N, ONNX's row-major [N, features]), the
/// network's own output as the reference, and one ONNX Runtime run of an exported model.
/// </summary>
internal static class OnnxExportTestSupport
{
    /// <summary>A features × n batch of values uniform in [−scale, scale], from a fixed seed.</summary>
    public static Matrix<double> RandomBatch(int features, int n, ulong seed, double scale = 3.0)
    {
        var random = new SeededRandom(seed);
        return Matrix<double>.Build.Dense(features, n, (_, _) => random.NextUniform(-scale, scale));
    }

    /// <summary>A 1 × n batch holding the given values, one sample each.</summary>
    public static Matrix<double> Row(params double[] values) => Matrix<double>.Build.Dense(1, values.Length, values);

    /// <summary>TinyNets' features × N batch as ONNX's row-major [N, features].</summary>
    public static double[] ToRowMajor(Matrix<double> batch)
    {
        var rows = new double[batch.RowCount * batch.ColumnCount];
        for (int j = 0; j < batch.ColumnCount; j++)
        {
            for (int i = 0; i < batch.RowCount; i++)
            {
                rows[(j * batch.RowCount) + i] = batch[i, j];
            }
        }

        return rows;
    }

    /// <summary>The float32 rounding of a row-major batch.</summary>
    public static float[] ToSingle(double[] values) => values.Select(v => (float)v).ToArray();

    /// <summary>Runs the float64 model on a features × N batch; returns ONNX Runtime's output as features × N.</summary>
    public static Matrix<double> RunF64(OnnxRuntimeRunner runner, Matrix<double> batch, string input = "input", string output = "output")
    {
        double[] y = runner.Run(input, ToRowMajor(batch), batch.ColumnCount, batch.RowCount, output)[output];
        int outputs = y.Length / batch.ColumnCount;
        return Matrix<double>.Build.Dense(outputs, batch.ColumnCount, (i, j) => y[(j * outputs) + i]);
    }

    /// <summary>Runs the float32 model on the float32 rounding of a features × N batch; returns the output widened, features × N.</summary>
    public static Matrix<double> RunF32(OnnxRuntimeRunner runner, Matrix<double> batch, string input = "input", string output = "output")
    {
        float[] y = runner.Run(input, ToSingle(ToRowMajor(batch)), batch.ColumnCount, batch.RowCount, output)[output];
        int outputs = y.Length / batch.ColumnCount;
        return Matrix<double>.Build.Dense(outputs, batch.ColumnCount, (i, j) => y[(j * outputs) + i]);
    }

    /// <summary>Asserts |ort − tn| ≤ 1e-12·max(1, |tn|) entry by entry, naming the first entry that differs.</summary>
    public static void ShouldMatchExactly(Matrix<double> ort, Matrix<double> expected, string what)
    {
        ort.RowCount.Should().Be(expected.RowCount, what);
        ort.ColumnCount.Should().Be(expected.ColumnCount, what);
        for (int j = 0; j < expected.ColumnCount; j++)
        {
            for (int i = 0; i < expected.RowCount; i++)
            {
                double tn = expected[i, j];
                double got = ort[i, j];
                Math.Abs(got - tn).Should().BeLessThanOrEqualTo(
                    1e-12 * Math.Max(1.0, Math.Abs(tn)), $"{what}: entry [{i}, {j}] is {got:R} in ONNX Runtime and {tn:R} in TinyNets");
            }
        }
    }

    /// <summary>Exports, loads with graph optimisations on, and asserts that ONNX Runtime logged no warning.</summary>
    public static OnnxRuntimeRunner Load(Sequential net, OnnxExportOptions? options = null)
    {
        var runner = new OnnxRuntimeRunner(net.ToOnnx(options));
        runner.Warnings.Should().BeEmpty("ONNX Runtime should load an exported model without a warning");
        return runner;
    }
}
