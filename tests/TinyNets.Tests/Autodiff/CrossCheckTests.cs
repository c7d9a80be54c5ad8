using TinyNets.Autodiff;

namespace TinyNets.Tests.Autodiff;

/// <summary>
/// The scalar autodiff engine (<see cref="Value"/>) as an independent oracle for the matrix core's hand-written
/// backpropagation. Each of <see cref="ConfigurationCount"/> deterministic random configurations (1–3 hidden layers,
/// widths 1–5, batch 1–4, every activation, every loss and reduction, Linear layers with and without bias) is built twice:
/// once as a <see cref="Sequential"/> with a <see cref="Loss"/>, once from one <see cref="Value"/> per weight, bias and
/// input entry, with each activation and loss written from the engine's elementary operations (exp, log, relu, +, −, ×, ÷)
/// rather than the library's kernels or its ScalarMath helpers. The loss value, the network output, every parameter
/// gradient (by name) and the input gradient must agree to 1e-10·(1 + |reference|).
/// Pre-activations of ReLU, LeakyReLU and SELU within 1e-6 of 0 are redrawn, so the two sides never sit on different
/// sides of a kink because of rounding.
/// </summary>
public class CrossCheckTests
{
    private const int ConfigurationCount = 40;
    private const double RelativeTolerance = 1e-10;
    private const double KinkMargin = 1e-6;

    // Klambauer et al. (2017), typed here rather than taken from Selu.Lambda / Selu.Alpha.
    private const double SeluLambda = 1.0507009873554804934193349852946;
    private const double SeluAlpha = 1.6732632423543772848170429916717;

    private static readonly ActivationKind[] AllActivations = Enum.GetValues<ActivationKind>();
    private static readonly LossKind[] AllLosses = Enum.GetValues<LossKind>();

    private enum ActivationKind
    {
        Identity,
        ReLU,
        LeakyReLU,
        Sigmoid,
        Tanh,
        Selu,
        Softplus,
        Softmax,
    }

    private enum LossKind
    {
        MseMean,
        MseSum,
        MseBatchMean,
        Sse,
        HalfSse,
        HalfMse,
        BceWithLogits,
        SoftplusLoss,
        SoftMargin,
        CrossEntropyClasses,
        CrossEntropyProbabilities,
    }

    public static TheoryData<int> Configurations
    {
        get
        {
            var data = new TheoryData<int>();
            for (int i = 0; i < ConfigurationCount; i++)
            {
                data.Add(i);
            }

            return data;
        }
    }

    // ------------------------------------------------------------------ tests

