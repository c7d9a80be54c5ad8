using TinyNets.Optimizers.Clipping;

namespace TinyNets.Tests.Optimizers.Clipping;

/// <summary>
/// The edges of clipping: null networks named, the non-finite total norms' messages pinned whole, a clip value of 0
/// accepted, entries on the clamp's edges (signed zeros) left as they are, and the trainer's clip never throwing.
/// </summary>
public class GradientClippingMutationTests
{
    // 0.weight 1×2, 0.bias 1.
    private static Sequential Net(double[] weight, double bias)
    {
        var net = new Sequential(new Linear(2, 1)).Initialize(seed: 5);
        weight.CopyTo(net.NamedParameters[0].Value.GradientData);
        net.NamedParameters[1].Value.GradientData[0] = bias;
        return net;
    }

    [Fact]
    public void NullNetwork_IsNamed()
    {
        Assert.Throws<ArgumentNullException>(() => GradientClipping.ClipByNorm(null!, 1.0)).ParamName.Should().Be("network");
        Assert.Throws<ArgumentNullException>(() => GradientClipping.ClipByValue(null!, 1.0)).ParamName.Should().Be("network");
    }

    [Fact]
    public void NonFiniteTotal_TwoNorm_Message()
    {
        Sequential net = Net([double.PositiveInfinity, 1], 0);
        var e = Assert.Throws<ArgumentException>(() => GradientClipping.ClipByNorm(net, 1.0, errorIfNonfinite: true));
        e.Message.Should().Be(new ArgumentException(
            "The total 2-norm of the gradients is Infinity; a finite norm was expected (errorIfNonfinite is set).", "network").Message);
    }

    [Fact]
    public void NonFiniteTotal_InfinityNorm_Message()
    {
        Sequential net = Net([1, double.NaN], 0);
        var e = Assert.Throws<ArgumentException>(() => GradientClipping.ClipByNorm(net, 1.0, double.PositiveInfinity, errorIfNonfinite: true));
        e.Message.Should().Be(new ArgumentException(
            "The total ∞-norm of the gradients is NaN; a finite norm was expected (errorIfNonfinite is set).", "network").Message);
    }

    [Fact]
    public void ClipValueZero_IsAccepted_AndKeepsSignedZeros()
    {
        // clamp(g, −0, 0): 3 and −2 become ±0; the zeros lie inside [−0, 0] and stay as they are, sign included.
        Sequential net = Net([3, -2], 0.0);
        GradientClipping.ClipByValue(net, 0);
        net.NamedParameters[0].Value.GradientData.ToArray().Should().Equal(0.0, 0.0);
        double.IsNegative(net.NamedParameters[1].Value.GradientData[0]).Should().BeFalse();

        Sequential negative = Net([0.0, 0.0], -0.0);
        GradientClipping.ClipByValue(negative, 0);
        double.IsNegative(negative.NamedParameters[1].Value.GradientData[0]).Should().BeTrue();
    }

    [Fact]
    public void TrainersClip_NonFiniteNorm_DoesNotThrow()
    {
        // The trainer's clip leaves a non-finite norm to the divergence check: +∞ gives the coefficient 0, so the
        // finite entry becomes 0 and the infinite one NaN (∞·0).
        Sequential net = Net([double.PositiveInfinity, 2], 0);
        GradientClip.ByNorm(1.0).Apply(net);
        double[] g = net.NamedParameters[0].Value.GradientData.ToArray();
        double.IsNaN(g[0]).Should().BeTrue();
        g[1].Should().Be(0);
    }
}
