using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using TinyNets.Autodiff;

namespace TinyNets.Tests.Autodiff;

/// <summary>
/// The scalar reverse-mode engine <see cref="Value"/>: every operation's value and gradient against its closed form and
/// against central finite differences of the engine's own forward pass (random inputs from fixed seeds), composite and
/// shared-node graphs, very deep graphs, repeated Backward, ZeroGrad, ToString, ToDot and bad input.
/// Central differences with h = 1e-6 on functions of order 1 have truncation error ~h²·f‴/6 ≈ 1e-11 and rounding error
/// ~ε·|f|/h ≈ 1e-10, so 1e-7·(1 + |g|) is loose enough for the method and tight enough to catch a wrong formula.
/// </summary>
public class ValueTests
{
    private const double H = 1e-6;
    private const double FdTolerance = 1e-7;
    private static readonly ulong[] Seeds = { 1UL, 7UL, 42UL };
    private const int DrawsPerSeed = 8;

    // ------------------------------------------------------------------ helpers

    private static double Central(Func<double, double> f, double x) => (f(x + H) - f(x - H)) / (2 * H);

    private static void CloseToFiniteDifference(double actual, double fd, string because) =>
        actual.Should().BeApproximately(fd, FdTolerance * (1 + Math.Abs(fd)), because);

    /// <summary>Every x drawn for a case: <see cref="DrawsPerSeed"/> uniform draws from each of the fixed seeds.</summary>
    private static IEnumerable<double> Draws(double low, double high)
    {
        foreach (ulong seed in Seeds)
        {
            var rng = new SeededRandom(seed);
            for (int i = 0; i < DrawsPerSeed; i++)
            {
                yield return rng.NextUniform(low, high);
            }
        }
    }

    private static IEnumerable<(double X, double Y)> PairDraws(double lowX, double highX, double lowY, double highY)
    {
        foreach (ulong seed in Seeds)
        {
            var rng = new SeededRandom(seed + 1000);
            for (int i = 0; i < DrawsPerSeed; i++)
            {
                yield return (rng.NextUniform(lowX, highX), rng.NextUniform(lowY, highY));
            }
        }
    }

    private static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    private static double Sech2(double x) => 1.0 / (Math.Cosh(x) * Math.Cosh(x));

    // ------------------------------------------------------------------ one-input operations

    /// <summary>A one-input operation: the engine's version, its closed form f and f′, and a domain for random x.</summary>
    private sealed record UnaryCase(Func<Value, Value> Op, Func<double, double> F, Func<double, double> DF, double Low, double High);

    private static readonly Dictionary<string, UnaryCase> UnaryCases = new()
    {
        ["neg"] = new(v => -v, x => -x, _ => -1, -3, 3),
        ["Negate"] = new(Value.Negate, x => -x, _ => -1, -3, 3),
        ["exp"] = new(v => v.Exp(), Math.Exp, Math.Exp, -3, 3),
        ["log"] = new(v => v.Log(), Math.Log, x => 1 / x, 0.2, 5),
        ["sin"] = new(v => v.Sin(), Math.Sin, Math.Cos, -4, 4),
        ["cos"] = new(v => v.Cos(), Math.Cos, x => -Math.Sin(x), -4, 4),
        ["tanh"] = new(v => v.Tanh(), Math.Tanh, Sech2, -3, 3),
        ["sigmoid"] = new(v => v.Sigmoid(), Sig, x => Math.Exp(-x) / ((1 + Math.Exp(-x)) * (1 + Math.Exp(-x))), -6, 6),
        ["relu positive"] = new(v => v.Relu(), x => x, _ => 1, 0.05, 3),
        ["relu negative"] = new(v => v.Relu(), _ => 0, _ => 0, -3, -0.05),
        ["softplus"] = new(v => v.Softplus(), Softplus, Sig, -6, 6),
        ["pow 0"] = new(v => v.Pow(0), _ => 1, _ => 0, -3, 3),
        ["pow 1"] = new(v => v.Pow(1), x => x, _ => 1, -3, 3),
        ["pow 2"] = new(v => v.Pow(2), x => x * x, x => 2 * x, -3, 3),
        ["pow 3"] = new(v => v.Pow(3), x => x * x * x, x => 3 * x * x, -3, 3),
        ["pow -1 positive"] = new(v => v.Pow(-1), x => 1 / x, x => -1 / (x * x), 0.3, 3),
        ["pow -1 negative"] = new(v => v.Pow(-1), x => 1 / x, x => -1 / (x * x), -3, -0.3),
        ["pow -2"] = new(v => v.Pow(-2), x => 1 / (x * x), x => -2 / (x * x * x), -3, -0.3),
        ["pow 0.5"] = new(v => v.Pow(0.5), Math.Sqrt, x => 0.5 / Math.Sqrt(x), 0.2, 4),
        ["pow 1.5"] = new(v => v.Pow(1.5), x => x * Math.Sqrt(x), x => 1.5 * Math.Sqrt(x), 0.2, 4),
        ["pow -2.5"] = new(v => v.Pow(-2.5), x => 1 / (x * x * Math.Sqrt(x)), x => -2.5 / (x * x * x * Math.Sqrt(x)), 0.5, 4),
        ["node + c"] = new(v => v + 1.75, x => x + 1.75, _ => 1, -3, 3),
        ["c + node"] = new(v => 1.75 + v, x => 1.75 + x, _ => 1, -3, 3),
        ["node - c"] = new(v => v - 1.75, x => x - 1.75, _ => 1, -3, 3),
        ["c - node"] = new(v => 1.75 - v, x => 1.75 - x, _ => -1, -3, 3),
        ["node * c"] = new(v => v * -2.5, x => x * -2.5, _ => -2.5, -3, 3),
        ["c * node"] = new(v => -2.5 * v, x => -2.5 * x, _ => -2.5, -3, 3),
        ["node / c"] = new(v => v / 0.8, x => x / 0.8, _ => 1 / 0.8, -3, 3),
        ["c / node"] = new(v => 3.0 / v, x => 3.0 / x, x => -3.0 / (x * x), 0.5, 3),
        ["c / negative node"] = new(v => 3.0 / v, x => 3.0 / x, x => -3.0 / (x * x), -3, -0.5),
    };

    public static TheoryData<string> UnaryNames => new(UnaryCases.Keys);

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void Unary_ValueAndGradientEqualTheClosedForm(string name)
    {
        UnaryCase c = UnaryCases[name];
        foreach (double x in Draws(c.Low, c.High))
        {
            var leaf = new Value(x);
            Value y = c.Op(leaf);
            Exact(y.Data, c.F(x), $"{name}({x:R})");
            y.Backward();
            Exact(y.Grad, 1.0, "the output's own gradient is 1");
            Exact(leaf.Grad, c.DF(x), $"{name}′({x:R})");
        }
    }

