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
    public static void ShouldMatchExactly(Matrix<double> ort, Matrix<double> expected, string what) =>
        ShouldMatchWithin(ort, expected, what, tn => 1e-12 * Math.Max(1.0, Math.Abs(tn)));

    /// <summary>
    /// Asserts |ort − tn| ≤ 1e-12·|tn| entry by entry: relative even for tiny values (where 1e-12·max(1, |tn|) would
    /// allow any error below 1e-12, and so a naive composition), exact for 0.
    /// </summary>
    public static void ShouldMatchRelatively(Matrix<double> ort, Matrix<double> expected, string what) =>
        ShouldMatchWithin(ort, expected, what, tn => 1e-12 * Math.Abs(tn));

    private static void ShouldMatchWithin(Matrix<double> ort, Matrix<double> expected, string what, Func<double, double> tolerance)
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
                    tolerance(tn), $"{what}: entry [{i}, {j}] is {got:R} in ONNX Runtime and {tn:R} in TinyNets");
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

    // The unit roundoff of float32: a correctly rounded float32 operation errs by at most u relative.
    private const double U = 1.0 / (1 << 24);

    // What ONNX Runtime's float32 elementwise kernels may err by beyond the propagated error, in units of u relative to
    // max(1, |f(x)|): the activations are evaluated with polynomial or rational approximations (MLAS's tanh and logistic),
    // a few ulps from the true value, and SELU's constants are rounded to float32 attributes (2u relative); 8u covers both.
    private const double ElementwiseUlps = 8;

    /// <summary>
    /// The network with every parameter (and a LeakyReLU's slope) rounded to float32, computed in float64: what a float32
    /// export computes before the rounding of its float32 arithmetic.
    /// </summary>
    public static Sequential RoundedToSingle(Sequential net)
    {
        var layers = net.Select(layer => layer switch
        {
            Linear l => new Linear(l.InFeatures, l.OutFeatures, l.Bias is not null),
            LeakyReLU l => new LeakyReLU((float)l.NegativeSlope),
            ReLU => new ReLU(),
            Sigmoid => new Sigmoid(),
            Tanh => new Tanh(),
            Identity => new Identity(),
            Softmax => new Softmax(),
            LogSoftmax => new LogSoftmax(),
            Selu => new Selu(),
            Softplus sp => (Layer)new Softplus((float)sp.Beta, sp.Threshold),
            Dropout d => new Dropout(d.P) { Training = false }, // the inference graph's identity
            _ => throw new NotSupportedException(layer.ToString()),
        }).ToArray();
        var rounded = new Sequential(layers);
        foreach ((string name, Parameter p) in net.NamedParameters)
        {
            Span<double> target = rounded.GetParameter(name).Data;
            ReadOnlySpan<double> source = p.Data;
            for (int i = 0; i < source.Length; i++)
            {
                target[i] = (float)source[i];
            }
        }

        return rounded;
    }

    /// <summary>The float32 rounding of a batch, widened back.</summary>
    public static Matrix<double> RoundedToSingle(Matrix<double> batch) => batch.Map(v => (double)(float)v);

    /// <summary>
    /// A bound on |float32 result − exact result| entry by entry, propagated layer by layer through the rounded network
    /// <paramref name="rounded"/> on the float32-exact batch <paramref name="x"/> (error 0 at the input):
    /// <list type="bullet">
    /// <item>Linear: the standard bound of a dot product in any summation order (with or without FMA),
    /// |ŷ − y| ≤ |W|·E + γₙ₊₁·(|W|·(|x| + E) + |b|), γₘ = m·u / (1 − m·u);</item>
    /// <item>an activation f with Lipschitz constant L: L·E + 8u·max(1, |f(x)|) (see <see cref="ElementwiseUlps"/>);</item>
    /// <item>Softmax: a shift of the inputs by at most e moves sᵢ by at most 2e·sᵢ, plus the rounding of the n-term sum, the
    /// exponentials and the division, (n + 8)u·sᵢ, plus 8u absolute for the exponential's approximation.</item>
    /// <item>LogSoftmax: a shift of the inputs by at most e moves yᵢ = xᵢ − logsumexp(x) by at most 2e, plus the rounding of
    /// the n-term sum and its logarithm, (n + 8)u absolute, plus 8u·max(1, |yᵢ|) for the subtractions.</item>
    /// </list>
    /// </summary>
    public static Matrix<double> Float32ErrorBound(Sequential rounded, Matrix<double> x)
    {
        rounded.Forward(x);
        Matrix<double> e = Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount);
        foreach (Layer layer in rounded)
        {
            Matrix<double> input = layer.Input!, output = layer.Output!;
            switch (layer)
            {
                case Linear l:
                    Matrix<double> w = l.Weight.Value.PointwiseAbs();
                    int m = l.InFeatures + 1;
                    double gamma = m * U / (1 - (m * U));
                    Matrix<double> magnitude = w * (input.PointwiseAbs() + e);
                    if (l.Bias is { } bias)
                    {
                        Vector<double> b = bias.ToVector().PointwiseAbs();
                        magnitude = magnitude.MapIndexed((i, _, v) => v + b[i]);
                    }

                    e = (w * e) + (gamma * magnitude);
                    break;
                case LogSoftmax:
                    Matrix<double> shift = e;
                    e = output.MapIndexed((i, j, y) =>
                        (2 * shift.Column(j).Maximum()) + ((output.RowCount + 8) * U) + (ElementwiseUlps * U * Math.Max(1, Math.Abs(y))));
                    break;
                case Dropout:
                    break; // the identity in eval mode: exact
                case Softmax:
                    Matrix<double> before = e;
                    e = output.MapIndexed((i, j, s) =>
                        (2 * before.Column(j).Maximum() * s) + ((output.RowCount + 8) * U * s) + (ElementwiseUlps * U));
                    break;
                default:
                    double lipschitz = layer switch
                    {
                        LeakyReLU leaky => Math.Max(1, Math.Abs(leaky.NegativeSlope)),
                        Selu => Selu.Lambda * Selu.Alpha,
                        Sigmoid => 0.25,
                        _ => 1.0, // ReLU, Tanh, Identity, Softplus
                    };
                    Matrix<double> previous = e;
                    e = output.MapIndexed((i, j, y) => (lipschitz * previous[i, j]) + (ElementwiseUlps * U * Math.Max(1, Math.Abs(y))));
                    break;
            }
        }

        return e;
    }

    /// <summary>
    /// Asserts that a float32 export's output is the float32 computation of the network: within
    /// <see cref="Float32ErrorBound"/> of the float64 computation of the network rounded to float32 on the rounded batch.
    /// The bound is also required to stay below 1e-3 relative (a worst case, it grows with depth and width), so that
    /// the comparison is not vacuous. (The errors measured are about 0.05 to 0.15 of the bound for the layers of these
    /// tests: the bound is a worst case.)
    /// </summary>
    public static void ShouldMatchWithinFloat32Rounding(Matrix<double> ort, Sequential net, Matrix<double> x, string what)
    {
        Sequential rounded = RoundedToSingle(net);
        Matrix<double> x32 = RoundedToSingle(x);
        Matrix<double> expected = rounded.Forward(x32).Clone();
        Matrix<double> bound = Float32ErrorBound(rounded, x32);
        ort.RowCount.Should().Be(expected.RowCount, what);
        ort.ColumnCount.Should().Be(expected.ColumnCount, what);
        for (int j = 0; j < expected.ColumnCount; j++)
        {
            for (int i = 0; i < expected.RowCount; i++)
            {
                // The bound is well below a real slip (a wrong weight, operator or input order), so the test can fail;
                // the float64 tests check the digits.
                bound[i, j].Should().BeLessThan(1e-3 * Math.Max(1, Math.Abs(expected[i, j])), $"{what}: the float32 bound of entry [{i}, {j}] is tight");
                double error = Math.Abs(ort[i, j] - expected[i, j]);
                error.Should().BeLessThanOrEqualTo(bound[i, j],
                    $"{what}: entry [{i}, {j}] is {ort[i, j]:R} in ONNX Runtime (float32) and {expected[i, j]:R} computed exactly from the float32 weights and inputs");
            }
        }
    }
}
