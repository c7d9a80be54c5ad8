using System.Globalization;
using System.Text;
using CsCheck;
using MathNet.Numerics.LinearAlgebra.Double;
using TinyNets.Internal;

namespace TinyNets.Tests.Properties;

/// <summary>The layer that follows a generated <see cref="Linear"/> layer (None: the next Linear, or the output, follows directly).</summary>
internal enum ActivationKind
{
    None,
    ReLU,
    LeakyReLU,
    Sigmoid,
    Tanh,
    Identity,
    Selu,
    Softplus,
    Softmax,
    LogSoftmax,
}

/// <summary>The loss of a generated case, with the kind of targets it takes.</summary>
internal enum LossKind
{
    Mse,
    CrossEntropyClasses,
    CrossEntropyProbabilities,
    BceWithLogits,
    SoftMargin,
    Softplus,
    NllClasses,
    NllProbabilities,
    L1,
    Huber,
    SmoothL1,
    Bce,
}

/// <summary>One <see cref="Linear"/> layer of a generated network and the activation after it (the slope is
/// LeakyReLU's, β and the threshold Softplus's), then a <see cref="Dropout"/> of probability <see cref="DropoutP"/> if set.</summary>
internal sealed record LayerSpec(int OutFeatures, bool Bias, ActivationKind Activation, double NegativeSlope, double Beta, double Threshold)
{
    /// <summary>The p of a Dropout after the activation, or null for none.</summary>
    public double? DropoutP { get; init; }
}

/// <summary>
/// A generated case: a network (Linear layers, each followed by an activation or by nothing), a batch size, a loss and
/// a seed. Everything random in a property (parameters, inputs, targets, upstream gradients) is drawn from
/// <see cref="Seed"/>, so the printed case is all it takes to reproduce a failure. <see cref="ToString"/> prints it as
/// the C# that builds it.
/// </summary>
internal sealed record NetCase(int InFeatures, IReadOnlyList<LayerSpec> Layers, int Batch, LossKind Loss, Reduction Reduction, ulong Seed)
{
    /// <summary>The network, initialised from <see cref="Seed"/> (the same case gives bit-identical networks), in eval
    /// mode: its Dropout layers are the identity, so the properties that compare passes are deterministic.</summary>
    public Sequential Build() => Build(Seed);

    /// <summary>The same architecture initialised from another seed.</summary>
    public Sequential Build(ulong seed)
    {
        var layers = new List<Layer>();
        int width = InFeatures;
        foreach (LayerSpec spec in Layers)
        {
            layers.Add(new Linear(width, spec.OutFeatures, spec.Bias));
            width = spec.OutFeatures;
            Layer? activation = spec.Activation switch
            {
                ActivationKind.None => null,
                ActivationKind.ReLU => new ReLU(),
                ActivationKind.LeakyReLU => new LeakyReLU(spec.NegativeSlope),
                ActivationKind.Sigmoid => new Sigmoid(),
                ActivationKind.Tanh => new Tanh(),
                ActivationKind.Identity => new Identity(),
                ActivationKind.Selu => new Selu(),
                ActivationKind.Softplus => new Softplus(spec.Beta, spec.Threshold),
                ActivationKind.Softmax => new Softmax(),
                ActivationKind.LogSoftmax => new LogSoftmax(),
                _ => throw new InvalidOperationException($"Unknown activation {spec.Activation}."),
            };
            if (activation is not null)
            {
                layers.Add(activation);
            }

            if (spec.DropoutP is double p)
            {
                layers.Add(new Dropout(p));
            }
        }

        return new Sequential(layers).Initialize(seed).Eval();
    }

    /// <summary>Output features of the network.</summary>
    public int OutFeatures => Layers[^1].OutFeatures;

    /// <summary>Multiply-adds of one sample's forward pass (Σ in·out over the Linear layers).</summary>
    public long WorkPerSample
    {
        get
        {
            long work = 0;
            int width = InFeatures;
            foreach (LayerSpec spec in Layers)
            {
                work += (long)width * spec.OutFeatures;
                width = spec.OutFeatures;
            }

            return work;
        }
    }

    /// <summary>(in, out) of each Linear layer, in order.</summary>
    public IEnumerable<(int In, int Out)> LinearShapes()
    {
        int width = InFeatures;
        foreach (LayerSpec spec in Layers)
        {
            yield return (width, spec.OutFeatures);
            width = spec.OutFeatures;
        }
    }

    /// <summary>Whether some Linear layer's products take the blocked GEMM kernel on <paramref name="columns"/> samples.</summary>
    public bool UsesBlockedKernel(int columns) => LinearShapes().Any(s => RandomNets.TakesBlockedKernel(s.Out, s.In, columns));