    [Theory]
    [MemberData(nameof(UnaryNames))]
    public void Unary_GradientMatchesCentralDifference(string name)
    {
        UnaryCase c = UnaryCases[name];
        foreach (double x in Draws(c.Low + (10 * H), c.High - (10 * H)))
        {
            var leaf = new Value(x);
            Value y = c.Op(leaf);
            y.Backward();
            double fd = Central(t => c.Op(new Value(t)).Data, x);
            CloseToFiniteDifference(leaf.Grad, fd, $"{name} at {x:R}");
        }
    }

    [Fact]
    public void Relu_DerivativeAtExactlyZeroIsZero()
    {
        // ReLU′(0) is undefined mathematically; the convention (as in PyTorch) is 0.
        foreach (double zero in new[] { 0.0, -0.0 })
        {
            var x = new Value(zero);
            Value y = x.Relu();
            y.Data.Should().Be(0.0);
            y.Backward();
            x.Grad.Should().Be(0.0, "ReLU′(0) = 0 by convention");
            y.LocalDerivatives.Should().Equal(0.0);
        }
    }

    [Fact]
    public void Pow_AtZeroBaseUsesTheExactLimits()
    {
        // x⁰ is the constant 1 (derivative 0, also at x = 0); x¹ has slope 1 at 0; x² and x^1.5 have slope 0 at 0.
        var x = new Value(0.0);
        Value p0 = x.Pow(0);
        p0.Data.Should().Be(1.0);
        p0.Backward();
        x.Grad.Should().Be(0.0);

        Value p1 = x.Pow(1);
        p1.Data.Should().Be(0.0);
        p1.Backward();
        x.Grad.Should().Be(1.0);

        Value p2 = x.Pow(2);
        p2.Backward();
        x.Grad.Should().Be(0.0);

        Value p15 = x.Pow(1.5);
        p15.Backward();
        x.Grad.Should().Be(0.0);
    }

    [Fact]
    public void SigmoidAndSoftplus_AreFiniteAndCorrectFarOutWhereTheNaiveFormulaOverflows()
    {
        var big = new Value(800);
        Value sp = big.Softplus();
        Exact(sp.Data, 800.0, "softplus(800) = 800 + ln(1 + e^−800)");
        sp.Backward();
        Exact(big.Grad, 1.0, "softplus′(800) = σ(800) = 1");

        var small = new Value(-800);
        Value s = small.Sigmoid();
        s.Data.Should().BeGreaterThanOrEqualTo(0.0).And.BeLessThan(1e-300);
        s.Backward();
        double.IsFinite(small.Grad).Should().BeTrue();
        small.Grad.Should().BeGreaterThanOrEqualTo(0.0).And.BeLessThan(1e-300);

        var negative = new Value(-40);
        Value spn = negative.Softplus();
        Exact(spn.Data, Math.Exp(-40), "softplus(−40) = ln(1 + e^−40) ≈ e^−40 (relative 1e-12)");
        spn.Data.Should().BeApproximately(Math.Exp(-40), 1e-12 * Math.Exp(-40));
    }

    // ------------------------------------------------------------------ two-input operations

    private sealed record BinaryCase(
        Func<Value, Value, Value> Op, Func<double, double, double> F, Func<double, double, double> DFx, Func<double, double, double> DFy,
        double LowY, double HighY);

    private static readonly Dictionary<string, BinaryCase> BinaryCases = new()
    {
        ["+"] = new((a, b) => a + b, (x, y) => x + y, (_, _) => 1, (_, _) => 1, -3, 3),
        ["-"] = new((a, b) => a - b, (x, y) => x - y, (_, _) => 1, (_, _) => -1, -3, 3),
        ["*"] = new((a, b) => a * b, (x, y) => x * y, (_, y) => y, (x, _) => x, -3, 3),
        ["/"] = new((a, b) => a / b, (x, y) => x / y, (_, y) => 1 / y, (x, y) => -x / (y * y), 0.4, 3),
        ["/ negative divisor"] = new((a, b) => a / b, (x, y) => x / y, (_, y) => 1 / y, (x, y) => -x / (y * y), -3, -0.4),
        ["Add"] = new(Value.Add, (x, y) => x + y, (_, _) => 1, (_, _) => 1, -3, 3),
        ["Subtract"] = new(Value.Subtract, (x, y) => x - y, (_, _) => 1, (_, _) => -1, -3, 3),
        ["Multiply"] = new(Value.Multiply, (x, y) => x * y, (_, y) => y, (x, _) => x, -3, 3),
        ["Divide"] = new(Value.Divide, (x, y) => x / y, (_, y) => 1 / y, (x, y) => -x / (y * y), 0.4, 3),
    };

    public static TheoryData<string> BinaryNames => new(BinaryCases.Keys);

    [Theory]
    [MemberData(nameof(BinaryNames))]
    public void Binary_ValueAndBothGradientsEqualTheClosedForm(string name)
    {
        BinaryCase c = BinaryCases[name];
        foreach ((double x, double y) in PairDraws(-3, 3, c.LowY, c.HighY))
        {
            var a = new Value(x);
            var b = new Value(y);
            Value z = c.Op(a, b);
            Exact(z.Data, c.F(x, y), $"{x:R} {name} {y:R}");
            z.Backward();
            Exact(a.Grad, c.DFx(x, y), $"∂({name})/∂left at ({x:R}, {y:R})");
            Exact(b.Grad, c.DFy(x, y), $"∂({name})/∂right at ({x:R}, {y:R})");
            z.Parents.Should().HaveCount(2);
            z.Parents[0].Should().BeSameAs(a);
            z.Parents[1].Should().BeSameAs(b);
        }
    }

    [Theory]
    [MemberData(nameof(BinaryNames))]
    public void Binary_BothGradientsMatchCentralDifferences(string name)
    {
        BinaryCase c = BinaryCases[name];
        foreach ((double x, double y) in PairDraws(-3, 3, c.LowY, c.HighY))
        {
            var a = new Value(x);
            var b = new Value(y);
            Value z = c.Op(a, b);
            z.Backward();
            CloseToFiniteDifference(a.Grad, Central(t => c.Op(new Value(t), new Value(y)).Data, x), $"∂/∂left at ({x:R}, {y:R})");
            CloseToFiniteDifference(b.Grad, Central(t => c.Op(new Value(x), new Value(t)).Data, y), $"∂/∂right at ({x:R}, {y:R})");
        }
    }

