namespace TinyNets.Tests.Network;

/// <summary>
/// Sequential.Backward(outputGradient, computeInputGradient): without the input gradient it must leave every parameter
/// gradient as the one-argument overload computes it, bit for bit, on an identical network. Also the reuse of the
/// layers' workspaces by shape (batches of 32 and 8 alternating) and the Tanh layer against Math.Tanh.
/// </summary>
public class BackwardWithoutInputGradientTests
{
    private const int Features = 5;

    public static TheoryData<string> Architectures => new() { "linear-first", "tanh-first", "one-output" };

    /// <summary>A network of the named kind; the same name and seed give bit-identical parameters.</summary>
    private static Sequential Net(string architecture) => architecture switch
    {
        "linear-first" => new Sequential(new Linear(Features, 7), new Tanh(), new Linear(7, 4), new ReLU(), new Linear(4, 3)).Initialize(11),
        "tanh-first" => new Sequential(new Tanh(), new Linear(Features, 6), new Sigmoid(), new Linear(6, 2)).Initialize(12),
        "one-output" => new Sequential(new Linear(Features, 1)).Initialize(13),
        _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
    };

    // ------------------------------------------------------------------ Backward(grad, computeInputGradient)

    [Theory]
    [MemberData(nameof(Architectures))]
    public void WithoutInputGradient_ReturnsNull_ParameterGradientsAreBitIdentical_FirstInputGradientIsNull(string architecture)
    {
        foreach (int batch in new[] { 1, 3, 32 })
        {
            Matrix<double> input = RandomMatrix(Features, batch, seed: (ulong)batch);
            Sequential full = Net(architecture), partial = Net(architecture);
            Matrix<double> outputGradient = RandomMatrix(full.OutputSize!.Value, batch, seed: 100 + (ulong)batch);

            full.Forward(input);
            Matrix<double> inputGradient = full.Backward(outputGradient);

            // A backward pass with the input gradient, of another output gradient, on the same forward pass leaves the
            // first layer's InputGradient set and other parameter gradients in place: the pass without must reset the
            // one and overwrite the others.
            partial.Forward(input);
            partial.Backward(RandomMatrix(outputGradient.RowCount, batch, seed: 200)).Should().NotBeNull();
            partial[0].InputGradient.Should().NotBeNull();

            partial.Backward(outputGradient, computeInputGradient: false).Should().BeNull();

            partial[0].InputGradient.Should().BeNull($"{architecture}, batch {batch}: the first layer's input gradient was not computed");
            for (int i = 1; i < partial.Count; i++)
            {
                partial[i].InputGradient.Should().NotBeNull($"layer {i} passes its gradient back to layer {i - 1}");
                Bits(partial[i].InputGradient!).Should().Equal(Bits(full[i].InputGradient!), $"layer {i}'s input gradient");
            }

            AssertSameParameterGradients(partial, full, $"{architecture}, batch {batch}");
            inputGradient.Should().NotBeNull();
        }
    }

    [Theory]
    [MemberData(nameof(Architectures))]
    public void WithInputGradient_EqualsTheOneArgumentOverload(string architecture)
    {
        Matrix<double> input = RandomMatrix(Features, 9, seed: 1);
        Sequential one = Net(architecture), two = Net(architecture);
        Matrix<double> outputGradient = RandomMatrix(one.OutputSize!.Value, 9, seed: 2);

        one.Forward(input);
        Matrix<double> expected = one.Backward(outputGradient);
        two.Forward(input);
        Matrix<double>? actual = two.Backward(outputGradient, computeInputGradient: true);

        actual.Should().NotBeNull().And.BeSameAs(two[0].InputGradient);
        Bits(actual!).Should().Equal(Bits(expected));
        AssertSameParameterGradients(two, one, architecture);
    }