    /// <summary>The case's loss.</summary>
    public Loss CreateLoss() => Loss switch
    {
        LossKind.Mse => new MseLoss(Reduction),
        LossKind.CrossEntropyClasses or LossKind.CrossEntropyProbabilities => new CrossEntropyLoss(Reduction),
        LossKind.BceWithLogits => new BceWithLogitsLoss(Reduction),
        LossKind.SoftMargin => new SoftMarginLoss(Reduction),
        LossKind.Softplus => new SoftplusLoss(Reduction),
        LossKind.NllClasses or LossKind.NllProbabilities => new NllLoss(Reduction),
        LossKind.L1 => new L1Loss(Reduction),
        LossKind.Huber => new HuberLoss(RandomNets.KinkWidth, Reduction),
        LossKind.SmoothL1 => new SmoothL1Loss(RandomNets.KinkWidth, Reduction),
        LossKind.Bce => new BceLoss(Reduction),
        _ => throw new InvalidOperationException($"Unknown loss {Loss}."),
    };

    /// <summary>The C# that builds this case, e.g. <c>new Sequential(new Linear(3, 5), new Tanh()).Initialize(7); batch 4; new MseLoss(Reduction.Mean)</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("new Sequential(");
        int width = InFeatures;
        for (int i = 0; i < Layers.Count; i++)
        {
            LayerSpec spec = Layers[i];
            text.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ", ")}new Linear({width}, {spec.OutFeatures}{(spec.Bias ? "" : ", bias: false")})");
            width = spec.OutFeatures;
            string? activation = spec.Activation switch
            {
                ActivationKind.None => null,
                ActivationKind.LeakyReLU => string.Create(CultureInfo.InvariantCulture, $"new LeakyReLU({spec.NegativeSlope})"),
                ActivationKind.Selu => "new Selu()",
                ActivationKind.Softplus => string.Create(CultureInfo.InvariantCulture, $"new Softplus({spec.Beta}, {spec.Threshold})"),
                ActivationKind.Softmax => "new Softmax()",
                _ => $"new {spec.Activation}()",
            };
            if (activation is not null)
            {
                text.Append(", ").Append(activation);
            }

            if (spec.DropoutP is double p)
            {
                text.Append(CultureInfo.InvariantCulture, $", new Dropout({p})");
            }
        }

        string loss = Loss switch
        {
            LossKind.Mse => "MseLoss",
            LossKind.CrossEntropyClasses => "CrossEntropyLoss (class-index targets)",
            LossKind.CrossEntropyProbabilities => "CrossEntropyLoss (probability targets)",
            LossKind.BceWithLogits => "BceWithLogitsLoss",
            LossKind.SoftMargin => "SoftMarginLoss",
            LossKind.NllClasses => "NllLoss (class-index targets)",
            LossKind.NllProbabilities => "NllLoss (probability targets)",
            LossKind.L1 => "L1Loss",
            LossKind.Huber => string.Create(CultureInfo.InvariantCulture, $"HuberLoss({RandomNets.KinkWidth})"),
            LossKind.SmoothL1 => string.Create(CultureInfo.InvariantCulture, $"SmoothL1Loss({RandomNets.KinkWidth})"),
            LossKind.Bce => "BceLoss",
            _ => "SoftplusLoss",
        };
        return text.Append(CultureInfo.InvariantCulture, $").Initialize({Seed}).Eval(); batch {Batch}; {loss}, Reduction.{Reduction}; data seed {Seed}").ToString();
    }
}

/// <summary>
/// Generators of <see cref="NetCase"/>s for the property tests, and the data of a case. A Linear layer's three products
/// (forward W·X, weight gradient δ·Xᵀ, input gradient Wᵀ·δ, with X in×batch) all take the packed, cache-blocked GEMM
/// kernel once out ≥ 2 and out·in·batch ≥ <see cref="Kernels.GemmWork"/> (4096), and the plain loops below that; a
/// product of at least <see cref="Gemm.ParallelThreshold"/> (2²¹) multiply-adds is split across threads when its result
/// has a side of at least 48 (two parts of 24). Inside the blocked kernel k is cut into blocks of at most
/// <see cref="GemmBlocked.KC"/> (192) and the columns into panels of at most <see cref="GemmBlocked.NC"/> (512), with
/// edge tiles for rows beyond a multiple of the vector width and columns beyond a multiple of 6. The generators make
/// widths 1–40 most of the time and sometimes larger, and batches 1–70 most of the time and sometimes past 192 or 512,
/// so that every one of these regimes is reached.
/// </summary>
internal static class RandomNets
{
    // Every kind, and Softplus once more in 10 draws: its random β and threshold have more to reach than the others.
    private static readonly Gen<ActivationKind> Activations = Gen.Frequency((9, Gen.Enum<ActivationKind>()), (1, Gen.Const(ActivationKind.Softplus)));