    [Fact]
    public void Multiply_StoresTheOtherOperandAsEachEdgesLocalDerivative()
    {
        var a = new Value(2.5, "a");
        var b = new Value(-4, "b");
        Value c = a * b;
        c.Parents.Should().HaveCount(2);
        c.LocalDerivatives.Should().Equal(-4.0, 2.5);
        c.Operation.Should().NotBeNullOrEmpty();
        a.Operation.Should().BeEmpty("a leaf has no operation");
        a.Parents.Should().BeEmpty();
        a.LocalDerivatives.Should().BeEmpty();
    }

    [Fact]
    public void ParentsAndLocalDerivatives_CannotBeEditedThroughACast()
    {
        // A cast to IList<T> (or to the array) must not reach the graph: an edited parent could make a cycle, an edited
        // derivative a NaN, behind Backward's back.
        var a = new Value(2.5, "a");
        var b = new Value(-4, "b");
        Value c = a * b;

        c.Parents.Should().NotBeAssignableTo<Value[]>();
        c.LocalDerivatives.Should().NotBeAssignableTo<double[]>();
        var parents = (IList<Value>)c.Parents;
        var derivatives = (IList<double>)c.LocalDerivatives;
        parents.IsReadOnly.Should().BeTrue();
        derivatives.IsReadOnly.Should().BeTrue();
        FluentActions.Invoking(() => parents[0] = c).Should().Throw<NotSupportedException>();
        FluentActions.Invoking(() => derivatives[0] = double.NaN).Should().Throw<NotSupportedException>();

        c.Parents.Should().Equal(a, b);
        c.LocalDerivatives.Should().Equal(-4.0, 2.5);
        c.Backward();
        a.Grad.Should().Be(-4.0);
        b.Grad.Should().Be(2.5);
    }

    [Theory]
    [InlineData(0.0, 1e-170)]
    [InlineData(0.0, -1e-170)]
    [InlineData(1e-300, 1e-160)]
    [InlineData(-3e-300, 2e-160)]
    public void Divide_DerivativeWrtATinyDivisorIsFiniteAndAccurate(double dividend, double divisor)
    {
        // ∂(a/b)/∂b = −a/b². For these inputs the exact derivative is a finite, representable double (0 when a = 0,
        // −1e20 for 1e-300 / 1e-160), but b² underflows: computing −a/(b·b) gives −0/0 = NaN or loses digits in the
        // subnormal range. The same closed form −a/b², evaluated as −(a/b)/b, stays in the normal range (two roundings).
        double expected = -(dividend / divisor) / divisor;
        foreach (bool constantDividend in new[] { false, true })
        {
            var b = new Value(divisor);
            Value q = constantDividend ? dividend / b : new Value(dividend) / b;
            q.Backward();
            double.IsNaN(b.Grad).Should().BeFalse($"∂({dividend:R}/b)/∂b at b = {divisor:R} is {expected:R}, not NaN (constant dividend: {constantDividend})");
            b.Grad.Should().BeApproximately(expected, 1e-12 * Math.Max(1, Math.Abs(expected)),
                $"∂({dividend:R}/b)/∂b at b = {divisor:R} (constant dividend: {constantDividend})");
        }
    }

    // ------------------------------------------------------------------ FromEdges

    [Fact]
    public void FromEdges_GradientIsUpstreamTimesTheGivenEdgeDerivatives()
    {
        var a = new Value(1, "a");
        var b = new Value(2, "b");
        Value n = Value.FromEdges(7, (a, 2.5), (b, -3));
        n.Data.Should().Be(7);
        n.Parents.Should().HaveCount(2);
        n.LocalDerivatives.Should().Equal(2.5, -3.0);

        Value y = n * 4;
        y.Backward();
        Exact(n.Grad, 4);
        Exact(a.Grad, 10, "4 · 2.5");
        Exact(b.Grad, -12, "4 · (−3)");
    }

    [Fact]
    public void FromEdges_SameParentOnTwoEdgesReceivesTheSum()
    {
        var a = new Value(1);
        Value n = Value.FromEdges(0, (a, 2), (a, 3));
        n.Backward();
        Exact(a.Grad, 5);
    }

    [Fact]
    public void FromEdges_WithTheTrueLocalDerivativesMatchesTheOperatorGraphAndCentralDifferences()
    {
        // f(a, b) = tanh(a · sin b); the middle node a·sin b is given by its edges (sin b, a cos b).
        static double F(double x, double y) => Math.Tanh(x * Math.Sin(y));
        foreach ((double x, double y) in PairDraws(-2, 2, -3, 3))
        {
            var a = new Value(x);
            var b = new Value(y);
            Value viaEdges = Value.FromEdges(x * Math.Sin(y), (a, Math.Sin(y)), (b, x * Math.Cos(y))).Tanh();
            viaEdges.Backward();
            double ga = a.Grad, gb = b.Grad;

            Exact(ga, Sech2(x * Math.Sin(y)) * Math.Sin(y));
            Exact(gb, Sech2(x * Math.Sin(y)) * x * Math.Cos(y));
            CloseToFiniteDifference(ga, Central(t => F(t, y), x), "∂f/∂a");
            CloseToFiniteDifference(gb, Central(t => F(x, t), y), "∂f/∂b");

            Value viaOps = (a * b.Sin()).Tanh();
            viaOps.Backward();
            Exact(a.Grad, ga, "operator graph and edge graph agree");
            Exact(b.Grad, gb, "operator graph and edge graph agree");
        }
    }

    // ------------------------------------------------------------------ composite expressions

    [Fact]
    public void Composite_TanhNeuronHasTheClosedFormGradients()
    {
        // o = tanh(x1·w1 + x2·w2 + b) with n = atanh(1/√2) = ln(1 + √2), so o = 1/√2 and 1 − o² = ½.
        var x1 = new Value(2.0, "x1");
        var x2 = new Value(0.0, "x2");
        var w1 = new Value(-3.0, "w1");
        var w2 = new Value(1.0, "w2");
        var b = new Value(6.0 + Math.Log(1 + Math.Sqrt(2)), "b");
        Value o = ((x1 * w1) + (x2 * w2) + b).Tanh();
        o.Backward();
        double slope = 1 - (o.Data * o.Data);
        Exact(o.Data, 1 / Math.Sqrt(2));
        Exact(slope, 0.5);
        Exact(x1.Grad, slope * -3.0);
        Exact(w1.Grad, slope * 2.0);
        Exact(x2.Grad, slope * 1.0);
        Exact(w2.Grad, 0.0);
        Exact(b.Grad, slope);

        // The same neuron with tanh written as (e^{2n} − 1)/(e^{2n} + 1) gives the same gradients.
        var x1b = new Value(2.0);
        var w1b = new Value(-3.0);
        Value n = (x1b * w1b) + (new Value(0.0) * new Value(1.0)) + b.Data;
        Value e = (2 * n).Exp();
        Value o2 = (e - 1) / (e + 1);
        o2.Backward();
        Exact(o2.Data, 1 / Math.Sqrt(2));
        Exact(x1b.Grad, -1.5);
        Exact(w1b.Grad, 1.0);
    }

