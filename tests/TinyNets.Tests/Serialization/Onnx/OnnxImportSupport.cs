using TinyNets.Serialization.Onnx;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>Comparisons of an imported network with ONNX Runtime running the same bytes, and seeded test values.</summary>
internal static class OnnxImportSupport
{
    /// <summary>Seeded values in [−scale, scale].</summary>
    public static double[] Values(int count, int seed, double scale = 1.0)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => ((2.0 * random.NextDouble()) - 1.0) * scale)];
    }

    /// <summary>The same values rounded to float32 (what a float32 tensor holds), as doubles.</summary>
    public static double[] AsFloat32(double[] values) => [.. values.Select(v => (double)(float)v)];

    /// <summary>A row-major [rows, features] batch as TinyNets' features × rows matrix.</summary>
    public static Matrix<double> Columns(double[] rowMajor, int rows, int features) =>
        Matrix<double>.Build.Dense(features, rows, (i, j) => rowMajor[(j * features) + i]);

    /// <summary>
    /// The imported network's Forward on a seeded batch equals ONNX Runtime's output on the same bytes within 1e-12
    /// relative (float64 graphs), and the batch's output is returned row-major.
    /// </summary>
    public static double[] AgreesWithRuntime(byte[] model, OnnxImport imported, int features, int rows = 9, double inputScale = 3.0, string? output = null)
    {
        double[] x = Values(rows * features, 1234, inputScale);
        string name = output ?? imported.OutputName;
        using var runner = new OnnxRuntimeRunner(model);
        double[] expected = runner.Run(imported.InputName, x, rows, features, name)[name];
        Matrix<double> y = imported.Network.Forward(Columns(x, rows, features));
        expected.Length.Should().Be(y.RowCount * rows);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < y.RowCount; c++)
            {
                Exact(y[c, r], expected[(r * y.RowCount) + c], $"sample {r}, output {c}");
            }
        }

        return expected;
    }

    /// <summary>
    /// For a float32 graph: ONNX Runtime computes in float32, the imported network in float64 from the same (widened)
    /// weights, so they agree to float32 rounding (a relative 2e-5 for these small layers).
    /// </summary>
    public static void AgreesWithRuntimeF32(byte[] model, OnnxImport imported, int features, int rows = 9)
    {
        float[] x = [.. Values(rows * features, 4321, 3.0).Select(v => (float)v)];
        using var runner = new OnnxRuntimeRunner(model);
        float[] expected = runner.Run(imported.InputName, x, rows, features, imported.OutputName)[imported.OutputName];
        Matrix<double> y = imported.Network.Forward(Columns([.. x.Select(v => (double)v)], rows, features));
        expected.Length.Should().Be(y.RowCount * rows);
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < y.RowCount; c++)
            {
                double e = expected[(r * y.RowCount) + c];
                y[c, r].Should().BeApproximately(e, 2e-5 * Math.Max(1.0, Math.Abs(e)), $"sample {r}, output {c}");
            }
        }
    }

    /// <summary>The Linear layer at <paramref name="index"/> holds exactly this weight [out, in] (row-major) and bias.</summary>
    public static void HasParameters(this Sequential network, int index, int outF, int inF, double[] weightRowMajor, double[]? bias)
    {
        Linear linear = network[index].Should().BeOfType<Linear>().Subject;
        linear.OutFeatures.Should().Be(outF);
        linear.InFeatures.Should().Be(inF);
        for (int r = 0; r < outF; r++)
        {
            for (int c = 0; c < inF; c++)
            {
                linear.Weight.Value[r, c].Should().Be(weightRowMajor[(r * inF) + c], $"weight [{r}, {c}] of layer {index}");
            }
        }

        if (bias is null)
        {
            linear.Bias.Should().BeNull();
        }
        else
        {
            linear.Bias.Should().NotBeNull();
            linear.Bias!.Data.ToArray().Should().Equal(bias);
        }
    }

    /// <summary>A matrix [rows, columns] given row-major, transposed, row-major.</summary>
    public static double[] Transpose(double[] rowMajor, int rows, int columns)
    {
        var t = new double[rowMajor.Length];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                t[(c * rows) + r] = rowMajor[(r * columns) + c];
            }
        }

        return t;
    }

    public static Type[] LayerTypes(this Sequential network) => [.. network.Select(l => l.GetType())];
}
