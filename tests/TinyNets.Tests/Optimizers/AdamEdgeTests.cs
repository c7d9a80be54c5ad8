namespace TinyNets.Tests.Optimizers;

/// <summary>
/// Adam and AdamW to the last bit: PyTorch's single-tensor update (torch/optim/adam.py, <c>_single_tensor_adam</c>)
/// written out here in its own order of operations, including <c>torch.lerp</c>'s two formulas, whose results differ in
/// the last bits. The step-by-step tests elsewhere compare to 1e−12 and cannot tell those formulas apart.
/// </summary>
public class AdamEdgeTests
{
    private const int Steps = 3;

    /// <summary>torch.lerp(start, end, w): start + w·(end − start) for |w| &lt; ½, else end − (end − start)·(1 − w).</summary>
    private static double TorchLerp(double start, double end, double w) =>
        Math.Abs(w) < 0.5 ? start + (w * (end - start)) : end - ((end - start) * (1 - w));

    /// <summary>The formula torch.lerp does not use for this weight (to show that the data tells them apart).</summary>
    private static double OtherLerp(double start, double end, double w) =>
        Math.Abs(w) < 0.5 ? end - ((end - start) * (1 - w)) : start + (w * (end - start));

    /// <summary>
    /// _single_tensor_adam for one scalar: AdamW param.mul_(1 − lr·λ); Adam grad = grad.add(param, alpha=λ);
    /// exp_avg.lerp_(grad, 1 − β₁); exp_avg_sq.mul_(β₂).addcmul_(grad, grad, value=1 − β₂);
    /// step_size = lr / (1 − β₁ᵗ); denom = (√exp_avg_sq / √(1 − β₂ᵗ)).add_(ε); param.addcdiv_(exp_avg, denom, value=−step_size).
    /// </summary>
    private static double[] Reference(
        double theta, double[] gradients, double lr, double beta1, double beta2, double eps, double weightDecay, bool decoupled,
        Func<double, double, double, double> lerp)
    {
        var thetas = new double[gradients.Length];
        double m = 0, v = 0;
        for (int t = 1; t <= gradients.Length; t++)
        {
            double g = gradients[t - 1];
            if (decoupled)
            {
                theta *= 1 - (lr * weightDecay);
            }
            else if (weightDecay != 0)
            {
                g += weightDecay * theta;
            }

            m = lerp(m, g, 1 - beta1);
            v = (v * beta2) + ((1 - beta2) * g * g);
            double stepSize = lr / (1 - Math.Pow(beta1, t));
            double denominator = (Math.Sqrt(v) / Math.Sqrt(1 - Math.Pow(beta2, t))) + eps;
            // addcdiv_ on the CPU is self + value·t1/t2 evaluated left to right, (value·t1)/t2 (ATen's PointwiseOpsKernel).
            theta += (-stepSize * m) / denominator;
            thetas[t - 1] = theta;
        }

        return thetas;
    }

    private static double Initial(int k) => Math.Cos((0.37 * k) + 0.1) * (1 + (k % 5));

    private static double Gradient(int t, int k) => Math.Sin((1.7 * t) + (0.61 * k)) * (0.5 + (k % 7));

    /// <summary>Linear(8, 8): 72 scalars, enough for the two lerp formulas to differ in some of them.</summary>
    private static Sequential Net()
    {
        var net = new Sequential(new Linear(8, 8));
        int k = 0;
        foreach (KeyValuePair<string, Parameter> p in net.NamedParameters)
        {
            Span<double> data = p.Value.Data;
            for (int i = 0; i < data.Length; i++, k++)
            {
                data[i] = Initial(k);
            }
        }

        return net;
    }

    [Theory]
    [InlineData(0.9, 0.999, 0.0, false)] // w = 0.1: start + w·(end − start)
    [InlineData(0.5, 0.9, 0.0, false)] // w = 0.5: torch.lerp already takes end − (end − start)·(1 − w)
    [InlineData(0.3, 0.5, 0.05, false)] // w = 0.7, L2 decay
    [InlineData(0.5, 0.99, 0.1, true)] // AdamW, w = 0.5
    [InlineData(0.8, 0.99, 0.2, true)] // AdamW, w = 0.2
    public void ThreeSteps_AreBitForBitPyTorchs(double beta1, double beta2, double weightDecay, bool decoupled)
    {
        const double lr = 0.05, eps = 1e-8;
        Sequential net = Net();
        Adam adam = decoupled ? new AdamW(net, lr, beta1, beta2, eps, weightDecay) : new Adam(net, lr, beta1, beta2, eps, weightDecay);
        int count = net.CountParameters().Total;
        var expected = new double[count][];
        int differing = 0;
        for (int k = 0; k < count; k++)
        {
            double[] gradients = Enumerable.Range(1, Steps).Select(t => Gradient(t, k)).ToArray();
            expected[k] = Reference(Initial(k), gradients, lr, beta1, beta2, eps, weightDecay, decoupled, TorchLerp);
            double[] other = Reference(Initial(k), gradients, lr, beta1, beta2, eps, weightDecay, decoupled, OtherLerp);
            differing += expected[k].Zip(other).Count(e => BitConverter.DoubleToInt64Bits(e.First) != BitConverter.DoubleToInt64Bits(e.Second));
        }

        differing.Should().BePositive("the data must tell torch.lerp's formula from the other one, or this test could not fail");
        for (int t = 1; t <= Steps; t++)
        {
            int k = 0;
            foreach (KeyValuePair<string, Parameter> p in net.NamedParameters)
            {
                Span<double> grad = p.Value.GradientData;
                for (int i = 0; i < grad.Length; i++, k++)
                {
                    grad[i] = Gradient(t, k);
                }
            }

            adam.Step();
            double[] actual = net.NamedParameters.SelectMany(p => p.Value.ToVector()).ToArray();
            for (k = 0; k < count; k++)
            {
                BitConverter.DoubleToInt64Bits(actual[k]).Should().Be(
                    BitConverter.DoubleToInt64Bits(expected[k][t - 1]), $"scalar {k} after step {t} ({actual[k]:R} vs {expected[k][t - 1]:R})");
            }
        }
    }
}