    [Fact]
    public void Composite_MicrogradSanityExpressionHasTheClosedFormGradient()
    {
        // micrograd's test_sanity_check at x = −4. For z = 3x + 2 < 0: y = 3x³ + 14x² + 14x + 4, y′ = 9x² + 28x + 14.
        var x = new Value(-4.0);
        Value z = (2 * x) + 2 + x;
        Value q = z.Relu() + (z * x);
        Value h = (z * z).Relu();
        Value y = h + q + (q * x);
        y.Backward();
        double xv = -4.0;
        Exact(y.Data, (3 * xv * xv * xv) + (14 * xv * xv) + (14 * xv) + 4);
        Exact(y.Data, -20);
        Exact(x.Grad, (9 * xv * xv) + (28 * xv) + 14);
        Exact(x.Grad, 46);
    }

    [Fact]
    public void Composite_MicrogradMoreOpsExpressionHasTheExactRationalGradients()
    {
        // micrograd's test_more_ops at a = −4, b = 2; exact values by symbolic differentiation:
        // g = 2421/98, ∂g/∂a = 47620/343, ∂g/∂b = 221433/343.
        static double G(double av, double bv)
        {
            double c = av + bv, d = (av * bv) + (bv * bv * bv);
            c += c + 1;
            c += 1 + c - av;
            d += (d * 2) + Math.Max(bv + av, 0);
            d += (3 * d) + Math.Max(bv - av, 0);
            double e = c - d, f = e * e;
            return (f / 2.0) + (10.0 / f);
        }

        var a = new Value(-4.0);
        var b = new Value(2.0);
        Value cc = a + b;
        Value dd = (a * b) + b.Pow(3);
        cc += cc + 1;
        cc += 1 + cc + (-a);
        dd += (dd * 2) + (b + a).Relu();
        dd += (3 * dd) + (b - a).Relu();
        Value ee = cc - dd;
        Value ff = ee.Pow(2);
        Value g = ff / 2.0;
        g += 10.0 / ff;
        g.Backward();

        Exact(g.Data, 2421.0 / 98);
        Exact(g.Data, G(-4, 2));
        Exact(a.Grad, 47620.0 / 343);
        Exact(b.Grad, 221433.0 / 343);
        CloseToFiniteDifference(a.Grad, Central(t => G(t, 2), -4), "∂g/∂a");
        CloseToFiniteDifference(b.Grad, Central(t => G(-4, t), 2), "∂g/∂b");
    }

    [Fact]
    public void Composite_RandomExpressionMatchesCentralDifferencesInEveryInput()
    {
        // f(a, b, c) = tanh(a·b + c/a)·exp(−b²) + ln(1 + a²) − σ(c)·softplus(b) + sin(a)·cos(c)/(2 + b)^0.5 + relu(a − c)
        static double F(double a, double b, double c) =>
            (Math.Tanh((a * b) + (c / a)) * Math.Exp(-b * b)) + Math.Log(1 + (a * a)) - (Sig(c) * Softplus(b))
            + (Math.Sin(a) * Math.Cos(c) / Math.Sqrt(2 + b)) + Math.Max(a - c, 0);

        static Value Build(Value a, Value b, Value c) =>
            (((a * b) + (c / a)).Tanh() * (-b.Pow(2)).Exp()) + (1 + a.Pow(2)).Log() - (c.Sigmoid() * b.Softplus())
            + (a.Sin() * c.Cos() / (2 + b).Pow(0.5)) + (a - c).Relu();

        foreach (ulong seed in Seeds)
        {
            var rng = new SeededRandom(seed);
            for (int i = 0; i < DrawsPerSeed; i++)
            {
                double av = rng.NextUniform(0.5, 2) * (rng.NextDouble() < 0.5 ? -1 : 1);
                double bv = rng.NextUniform(-1.5, 1.5), cv = rng.NextUniform(-2, 2);
                if (Math.Abs(av - cv) < 1e-3)
                {
                    continue; // stay away from the ReLU kink
                }

                var a = new Value(av);
                var b = new Value(bv);
                var c = new Value(cv);
                Value f = Build(a, b, c);
                Exact(f.Data, F(av, bv, cv));
                f.Backward();
                CloseToFiniteDifference(a.Grad, Central(t => F(t, bv, cv), av), $"∂f/∂a at ({av:R}, {bv:R}, {cv:R})");
                CloseToFiniteDifference(b.Grad, Central(t => F(av, t, cv), bv), $"∂f/∂b at ({av:R}, {bv:R}, {cv:R})");
                CloseToFiniteDifference(c.Grad, Central(t => F(av, bv, t), cv), $"∂f/∂c at ({av:R}, {bv:R}, {cv:R})");
            }
        }
    }

    // ------------------------------------------------------------------ shared nodes

    [Fact]
    public void ReusedNode_BEqualsAPlusA_CEqualsBTimesB_GivesEightA()
    {
        foreach (double x in Draws(-3, 3))
        {
            var a = new Value(x, "a");
            Value b = a + a;
            Value c = b * b;
            c.Backward();
            Exact(c.Data, 4 * x * x);
            Exact(b.Grad, 4 * x, "dc/db = 2b = 4a");
            Exact(a.Grad, 8 * x, "dc/da = 2b · 2 = 8a: both edges a→b must be counted, each carrying 2b");
        }
    }

    [Fact]
    public void ReusedNode_ASquaredBySelfProductGivesTwoA()
    {
        foreach (double x in Draws(-3, 3))
        {
            var a = new Value(x);
            Value y = a * a;
            y.Backward();
            Exact(a.Grad, 2 * x);

            var a2 = new Value(x);
            Value zero = a2 - a2;
            zero.Backward();
            Exact(a2.Grad, 0.0, "d(a − a)/da = 0");
        }
    }

    [Fact]
    public void ReusedNode_ANodeUsedInManyPlacesSumsEveryPath()
    {
        foreach (double x in Draws(0.5, 2.5))
        {
            // y = a·a·a + sin(a)·a + 3/a + e^a + (sin a · cos a)
            var a = new Value(x);
            Value y = (a * a * a) + (a.Sin() * a) + (3.0 / a) + a.Exp() + (a.Sin() * a.Cos());
            y.Backward();
            double expected = (3 * x * x) + (Math.Cos(x) * x) + Math.Sin(x) - (3 / (x * x)) + Math.Exp(x) + Math.Cos(2 * x);
            Exact(a.Grad, expected);
        }

        // a added to itself 1000 times: gradient 1000.
        var leaf = new Value(0.3);
        Value sum = leaf;
        for (int i = 1; i < 1000; i++)
        {
            sum += leaf;
        }

        sum.Backward();
        leaf.Grad.Should().Be(1000.0);

        // A shared intermediate: e = a·b used three times in y = e·e + e.
        var p = new Value(1.5);
        var r = new Value(-0.7);
        Value shared = p * r;
        Value z = (shared * shared) + shared;
        z.Backward();
        double ev = 1.5 * -0.7;
        Exact(shared.Grad, (2 * ev) + 1);
        Exact(p.Grad, ((2 * ev) + 1) * -0.7);
        Exact(r.Grad, ((2 * ev) + 1) * 1.5);
    }