    [Fact]
    public void TheInputGradientIsStillCorrect_AgainstFiniteDifferences()
    {
        // Independent of both overloads: ∂L/∂x for L = Σ G ⊙ net(x) by central differences, on the tanh-first network.
        const double H = 1e-6;
        Sequential net = Net("tanh-first");
        Matrix<double> input = RandomMatrix(Features, 3, seed: 4);
        Matrix<double> outputGradient = RandomMatrix(2, 3, seed: 5);
        double Loss(Matrix<double> x) => net.Forward(x).PointwiseMultiply(outputGradient).Enumerate().Sum();

        net.Forward(input);
        Matrix<double> analytic = net.Backward(outputGradient, computeInputGradient: true)!.Clone();
        for (int j = 0; j < input.ColumnCount; j++)
        {
            for (int i = 0; i < input.RowCount; i++)
            {
                Matrix<double> plus = input.Clone(), minus = input.Clone();
                plus[i, j] += H;
                minus[i, j] -= H;
                double numeric = (Loss(plus) - Loss(minus)) / (2 * H);
                analytic[i, j].Should().BeApproximately(numeric, 1e-7, $"∂L/∂x({i}, {j})");
            }
        }
    }

    // ------------------------------------------------------------------ alternating batch sizes

    [Fact]
    public void AlternatingBatchSizes_OutputsInputsAndGradientsMatchAFreshNetwork()
    {
        Sequential net = Net("linear-first");
        int pass = 0;
        foreach (int batch in new[] { 32, 8, 32, 8, 8, 32, 32, 8 })
        {
            pass++;
            // A new input every pass: a stale workspace of the same shape would still hold the previous batch's values.
            Matrix<double> input = RandomMatrix(Features, batch, seed: (ulong)(1000 + pass));
            Matrix<double> outputGradient = RandomMatrix(3, batch, seed: (ulong)(2000 + pass));
            Sequential fresh = Net("linear-first");
            Matrix<double> expectedOutput = fresh.Forward(input);

            Matrix<double> output = net.Forward(input);
            string what = $"pass {pass} (batch {batch})";
            output.Should().BeSameAs(net.Output).And.BeSameAs(net[net.Count - 1].Output);
            Bits(output).Should().Equal(Bits(expectedOutput), what);
            for (int i = 0; i < net.Count; i++)
            {
                Layer layer = net[i];
                layer.Input.Should().BeSameAs(i == 0 ? input : net[i - 1].Output, $"{what}: layer {i}'s input");
                layer.Output!.ColumnCount.Should().Be(batch);
                layer.Output.RowCount.Should().Be(fresh[i].Output!.RowCount);
                Bits(layer.Output).Should().Equal(Bits(fresh[i].Output!), $"{what}: layer {i}'s output");
            }

            // Backward after the switch, alternately with and without the input gradient.
            bool withInputGradient = pass % 2 == 1;
            Matrix<double> expectedInputGradient = fresh.Backward(outputGradient);
            Matrix<double>? inputGradient = net.Backward(outputGradient, withInputGradient);
            if (withInputGradient)
            {
                Bits(inputGradient!).Should().Equal(Bits(expectedInputGradient), $"{what}: ∂L/∂input");
            }
            else
            {
                inputGradient.Should().BeNull();
            }

            AssertSameParameterGradients(net, fresh, what);
        }
    }

    [Fact]
    public void AlternatingBatchSizes_ReturnedOutputsAreOverwrittenOnlyByTheSameBatchSize()
    {
        // The documented ownership: the returned matrix is the network's and the next pass of the same batch size reuses it.
        Sequential net = Net("linear-first");
        Matrix<double> input32 = RandomMatrix(Features, 32, seed: 1), input8 = RandomMatrix(Features, 8, seed: 2);
        Matrix<double> output32 = net.Forward(input32);
        double[] first32 = output32.ToColumnMajorArray();
        Matrix<double> output8 = net.Forward(input8);
        output8.Should().NotBeSameAs(output32);
        output32.ToColumnMajorArray().Should().Equal(first32, "a pass with 8 samples does not touch the workspace for 32");

        Matrix<double> other32 = RandomMatrix(Features, 32, seed: 3);
        net.Forward(other32).Should().BeSameAs(output32, "the workspace for 32 samples is reused");
        Bits(output32).Should().Equal(Bits(Net("linear-first").Forward(other32)));
    }