    [Theory]
    [MemberData(nameof(Configurations))]
    public void MatrixBackprop_EqualsScalarAutodiff_ForLossOutputEveryParameterAndTheInput(int index)
    {
        (Configuration config, Draw draw, Sequential net) = Prepare(index);

        Result expected = Reference(config, draw);
        Result actual = RunLibrary(config, draw, net);

        expected.Gradients[WeightName(0)].Cast<double>().Should().Contain(g => Math.Abs(g) > 1e-6, $"the gradient reaches the first layer ({config})");
        expected.InputGradient.Cast<double>().Should().Contain(g => Math.Abs(g) > 1e-6, $"the gradient reaches the input ({config})");

        List<Mismatch> mismatches = Compare(expected, actual);
        mismatches.Should().BeEmpty($"configuration {config} must match the scalar engine; first differences: {string.Join("; ", mismatches.Take(8))}");
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void CrossCheck_DetectsAReferenceScaledBy1Point01(int index)
    {
        // The comparison must be able to fail: a reference that is 1 % off is flagged at the loss and at every entry whose
        // size makes 1 % larger than the tolerance, while the correct reference passes (previous test).
        (Configuration config, Draw draw, Sequential net) = Prepare(index);
        Result expected = Reference(config, draw);
        Result actual = RunLibrary(config, draw, net);

        Result wrong = expected.Scaled(1.01);
        HashSet<string> flagged = Compare(wrong, actual).Select(m => m.Where).ToHashSet(StringComparer.Ordinal);

        flagged.Should().Contain("loss", $"the loss {expected.Loss:R} scaled by 1.01 must be detected ({config})");
        foreach ((string where, double value) in expected.Entries())
        {
            if (Math.Abs(value) >= 1e-6)
            {
                flagged.Should().Contain(where, $"{where} = {value:R} scaled by 1.01 must be detected ({config})");
            }
        }

        flagged.Count.Should().BeGreaterThan(1);
    }

    [Fact]
    public void Configurations_CoverEveryActivationLossReductionAndShape()
    {
        Configuration[] configs = Enumerable.Range(0, ConfigurationCount).Select(Describe).ToArray();

        configs.Select(c => c.Activations[^1]).OfType<ActivationKind>().Distinct().Should().BeEquivalentTo(AllActivations, "every activation is an output activation once");
        configs.SelectMany(c => c.Activations.Take(c.DenseCount - 1)).OfType<ActivationKind>().Distinct().Should().BeEquivalentTo(AllActivations, "every activation is a hidden activation once");
        configs.Should().Contain(c => c.Activations[c.DenseCount - 1] == null, "a network that ends with a Linear layer");
        configs.Select(c => c.Loss).Distinct().Should().BeEquivalentTo(AllLosses);

        // MseLoss in each reduction, plus the three factories (checked structurally in CreateLoss / ReferenceFactor).
        configs.Where(c => c.Loss is LossKind.MseMean or LossKind.MseSum or LossKind.MseBatchMean)
            .Select(c => c.Reduction).Distinct().Should().BeEquivalentTo(Enum.GetValues<Reduction>());
        foreach (LossKind kind in new[] { LossKind.BceWithLogits, LossKind.SoftplusLoss, LossKind.SoftMargin, LossKind.CrossEntropyClasses, LossKind.CrossEntropyProbabilities })
        {
            configs.Where(c => c.Loss == kind).Select(c => c.Reduction).Distinct()
                .Should().BeEquivalentTo(Enum.GetValues<Reduction>(), $"{kind} is checked in every reduction");
            configs.Should().Contain(c => c.Loss == kind && c.Scale != 1.0, $"{kind} is checked with a scale");
        }

        configs.Select(c => c.DenseCount - 1).Distinct().Should().BeEquivalentTo(new[] { 1, 2, 3 }, "1 to 3 hidden layers");
        configs.Select(c => c.Batch).Distinct().Should().BeEquivalentTo(new[] { 1, 2, 3, 4 });
        configs.SelectMany(c => c.Widths.Skip(1).Take(c.DenseCount - 1)).Distinct().Should().BeEquivalentTo(new[] { 1, 2, 3, 4, 5 }, "hidden widths 1–5");
        configs.SelectMany(c => c.HasBias).Distinct().Should().BeEquivalentTo(new[] { true, false });
        configs.Where(c => c.Activations.Contains(ActivationKind.LeakyReLU))
            .SelectMany(c => c.Slopes.Where((_, l) => c.Activations[l] == ActivationKind.LeakyReLU)).Distinct().Count()
            .Should().BeGreaterThan(3, "LeakyReLU slopes are random");

        // The drawn data put the piecewise activations on both sides of their kink somewhere, and the probability
        // targets include columns that do not sum to 1.
        var signs = new HashSet<(ActivationKind, bool)>();
        bool unnormalised = false, normalised = false;
        foreach (Configuration config in configs)
        {
            (_, Draw draw, Sequential net) = Prepare(config.Index);
            for (int l = 0; l < config.DenseCount; l++)
            {
                if (config.Activations[l] is ActivationKind kind and (ActivationKind.ReLU or ActivationKind.LeakyReLU or ActivationKind.Selu))
                {
                    foreach (double z in net[2 * l].Output!.Enumerate())
                    {
                        signs.Add((kind, z > 0));
                    }
                }
            }

            if (config.Loss == LossKind.CrossEntropyProbabilities)
            {
                for (int j = 0; j < config.Batch; j++)
                {
                    double mass = Enumerable.Range(0, config.Widths[^1]).Sum(i => draw.Targets![i, j]);
                    unnormalised |= Math.Abs(mass - 1) > 1e-3;
                    normalised |= Math.Abs(mass - 1) < 1e-12;
                }
            }
        }

        signs.Should().BeEquivalentTo(new[]
        {
            (ActivationKind.ReLU, true), (ActivationKind.ReLU, false),
            (ActivationKind.LeakyReLU, true), (ActivationKind.LeakyReLU, false),
            (ActivationKind.Selu, true), (ActivationKind.Selu, false),
        });
        unnormalised.Should().BeTrue();
        normalised.Should().BeTrue();
    }

    // ------------------------------------------------------------------ configurations

    /// <summary>A network and loss, fixed by the configuration index.</summary>
    private sealed record Configuration(
        int Index,
        int[] Widths,
        bool[] HasBias,
        ActivationKind?[] Activations,
        double[] Slopes,
        int Batch,
        LossKind Loss,
        Reduction Reduction,
        double Scale,
        ulong DataSeed)
    {
        public int DenseCount => HasBias.Length;

        public override string ToString()
        {
            IEnumerable<string> layers = Enumerable.Range(0, DenseCount).Select(l =>
                $"Linear({Widths[l]}→{Widths[l + 1]}{(HasBias[l] ? string.Empty : ", no bias")})"
                + (Activations[l] is ActivationKind a ? " " + (a == ActivationKind.LeakyReLU ? $"LeakyReLU({Slopes[l]:G6})" : a.ToString()) : string.Empty));
            return $"#{Index}: {string.Join(" → ", layers)}; batch {Batch}; {Loss} (reduction {Reduction}, scale {Scale:G6})";
        }
    }

    /// <summary>Parameters, inputs and targets drawn for a configuration.</summary>
    private sealed record Draw(double[][,] Weights, double[]?[] Biases, double[,] Input, double[,]? Targets, int[]? Classes);

    /// <summary>What both sides compute: the loss, the network output, ∂L/∂parameter by name, ∂L/∂input.</summary>
    private sealed record Result(double Loss, double[,] Output, IReadOnlyDictionary<string, double[,]> Gradients, double[,] InputGradient)
    {
        public Result Scaled(double factor) => new(
            Loss * factor,
            Output,
            Gradients.ToDictionary(kv => kv.Key, kv => Times(kv.Value, factor), StringComparer.Ordinal),
            Times(InputGradient, factor));

        /// <summary>Every gradient entry with its location, as <see cref="Compare"/> names it.</summary>
        public IEnumerable<(string Where, double Value)> Entries()
        {
            foreach ((string name, double[,] g) in Gradients)
            {
                foreach ((string where, double value) in Cells(name, g))
                {
                    yield return (where, value);
                }
            }

            foreach ((string where, double value) in Cells("input", InputGradient))
            {
                yield return (where, value);
            }
        }

        private static double[,] Times(double[,] m, double factor)
        {
            var r = new double[m.GetLength(0), m.GetLength(1)];
            for (int i = 0; i < m.GetLength(0); i++)
            {
                for (int j = 0; j < m.GetLength(1); j++)
                {
                    r[i, j] = m[i, j] * factor;
                }
            }

            return r;
        }
    }

    private sealed record Mismatch(string Where, double Expected, double Actual)
    {
        public override string ToString() => $"{Where}: reference {Expected:R}, library {Actual:R} (diff {Actual - Expected:E2})";
    }

    /// <summary>
    /// Configuration <paramref name="index"/>: hidden-layer count cycles 1,2,3, batch size 1..4 every three indices,
    /// output activation through all 8 and loss through all 11 kinds; reduction of the non-MSE losses cycles with
    /// index / 11. Widths, bias flags, hidden activations, slopes and scales come from a SeededRandom.
    /// </summary>
    private static Configuration Describe(int index)
    {
        var rng = new SeededRandom(0x5EED_C0DEUL + (ulong)index);
        int hidden = 1 + (index % 3);
        int batch = 1 + (index / 3 % 4);
        var loss = (LossKind)(index % AllLosses.Length);
        var outputActivation = (ActivationKind)(index % AllActivations.Length);
        bool crossEntropy = loss is LossKind.CrossEntropyClasses or LossKind.CrossEntropyProbabilities;

        var widths = new int[hidden + 2];
        for (int i = 0; i <= hidden; i++)
        {
            widths[i] = 1 + rng.NextInt32(5);
        }

        widths[^1] = crossEntropy ? 2 + rng.NextInt32(4) : 1 + rng.NextInt32(5);

        var hasBias = new bool[hidden + 1];
        var activations = new ActivationKind?[hidden + 1];
        var slopes = new double[hidden + 1];
        for (int l = 0; l <= hidden; l++)
        {
            hasBias[l] = rng.NextInt32(2) == 1;
            activations[l] = l < hidden ? (ActivationKind)rng.NextInt32(AllActivations.Length) : outputActivation;
            slopes[l] = rng.NextUniform(0.01, 0.9);
        }

        for (int l = 0; l <= hidden; l++)
        {
            // A softmax over one feature is the constant 1 and would block every gradient before it.
            if (activations[l] == ActivationKind.Softmax && widths[l + 1] == 1)
            {
                widths[l + 1] = 2 + rng.NextInt32(4);
            }
        }

        if (outputActivation == ActivationKind.Identity && index % 16 == 0)
        {
            activations[hidden] = null; // the network ends with its Linear layer
        }

        Reduction reduction = loss switch
        {
            LossKind.MseMean => Reduction.Mean,
            LossKind.MseSum or LossKind.Sse or LossKind.HalfSse => Reduction.Sum,
            LossKind.MseBatchMean or LossKind.HalfMse => Reduction.BatchMean,
            _ => (Reduction)(index / AllLosses.Length % 3),
        };
        double scale = loss switch
        {
            LossKind.Sse => 1.0,
            LossKind.HalfSse or LossKind.HalfMse => 0.5,
            _ => index / AllLosses.Length % 2 == 0 ? 1.0 : rng.NextUniform(0.25, 3.0),
        };

        return new Configuration(index, widths, hasBias, activations, slopes, batch, loss, reduction, scale, rng.NextUInt64());
    }

    /// <summary>Builds the network, draws parameters, inputs and targets, and redraws until no kink is within 1e-6 and no ReLU layer is dead for a whole sample.</summary>
    private static (Configuration Config, Draw Draw, Sequential Net) Prepare(int index)
    {
        Configuration config = Describe(index);
        var rng = new SeededRandom(config.DataSeed);
        Sequential net = BuildNetwork(config);
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            Draw draw = DrawData(config, rng);
            Load(net, config, draw);
            net.Forward(Matrix<double>.Build.DenseOfArray(draw.Input));
            if (!Unsuitable(net))
            {
                return (config, draw, net);
            }
        }

        throw new InvalidOperationException($"No suitable draw for {config}.");
    }

