using Xunit.Sdk;
using static TinyNets.Tests.Validation.ValidationSupport;

namespace TinyNets.Tests.Validation;

/// <summary>
/// The "leaves unchanged" assertions of the bad-input tests must be able to fail: a one-ulp change of any parameter, gradient
/// or stored pass, or a new pass, is detected.
/// </summary>
public class SnapshotSelfTests
{
    [Fact]
    public void NetworkSnapshot_DetectsAOneUlpChangeOfAParameter()
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);
        before.AssertUnchanged();

        Span<double> bias = net.GetParameter("2.bias").Data;
        bias[0] = Math.BitIncrement(bias[0]);

        Assert.ThrowsAny<XunitException>(before.AssertUnchanged);
    }

    [Fact]
    public void NetworkSnapshot_DetectsAOneUlpChangeOfAGradient()
    {
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);

        Span<double> g = net.GetParameter("0.weight").GradientData;
        g[5] = Math.BitDecrement(g[5]);

        Assert.ThrowsAny<XunitException>(before.AssertUnchanged);
    }

    [Fact]
    public void NetworkSnapshot_DetectsANewForwardOfTheSameShape()
    {
        // Same batch shape: the layers reuse their output buffers, so only the values (not the references) change.
        Sequential net = NetAfterGoodPass();
        var before = NetworkSnapshot.Take(net);

        net.Forward(GoodInput() * 2.0);

        Assert.ThrowsAny<XunitException>(before.AssertUnchanged);
    }

    [Fact]
    public void NetworkSnapshot_DetectsASignChangeOfZero()
    {
        // Bit-identical, not merely equal: 0.0 → −0.0 counts as a change.
        var net = new Sequential(new Linear(1, 1));
        net.SetParameter("0.bias", new[] { 0.0 });
        var before = NetworkSnapshot.Take(net);

        net.SetParameter("0.bias", new[] { -0.0 });

        Assert.ThrowsAny<XunitException>(before.AssertUnchanged);
    }

    [Fact]
    public void LayerSnapshot_DetectsANewBackward()
    {
        var layer = new Linear(2, 3);
        layer.Forward(GoodInput());
        var before = LayerSnapshot.Take(layer);

        layer.Backward(Matrix<double>.Build.Dense(3, 2, 1.0));

        Assert.ThrowsAny<XunitException>(before.AssertUnchanged);
    }

    [Fact]
    public void LossSnapshot_DetectsANewForward_AndAFirstForward()
    {
        var loss = new MseLoss();
        var none = LossSnapshot.Take(loss);
        loss.Forward(Matrix<double>.Build.Dense(2, 2, 1.0), Matrix<double>.Build.Dense(2, 2, 0.0));
        Assert.ThrowsAny<XunitException>(none.AssertUnchanged);

        var before = LossSnapshot.Take(loss);
        loss.Forward(Matrix<double>.Build.Dense(2, 2, 1.0), Matrix<double>.Build.Dense(2, 2, 0.5));
        Assert.ThrowsAny<XunitException>(before.AssertUnchanged);
    }
}
