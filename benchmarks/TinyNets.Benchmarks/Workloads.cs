using System;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using TinyNets.Activations;
using TinyNets.Initialization;
using TinyNets.Layers;
using TinyNets.Network;

namespace TinyNets.Benchmarks;

/// <summary>An activation, named once for every peer.</summary>
public enum Act
{
    /// <summary>No activation (a linear output, or logits fed to the loss).</summary>
    Identity,

    /// <summary>tanh (FANN's SIGMOID_SYMMETRIC with steepness 1).</summary>
    Tanh,

    /// <summary>max(0, x).</summary>
    ReLU,

    /// <summary>1 / (1 + e^−x) (FANN's SIGMOID with steepness 0.5).</summary>
    Sigmoid,
}

/// <summary>The loss of a workload, named once for every peer.</summary>
public enum LossKind
{
    /// <summary>Mean squared error, mean over all elements (PyTorch's mse_loss).</summary>
    Mse,

    /// <summary>½ Σ (y − t)² (FANN's per-sample rule; used by the self-check of FANN's W2 variant).</summary>
    HalfSse,

    /// <summary>Binary cross-entropy on logits, mean over elements: the sigmoid output fused into the loss.</summary>
    BceWithLogits,

    /// <summary>Softmax cross-entropy on logits with class indices, mean over samples.</summary>
    CrossEntropy,
}

/// <summary>A multilayer perceptron: sizes, hidden and output activation, loss, learning rate of plain SGD.</summary>
/// <param name="Sizes">Layer widths, input first (e.g. 2, 3, 1).</param>
/// <param name="Hidden">Activation after every hidden linear layer.</param>
/// <param name="Output">Activation after the last linear layer (Identity when the loss takes logits).</param>
/// <param name="Loss">The loss.</param>
/// <param name="LearningRate">SGD's step size (a power of two where FANN takes part: FANN stores it as a float).</param>
public sealed record MlpSpec(int[] Sizes, Act Hidden, Act Output, LossKind Loss, double LearningRate)
{
    /// <summary>Number of linear layers.</summary>
    public int LinearLayers => Sizes.Length - 1;

    /// <summary>The activation after linear layer <paramref name="layer"/>.</summary>
    public Act ActivationAfter(int layer) => layer == LinearLayers - 1 ? Output : Hidden;

    /// <summary>Multiply-adds of one forward pass of one sample (weights only).</summary>
    public long MultiplyAddsPerSample => Enumerable.Range(0, LinearLayers).Sum(l => (long)Sizes[l] * Sizes[l + 1]);

    /// <summary>The TinyNets network of this spec (linear layers at even indices), initialised from <paramref name="seed"/>.</summary>
    public Sequential BuildTinyNets(ulong seed)
    {
        var layers = new System.Collections.Generic.List<Layer>();
        for (int l = 0; l < LinearLayers; l++)
        {
            layers.Add(new Linear(Sizes[l], Sizes[l + 1]));
            if (l == LinearLayers - 1 && Output == Act.Identity)
            {
                break; // a linear output is written without a layer, as a user would (and as the TorchSharp peer does)
            }

            layers.Add(ActivationAfter(l) switch
            {
                Act.Identity => new Identity(),
                Act.Tanh => new Tanh(),
                Act.ReLU => new ReLU(),
                Act.Sigmoid => new Sigmoid(),
                _ => throw new InvalidOperationException($"Unknown activation {ActivationAfter(l)}."),
            });
        }

        return new Sequential(layers.ToArray()).Initialize(seed);
    }

    /// <summary>The initial parameters every peer starts from: TinyNets' PyTorch-default initialisation from <paramref name="seed"/>.</summary>
    public LayerParameters[] InitialParameters(ulong seed) => LayerParameters.From(BuildTinyNets(seed), LinearLayers);

    /// <summary>A short description such as "2-3-1 tanh/identity, MSE".</summary>
    public override string ToString() =>
        $"{string.Join('-', Sizes)} {Hidden.ToString().ToLowerInvariant()}/{Output.ToString().ToLowerInvariant()}, {Loss}";
}