    private static Sequential BuildNetwork(Configuration config)
    {
        var layers = new List<Layer>();
        for (int l = 0; l < config.DenseCount; l++)
        {
            layers.Add(new Linear(config.Widths[l], config.Widths[l + 1], config.HasBias[l]));
            if (config.Activations[l] is ActivationKind kind)
            {
                layers.Add(kind switch
                {
                    ActivationKind.Identity => new Identity(),
                    ActivationKind.ReLU => new ReLU(),
                    ActivationKind.LeakyReLU => new LeakyReLU(config.Slopes[l]),
                    ActivationKind.Sigmoid => new Sigmoid(),
                    ActivationKind.Tanh => new Tanh(),
                    ActivationKind.Selu => new Selu(),
                    ActivationKind.Softplus => new Softplus(),
                    ActivationKind.Softmax => new Softmax(),
                    _ => throw new ArgumentOutOfRangeException(nameof(config)),
                });
            }
        }

        return new Sequential(layers);
    }

    private static Draw DrawData(Configuration config, SeededRandom rng)
    {
        var weights = new double[config.DenseCount][,];
        var biases = new double[]?[config.DenseCount];
        for (int l = 0; l < config.DenseCount; l++)
        {
            int fanIn = config.Widths[l], fanOut = config.Widths[l + 1];
            weights[l] = new double[fanOut, fanIn];
            for (int o = 0; o < fanOut; o++)
            {
                for (int k = 0; k < fanIn; k++)
                {
                    weights[l][o, k] = rng.NextUniform(-1.2, 1.2);
                }
            }

            if (config.HasBias[l])
            {
                biases[l] = Enumerable.Range(0, fanOut).Select(_ => rng.NextUniform(-1.0, 1.0)).ToArray();
            }
        }

        int n = config.Batch, inputs = config.Widths[0], outputs = config.Widths[^1];
        var input = new double[inputs, n];
        for (int i = 0; i < inputs; i++)
        {
            for (int j = 0; j < n; j++)
            {
                input[i, j] = rng.NextUniform(-2.0, 2.0);
            }
        }

        if (config.Loss == LossKind.CrossEntropyClasses)
        {
            int[] classes = Enumerable.Range(0, n).Select(_ => rng.NextInt32(outputs)).ToArray();
            return new Draw(weights, biases, input, null, classes);
        }

        var targets = new double[outputs, n];
        for (int j = 0; j < n; j++)
        {
            for (int i = 0; i < outputs; i++)
            {
                targets[i, j] = config.Loss switch
                {
                    LossKind.BceWithLogits => rng.NextDouble(),
                    LossKind.SoftplusLoss => rng.NextUniform(-1.0, 2.0), // the formula is literal for any y
                    LossKind.SoftMargin => rng.NextInt32(2) == 0 ? -1.0 : 1.0,
                    LossKind.CrossEntropyProbabilities => rng.NextDouble(),
                    _ => rng.NextUniform(-1.5, 1.5),
                };
            }

            // Half of the probability columns are normalised; the others keep a mass ≠ 1 (soft, unnormalised targets).
            if (config.Loss == LossKind.CrossEntropyProbabilities && rng.NextInt32(2) == 0)
            {
                double mass = 0;
                for (int i = 0; i < outputs; i++)
                {
                    mass += targets[i, j];
                }

                for (int i = 0; i < outputs; i++)
                {
                    targets[i, j] /= mass;
                }
            }
        }

        return new Draw(weights, biases, input, targets, null);
    }