    // ------------------------------------------------------------------ deep graphs

    private const int Depth = 100_000;

    [Fact]
    public void DeepChain_AddingZeroHundredThousandTimesDoesNotOverflowTheStack()
    {
        var x = new Value(0.75);
        Value y = x;
        for (int i = 0; i < Depth; i++)
        {
            y += 0.0;
        }

        y.Backward();
        y.Data.Should().Be(0.75);
        x.Grad.Should().Be(1.0);
    }

    [Fact]
    public void DeepChain_MultiplyingByOneHundredThousandTimesDoesNotOverflowTheStack()
    {
        var x = new Value(-1.25);
        Value y = x;
        for (int i = 0; i < Depth; i++)
        {
            y *= 1.0;
        }

        y.Backward();
        y.Data.Should().Be(-1.25);
        x.Grad.Should().Be(1.0);
        y.ZeroGrad();
        x.Grad.Should().Be(0.0, "ZeroGrad is iterative too");
    }

    [Fact]
    public void DeepChain_HundredThousandSinesGiveTheProductOfCosines()
    {
        var x = new Value(1.0);
        Value y = x;
        double value = 1.0, grad = 1.0;
        for (int i = 0; i < Depth; i++)
        {
            y = y.Sin();
            grad *= Math.Cos(value);
            value = Math.Sin(value);
        }

        y.Backward();
        Exact(y.Data, value);
        // The engine multiplies the cosines from the output down, the loop from the input up: the two products can differ
        // by up to ~n·ε = 2e-11 relative, so 1e-10 relative (a wrong factor anywhere would be far off).
        x.Grad.Should().BeApproximately(grad, 1e-10 * Math.Abs(grad), "d/dx of sin∘…∘sin is ∏ cos(x_k)");
        grad.Should().BeGreaterThan(0);
    }

    [Fact]
    public void DeepChain_HundredThousandDiamondsWithExponentiallyManyPathsGiveGradientOne()
    {
        // x_{k+1} = 0.5·x_k + 0.5·x_k: 2^100000 paths, each contributing 2^−100000; only per-node accumulation works.
        var x = new Value(3.0);
        Value y = x;
        for (int i = 0; i < Depth; i++)
        {
            y = (y * 0.5) + (y * 0.5);
        }

        y.Backward();
        y.Data.Should().Be(3.0);
        x.Grad.Should().Be(1.0);
    }

    // ------------------------------------------------------------------ Backward twice, ZeroGrad

    [Fact]
    public void Backward_CalledTwiceGivesTheSameGradientsNotDoubled()
    {
        var a = new Value(1.3);
        var b = new Value(-0.4);
        Value y = ((a * b).Tanh() + a.Pow(2)) * b.Exp();
        y.Backward();
        double ga = a.Grad, gb = b.Grad;
        y.Backward();
        a.Grad.Should().Be(ga);
        b.Grad.Should().Be(gb);
        y.Grad.Should().Be(1.0);

        double t = Math.Tanh(1.3 * -0.4);
        Exact(ga, ((1 - (t * t)) * -0.4 + (2 * 1.3)) * Math.Exp(-0.4));
    }

    [Fact]
    public void Backward_FromASecondOutputReplacesTheGradientsOfSharedLeaves()
    {
        var a = new Value(2.0);
        Value y1 = a * 3;
        Value y2 = a * 5;
        y1.Backward();
        a.Grad.Should().Be(3.0);
        y2.Backward();
        a.Grad.Should().Be(5.0, "Backward resets the graph it differentiates; gradients do not accumulate across calls");
    }

    [Fact]
    public void ZeroGrad_SetsEveryGradientInTheGraphToZero()
    {
        var a = new Value(0.6);
        var b = new Value(1.7);
        Value c = a * b;
        Value d = c.Sin() + b;
        d.Backward();
        a.Grad.Should().NotBe(0);
        b.Grad.Should().NotBe(0);
        c.Grad.Should().NotBe(0);

        d.ZeroGrad();
        foreach (Value v in new[] { a, b, c, d })
        {
            v.Grad.Should().Be(0.0);
        }

        new Value(5).Grad.Should().Be(0.0, "a fresh node has gradient 0");
    }

    // ------------------------------------------------------------------ ToString

    [Fact]
    public void ToString_ShowsLabelDataAndGradient()
    {
        var a = new Value(2.5, "a");
        a.ToString().Should().Be("Value(a: data=2.5, grad=0)");
        Value y = a * a;
        y.Backward();
        a.ToString().Should().Be("Value(a: data=2.5, grad=5)");
        y.ToString().Should().Be("Value(data=6.25, grad=1)");
        new Value(-0.125).ToString().Should().Be("Value(data=-0.125, grad=0)");
    }

    [Fact]
    public void ToString_RoundTripsAndIgnoresTheCurrentCulture()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            // A culture with a decimal comma and another minus sign (built here, so it exists even in invariant mode).
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NegativeSign = "~";
            CultureInfo.CurrentCulture = comma;
            new Value(-0.5).ToString().Should().Be("Value(data=-0.5, grad=0)");
            var v = new Value(1.0 / 3, "third");
            string text = v.ToString();
            text.Should().Be("Value(third: data=" + (1.0 / 3).ToString("R", CultureInfo.InvariantCulture) + ", grad=0)");
            string data = Regex.Match(text, "data=([^,]+),").Groups[1].Value;
            double.Parse(data, CultureInfo.InvariantCulture).Should().Be(1.0 / 3, "the data is printed round-trip");
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    // ------------------------------------------------------------------ ToDot

    private static readonly Regex DotNode = new(@"^\s*n(\d+) \[label=""\{(.*) \| data (\S+) \| grad (\S+)\}""\];$");
    private static readonly Regex DotEdge = new(@"^\s*n(\d+) -> n(\d+) \[label=""(\S+)""\];$");

    private sealed record DotGraph(string Name, Dictionary<int, (string Title, double Data, double Grad)> Nodes, List<(int From, int To, double Derivative)> Edges);

