namespace TinyNets.Tests.Activations;

/// <summary>
/// Softplus(beta, threshold) against PyTorch's definition (its CPU kernel), computed here independently:
/// forward y = x where β·x &gt; threshold, else log1p(exp(β·x))/β; backward dx = dy there, else dy·z/(z + 1) with
/// z = exp(β·x). Where the library evaluates the same formula (β·x ≤ 0, and the backward pass) the results agree to
/// 1e-15 relative; where it evaluates x + log1p(e^(−β·x))/β instead of log1p(e^(β·x))/β (0 &lt; β·x ≤ threshold), to 1e-12.
/// </summary>
public class SoftplusParityTests
{
    // log1p without the library: 2·atanh(e/(2 + e)) is exact mathematically and well conditioned for e < 1 (the
    // argument is at most 1/3); above, 1 + e is rounded by at most ε relative, which the logarithm turns into ε absolute.
    private static double Log1P(double e) => e < 1 ? 2 * Math.Atanh(e / (2 + e)) : Math.Log(1 + e);

    private static double TorchForward(double x, double beta, double threshold) =>
        beta * x > threshold ? x : Log1P(Math.Exp(beta * x)) / beta;

    private static double TorchBackward(double x, double dy, double beta, double threshold)
    {
        double z = Math.Exp(beta * x);
        return beta * x > threshold ? dy : dy * z / (z + 1);
    }

    public static readonly double[] Inputs =
    [
        -1e300, -1000, -745, -700, -40, -20.5, -20, -3, -1, -0.25, -1e-10, -1e-300, 0, 1e-300, 1e-10, 0.25, 1, 2.5, 4.9,
        5, 5.1, 19.9, 20, 20.5, 40, 700, 1000, 1e300,
    ];

    public static TheoryData<double, double> Parameters => new()
    {
        { 1, 20 }, { 0.5, 20 }, { 2, 20 }, { 3.7, 5 }, { 1, 0 }, { 0.25, -2 }, { 1e-3, 20 }, { 40, 20 },
    };

    private static Matrix<double> Row(double[] values) => Matrix<double>.Build.Dense(1, values.Length, values);

    // Relative, with a floor of a few subnormal steps: e^(−745) ≈ 4.9e-324 has a single significant bit.
    private static void Close(double actual, double expected, double relative, string because)
    {
        double tolerance = (relative * Math.Abs(expected)) + 1e-322;
        Math.Abs(actual - expected).Should().BeLessThanOrEqualTo(tolerance, $"{because}: {actual:R} against PyTorch's {expected:R}");
    }

    [Theory]
    [MemberData(nameof(Parameters))]
    public void Forward_IsPyTorchs(double beta, double threshold)
    {
        var layer = new Softplus(beta, threshold);
        Matrix<double> y = layer.Forward(Row(Inputs));

        for (int i = 0; i < Inputs.Length; i++)
        {
            double x = Inputs[i], t = beta * x;
            double expected = TorchForward(x, beta, threshold);
            string because = $"x = {x:R}, β = {beta}, threshold = {threshold}";
            if (t > threshold)
            {
                y[0, i].Should().Be(x, because); // the linear branch is x itself
            }
            else
            {
                Close(y[0, i], expected, t <= 0 ? 1e-15 : 1e-12, because);
            }

            Softplus.Function(x, beta, threshold).Should().Be(y[0, i], "the static function is the layer's");
        }
    }

    [Theory]
    [MemberData(nameof(Parameters))]
    public void Backward_IsPyTorchs(double beta, double threshold)
    {
        var layer = new Softplus(beta, threshold);
        layer.Forward(Row(Inputs));
        double[] dy = Inputs.Select((_, i) => 0.5 + (0.37 * i)).ToArray();
        Matrix<double> dx = layer.Backward(Row(dy));

        for (int i = 0; i < Inputs.Length; i++)
        {
            double x = Inputs[i];
            double expected = TorchBackward(x, dy[i], beta, threshold);
            string because = $"x = {x:R}, β = {beta}, threshold = {threshold}";
            if (beta * x > threshold)
            {
                dx[0, i].Should().Be(dy[i], because);
            }
            else
            {
                Close(dx[0, i], expected, 1e-15, because);
            }
        }
    }

    // At 20.5 PyTorch's nn.Softplus() is past its threshold: y = x and dy/dx = 1 exactly. The exact softplus gives
    // 20.5 + 1.25e-9 and σ(20.5) = 1 − 1.25e-9.
    [Fact]
    public void Default_PastTheThreshold_IsTheIdentity_WithDerivativeExactlyOne()
    {
        var layer = new Softplus();
        Matrix<double> y = layer.Forward(Row([20.5, 25, 1e300]));
        Matrix<double> dx = layer.Backward(Row([1.0, 1.0, 1.0]));

        y.Row(0).ToArray().Should().Equal(20.5, 25, 1e300);
        dx.Row(0).ToArray().Should().Equal(1.0, 1.0, 1.0);
        Softplus.Function(20.5).Should().Be(20.5);
    }

    // At the threshold itself (β·x = threshold, not above) the formula applies: 20 + log1p(e^(−20)).
    [Fact]
    public void AtTheThreshold_TheFormulaApplies()
    {
        var layer = new Softplus();
        double y = layer.Forward(Row([20.0]))[0, 0];
        double dx = layer.Backward(Row([1.0]))[0, 0];

        Close(y, 20 + Math.Exp(-20) - (Math.Exp(-40) / 2), 1e-15, "softplus(20) = 20 + e^−20 − e^−40/2 + …");
        Close(dx, Math.Exp(20) / (Math.Exp(20) + 1), 1e-15, "σ(20)");
        dx.Should().BeLessThan(1.0);
    }