    private static void Load(Sequential net, Configuration config, Draw draw)
    {
        for (int l = 0; l < config.DenseCount; l++)
        {
            net.SetParameter(WeightName(l), draw.Weights[l]);
            if (draw.Biases[l] is double[] bias)
            {
                net.SetParameter(BiasName(l), bias);
            }
        }
    }

    /// <summary>A draw is rejected when a ReLU, LeakyReLU or SELU pre-activation is within 1e-6 of its kink, or when a
    /// ReLU layer is dead for a whole sample (which would make every gradient before it zero and the check vacuous).</summary>
    private static bool Unsuitable(Sequential net) =>
        net.Any(layer => layer is ReLU or LeakyReLU or Selu && layer.Input!.Enumerate().Any(z => Math.Abs(z) < KinkMargin))
        || net.OfType<ReLU>().Any(layer => layer.Input!.EnumerateColumns().Any(column => column.All(z => z <= 0)));

    // Linear layer l sits at index 2l: each Linear is followed by its activation (only the last may have none).
    private static string WeightName(int l) => $"{2 * l}.weight";

    private static string BiasName(int l) => $"{2 * l}.bias";

    // ------------------------------------------------------------------ the library side

    private static Loss CreateLoss(Configuration config) => config.Loss switch
    {
        LossKind.MseMean or LossKind.MseSum or LossKind.MseBatchMean => new MseLoss(config.Reduction, config.Scale),
        LossKind.Sse => MseLoss.Sse(),
        LossKind.HalfSse => MseLoss.HalfSse(),
        LossKind.HalfMse => MseLoss.HalfMse(),
        LossKind.BceWithLogits => new BceWithLogitsLoss(config.Reduction, config.Scale),
        LossKind.SoftplusLoss => new SoftplusLoss(config.Reduction, config.Scale),
        LossKind.SoftMargin => new SoftMarginLoss(config.Reduction, config.Scale),
        LossKind.CrossEntropyClasses or LossKind.CrossEntropyProbabilities => new CrossEntropyLoss(config.Reduction, config.Scale),
        _ => throw new ArgumentOutOfRangeException(nameof(config)),
    };