    /// <summary>Parses the DOT text line by line; any line that is neither a node, an edge nor the fixed header/footer fails.</summary>
    private static DotGraph ParseDot(string dot)
    {
        dot.Should().EndWith("}\n");
        string[] lines = dot.TrimEnd('\n').Split('\n');
        Match header = Regex.Match(lines[0], "^digraph \"((?:[^\"\\\\]|\\\\.)*)\" \\{$");
        header.Success.Should().BeTrue($"the first line is the graph header, got: {lines[0]}");
        var nodes = new Dictionary<int, (string, double, double)>();
        var edges = new List<(int, int, double)>();
        foreach (string line in lines.Skip(1).Take(lines.Length - 2))
        {
            Match node = DotNode.Match(line), edge = DotEdge.Match(line);
            if (node.Success)
            {
                int id = int.Parse(node.Groups[1].Value, CultureInfo.InvariantCulture);
                nodes.ContainsKey(id).Should().BeFalse($"node n{id} is declared once");
                nodes[id] = (node.Groups[2].Value, double.Parse(node.Groups[3].Value, CultureInfo.InvariantCulture),
                    double.Parse(node.Groups[4].Value, CultureInfo.InvariantCulture));
            }
            else if (edge.Success)
            {
                edges.Add((int.Parse(edge.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(edge.Groups[2].Value, CultureInfo.InvariantCulture),
                    double.Parse(edge.Groups[3].Value, CultureInfo.InvariantCulture)));
            }
            else
            {
                line.Trim().Should().BeOneOf(new[] { "rankdir=LR;", "node [shape=record];" }, "every other line is a graph attribute");
            }
        }

        lines[^1].Should().Be("}");
        return new DotGraph(header.Groups[1].Value, nodes, edges);
    }

    private static void ApproxG10(double printed, double expected, string because) =>
        printed.Should().BeApproximately(expected, 1e-9 * Math.Max(1e-300, Math.Abs(expected)), because);

    [Fact]
    public void ToDot_ContainsEveryNodesDataAndGradientAndOneEdgePerParent()
    {
        // e = tanh((a·b) + a) with a = 2, b = −3: nodes a, b, c = a·b = −6, d = c + a = −4, e = tanh(−4).
        var a = new Value(2, "a");
        var b = new Value(-3, "b");
        Value c = a * b;
        c.Label = "c";
        Value d = c + a;
        Value e = d.Tanh();
        e.Backward();

        double slope = 1 - (Math.Tanh(-4) * Math.Tanh(-4));
        var expectedNodes = new (double Data, double Grad)[]
        {
            (2, slope * (-3 + 1)), (-3, slope * 2), (-6, slope), (-4, slope), (Math.Tanh(-4), 1),
        };

        DotGraph g = ParseDot(e.ToDot("g"));
        g.Name.Should().Be("g");
        g.Nodes.Should().HaveCount(5, "five distinct nodes, each declared once");
        foreach ((double data, double grad) in expectedNodes)
        {
            var match = g.Nodes.Values.Where(n => Math.Abs(n.Data - data) <= 1e-9 * Math.Abs(data)).ToList();
            match.Should().ContainSingle($"one node has data {data:R}");
            ApproxG10(match[0].Grad, grad, $"gradient of the node with data {data:R}");
        }

        int IdOf(double data) => g.Nodes.Single(n => Math.Abs(n.Value.Data - data) <= 1e-9 * Math.Abs(data)).Key;
        g.Nodes[IdOf(2)].Title.Should().Be("a");
        g.Nodes[IdOf(-3)].Title.Should().Be("b");
        g.Nodes[IdOf(-6)].Title.Should().StartWith("c (", "a labelled operation node shows label and operation");

        var expectedEdges = new (double From, double To, double Derivative)[]
        {
            (2, -6, -3), (-3, -6, 2), (-6, -4, 1), (2, -4, 1), (-4, Math.Tanh(-4), slope),
        };
        g.Edges.Should().HaveCount(expectedEdges.Length, "one edge per parent");
        foreach ((double from, double to, double derivative) in expectedEdges)
        {
            var edge = g.Edges.Where(x => x.From == IdOf(from) && x.To == IdOf(to)).ToList();
            edge.Should().ContainSingle($"one edge {from:R} → {to:R}");
            ApproxG10(edge[0].Derivative, derivative, $"local derivative on {from:R} → {to:R}");
        }
    }

    [Fact]
    public void ToDot_ReusedNodeGetsOneEdgePerUseAndDeclaredOnce()
    {
        // b = a + a; c = b·b: three nodes, and two edges a → b (derivative 1) and two b → c (derivative b = 2a).
        var a = new Value(1.5, "a");
        Value b = a + a;
        Value c = b * b;
        c.Backward();
        DotGraph g = ParseDot(c.ToDot());
        g.Name.Should().Be("graph");
        g.Nodes.Should().HaveCount(3);
        int ia = g.Nodes.Single(n => n.Value.Data == 1.5).Key;
        int ib = g.Nodes.Single(n => n.Value.Data == 3).Key;
        int ic = g.Nodes.Single(n => n.Value.Data == 9).Key;
        g.Nodes[ia].Grad.Should().Be(12, "8a");
        g.Nodes[ib].Grad.Should().Be(6);
        g.Nodes[ic].Grad.Should().Be(1);
        g.Edges.Should().HaveCount(4);
        g.Edges.Where(x => x.From == ia && x.To == ib).Select(x => x.Derivative).Should().Equal(1.0, 1.0);
        g.Edges.Where(x => x.From == ib && x.To == ic).Select(x => x.Derivative).Should().Equal(3.0, 3.0);
    }

    /// <summary>Undoes DOT's backslash escapes in a quoted string.</summary>
    private static string Unescape(string text)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
            }