    // ------------------------------------------------------------------ the Tanh layer

    [Theory]
    [InlineData(3, 1)]
    [InlineData(16, 32)]
    public void TanhLayer_ForwardAndBackwardMatchMathTanh(int rows, int columns)
    {
        // One layer for both shapes and back, so that the workspaces switch too. Inputs in [−1.5, 1.5] plus a few chosen
        // values: 1 − y² is computed from y, and near |y| = 1 its cancellation would amplify an ulp of y (from either
        // tanh) beyond 1e-14.
        var layer = new Tanh();
        foreach ((int r, int c, ulong seed) in new[] { (rows, columns, 1UL), (16, 32, 2UL), (3, 1, 3UL), (rows, columns, 4UL) })
        {
            Matrix<double> x = RandomMatrix(r, c, seed, -1.5, 1.5);
            double[] chosen = { 0.0, -0.0, 1e-300, -1e-9, 0.05, -0.05, Math.BitIncrement(0.05), 0.7, -1.5 };
            for (int t = 0; t < Math.Min(chosen.Length, r * c); t++)
            {
                x[t % r, t / r] = chosen[t];
            }

            Matrix<double> dy = RandomMatrix(r, c, seed + 10, -2.0, 2.0);
            Matrix<double> y = layer.Forward(x);
            Matrix<double> dx = layer.Backward(dy);

            for (int j = 0; j < c; j++)
            {
                for (int i = 0; i < r; i++)
                {
                    double expectedY = Math.Tanh(x[i, j]);
                    double expectedDx = dy[i, j] * (1.0 - (expectedY * expectedY));
                    AssertRelative(y[i, j], expectedY, $"{r}×{c}: tanh({x[i, j]:R})");
                    AssertRelative(dx[i, j], expectedDx, $"{r}×{c}: ∂L/∂x at x = {x[i, j]:R}");
                }
            }

            layer.Input.Should().BeSameAs(x);
            layer.Output.Should().BeSameAs(y);
            layer.InputGradient.Should().BeSameAs(dx);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void AssertSameParameterGradients(Sequential actual, Sequential expected, string what)
    {
        actual.NamedParameters.Select(kv => kv.Key).Should().Equal(expected.NamedParameters.Select(kv => kv.Key));
        for (int p = 0; p < actual.NamedParameters.Count; p++)
        {
            (string name, Parameter parameter) = actual.NamedParameters[p];
            parameter.Gradient.Enumerate().Should().Contain(g => g != 0.0, $"{what}: {name} has a gradient to compare");
            Bits(parameter.Gradient).Should().Equal(Bits(expected.NamedParameters[p].Value.Gradient), $"{what}: gradient of {name}");
        }
    }

    private static void AssertRelative(double actual, double expected, string what)
    {
        if (!(Math.Abs(actual - expected) <= 1e-14 * Math.Abs(expected)))
        {
            Assert.Fail($"{what}: {actual:R}, expected {expected:R}");
        }
    }

    /// <summary>The matrix's values as bit patterns, column by column (so that −0 and +0 differ, and NaN equals NaN).</summary>
    private static long[] Bits(Matrix<double> matrix) => matrix.ToColumnMajorArray().Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static Matrix<double> RandomMatrix(int rows, int columns, ulong seed, double low = -1.0, double high = 1.0)
    {
        var random = new SeededRandom(seed);
        return Matrix<double>.Build.Dense(rows, columns, (_, _) => random.NextUniform(low, high));
    }
}