    private static Result RunLibrary(Configuration config, Draw draw, Sequential net)
    {
        Matrix<double> output = net.Forward(Matrix<double>.Build.DenseOfArray(draw.Input));
        Loss loss = CreateLoss(config);
        double value = config.Loss == LossKind.CrossEntropyClasses
            ? ((CrossEntropyLoss)loss).Forward(output, draw.Classes!)
            : loss.Forward(output, Matrix<double>.Build.DenseOfArray(draw.Targets!));
        double[,] outputCopy = output.ToArray();
        Matrix<double> inputGradient = net.Backward(loss.Backward());
        Dictionary<string, double[,]> gradients = net.NamedParameters
            .ToDictionary(kv => kv.Key, kv => net.GetGradient(kv.Key).ToArray(), StringComparer.Ordinal);
        return new Result(value, outputCopy, gradients, inputGradient.ToArray());
    }

    // ------------------------------------------------------------------ the scalar-engine side

    private static Result Reference(Configuration config, Draw draw)
    {
        int layers = config.DenseCount, n = config.Batch, inputs = config.Widths[0], outputs = config.Widths[^1];
        var w = new Value[layers][,];
        var b = new Value[]?[layers];
        for (int l = 0; l < layers; l++)
        {
            int fanIn = config.Widths[l], fanOut = config.Widths[l + 1];
            w[l] = new Value[fanOut, fanIn];
            for (int o = 0; o < fanOut; o++)
            {
                for (int k = 0; k < fanIn; k++)
                {
                    w[l][o, k] = new Value(draw.Weights[l][o, k], $"W{l}[{o},{k}]");
                }
            }

            if (draw.Biases[l] is double[] bias)
            {
                b[l] = bias.Select((v, o) => new Value(v, $"b{l}[{o}]")).ToArray();
            }
        }

        var x = new Value[inputs, n];
        for (int i = 0; i < inputs; i++)
        {
            for (int j = 0; j < n; j++)
            {
                x[i, j] = new Value(draw.Input[i, j], $"x[{i},{j}]");
            }
        }

        var prediction = new Value[outputs, n];
        for (int j = 0; j < n; j++)
        {
            Value[] a = Enumerable.Range(0, inputs).Select(i => x[i, j]).ToArray();
            for (int l = 0; l < layers; l++)
            {
                var z = new Value[config.Widths[l + 1]];
                for (int o = 0; o < z.Length; o++)
                {
                    Value s = w[l][o, 0] * a[0];
                    for (int k = 1; k < a.Length; k++)
                    {
                        s += w[l][o, k] * a[k];
                    }

                    z[o] = b[l] is Value[] bias ? s + bias[o] : s;
                }

                a = config.Activations[l] is ActivationKind kind ? Activate(kind, config.Slopes[l], z) : z;
            }

            for (int i = 0; i < outputs; i++)
            {
                prediction[i, j] = a[i];
            }
        }

        Value loss = ReferenceLoss(config, draw, prediction);
        loss.Backward();

        var gradients = new Dictionary<string, double[,]>(StringComparer.Ordinal);
        for (int l = 0; l < layers; l++)
        {
            gradients[WeightName(l)] = Grads(w[l]);
            if (b[l] is Value[] bias)
            {
                var g = new double[bias.Length, 1];
                for (int o = 0; o < bias.Length; o++)
                {
                    g[o, 0] = bias[o].Grad;
                }

                gradients[BiasName(l)] = g;
            }
        }

        var output = new double[outputs, n];
        for (int i = 0; i < outputs; i++)
        {
            for (int j = 0; j < n; j++)
            {
                output[i, j] = prediction[i, j].Data;
            }
        }

        return new Result(loss.Data, output, gradients, Grads(x));
    }

