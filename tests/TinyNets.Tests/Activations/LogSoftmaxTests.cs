namespace TinyNets.Tests.Activations;

/// <summary>
/// LogSoftmax over each column, against log-softmax computed here from its definition (xᵢ − m − ln Σ e^(xⱼ − m), with
/// log1p of the terms other than the maximum's), finite differences, and the ±1000 and ±1e300 columns where a naive
/// log Σ exp overflows; and the static softmax and log-softmax functions.
/// </summary>
public class LogSoftmaxTests
{
    // log1p without the library (see SoftplusParityTests).
    private static double Log1P(double e) => e < 1 ? 2 * Math.Atanh(e / (2 + e)) : Math.Log(1 + e);

    private static double[] Reference(double[] x)
    {
        double m = x.Max();
        int argMax = Array.IndexOf(x, m);
        double others = x.Where((_, i) => i != argMax).Sum(v => Math.Exp(v - m));
        double l = Log1P(others);
        return x.Select(v => (v - m) - l).ToArray();
    }

    public static TheoryData<double[]> Columns => new()
    {
        new[] { 0.5, -1.25, 2.0, 0.0 },
        new[] { 3.0 },
        new[] { 1000.0, -1000.0, 999.0 },
        new[] { -1000.0, -1000.0 },
        new[] { 1e300, -1e300, 0.0 },
        new[] { 1e300, 1e300 },
        new[] { -1e300, -1e300, -1e300 },
        new[] { 40.0, 0.0, -3.0, 39.5 },
        new[] { 50.0, 0.0 }, // the maximum's value is −e^(−50) ≈ −1.9e-22: kept to full precision by log1p
    };

    private static Matrix<double> Column(double[] x) => Matrix<double>.Build.Dense(x.Length, 1, x);

    [Theory]
    [MemberData(nameof(Columns))]
    public void Forward_IsTheDefinition_ToTheLastBits(double[] x)
    {
        double[] expected = Reference(x);
        double m = x.Max();
        double l = -expected.Max(); // the maximum's entry is −ln(1 + the others)
        Matrix<double> y = new LogSoftmax().Forward(Column(x));

        for (int i = 0; i < x.Length; i++)
        {
            // Each of xᵢ − m, the logarithm and the final subtraction is rounded once: 4ε of the magnitudes involved.
            double tolerance = 4 * double.Epsilon + (4 * 2.220446049250313e-16 * (Math.Abs(x[i] - m) + l));
            double.IsFinite(y[i, 0]).Should().BeTrue();
            Math.Abs(y[i, 0] - expected[i]).Should().BeLessThanOrEqualTo(tolerance, $"entry {i} of [{string.Join(", ", x)}]");
        }

        y.Column(0).Sum(Math.Exp).Should().BeApproximately(1.0, 1e-15 * x.Length);
    }

    [Fact]
    public void ExtremeColumns_HaveTheirClosedForms()
    {
        Matrix<double> y = new LogSoftmax().Forward(Matrix<double>.Build.DenseOfColumnArrays(
            [1e300, -1e300, 0.0], [1e300, 1e300, 1e300], [1000.0, -1000.0, 999.0], [50.0, 0.0, 0.0]));

        y.Column(0).ToArray().Should().Equal(0.0, -2e300, -1e300);
        y.Column(1).ToArray().Should().Equal(-Math.Log(3), -Math.Log(3), -Math.Log(3));
        double l = Log1P(Math.Exp(-1)), eps = 2.220446049250313e-16;
        y[0, 2].Should().BeApproximately(-l, 2 * eps * l);
        y[1, 2].Should().BeApproximately(-2000 - l, 2 * eps * 2000);
        y[2, 2].Should().BeApproximately(-1 - l, 2 * eps * (1 + l));
        y[0, 3].Should().BeApproximately(-2 * Math.Exp(-50), 1e-15 * 2 * Math.Exp(-50), "−log1p(2e^(−50)), not 0");
    }

    [Fact]
    public void Backward_IsDyMinusSoftmaxTimesTheSumOfDy()
    {
        double[] x = [1000.0, -1000.0, 999.0, 998.5];
        double[] dy = [0.25, -1.5, 2.0, 0.125];
        var layer = new LogSoftmax();
        layer.Forward(Column(x));
        Matrix<double> dx = layer.Backward(Column(dy));

        double s = dy.Sum();
        double[] e = x.Select(v => Math.Exp(v - 1000)).ToArray();
        double z = e.Sum();
        for (int i = 0; i < x.Length; i++)
        {
            dx[i, 0].Should().BeApproximately(dy[i] - (e[i] / z * s), 1e-15 * 4);
        }

        // ±1e300: softmax is (1, 0, 0), so dx = dy − (Σdy, 0, 0), finite.
        layer.Forward(Column([1e300, -1e300, 0.0]));
        layer.Backward(Column([1.0, 2.0, 3.0])).Column(0).ToArray().Should().Equal(1.0 - 6.0, 2.0, 3.0);
    }