/// <summary>The parameters of one linear layer: W (out×in, row-major as in PyTorch) and b.</summary>
/// <param name="In">Input features.</param>
/// <param name="Out">Output features.</param>
/// <param name="Weight">W row-major: W[i, j] at i·In + j.</param>
/// <param name="Bias">b, length Out.</param>
public sealed record LayerParameters(int In, int Out, double[] Weight, double[] Bias)
{
    /// <summary>Reads the linear layers of a TinyNets network built by <see cref="MlpSpec.BuildTinyNets"/>.</summary>
    public static LayerParameters[] From(Sequential net, int linearLayers)
    {
        ArgumentNullException.ThrowIfNull(net);
        var result = new LayerParameters[linearLayers];
        for (int l = 0; l < linearLayers; l++)
        {
            var linear = (Linear)net[2 * l];
            var w = linear.Weight.Value;
            var weight = new double[w.RowCount * w.ColumnCount];
            for (int i = 0; i < w.RowCount; i++)
            {
                for (int j = 0; j < w.ColumnCount; j++)
                {
                    weight[(i * w.ColumnCount) + j] = w[i, j];
                }
            }

            result[l] = new LayerParameters(linear.InFeatures, linear.OutFeatures, weight, linear.Bias!.Value.Column(0).ToArray());
        }

        return result;
    }

    /// <summary>Largest |a − b| over every weight and bias of two parameter sets.</summary>
    public static double MaxAbsDifference(LayerParameters[] a, LayerParameters[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        double max = 0;
        for (int l = 0; l < a.Length; l++)
        {
            max = Math.Max(max, a[l].Weight.Zip(b[l].Weight, (x, y) => Math.Abs(x - y)).Max());
            max = Math.Max(max, a[l].Bias.Zip(b[l].Bias, (x, y) => Math.Abs(x - y)).Max());
        }

        return max;
    }
}

/// <summary>
/// A data set in TinyNets' layout: one sample per column, stored column-major, so sample j's features are the
/// contiguous slice [j·Features, (j+1)·Features) (the layout FANN reads per sample, too).
/// </summary>
public sealed class Dataset
{
    /// <summary>Creates a data set.</summary>
    public Dataset(int features, int outputs, int count, double[] inputs, double[]? targets, int[]? classes, int batchSize)
    {
        Features = features;
        Outputs = outputs;
        Count = count;
        Inputs = inputs;
        Targets = targets;
        Classes = classes;
        BatchSize = batchSize;
    }

    /// <summary>Input features per sample.</summary>
    public int Features { get; }

    /// <summary>Target values per sample (or classes for cross-entropy).</summary>
    public int Outputs { get; }

    /// <summary>Samples.</summary>
    public int Count { get; }

    /// <summary>Features × Count, column-major.</summary>
    public double[] Inputs { get; }

    /// <summary>Outputs × Count, column-major; null for class targets.</summary>
    public double[]? Targets { get; }

    /// <summary>One class index per sample for cross-entropy; otherwise null.</summary>
    public int[]? Classes { get; }

    /// <summary>Mini-batch size: batches are consecutive samples, the last one possibly shorter.</summary>
    public int BatchSize { get; }

    /// <summary>Number of mini-batches in one epoch.</summary>
    public int Batches => (Count + BatchSize - 1) / BatchSize;

    /// <summary>First sample and size of batch <paramref name="b"/>.</summary>
    public (int Start, int Size) Batch(int b) => (b * BatchSize, Math.Min(BatchSize, Count - (b * BatchSize)));

