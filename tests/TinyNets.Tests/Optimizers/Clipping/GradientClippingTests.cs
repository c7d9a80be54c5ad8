using System.Globalization;
using TinyNets.Optimizers.Clipping;

namespace TinyNets.Tests.Optimizers.Clipping;

/// <summary>
/// clip_grad_norm_ and clip_grad_value_ against hand computations on gradients set by hand: per-parameter norms 5, 0,
/// 12 and 0 give the total 2-norm √(25 + 144) = 13, and the coefficient max_norm / (13 + 1e-6).
/// </summary>
public class GradientClippingTests
{
    // 0.weight 2×2, 0.bias 2, 2.weight 1×2, 2.bias 1.
    private static Sequential Net(params double[][] gradients)
    {
        var net = new Sequential(new Linear(2, 2), new Tanh(), new Linear(2, 1)).Initialize(seed: 3);
        for (int p = 0; p < gradients.Length; p++)
        {
            gradients[p].CopyTo(net.NamedParameters[p].Value.GradientData);
        }

        return net;
    }

    private static Sequential Standard() => Net([3, 0, 0, -4], [0, 0], [-12, 0], [0]);

    private static double[][] Gradients(Sequential net) => net.NamedParameters.Select(p => p.Value.GradientData.ToArray()).ToArray();

    [Fact]
    public void ClipByNorm_Two_ReturnsTheTotalNorm_AndScalesByTheCoefficient()
    {
        Sequential net = Standard();
        double[][] before = Gradients(net);
        double norm = GradientClipping.ClipByNorm(net, 6.5);
        norm.Should().Be(13);
        double coefficient = 6.5 / (13 + 1e-6);
        double[][] after = Gradients(net);
        for (int p = 0; p < before.Length; p++)
        {
            after[p].Should().Equal(before[p].Select(g => g * coefficient));
        }

        // The clipped total is max_norm·13/(13 + 1e-6), just under 6.5.
        Math.Sqrt(after.SelectMany(g => g).Sum(g => g * g)).Should().BeApproximately(6.5 * 13 / (13 + 1e-6), 1e-14);
    }

    [Fact]
    public void ClipByNorm_BelowTheLimit_LeavesTheGradients()
    {
        Sequential net = Standard();
        double[][] before = Gradients(net);
        GradientClipping.ClipByNorm(net, 13.0).Should().Be(13);
        // 13/(13 + 1e-6) < 1: clipped, barely.
        Gradients(net)[0][0].Should().Be(3 * (13.0 / (13 + 1e-6)));

        Sequential other = Standard();
        GradientClipping.ClipByNorm(other, 14).Should().Be(13);
        Gradients(other).Should().BeEquivalentTo(before, o => o.WithStrictOrdering(), "a coefficient clamped to 1 changes nothing");
    }

    [Fact]
    public void ClipByNorm_Infinity_UsesTheLargestMagnitude()
    {
        Sequential net = Standard();
        double[][] before = Gradients(net);
        GradientClipping.ClipByNorm(net, 3, double.PositiveInfinity).Should().Be(12);
        double coefficient = 3 / (12 + 1e-6);
        Gradients(net).SelectMany(g => g).Should().Equal(before.SelectMany(g => g).Select(g => g * coefficient));
    }