            sb.Append(text[i]);
        }

        return sb.ToString();
    }

    [Fact]
    public void ToDot_EscapesQuotesBackslashesAndRecordSpecialCharactersInLabelsAndGraphName()
    {
        const string label = "we\"ird {x|y} <p> back\\slash";
        const string graphName = "my \"graph\" \\ name";
        var a = new Value(4, label);
        Value y = a * 2;
        y.Backward();
        string dot = y.ToDot(graphName);

        DotGraph g = ParseDot(dot);
        Unescape(g.Name).Should().Be(graphName);
        dot.Should().Contain("digraph \"my \\\"graph\\\" \\\\ name\" {");

        string title = g.Nodes.Values.Single(n => n.Data == 4).Title;
        title.Should().Be("we\\\"ird \\{x\\|y\\} \\<p\\> back\\\\slash", "quotes, backslashes and record separators { } | < > are escaped");
        Unescape(title).Should().Be(label);

        // Every line holds an even number of unescaped quotes, so no quoted string leaks into the next statement.
        foreach (string line in dot.Split('\n'))
        {
            int quotes = 0;
            for (int i = 0; i < line.Length; i++)
            {
                if (line[i] == '\\')
                {
                    i++;
                }
                else if (line[i] == '"')
                {
                    quotes++;
                }
            }

            (quotes % 2).Should().Be(0, $"line: {line}");
        }
    }

    // ------------------------------------------------------------------ bad input

    private static readonly Value One = new(1.0, "one");

    [Fact]
    public void BadInput_NaNLeafIsRefused()
    {
        Action act = () => _ = new Value(double.NaN, "x");
        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
    }

    public static TheoryData<string> NaNConstantCases => new()
    {
        "node + NaN", "NaN + node", "node - NaN", "NaN - node", "node * NaN", "NaN * node", "node / NaN", "NaN / node",
    };

    [Theory]
    [MemberData(nameof(NaNConstantCases))]
    public void BadInput_NaNConstantIsRefusedAtTheOperation(string which)
    {
        double nan = double.NaN;
        var node = new Value(2.0);
        Func<Value> op = which switch
        {
            "node + NaN" => () => node + nan,
            "NaN + node" => () => nan + node,
            "node - NaN" => () => node - nan,
            "NaN - node" => () => nan - node,
            "node * NaN" => () => node * nan,
            "NaN * node" => () => nan * node,
            "node / NaN" => () => node / nan,
            "NaN / node" => () => nan / node,
            _ => throw new ArgumentOutOfRangeException(nameof(which)),
        };
        op.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("c");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(-1e-300)]
    public void BadInput_LogOfNonPositiveIsRefused(double x)
    {
        var v = new Value(x, "x");
        Func<Value> op = v.Log;
        op.Should().Throw<ArgumentException>().WithMessage("*positive*");

        if (x == 0)
        {
            var negativeZero = new Value(-0.0);
            Func<Value> op2 = negativeZero.Log;
            op2.Should().Throw<ArgumentException>("ln(−0) is −∞ as well");
        }
    }

    public static TheoryData<string> DivisionByZeroCases => new()
    {
        "node / zero node", "node / negative-zero node", "zero node / zero node", "node / 0.0", "node / -0.0",
        "constant / zero node", "0.0 / zero node", "Divide(node, zero node)",
    };

    [Theory]
    [MemberData(nameof(DivisionByZeroCases))]
    public void BadInput_DivisionByZeroIsRefusedForNodeAndConstantDivisors(string which)
    {
        var node = new Value(3.0);
        var zero = new Value(0.0);
        var negativeZero = new Value(-0.0);
        (Func<Value> op, string param) = which switch
        {
            "node / zero node" => ((Func<Value>)(() => node / zero), "b"),
            "node / negative-zero node" => (() => node / negativeZero, "b"),
            "zero node / zero node" => (() => zero / zero, "b"),
            "node / 0.0" => (() => node / 0.0, "c"),
            "node / -0.0" => (() => node / -0.0, "c"),
            "constant / zero node" => (() => 5.0 / zero, "a"),
            "0.0 / zero node" => (() => 0.0 / zero, "a"),
            "Divide(node, zero node)" => (() => Value.Divide(node, zero), "b"),
            _ => throw new ArgumentOutOfRangeException(nameof(which)),
        };
        op.Should().Throw<ArgumentException>().WithMessage("*zero*").Which.ParamName.Should().Be(param);
    }

    public static TheoryData<string> NonFiniteResultCases => new()
    {
        "1e308 + 1e308 (nodes)", "−1e308 − 1e308 (nodes)", "1e308 + 1e308 (node + constant)", "−1e308 − 1e308 (constant − node)",
        "1e200 · 1e200 (nodes)", "1e200 · 1e200 (node · constant)", "1e300 / 1e-10 (nodes)", "1 / 1e-310 (constant / node, derivative overflows)",
        "exp 1000", "1 / x at 1e-170 (derivative overflows)",
    };

    [Theory]
    [MemberData(nameof(NonFiniteResultCases))]
    public void BadInput_AnOperationWhoseValueOrDerivativeIsNotFiniteIsRefusedThere(string which)
    {
        // Values and local derivatives stay finite, so no ∞ (and later no ∞ − ∞ or 0 · ∞ = NaN) enters a graph.
        var big = new Value(1e308);
        var negBig = new Value(-1e308);
        var huge = new Value(1e200);
        var large = new Value(1e300);
        var small = new Value(1e-10);
        var denormal = new Value(1e-310);
        var tiny = new Value(1e-170);
        var thousand = new Value(1000.0);
        Func<Value> op = which switch
        {
            "1e308 + 1e308 (nodes)" => () => big + big,
            "−1e308 − 1e308 (nodes)" => () => negBig - big,
            "1e308 + 1e308 (node + constant)" => () => big + 1e308,
            "−1e308 − 1e308 (constant − node)" => () => -1e308 - big,
            "1e200 · 1e200 (nodes)" => () => huge * huge,
            "1e200 · 1e200 (node · constant)" => () => huge * 1e200,
            "1e300 / 1e-10 (nodes)" => () => large / small,
            "1 / 1e-310 (constant / node, derivative overflows)" => () => 1.0 / denormal,
            "exp 1000" => thousand.Exp,
            "1 / x at 1e-170 (derivative overflows)" => () => 1.0 / tiny,
            _ => throw new ArgumentOutOfRangeException(nameof(which)),
        };
        op.Should().Throw<ArgumentException>().WithMessage("*finite*");
    }

    [Theory]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void BadInput_InfiniteLeavesAndConstantsAreRefused(double inf)
    {
        Action leaf = () => _ = new Value(inf);
        leaf.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
        var node = new Value(1.0);
        Action constant = () => _ = node + inf;
        constant.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("c");
        Action edges = () => Value.FromEdges(inf, (node, 1.0));
        edges.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
    }

    [Theory]
    [InlineData(-2.0, 0.5)]   // √ of a negative number
    [InlineData(-8.0, 1.0 / 3)]
    [InlineData(0.0, -1.0)]   // 1/0
    [InlineData(0.0, -2.0)]
    [InlineData(0.0, 0.5)]    // √ at 0: the derivative is infinite
    [InlineData(1e200, 2.0)]  // overflow
    [InlineData(2.0, double.NaN)]
    [InlineData(2.0, double.PositiveInfinity)]
    [InlineData(0.5, double.PositiveInfinity)]
    [InlineData(1.0, double.PositiveInfinity)]
    [InlineData(3.0, double.NegativeInfinity)]
    public void BadInput_PowWithANonFiniteValueOrDerivativeIsRefused(double x, double exponent)
    {
        var v = new Value(x);
        Func<Value> op = () => v.Pow(exponent);
        op.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("exponent");
    }

    [Fact]
    public void BadInput_FromEdgesWithoutEdgesIsRefused()
    {
        Func<Value> none = () => Value.FromEdges(1.0);
        none.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("edges");
        Func<Value> empty = () => Value.FromEdges(1.0, Array.Empty<(Value, double)>());
        empty.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("edges");
        Func<Value> nullArray = () => Value.FromEdges(1.0, null!);
        nullArray.Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("edges");
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void BadInput_FromEdgesWithANonFiniteDerivativeIsRefused(double derivative)
    {
        Func<Value> op = () => Value.FromEdges(1.0, (One, 2.0), (One, derivative));
        op.Should().Throw<ArgumentException>().WithMessage("*Edge 1*").Which.ParamName.Should().Be("edges");
    }

    [Fact]
    public void BadInput_FromEdgesWithANullParentIsRefused()
    {
        Func<Value> op = () => Value.FromEdges(1.0, (One, 2.0), (null!, 1.0));
        op.Should().Throw<ArgumentException>().WithMessage("*Edge 1*").Which.ParamName.Should().Be("edges");
    }

    [Fact]
    public void BadInput_FromEdgesWithNaNDataIsRefused()
    {
        Func<Value> op = () => Value.FromEdges(double.NaN, (One, 2.0));
        op.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("data");
    }

    [Fact]
    public void BadInput_NullOperandsAreRefused()
    {
        Value? missing = null;
        var v = new Value(1.0);
        ((Func<Value>)(() => missing! + v)).Should().Throw<ArgumentNullException>();
        ((Func<Value>)(() => v * missing!)).Should().Throw<ArgumentNullException>();
        ((Func<Value>)(() => missing! / 2.0)).Should().Throw<ArgumentNullException>();
        ((Func<Value>)(() => 2.0 - missing!)).Should().Throw<ArgumentNullException>();
        ((Func<Value>)(() => -missing!)).Should().Throw<ArgumentNullException>();
    }

    [Theory]
    [InlineData("ln(exp(x)) at x = 1000", 1000.0)]
    [InlineData("tanh(exp(x)) at x = 1000", 1000.0)]
    [InlineData("tanh(1/x) at x = 1e-170", 1e-170)]
    public void NaNNeverSurfacesLater_OverflowIsRefusedAtTheOperationOrBackwardStaysFinite(string expression, double x)
    {
        // The class contract: a NaN "throws at the operation that would produce it, so a NaN never surfaces later".
        // exp(1000) and 1/1e-170 overflow to ∞ with an infinite local derivative; the next node's local derivative is 0
        // (1/∞, 1 − tanh²), so Backward forms 0 · ∞ = NaN. Either refusal at the overflowing operation (as Pow already
        // does) or a NaN-free Backward satisfies the contract.
        var leaf = new Value(x);
        Value y;
        try
        {
            y = expression switch
            {
                "ln(exp(x)) at x = 1000" => leaf.Exp().Log(),
                "tanh(exp(x)) at x = 1000" => leaf.Exp().Tanh(),
                "tanh(1/x) at x = 1e-170" => (1.0 / leaf).Tanh(),
                _ => throw new ArgumentOutOfRangeException(nameof(expression)),
            };
        }
        catch (ArgumentException)
        {
            return; // refused at the operation: the contract holds
        }

        y.Backward();
        double.IsNaN(leaf.Grad).Should().BeFalse($"{expression}: the graph was accepted, so Backward must not produce a NaN gradient");
    }

    // x·2¹¹⁰⁰ built as (x × 2⁵⁵⁰) × 2⁵⁵⁰: every value and local derivative is finite (x·2¹¹⁰⁰ ≈ 1.36e11 for
    // x = 1e-320), but ∂/∂x = 2¹¹⁰⁰ is beyond double's range (largest 2¹⁰²⁴·(1 − 2⁻⁵³)).
    private static readonly double TwoTo550 = Math.ScaleB(1.0, 550);

    private static Value TimesTwoTo1100(Value x) => x * TwoTo550 * TwoTo550;

    [Fact]
    public void BackwardOverflow_OnePath_ThrowsOverflowNamingTheNodeAndLeavesEveryGradient()
    {
        var x = new Value(1e-320, "x");
        Value hidden = x * TwoTo550;
        Value a = hidden * TwoTo550;

        // A successful pass first, so that "left as it was" is a gradient other than 0.
        Value scaled = x * 3.0;
        scaled.Backward();
        x.Grad.Should().Be(3.0);

        OverflowException ex = Assert.Throws<OverflowException>(a.Backward);

        // The overflowing contribution: x's edge into hidden carries hidden's gradient 2⁵⁵⁰ × local derivative 2⁵⁵⁰.
        string twoTo550 = TwoTo550.ToString("R", CultureInfo.InvariantCulture);
        ex.Message.Should().Contain("leaf 'x' (data 1E-320)")
            .And.Contain(string.Create(CultureInfo.InvariantCulture, $"'×' node (data {hidden.Data:R})"))
            .And.Contain($"gradient {twoTo550} × local derivative {twoTo550}")
            .And.Contain(double.PositiveInfinity.ToString(CultureInfo.InvariantCulture));
        x.Grad.Should().Be(3.0, "a refused Backward leaves the gradients of the last one");
        hidden.Grad.Should().Be(0.0);
        a.Grad.Should().Be(0.0);
    }

    [Fact]
    public void BackwardOverflow_TwoOppositePaths_ThrowsInsteadOfANaNGradient()
    {
        // z = a − b with a = b = x·2¹¹⁰⁰: the paths give +∞ and −∞, whose sum would be NaN.
        var x = new Value(1e-320, "x");
        Value a = TimesTwoTo1100(x);
        Value b = TimesTwoTo1100(x);
        Value z = a - b;
        z.Data.Should().Be(0.0);

        OverflowException ex = Assert.Throws<OverflowException>(z.Backward);

        ex.Message.Should().Contain("leaf 'x'").And.NotContain("NaN");
        x.Grad.Should().Be(0.0);
        a.Grad.Should().Be(0.0);
        b.Grad.Should().Be(0.0);
        z.Grad.Should().Be(0.0);
    }

    [Fact]
    public void BackwardOverflow_FiniteContributionsWhoseSumOverflows_Throws()
    {
        // y = x·c + x·c with c = 2¹⁰²³: each path's gradient 2¹⁰²³ is finite, their sum 2¹⁰²⁴ is not.
        double c = Math.ScaleB(1.0, 1023);
        var x = new Value(1e-300, "x");
        Value y = (x * c) + (x * c);

        OverflowException ex = Assert.Throws<OverflowException>(y.Backward);

        string half = c.ToString("R", CultureInfo.InvariantCulture);
        ex.Message.Should().Contain($"it holds {half}").And.Contain($"gradient 1 × local derivative {half}");
        x.Grad.Should().Be(0.0);

        // Control: one path alone is representable.
        Value single = x * c;
        single.Backward();
        x.Grad.Should().Be(c);
    }
}