    /// <summary>Every batch as the matrices the MathNet-based peers take: inputs (features × n), targets (outputs × n,
    /// null without targets) and class indices (empty without classes); each a copy.</summary>
    public (Matrix<double>[] Inputs, Matrix<double>?[] Targets, int[][] Classes) BatchMatrices()
    {
        var inputs = new Matrix<double>[Batches];
        var targets = new Matrix<double>?[Batches];
        var classes = new int[Batches][];
        for (int b = 0; b < Batches; b++)
        {
            (int start, int n) = Batch(b);
            inputs[b] = DenseMatrix.OfColumnMajor(Features, n, Inputs.AsSpan(start * Features, n * Features).ToArray());
            targets[b] = Targets is null ? null : DenseMatrix.OfColumnMajor(Outputs, n, Targets.AsSpan(start * Outputs, n * Outputs).ToArray());
            classes[b] = Classes is null ? [] : Classes.AsSpan(start, n).ToArray();
        }

        return (inputs, targets, classes);
    }
}

/// <summary>The workloads of issue 5, built the same way for every peer.</summary>
public static class Workloads
{
    /// <summary>Seed of the initial weights.</summary>
    public const ulong WeightSeed = 1;

    /// <summary>W1: 2-3-1, tanh hidden, linear output, MSE, per-sample SGD (η = 1/16).</summary>
    public static MlpSpec W1Spec { get; } = new([2, 3, 1], Act.Tanh, Act.Identity, LossKind.Mse, 0.0625);

    /// <summary>W2: 2-16-16-1 tanh, sigmoid output with BCE (on logits), mini-batches of 32 (η = 1/8).</summary>
    public static MlpSpec W2Spec(int hidden = 16) => new([2, hidden, hidden, 1], Act.Tanh, Act.Identity, LossKind.BceWithLogits, 0.125);

    /// <summary>W2 as FANN runs it: sigmoid output neuron, ½(y − t)² per sample (FANN has neither BCE nor mini-batches).</summary>
    public static MlpSpec W2FannSpec(int hidden = 16) => new([2, hidden, hidden, 1], Act.Tanh, Act.Sigmoid, LossKind.HalfSse, 0.125);

    /// <summary>W3: 784-128-10 ReLU, softmax cross-entropy, batch of 64 (η = 1/16).</summary>
    public static MlpSpec W3Spec { get; } = new([784, 128, 10], Act.ReLU, Act.Identity, LossKind.CrossEntropy, 0.0625);

    /// <summary>W1's data: 256 samples in [−1, 1]², target x₀² − x₁/2 + 0.1, batches of 1 (a per-sample step cycles through them).</summary>
    public static Dataset W1Data()
    {
        const int n = 256;
        var random = new SeededRandom(11);
        var x = new double[2 * n];
        var y = new double[n];
        for (int j = 0; j < n; j++)
        {
            x[2 * j] = random.NextUniform(-1, 1);
            x[(2 * j) + 1] = random.NextUniform(-1, 1);
            y[j] = (x[2 * j] * x[2 * j]) - (0.5 * x[(2 * j) + 1]) + 0.1;
        }

        return new Dataset(2, 1, n, x, y, null, 1);
    }

    /// <summary>W2's data: <paramref name="samples"/> points in [−1, 1]², label 1 where x₀·x₁ &gt; 0 (XOR of the signs), batches of <paramref name="batchSize"/>.</summary>
    public static Dataset W2Data(int samples = 1000, int batchSize = 32)
    {
        var random = new SeededRandom(3);
        var x = new double[2 * samples];
        var y = new double[samples];
        for (int j = 0; j < samples; j++)
        {
            x[2 * j] = random.NextUniform(-1, 1);
            x[(2 * j) + 1] = random.NextUniform(-1, 1);
            y[j] = x[2 * j] * x[(2 * j) + 1] > 0 ? 1.0 : 0.0;
        }

        return new Dataset(2, 1, samples, x, y, null, batchSize);
    }

    /// <summary>W3's data: 64 samples of 784 features in [0, 1) (an MNIST-sized batch), classes 0…9, one batch of 64.</summary>
    public static Dataset W3Data()
    {
        const int n = 64;
        const int features = 784;
        var random = new SeededRandom(5);
        var x = new double[features * n];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = random.NextDouble();
        }

        int[] classes = Enumerable.Range(0, n).Select(_ => random.NextInt32(10)).ToArray();
        return new Dataset(features, 10, n, x, null, classes, n);
    }
}