    [Fact]
    public void ClipByNorm_NonFinite_DefaultScalesAsPyTorch_ErrorIfNonfiniteThrowsAndKeeps()
    {
        Sequential nan = Net([3, double.NaN, 0, 1]);
        double.IsNaN(GradientClipping.ClipByNorm(nan, 1)).Should().BeTrue();
        Gradients(nan).SelectMany(g => g).Should().OnlyContain(g => double.IsNaN(g), "the coefficient is NaN");

        // +∞: the coefficient is 0, so finite entries become 0 and the infinite one NaN (∞·0).
        Sequential inf = Net([3, double.PositiveInfinity, -2, 1]);
        GradientClipping.ClipByNorm(inf, 1).Should().Be(double.PositiveInfinity);
        double[] first = Gradients(inf)[0];
        (first[0], first[2], first[3]).Should().Be((0.0, -0.0, 0.0));
        double.IsNaN(first[1]).Should().BeTrue();

        Sequential kept = Net([3, double.PositiveInfinity, -2, 1]);
        double[][] before = Gradients(kept);
        var ex = Assert.Throws<ArgumentException>(() => GradientClipping.ClipByNorm(kept, 1, errorIfNonfinite: true));
        ex.ParamName.Should().Be("network");
        ex.Message.Should().Contain("Infinity").And.Contain("finite");
        Gradients(kept).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
        Assert.Throws<ArgumentException>(() => GradientClipping.ClipByNorm(Net([double.NaN]), 1, double.PositiveInfinity, errorIfNonfinite: true));
    }

    [Fact]
    public void ClipByValue_ClampsEachEntry_NaNStays()
    {
        Sequential net = Net([3, -0.5, -7, 0.25], [double.NaN, 1], [-1, 1.5], [2]);
        GradientClipping.ClipByValue(net, 1);
        double[][] g = Gradients(net);
        g[0].Should().Equal(1, -0.5, -1, 0.25);
        double.IsNaN(g[1][0]).Should().BeTrue();
        g[1][1].Should().Be(1);
        g[2].Should().Equal(-1, 1);
        g[3].Should().Equal(1);
    }

    public static TheoryData<double> BadMaxNorms => new() { 0, -1, double.NaN, double.PositiveInfinity };

    public static TheoryData<double> BadNormTypes => new() { 1, 3, 0, double.NaN, double.NegativeInfinity };

    public static TheoryData<double> BadClipValues => new() { -1, -double.Epsilon, double.NaN, double.PositiveInfinity };

    private static void OutOfRange(Action act, string name, double given, string expected)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(act);
        ex.ParamName.Should().Be(name);
        ex.ActualValue.Should().Be(given);
        ex.Message.Should().Contain(expected).And.Contain(given.ToString(CultureInfo.InvariantCulture));
    }

    [Theory]
    [MemberData(nameof(BadMaxNorms))]
    public void BadMaxNorm_Refused_GradientsKept(double maxNorm)
    {
        Sequential net = Standard();
        double[][] before = Gradients(net);
        OutOfRange(() => GradientClipping.ClipByNorm(net, maxNorm), "maxNorm", maxNorm, "positive and finite");
        OutOfRange(() => GradientClip.ByNorm(maxNorm), "maxNorm", maxNorm, "positive and finite");
        Gradients(net).Should().BeEquivalentTo(before, o => o.WithStrictOrdering());
    }

    [Theory]
    [MemberData(nameof(BadNormTypes))]
    public void BadNormType_Refused(double normType)
    {
        OutOfRange(() => GradientClipping.ClipByNorm(Standard(), 1, normType), "normType", normType, "2 or +∞");
        OutOfRange(() => GradientClip.ByNorm(1, normType), "normType", normType, "2 or +∞");
    }

    [Theory]
    [MemberData(nameof(BadClipValues))]
    public void BadClipValue_Refused(double clipValue)
    {
        OutOfRange(() => GradientClipping.ClipByValue(Standard(), clipValue), "clipValue", clipValue, "≥ 0");
        OutOfRange(() => GradientClip.ByValue(clipValue), "clipValue", clipValue, "≥ 0");
    }

    [Fact]
    public void Clipping_AllocatesNothing()
    {
        Sequential net = Standard();
        GradientClipping.ClipByNorm(net, 1);
        GradientClipping.ClipByNorm(net, 1, double.PositiveInfinity);
        GradientClipping.ClipByValue(net, 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            GradientClipping.ClipByNorm(net, 0.5);
            GradientClipping.ClipByNorm(net, 0.5, double.PositiveInfinity);
            GradientClipping.ClipByValue(net, 0.25);
        }

        (GC.GetAllocatedBytesForCurrentThread() - before).Should().Be(0);
    }
}
