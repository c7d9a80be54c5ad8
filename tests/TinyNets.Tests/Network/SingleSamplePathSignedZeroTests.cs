namespace TinyNets.Tests.Network;

/// <summary>
/// With one output, the input gradient of a Linear layer is the single product w_p·δ, signed zeros included, on the
/// single-sample path as on the general path.
/// </summary>
public class SingleSamplePathSignedZeroTests
{
    [Fact]
    public void InputGradient_OfOneOutput_KeepsTheSignOfAZeroProduct()
    {
        Sequential Net()
        {
            var net = new Sequential(new Linear(2, 1));
            net.SetParameter("0.weight", new[,] { { -1.0, 2.0 } });
            net.SetParameter("0.bias", new[] { 0.0 });
            return net;
        }

        Sequential fast = Net(), general = Net();
        general.SingleSamplePathEnabled = false;
        var x = Matrix<double>.Build.DenseOfArray(new[,] { { 0.5 }, { 1.5 } });
        var dy = Matrix<double>.Build.Dense(1, 1, 0.0);
        fast.Forward(x);
        fast.Forward(x);
        general.Forward(x);
        fast.SingleSamplePasses.Should().Be(1, "the single-sample path must be taken");
        double[] fastDx = fast.Backward(dy).ToColumnMajorArray();
        double[] generalDx = general.Backward(dy).ToColumnMajorArray();

        // Independent: the one-term sums are the products themselves, −1·0 = −0 and 2·0 = +0.
        long[] expected = [BitConverter.DoubleToInt64Bits(-1.0 * 0.0), BitConverter.DoubleToInt64Bits(2.0 * 0.0)];
        fastDx.Select(BitConverter.DoubleToInt64Bits).Should().Equal(expected);
        generalDx.Select(BitConverter.DoubleToInt64Bits).Should().Equal(expected);
    }
}