    // The linear branch differs from the exact softplus by log1p(e^(−x)) < e^(−20) ≈ 2.1e-9 for x > 20: what a model
    // file of version 1.0 (the exact formula) loses by loading with the default threshold.
    [Fact]
    public void TheDefaultThreshold_DiffersFromTheExactFormula_ByLessThan2_1e9()
    {
        double[] x = [20.0000001, 20.5, 21, 25, 30, 40, 100];
        Matrix<double> thresholded = new Softplus().Forward(Row(x));
        Matrix<double> exact = new Softplus(threshold: double.MaxValue).Forward(Row(x));

        for (int i = 0; i < x.Length; i++)
        {
            double difference = exact[0, i] - thresholded[0, i];
            difference.Should().BeGreaterThanOrEqualTo(0).And.BeLessThan(2.1e-9, $"x = {x[i]}");
            // log1p(e^−x) ≈ e^−x, added to x and so rounded to x's last place (0 from x ≈ 37 on).
            Math.Abs(difference - Math.Exp(-x[i])).Should().BeLessThanOrEqualTo(Math.BitIncrement(x[i]) - x[i], $"x = {x[i]}");
        }

        Math.Exp(-20).Should().BeLessThan(2.1e-9);
    }

    // With the linear branch off, the formula holds for every finite x, also where PyTorch's exp(β·x) overflows (it
    // returns ∞ there): max(x, 0) + log1p(e^(−|β·x|))/β stays finite.
    [Fact]
    public void AThresholdAbove709_GivesFiniteValues_WherePyTorchsExpOverflows()
    {
        var layer = new Softplus(beta: 2, threshold: double.MaxValue);
        Matrix<double> y = layer.Forward(Row([400, 800, 1e300]));
        Matrix<double> dx = layer.Backward(Row([1.0, 1.0, 1.0]));

        double.IsPositiveInfinity(Math.Exp(2 * 400.0)).Should().BeTrue("PyTorch's log1p(exp(β·x)) is ∞ here");
        y.Row(0).ToArray().Should().Equal(400, 800, 1e300);
        dx.Row(0).ToArray().Should().Equal(1.0, 1.0, 1.0);
    }

    // Central differences of the layer's own forward pass against its backward pass, on both sides of 0, away from the
    // threshold (where the function has a jump of log1p(e^(−threshold))/β).
    [Theory]
    [InlineData(1.0, 20.0)]
    [InlineData(2.5, 20.0)]
    [InlineData(0.4, 3.0)]
    public void Backward_MatchesCentralDifferences(double beta, double threshold)
    {
        double[] x = [-8, -2, -0.3, 0, 0.3, 2, 6, 30];
        const double h = 1e-6;
        var layer = new Softplus(beta, threshold);
        Matrix<double> plus = new Softplus(beta, threshold).Forward(Row(x.Select(v => v + h).ToArray()));
        Matrix<double> minus = new Softplus(beta, threshold).Forward(Row(x.Select(v => v - h).ToArray()));
        layer.Forward(Row(x));
        Matrix<double> dx = layer.Backward(Row(x.Select(_ => 1.0).ToArray()));

        for (int i = 0; i < x.Length; i++)
        {
            double numeric = (plus[0, i] - minus[0, i]) / (2 * h);
            dx[0, i].Should().BeApproximately(numeric, 1e-8, $"x = {x[i]}");
        }
    }

    [Fact]
    public void Defaults_AreTorchs_AndNamedInToString()
    {
        var layer = new Softplus();
        layer.Beta.Should().Be(1);
        layer.Threshold.Should().Be(20);
        layer.ToString().Should().Be("Softplus(beta=1, threshold=20)");
        new Softplus(0.5, -2.25).ToString().Should().Be("Softplus(beta=0.5, threshold=-2.25)");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ABetaThatIsNotPositiveAndFinite_IsRefused(double beta)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Softplus(beta));
        e.ParamName.Should().Be("beta");
        e.ActualValue.Should().Be(beta);
        e.Message.Should().Contain("positive and finite");
        Assert.Throws<ArgumentOutOfRangeException>(() => Softplus.Function(1.0, beta, 20)).ParamName.Should().Be("beta");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void AThresholdThatIsNotFinite_IsRefused(double threshold)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Softplus(1, threshold));
        e.ParamName.Should().Be("threshold");
        e.ActualValue.Should().Be(threshold);
        e.Message.Should().Contain("finite").And.Contain("double.MaxValue");
        Assert.Throws<ArgumentOutOfRangeException>(() => Softplus.Function(1.0, 1, threshold)).ParamName.Should().Be("threshold");
    }

    // sheet 004's loss keeps the exact formula: no threshold, derivative σ(z) also beyond 20.
    [Fact]
    public void SoftplusLoss_KeepsTheExactFormula()
    {
        var loss = new SoftplusLoss(Reduction.Sum);
        double value = loss.Forward(Row([20.5]), Row([0.0]));
        double derivative = loss.Backward()[0, 0];

        Close(value, 20.5 + Math.Exp(-20.5), 1e-15, "ln(1 + e^20.5) = 20.5 + log1p(e^−20.5)");
        Close(derivative, 1 / (1 + Math.Exp(-20.5)), 1e-15, "σ(20.5)");
        derivative.Should().BeLessThan(1.0);
    }
}