    [Fact]
    public void Backward_MatchesCentralDifferences()
    {
        var random = new SeededRandom(41);
        Matrix<double> x = Matrix<double>.Build.Dense(5, 3, (_, _) => random.NextUniform(-3, 3));
        Matrix<double> w = Matrix<double>.Build.Dense(5, 3, (_, _) => random.NextUniform(-1, 1));
        var layer = new LogSoftmax();
        layer.Forward(x);
        Matrix<double> dx = layer.Backward(w);

        const double h = 1e-6;
        for (int j = 0; j < 3; j++)
        {
            for (int i = 0; i < 5; i++)
            {
                Matrix<double> plus = x.Clone(), minus = x.Clone();
                plus[i, j] += h;
                minus[i, j] -= h;
                double numeric = (LogSoftmax.Function(plus).PointwiseMultiply(w).Enumerate().Sum()
                    - LogSoftmax.Function(minus).PointwiseMultiply(w).Enumerate().Sum()) / (2 * h);
                dx[i, j].Should().BeApproximately(numeric, 1e-8, $"entry [{i}, {j}]");
            }
        }
    }

    [Fact]
    public void TheStaticFunctions_AreTheLayers_BitForBit()
    {
        var random = new SeededRandom(5);
        Matrix<double> x = Matrix<double>.Build.Dense(7, 4, (_, _) => random.NextUniform(-20, 20));
        x[0, 1] = 1e300;
        x[3, 2] = -1e300;

        Matrix<double> logSoftmax = new LogSoftmax().Forward(x).Clone();
        Matrix<double> softmax = new Softmax().Forward(x).Clone();

        LogSoftmax.Function(x).ToColumnMajorArray().Should().Equal(logSoftmax.ToColumnMajorArray());
        Softmax.Function(x).ToColumnMajorArray().Should().Equal(softmax.ToColumnMajorArray());
        var y = new double[7];
        for (int j = 0; j < 4; j++)
        {
            double[] column = x.Column(j).ToArray();
            LogSoftmax.Function(column, y);
            y.Should().Equal(logSoftmax.Column(j).ToArray());
            Softmax.Function(column, y);
            y.Should().Equal(softmax.Column(j).ToArray());
            Softmax.Function(column, column); // in place
            column.Should().Equal(softmax.Column(j).ToArray());
        }
    }

    [Fact]
    public void TheSpanForms_AllocateNothing()
    {
        double[] x = [0.5, -1.0, 3.0, 2.5, 1e300, -1e300];
        var y = new double[x.Length];
        LogSoftmax.Function(x, y);
        Softmax.Function(x, y);

        // As in AllocationTests: the runtime may allocate now and then on this thread (tiered JIT); an allocation of the
        // library's own would show in every window, so the quietest one must read 0.
        long fewest = long.MaxValue;
        for (int window = 0; window < 10 && fewest > 0; window++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                LogSoftmax.Function(x, y);
                Softmax.Function(x, y);
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        fewest.Should().Be(0);
    }

    [Fact]
    public void TheStaticFunctions_RefuseBadArguments_NamingThem()
    {
        double[] x = [1.0, 2.0, 3.0];
        Assert.Throws<ArgumentException>(() => LogSoftmax.Function(x, new double[2])).ParamName.Should().Be("y");
        Assert.Throws<ArgumentException>(() => Softmax.Function(x, new double[4])).ParamName.Should().Be("y");
        Assert.Throws<ArgumentException>(() => LogSoftmax.Function([], Span<double>.Empty)).ParamName.Should().Be("x");
        Assert.Throws<ArgumentException>(() => Softmax.Function([1.0, double.NaN], new double[2])).Message.Should().Contain("entry 1 is NaN");
        Assert.Throws<ArgumentException>(() => LogSoftmax.Function(x, x)).Message.Should().Contain("overlap");
        double[] buffer = [1.0, 2.0, 3.0, 4.0];
        Assert.Throws<ArgumentException>(() => Softmax.Function(buffer.AsSpan(0, 3), buffer.AsSpan(1, 3))).Message.Should().Contain("partially");
        Matrix<double> nan = Matrix<double>.Build.Dense(2, 2);
        nan[1, 1] = double.PositiveInfinity;
        Assert.Throws<ArgumentException>(() => LogSoftmax.Function(nan)).Message.Should().Contain("entry [1, 1]");
        Assert.Throws<ArgumentException>(() => Softmax.Function(Matrix<double>.Build.Sparse(2, 2))).ParamName.Should().Be("x");
    }

    [Fact]
    public void AsTheFirstLayer_ABackwardWithoutTheInputGradient_ComputesTheLaterLayersOnly()
    {
        // LogSoftmax first, and Backward told not to compute ∂L/∂input: the layer gets nothing to write and must compute
        // nothing; the Linear layer after it still gets its gradient ∂L/∂W = dy·xᵀ with x = log-softmax(input) = −ln 2.
        var net = new Sequential(new LogSoftmax(), new Linear(2, 1, bias: false));
        net.SetParameter("1.weight", new[,] { { 1.0, 1.0 } });
        // Two samples, so that the batch path (not the single-sample one) runs: ∂L/∂W sums dy·x over them.
        Matrix<double> input = Matrix<double>.Build.DenseOfColumnArrays([0.0, 0.0], [5.0, 5.0]);
        net.Forward(input);
        net.Backward(Matrix<double>.Build.Dense(1, 2, 1.0), computeInputGradient: false).Should().BeNull();
        net.GetGradient("1.weight").ToColumnMajorArray().Should().Equal(-2 * Math.Log(2), -2 * Math.Log(2));
        net[0].InputGradient.Should().BeNull();
    }

    [Fact]
    public void ToString_NamesTheDimension() => new LogSoftmax().ToString().Should().Be("LogSoftmax(dim=features)");
}