    // A few slopes, negative and above 1 included: the backward must use the given slope whatever it is.
    private static readonly Gen<double> Slopes = Gen.OneOf(0.01, 0.2, -0.5, 1.5);

    // Softplus's β in [0.25, 4] and threshold in [1, 30], in steps that print exactly (1/8 and 1/4). A layer's inputs
    // are mostly within ±2, so thresholds of 1–2 are drawn half the time: then β·x passes the threshold in many layers,
    // and the linear branch (with the jump of f and f′ where it starts) is checked as well as the formula.
    private static readonly Gen<double> Betas = Gen.Int[2, 32].Select(k => k / 8.0);

    private static readonly Gen<double> Thresholds = Gen.Frequency((2, Gen.Int[4, 8]), (1, Gen.Int[9, 32]), (1, Gen.Int[33, 120])).Select(k => k / 4.0);

    // No Dropout after 3 layers in 4; else p from the special cases 0 and 1 and a few between.
    private static readonly Gen<double?> DropoutPs =
        Gen.Frequency((3, Gen.Const((double?)null)), (1, Gen.OneOf(0.0, 0.25, 0.5, 0.875, 1.0).Select(p => (double?)p)));

    private static readonly Gen<LossKind> Losses = Gen.Enum<LossKind>();

    /// <summary>HuberLoss's δ and SmoothL1Loss's β in the generated cases: outputs and targets of order 1 fall on both sides.</summary>
    public const double KinkWidth = 0.5;

    private static readonly Gen<Reduction> Reductions = Gen.OneOf(Reduction.Sum, Reduction.Mean, Reduction.BatchMean);

    /// <summary>Whether an out×in Linear layer on <paramref name="columns"/> samples runs its products on the blocked kernel
    /// (Kernels sends out = 1 to its own loops, and products from GemmWork on to Gemm, which resolves them to the blocked path).</summary>
    public static bool TakesBlockedKernel(int outFeatures, int inFeatures, int columns) =>
        outFeatures >= 2 && (long)outFeatures * inFeatures * columns >= Kernels.GemmWork;

    /// <summary>Whether one of the layer's blocked products is split across threads when two are allowed: at least
    /// ParallelThreshold multiply-adds and a result with a side of at least twice Gemm's 24 rows or columns per part
    /// (forward: out×batch; weight gradient: out×in; input gradient: in×batch).</summary>
    public static bool SplitsAcrossTwoThreads(int outFeatures, int inFeatures, int columns) =>
        TakesBlockedKernel(outFeatures, inFeatures, columns)
        && (long)outFeatures * inFeatures * columns >= Gemm.ParallelThreshold
        && Math.Max(outFeatures, Math.Max(inFeatures, columns)) >= 48;

    /// <summary>
    /// Cases with widths drawn from <paramref name="widths"/>, batches from <paramref name="batches"/>, 1–4 Linear layers,
    /// and the batch cut down so that a forward pass stays within <paramref name="maxWork"/> multiply-adds.
    /// </summary>
    public static Gen<NetCase> Cases(Gen<int> widths, Gen<int> batches, long maxWork)
    {
        Gen<LayerSpec> layer = Gen.Select(
            Gen.Select(widths, Gen.Bool, Activations, Slopes, Betas, Thresholds,
                (width, bias, activation, slope, beta, threshold) => new LayerSpec(width, bias, activation, slope, beta, threshold)),
            DropoutPs,
            (spec, p) => spec with { DropoutP = p });
        return Gen.Select(widths, layer.Array[1, 4], batches, Losses, Reductions, Gen.Int[0, 999_999], Gen.Bool,
            (inFeatures, layers, batch, loss, reduction, seed, logSoftmaxLast) =>
            {
                // NllLoss takes log-probabilities: half its cases end in a LogSoftmax, the others feed it any finite output.
                if (logSoftmaxLast && loss is LossKind.NllClasses or LossKind.NllProbabilities)
                {
                    layers = [.. layers[..^1], layers[^1] with { Activation = ActivationKind.LogSoftmax }];
                }

                // BceLoss takes probabilities, which PyTorch and the loss refuse outside [0, 1]: its cases end in a Sigmoid,
                // with no Dropout after it (in training mode a kept probability is scaled by 1/(1 − p), beyond 1).
                if (loss is LossKind.Bce)
                {
                    layers = [.. layers[..^1], layers[^1] with { Activation = ActivationKind.Sigmoid, DropoutP = null }];
                }

                var c = new NetCase(inFeatures, layers, batch, loss, reduction, (ulong)seed);
                long fit = Math.Max(1, maxWork / c.WorkPerSample);
                return batch <= fit ? c : c with { Batch = (int)fit };
            });
    }

