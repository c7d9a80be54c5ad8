using MathNet.Numerics.LinearAlgebra.Double;

namespace TinyNets.Tests.Network;

/// <summary>
/// The single-sample path of Sequential (one loop over small Linear layers and element-wise activations for a batch of
/// one column) against the general layer-by-layer path on an identical network: every output, layer input, layer
/// output, input gradient, parameter gradient and updated parameter must agree bit for bit, and the path must really
/// be taken (its pass counter) or really be refused. One check is against a closed form written here.
/// </summary>
public class SingleSamplePathTests
{
    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (string architecture in new[] { "w1-tanh", "relu-zeros", "every-activation", "no-bias", "activation-first", "one-by-one", "wide" })
        {
            data.Add(architecture, true);
            data.Add(architecture, false);
        }

        return data;
    }

    /// <summary>A network of the named kind; the same name gives bit-identical parameters.</summary>
    private static Sequential Net(string architecture) => architecture switch
    {
        "w1-tanh" => new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 1)).Initialize(1),
        "relu-zeros" => new Sequential(new Linear(4, 5), new ReLU(), new Linear(5, 5), new ReLU(), new Linear(5, 2)).Initialize(2),
        "every-activation" => new Sequential(
            new Linear(3, 5), new Identity(), new Linear(5, 4), new LeakyReLU(0.1), new Linear(4, 6), new Sigmoid(),
            new Linear(6, 5), new Softplus(), new Linear(5, 4), new Selu(), new Linear(4, 1)).Initialize(3),
        "no-bias" => new Sequential(new Linear(3, 4, bias: false), new Tanh(), new Linear(4, 1, bias: false)).Initialize(4),
        "activation-first" => new Sequential(new Tanh(), new Linear(3, 4), new Sigmoid(), new Linear(4, 2)).Initialize(5),
        "one-by-one" => new Sequential(new Linear(1, 1), new Tanh(), new Linear(1, 1)).Initialize(6),
        "wide" => new Sequential(new Linear(63, 64), new Tanh(), new Linear(64, 10)).Initialize(7),
        _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrainingStepsAreBitIdenticalToTheGeneralPath(string architecture, bool computeInputGradient)
    {
        Sequential fast = Net(architecture), general = Net(architecture);
        general.SingleSamplePathEnabled = false;
        var fastLoss = new MseLoss();
        var generalLoss = new MseLoss();
        var fastSgd = new Sgd(fast, 0.05);
        var generalSgd = new Sgd(general, 0.05);
        int features = fast.InputSize!.Value, outputs = fast.OutputSize!.Value;

        for (int step = 0; step < 30; step++)
        {
            // Some inputs exactly zero: the kernels skip zero inputs, and so must the single-sample path.
            Matrix<double> x = RandomMatrix(features, 1, seed: (ulong)step, zeroEvery: step % 3 == 0 ? 2 : 0);
            Matrix<double> target = RandomMatrix(outputs, 1, seed: 1000 + (ulong)step);
            string what = $"{architecture}, step {step}";

            Matrix<double> fastOutput = fast.Forward(x);
            Matrix<double> generalOutput = general.Forward(x);
            Bits(fastOutput).Should().Equal(Bits(generalOutput), $"{what}: output");
            fastOutput.Should().BeSameAs(fast.Output);

            double fastValue = fastLoss.Forward(fastOutput, target);
            double generalValue = generalLoss.Forward(generalOutput, target);
            BitConverter.DoubleToInt64Bits(fastValue).Should().Be(BitConverter.DoubleToInt64Bits(generalValue), $"{what}: loss");

            Matrix<double>? fastInputGradient = fast.Backward(fastLoss.Backward(), computeInputGradient);
            Matrix<double>? generalInputGradient = general.Backward(generalLoss.Backward(), computeInputGradient);
            (fastInputGradient is null).Should().Be(!computeInputGradient, what);
            if (computeInputGradient)
            {
                Bits(fastInputGradient!).Should().Equal(Bits(generalInputGradient!), $"{what}: input gradient");
                fastInputGradient.Should().BeSameAs(fast[0].InputGradient);
            }

            AssertSameLayers(fast, general, x, what);
            fastSgd.Step();
            generalSgd.Step();
            AssertSameParameters(fast, general, what);
        }

        fast.SingleSamplePasses.Should().Be(29, "every pass after the first finds its workspaces in place");
        general.SingleSamplePasses.Should().Be(0);
    }

    [Fact]
    public void InferenceAgreesWithTheClosedForm()
    {
        // y = w₂ · tanh(W₁x + b₁) + b₂, written out with Math.Tanh: independent of both paths.
        Sequential net = Net("w1-tanh");
        double[] w1 = net.GetParameter("0.weight").Value.ToColumnMajorArray(), b1 = net.GetParameter("0.bias").Value.ToColumnMajorArray();
        double[] w2 = net.GetParameter("2.weight").Value.ToColumnMajorArray();
        double b2 = net.GetParameter("2.bias").Value[0, 0];
        for (int s = 0; s < 20; s++)
        {
            Matrix<double> x = RandomMatrix(2, 1, seed: 50 + (ulong)s, low: -3, high: 3);
            double expected = b2;
            for (int i = 0; i < 3; i++)
            {
                expected += w2[i] * Math.Tanh(b1[i] + (w1[i] * x[0, 0]) + (w1[3 + i] * x[1, 0]));
            }

            double actual = net.Forward(x)[0, 0];
            Math.Abs(actual - expected).Should().BeLessThanOrEqualTo(1e-14 * (1 + Math.Abs(expected)), $"sample {s}");
        }

        net.SingleSamplePasses.Should().Be(19);
    }

    [Fact]
    public void ALayerRunOnItsOwnSendsTheNextPassThroughTheGeneralPath_ResultsStayRight()
    {
        Sequential fast = Net("relu-zeros"), general = Net("relu-zeros");
        general.SingleSamplePathEnabled = false;
        Matrix<double> x = RandomMatrix(4, 1, seed: 1), y = RandomMatrix(4, 1, seed: 2);
        fast.Forward(x);
        fast.Forward(y);
        fast.SingleSamplePasses.Should().Be(1);

        // The middle Linear on its own, with a batch of the same shape: its Input and Output now belong to that run.
        Matrix<double> other = RandomMatrix(5, 1, seed: 3);
        fast[2].Forward(other);
        fast[2].Input.Should().BeSameAs(other);

        Matrix<double> output = fast.Forward(x);
        fast.SingleSamplePasses.Should().Be(1, "the pass after a layer ran on its own takes the general path");
        fast[2].Input.Should().BeSameAs(fast[1].Output, "the network's pass owns the layers again");
        general.Forward(x);
        Bits(output).Should().Equal(Bits(general.Output!));

        Matrix<double> gradient = RandomMatrix(2, 1, seed: 4);
        fast.Backward(gradient);
        general.Backward(gradient);
        AssertSameLayers(fast, general, x, "after a layer ran on its own");

        fast.Forward(x);
        fast.SingleSamplePasses.Should().Be(2, "the next pass takes the single-sample path again");
    }

    [Fact]
    public void BackwardAfterALayerRanOnItsOwnStillThrows()
    {
        Sequential net = Net("w1-tanh");
        Matrix<double> x = RandomMatrix(2, 1, seed: 1);
        net.Forward(x);
        net.Forward(x);
        net[1].Forward(RandomMatrix(3, 1, seed: 2));
        Action backward = () => net.Backward(RandomMatrix(1, 1, seed: 3));
        backward.Should().Throw<InvalidOperationException>().WithMessage("Layer 1 (Tanh()) was run on its own*");
    }

    [Fact]
    public void ALayerSharedWithAnotherNetwork_ItsPassSendsTheNextPassThroughTheGeneralPath()
    {
        // Two networks share their first layer; a pass of the other takes that layer's Input and Output.
        var shared = new Linear(2, 3);
        var net = new Sequential(shared, new Tanh(), new Linear(3, 1)).Initialize(1);
        var other = new Sequential(shared, new ReLU());
        Sequential reference = Net("w1-tanh");
        reference.SingleSamplePathEnabled = false;
        Matrix<double> x = RandomMatrix(2, 1, seed: 1), y = RandomMatrix(2, 1, seed: 2);
        net.Forward(y);
        net.Forward(y);
        net.SingleSamplePasses.Should().Be(1);

        other.Forward(RandomMatrix(2, 1, seed: 3));
        Action backward = () => net.Backward(RandomMatrix(1, 1, seed: 4));
        backward.Should().Throw<InvalidOperationException>().WithMessage("Layer 0 (Linear(in=2, out=3, bias=True)) was run on its own (or by another network)*");

        Bits(net.Forward(x)).Should().Equal(Bits(reference.Forward(x)));
        net.SingleSamplePasses.Should().Be(1, "the layer held the other network's pass");
        shared.Input.Should().BeSameAs(x);
        Matrix<double> gradient = RandomMatrix(1, 1, seed: 5);
        Bits(net.Backward(gradient)).Should().Equal(Bits(reference.Backward(gradient)));
        AssertSameLayers(net, reference, x, "after the other network's pass");
    }

    [Fact]
    public void AlternatingBatchSizes_AgreeWithTheGeneralPath()
    {
        Sequential fast = Net("every-activation"), general = Net("every-activation");
        general.SingleSamplePathEnabled = false;
        int[] sizes = [1, 1, 4, 1, 1, 1, 3, 1, 2, 1, 1];
        for (int t = 0; t < sizes.Length; t++)
        {
            Matrix<double> x = RandomMatrix(3, sizes[t], seed: 10 + (ulong)t);
            Bits(fast.Forward(x)).Should().Equal(Bits(general.Forward(x)), $"pass {t}, batch {sizes[t]}");
            Matrix<double> gradient = RandomMatrix(1, sizes[t], seed: 100 + (ulong)t);
            Bits(fast.Backward(gradient)).Should().Equal(Bits(general.Backward(gradient)), $"pass {t}");
            AssertSameLayers(fast, general, x, $"pass {t}, batch {sizes[t]}");
        }

        fast.SingleSamplePasses.Should().Be(4, "passes 1, 4, 5 and 10 follow a single-sample pass");
    }

    [Fact]
    public void NotTakenWhereTheGeneralPathComputesDifferently()
    {
        // Softmax is not element-wise; a 64×64 layer's product (4096 multiply-adds) goes to the blocked GEMM.
        foreach (Sequential net in new[]
        {
            new Sequential(new Linear(3, 4), new Softmax()),
            new Sequential(new Linear(64, 64), new Tanh(), new Linear(64, 1)),
        })
        {
            for (int t = 0; t < 3; t++)
            {
                net.Forward(RandomMatrix(net.InputSize!.Value, 1, seed: (ulong)t));
            }

            net.SingleSamplePasses.Should().Be(0, net.ToString());
        }
    }

    [Fact]
    public void TheReturnedOutputIsTheNetworksOwnWorkspace_ReusedFromPassToPass()
    {
        Sequential net = Net("w1-tanh");
        Matrix<double> first = net.Forward(RandomMatrix(2, 1, seed: 1));
        Matrix<double> second = net.Forward(RandomMatrix(2, 1, seed: 2));
        second.Should().BeSameAs(first).And.BeSameAs(net.Output).And.BeSameAs(net[2].Output);
        net[0].InputGradient.Should().BeNull("a forward pass clears the last backward pass's input gradients");
    }

    // ------------------------------------------------------------------ helpers

    private static void AssertSameLayers(Sequential fast, Sequential general, Matrix<double> input, string what)
    {
        for (int i = 0; i < fast.Count; i++)
        {
            Layer a = fast[i], b = general[i];
            a.Input.Should().BeSameAs(i == 0 ? input : fast[i - 1].Output, $"{what}: layer {i}'s input is the pass's");
            Bits(a.Input!).Should().Equal(Bits(b.Input!), $"{what}: layer {i} input");
            Bits(a.Output!).Should().Equal(Bits(b.Output!), $"{what}: layer {i} output");
            (a.InputGradient is null).Should().Be(b.InputGradient is null, $"{what}: layer {i} input gradient computed or not");
            if (a.InputGradient is not null)
            {
                Bits(a.InputGradient).Should().Equal(Bits(b.InputGradient!), $"{what}: layer {i} input gradient");
            }
        }

        for (int p = 0; p < fast.NamedParameters.Count; p++)
        {
            Bits(fast.NamedParameters[p].Value.Gradient).Should().Equal(
                Bits(general.NamedParameters[p].Value.Gradient), $"{what}: gradient of {fast.NamedParameters[p].Key}");
        }
    }

    private static void AssertSameParameters(Sequential fast, Sequential general, string what)
    {
        for (int p = 0; p < fast.NamedParameters.Count; p++)
        {
            Bits(fast.NamedParameters[p].Value.Value).Should().Equal(
                Bits(general.NamedParameters[p].Value.Value), $"{what}: {fast.NamedParameters[p].Key} after the update");
        }
    }

    /// <summary>The matrix's values as bit patterns (so that −0 and +0 differ).</summary>
    private static long[] Bits(Matrix<double> matrix) => matrix.ToColumnMajorArray().Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static Matrix<double> RandomMatrix(int rows, int columns, ulong seed, double low = -1.0, double high = 1.0, int zeroEvery = 0)
    {
        var random = new SeededRandom(seed);
        var m = DenseMatrix.Create(rows, columns, (_, _) => random.NextUniform(low, high));
        if (zeroEvery > 0)
        {
            for (int i = 0; i < rows * columns; i += zeroEvery)
            {
                m[i % rows, i / rows] = 0.0;
            }
        }

        return m;
    }
}