    private static Value[] Activate(ActivationKind kind, double slope, Value[] z)
    {
        switch (kind)
        {
            case ActivationKind.Identity:
                return z;
            case ActivationKind.ReLU:
                return z.Select(v => v.Relu()).ToArray();
            case ActivationKind.LeakyReLU:
                // x for x > 0, slope·x otherwise
                return z.Select(v => v.Relu() - (slope * (-v).Relu())).ToArray();
            case ActivationKind.Sigmoid:
                return z.Select(v => 1.0 / (1.0 + (-v).Exp())).ToArray();
            case ActivationKind.Tanh:
                return z.Select(v => v.Tanh()).ToArray();
            case ActivationKind.Selu:
                return z.Select(v => v.Data > 0 ? SeluLambda * v : SeluLambda * SeluAlpha * (v.Exp() - 1.0)).ToArray();
            case ActivationKind.Softplus:
                return z.Select(RefSoftplus).ToArray();
            case ActivationKind.Softmax:
            {
                double m = z.Max(v => v.Data); // a constant: softmax does not depend on it
                Value[] e = z.Select(v => (v - m).Exp()).ToArray();
                Value sum = Sum(e);
                return e.Select(v => v / sum).ToArray();
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    private static Value ReferenceLoss(Configuration config, Draw draw, Value[,] p)
    {
        int rows = p.GetLength(0), n = p.GetLength(1);
        var terms = new List<Value>();
        for (int j = 0; j < n; j++)
        {
            Value[] column = Enumerable.Range(0, rows).Select(i => p[i, j]).ToArray();
            switch (config.Loss)
            {
                case LossKind.CrossEntropyClasses:
                    // −ln softmax(z)_c = ln Σ exp(z − m) + m − z_c
                    terms.Add(LogSumExp(column) - column[draw.Classes![j]]);
                    break;
                case LossKind.CrossEntropyProbabilities:
                {
                    Value lse = LogSumExp(column);
                    for (int i = 0; i < rows; i++)
                    {
                        terms.Add((lse - column[i]) * draw.Targets![i, j]);
                    }

                    break;
                }

                default:
                    for (int i = 0; i < rows; i++)
                    {
                        terms.Add(ElementTerm(config.Loss, column[i], draw.Targets![i, j]));
                    }

                    break;
            }
        }

        return Sum(terms) * ReferenceFactor(config, rows, n);
    }

    private static Value ElementTerm(LossKind kind, Value z, double y) => kind switch
    {
        LossKind.BceWithLogits => RefSoftplus(z) - (y * z),
        LossKind.SoftplusLoss => RefSoftplus((1.0 - (2.0 * y)) * z),
        LossKind.SoftMargin => RefSoftplus(-y * z),
        _ => Square(z - y),
    };

    /// <summary>The reduction's factor, from the definitions (not from the loss object).</summary>
    private static double ReferenceFactor(Configuration config, int rows, int samples) => config.Loss switch
    {
        LossKind.Sse => 1.0,
        LossKind.HalfSse => 0.5,
        LossKind.HalfMse => 0.5 / samples,
        LossKind.CrossEntropyClasses or LossKind.CrossEntropyProbabilities => config.Reduction switch
        {
            Reduction.Sum => config.Scale,
            _ => config.Scale / samples, // Mean and BatchMean both average over samples
        },
        _ => config.Reduction switch
        {
            Reduction.Sum => config.Scale,
            Reduction.Mean => config.Scale / (rows * samples), // over all elements
            _ => config.Scale / samples,
        },
    };

    private static Value Square(Value v) => v * v;

    private static Value RefSoftplus(Value v) => (v.Exp() + 1.0).Log();

    private static Value LogSumExp(Value[] z)
    {
        double m = z.Max(v => v.Data);
        return Sum(z.Select(v => (v - m).Exp())).Log() + m;
    }

    private static Value Sum(IEnumerable<Value> values)
    {
        Value? total = null;
        foreach (Value v in values)
        {
            total = total is null ? v : total + v;
        }

        return total ?? throw new ArgumentException("Nothing to sum.", nameof(values));
    }

    private static double[,] Grads(Value[,] m)
    {
        var g = new double[m.GetLength(0), m.GetLength(1)];
        for (int i = 0; i < m.GetLength(0); i++)
        {
            for (int j = 0; j < m.GetLength(1); j++)
            {
                g[i, j] = m[i, j].Grad;
            }
        }

        return g;
    }

    // ------------------------------------------------------------------ comparison

    private static List<Mismatch> Compare(Result expected, Result actual)
    {
        var mismatches = new List<Mismatch>();
        Check(mismatches, "loss", expected.Loss, actual.Loss);
        CheckMatrix(mismatches, "output", expected.Output, actual.Output);

        foreach (string missing in expected.Gradients.Keys.Except(actual.Gradients.Keys))
        {
            mismatches.Add(new Mismatch($"{missing} (missing in the network)", double.NaN, double.NaN));
        }

        foreach (string extra in actual.Gradients.Keys.Except(expected.Gradients.Keys))
        {
            mismatches.Add(new Mismatch($"{extra} (unexpected parameter)", double.NaN, double.NaN));
        }

        foreach ((string name, double[,] g) in expected.Gradients)
        {
            if (actual.Gradients.TryGetValue(name, out double[,]? a))
            {
                CheckMatrix(mismatches, name, g, a);
            }
        }

        CheckMatrix(mismatches, "input", expected.InputGradient, actual.InputGradient);
        return mismatches;
    }

    private static void CheckMatrix(List<Mismatch> mismatches, string name, double[,] expected, double[,] actual)
    {
        if (expected.GetLength(0) != actual.GetLength(0) || expected.GetLength(1) != actual.GetLength(1))
        {
            mismatches.Add(new Mismatch(
                $"{name} shape {actual.GetLength(0)}×{actual.GetLength(1)}, expected {expected.GetLength(0)}×{expected.GetLength(1)}", double.NaN, double.NaN));
            return;
        }

        for (int i = 0; i < expected.GetLength(0); i++)
        {
            for (int j = 0; j < expected.GetLength(1); j++)
            {
                Check(mismatches, CellName(name, i, j), expected[i, j], actual[i, j]);
            }
        }
    }

    private static IEnumerable<(string Where, double Value)> Cells(string name, double[,] m)
    {
        for (int i = 0; i < m.GetLength(0); i++)
        {
            for (int j = 0; j < m.GetLength(1); j++)
            {
                yield return (CellName(name, i, j), m[i, j]);
            }
        }
    }

    private static string CellName(string name, int i, int j) => $"{name}[{i},{j}]";

    private static void Check(List<Mismatch> mismatches, string where, double expected, double actual)
    {
        if (!(Math.Abs(actual - expected) <= RelativeTolerance * (1.0 + Math.Abs(expected))))
        {
            mismatches.Add(new Mismatch(where, expected, actual));
        }
    }
}