    /// <summary>Widths 1–40 on most draws, <paramref name="low"/>–<paramref name="high"/> on 1 draw in <paramref name="oneIn"/>.</summary>
    public static Gen<int> Widths(int low, int high, int oneIn) => Gen.Frequency((oneIn - 1, Gen.Int[1, 40]), (1, Gen.Int[low, high]));

    /// <summary>Batches 1–70 on most draws, <paramref name="low"/>–<paramref name="high"/> on 1 draw in <paramref name="oneIn"/>.</summary>
    public static Gen<int> Batches(int low, int high, int oneIn) => Gen.Frequency((oneIn - 1, Gen.Int[1, 70]), (1, Gen.Int[low, high]));

    /// <summary>A rows×columns matrix with entries uniform in [low, high).</summary>
    public static DenseMatrix Uniform(SeededRandom random, int rows, int columns, double low, double high) =>
        DenseMatrix.Create(rows, columns, (_, _) => random.NextUniform(low, high));

    /// <summary>The case's input batch, in×batch, entries in [−2, 2).</summary>
    public static DenseMatrix Input(NetCase c, SeededRandom random) => Uniform(random, c.InFeatures, c.Batch, -2, 2);

    /// <summary>Targets in the loss's domain and a function that evaluates the case's loss on a prediction.</summary>
    public static Func<Matrix<double>, double> LossFunction(NetCase c, Loss loss, SeededRandom random) => LossFunction(c, loss, random, out _);

    /// <summary>
    /// As <see cref="LossFunction(NetCase, Loss, SeededRandom)"/>, and for a loss with kinks (L1 at ŷ = y; Huber and
    /// SmoothL1 at |ŷ − y| = 0.5, where the second derivative jumps) a function that tells on which side of each kink
    /// every prediction lies, or null.
    /// </summary>
    public static Func<Matrix<double>, double> LossFunction(NetCase c, Loss loss, SeededRandom random, out Func<Matrix<double>, bool[]>? kinks)
    {
        int rows = c.OutFeatures, columns = c.Batch;
        kinks = null;
        switch (c.Loss)
        {
            case LossKind.CrossEntropyClasses:
            {
                int[] classes = Enumerable.Range(0, columns).Select(_ => random.NextInt32(rows)).ToArray();
                var crossEntropy = (CrossEntropyLoss)loss;
                return prediction => crossEntropy.Forward(prediction, classes);
            }

            case LossKind.NllClasses:
            {
                int[] classes = Enumerable.Range(0, columns).Select(_ => random.NextInt32(rows)).ToArray();
                var nll = (NllLoss)loss;
                return prediction => nll.Forward(prediction, classes);
            }

            case LossKind.CrossEntropyProbabilities or LossKind.NllProbabilities:
            {
                // Soft targets: each column a probability vector.
                DenseMatrix target = Uniform(random, rows, columns, 0, 1);
                for (int j = 0; j < columns; j++)
                {
                    double sum = target.Column(j).Sum();
                    for (int i = 0; i < rows; i++)
                    {
                        target[i, j] /= sum;
                    }
                }

                return prediction => loss.Forward(prediction, target);
            }

            case LossKind.BceWithLogits or LossKind.Bce:
            {
                DenseMatrix target = Uniform(random, rows, columns, 0, 1);
                return prediction => loss.Forward(prediction, target);
            }

            case LossKind.SoftMargin:
            {
                DenseMatrix target = DenseMatrix.Create(rows, columns, (_, _) => random.NextInt32(2) == 0 ? -1.0 : 1.0);
                return prediction => loss.Forward(prediction, target);
            }

            default:
            {
                DenseMatrix target = Uniform(random, rows, columns, -1, 1);
                if (c.Loss is LossKind.L1 or LossKind.Huber or LossKind.SmoothL1)
                {
                    kinks = prediction => prediction.Enumerate().Zip(target.Enumerate(), (p, t) => p - t)
                        .SelectMany(r => new[] { r > 0, Math.Abs(r) < KinkWidth }).ToArray();
                }

                return prediction => loss.Forward(prediction, target);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="property"/> on <paramref name="iterations"/> cases drawn from <paramref name="cases"/> with
    /// CsCheck, on one thread (the machine is shared, and the properties that need threads make their own). A failure is
    /// shrunk to the smallest failing case, which CsCheck prints (the case's C#) with the seed that reproduces the run:
    /// pass it as <paramref name="seed"/>, or set the environment variable CsCheck_Seed.
    /// </summary>
    public static void Sample(Gen<NetCase> cases, Action<NetCase> property, int iterations, string? seed = null) =>
        cases.Sample(property, iter: iterations, threads: 1, seed: seed, print: c => c.ToString());
}
