using System.Numerics.Tensors;
using TinyNets.Internal;

namespace TinyNets.Tests.Internal;

/// <summary>
/// ElementwiseMath's guards, its eˣ path switch at |x| = 700 and tanh's backward dx = dy·(1 − y²), the latter per element
/// against the formula at lengths 0…13 (the four-wide vector body, its tail, and both), with y = ±0.5, ±0.25, … where
/// y·y, y/y and y² ± 1 all differ and every product is exact; outputs that are slices of a longer array show a write past
/// their end.
/// </summary>
public class ElementwiseMathMutationTests
{
    private const double Sentinel = -777.0;

    // ------------------------------------------------------------------ ExpInPlace

    [Fact]
    public void ExpInPlace_OfNothing_DoesNothing()
    {
        double[] values = { 3.0 };
        ElementwiseMath.ExpInPlace(values.AsSpan(0, 0));
        ElementwiseMath.ExpInPlace(Span<double>.Empty);
        values.Should().Equal(3.0);
    }

    [Fact]
    public void ExpInPlace_UpTo700_TakesTensorPrimitives_AndBeyond_MathExp()
    {
        // Values where the two differ in the last bit on common hardware, with ±700 the largest magnitude: still the
        // vector path. Just past 700, every value takes Math.Exp.
        double[] inner = { 2.0, 100.0, 379.53145768471586, -134.17236732047627, 699.0, -700.0, 0.25, -3.5, 1.0 };
        foreach (double limit in new[] { 700.0, -700.0 })
        {
            double[] values = inner.Append(limit).ToArray();
            double[] expected = new double[values.Length];
            TensorPrimitives.Exp(values, expected);
            ElementwiseMath.ExpInPlace(values);
            values.Should().Equal(expected, $"the largest magnitude is {limit}");
        }

        foreach (double beyond in new[] { Math.BitIncrement(700.0), -Math.BitIncrement(700.0), 705.0 })
        {
            double[] values = inner.Append(beyond).ToArray();
            double[] expected = values.Select(Math.Exp).ToArray();
            ElementwiseMath.ExpInPlace(values);
            values.Should().Equal(expected, $"the largest magnitude is {beyond}");
        }
    }

    // ------------------------------------------------------------------ Tanh (span) guards

    [Fact]
    public void Tanh_WritesNothingPastTheInput_WhenTheOutputIsLonger()
    {
        double[] x = { 0.5, -1.0, 2.0 };
        double[] y = Enumerable.Repeat(Sentinel, 6).ToArray();
        ElementwiseMath.Tanh(x, y);
        y.Take(3).Should().Equal(x.Select(ElementwiseMath.Tanh));
        y.Skip(3).Should().OnlyContain(v => v == Sentinel);
    }

    [Fact]
    public void Tanh_RefusesAShortOutput_NamingBothLengths()
    {
        double[] x = { 0.5, -1.0, 2.0 };
        double[] y = new double[2];
        FluentActions.Invoking(() => ElementwiseMath.Tanh(x, y))
            .Should().Throw<ArgumentException>().WithParameterName("y")
            .Which.Message.Should().Be("The output holds 2 values; 3 are needed. (Parameter 'y')");
    }

    // ------------------------------------------------------------------ TanhBackward

    private static double Y(int i) => (i % 2 == 0 ? 0.5 : -0.25) * (1 + (i % 3));

    private static double Dy(int i) => (i % 4) - 1.5;

    [Fact]
    public void TanhBackward_IsDyTimesOneMinusYSquared_OverTheBodyAndTheTail()
    {
        for (int n = 0; n <= 13; n++)
        {
            double[] y = Enumerable.Range(0, n).Select(Y).ToArray();
            double[] dy = Enumerable.Range(0, n).Select(Dy).ToArray();
            double[] expected = Enumerable.Range(0, n).Select(i => Dy(i) * (1.0 - (Y(i) * Y(i)))).ToArray();

            // dx a slice of a longer array: nothing past its end is written.
            double[] storage = Enumerable.Repeat(Sentinel, n + 8).ToArray();
            ElementwiseMath.TanhBackward(y, dy, storage.AsSpan(0, n));
            storage.Take(n).Should().Equal(expected, $"n = {n}");
            storage.Skip(n).Should().OnlyContain(v => v == Sentinel, $"n = {n}: nothing past dx");
        }
    }

    [Fact]
    public void TanhBackward_ClosedForm_AtKnownPoints()
    {
        // 1 − 0.5² = 0.75, 1 − 0.25² = 0.9375, 1 − 0² = 1, 1 − 1² = 0.
        double[] y = { 0.5, -0.25, 0.0, 1.0, -0.5, 0.25, 0.5 };
        double[] dy = { 2.0, -4.0, 3.0, 5.0, 1.0, 16.0, -8.0 };
        double[] dx = new double[7];
        ElementwiseMath.TanhBackward(y, dy, dx);
        dx.Should().Equal(1.5, -3.75, 3.0, 0.0, 0.75, 15.0, -6.0);
    }

    [Fact]
    public void TanhBackward_AcceptsLongerInputs_AndReadsOnlyTheFirstN()
    {
        double[] y = { 0.5, 0.5, 0.5, 0.5, 0.5, 9.0, 9.0 };
        double[] dy = { 4.0, 4.0, 4.0, 4.0, 4.0, 9.0, 9.0, 9.0 };
        double[] dx = new double[5];
        ElementwiseMath.TanhBackward(y, dy, dx);
        dx.Should().OnlyContain(v => v == 3.0);
    }

    [Fact]
    public void TanhBackward_RefusesShortInputs_NamingAllThreeLengths()
    {
        double[] dx = new double[3];
        FluentActions.Invoking(() => ElementwiseMath.TanhBackward(new double[2], new double[3], dx))
            .Should().Throw<ArgumentException>().WithParameterName("dx")
            .Which.Message.Should().Be("Lengths differ: y 2, dy 3, dx 3. (Parameter 'dx')");
        FluentActions.Invoking(() => ElementwiseMath.TanhBackward(new double[3], new double[2], dx))
            .Should().Throw<ArgumentException>().WithParameterName("dx")
            .Which.Message.Should().Be("Lengths differ: y 3, dy 2, dx 3. (Parameter 'dx')");
        FluentActions.Invoking(() => ElementwiseMath.TanhBackward(new double[5], new double[1], new double[4]))
            .Should().Throw<ArgumentException>().WithParameterName("dx")
            .Which.Message.Should().Be("Lengths differ: y 5, dy 1, dx 4. (Parameter 'dx')");
    }
}
