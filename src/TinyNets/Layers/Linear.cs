using System;
using System.Collections.Generic;
using System.Globalization;
using TinyNets.Initialization;
using TinyNets.Internal;
using TinyNets.Parameters;

namespace TinyNets.Layers;

/// <summary>
/// A dense (fully connected) layer, PyTorch's <c>nn.Linear</c>: z = W·x + b with W of shape out×in and b of length out.
/// Its parameters are named <c>"weight"</c> and <c>"bias"</c>.
/// </summary>
public sealed class Linear : Layer
{
    private readonly Parameter[] _parameters;

    /// <summary>Creates a dense layer, initialised with PyTorch's default from <c>new SeededRandom(0)</c>;
    /// use <see cref="Network.Sequential.Initialize"/> or <see cref="Initialize"/> to choose the seed and scheme.</summary>
    /// <param name="inFeatures">Number of inputs (columns of W); positive.</param>
    /// <param name="outFeatures">Number of outputs (rows of W); positive.</param>
    /// <param name="bias">Whether the layer adds a bias b.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the weight (out × in values) cannot be one array.</exception>
    public Linear(int inFeatures, int outFeatures, bool bias = true)
    {
        Guard.Positive(inFeatures, nameof(inFeatures));
        Guard.Positive(outFeatures, nameof(outFeatures));
        _ = Guard.ElementCount(outFeatures, inFeatures, nameof(inFeatures),
            string.Create(CultureInfo.InvariantCulture, $"Linear({inFeatures}, {outFeatures})'s weight (out × in)"));
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = new Parameter("weight", outFeatures, inFeatures, isVector: false);
        Bias = bias ? new Parameter("bias", outFeatures, 1, isVector: true) : null;
        _parameters = Bias is null ? [Weight] : [Weight, Bias];
        Initialize(new SeededRandom(0));
    }

    /// <summary>Number of input features.</summary>
    public int InFeatures { get; }

    /// <summary>Number of output features.</summary>
    public int OutFeatures { get; }

    /// <summary>The weight W, out×in.</summary>
    public Parameter Weight { get; }

    /// <summary>The bias b (length out), or null for a layer built with <c>bias: false</c>.</summary>
    public Parameter? Bias { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Most threads a large product of this layer may use (1: single-threaded); set through
    /// <see cref="Network.Sequential.MaxDegreeOfParallelism"/>.</summary>
    internal int Parallelism { get; set; } = 1;

    /// <inheritdoc/>
    public override int? InputSize => InFeatures;

    /// <inheritdoc/>
    public override int? OutputSize => OutFeatures;

    /// <summary>Draws new weights (and bias) from <paramref name="random"/>, weight first in column-major order, then bias.</summary>
    /// <param name="random">The generator; its position advances by the number of parameters drawn.</param>
    /// <param name="initializer">The scheme.</param>
    /// <exception cref="ArgumentOutOfRangeException">An unknown scheme.</exception>
    public void Initialize(SeededRandom random, Initializer initializer = Initializer.PyTorchDefault)
    {
        ArgumentNullException.ThrowIfNull(random);
        double defaultBound = 1.0 / Math.Sqrt(InFeatures);
        double weightBound = initializer switch
        {
            Initializer.PyTorchDefault => defaultBound,
            Initializer.GlorotUniform => Math.Sqrt(6.0 / (InFeatures + OutFeatures)),
            Initializer.HeUniform => Math.Sqrt(6.0 / InFeatures),
            _ => throw new ArgumentOutOfRangeException(nameof(initializer), initializer, $"Unknown initializer {initializer}."),
        };

        Fill(Weight.Data, random, weightBound);
        if (Bias is not null)
        {
            if (initializer == Initializer.PyTorchDefault)
            {
                Fill(Bias.Data, random, defaultBound);
            }
            else
            {
                Bias.Data.Clear();
            }
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Linear(in={InFeatures}, out={OutFeatures}, bias={Bias is not null})");

    // z = W·x + b
    /// <inheritdoc/>
    protected override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns) =>
        Kernels.MultiplyAddBias(Weight.Data, x, Bias is null ? default : Bias.Data, y, OutFeatures, InFeatures, columns, Parallelism);

    // ∂L/∂W = δ·xᵀ, ∂L/∂b = Σ_batch δ, ∂L/∂x = Wᵀ·δ
    /// <inheritdoc/>
    protected override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns)
    {
        Kernels.MultiplyTransposedRight(dy, x, Weight.GradientData, OutFeatures, InFeatures, columns, Parallelism);
        if (Bias is not null)
        {
            Kernels.SumColumns(dy, Bias.GradientData, OutFeatures, columns);
        }

        if (!dx.IsEmpty)
        {
            Kernels.MultiplyTransposedLeft(Weight.Data, dy, dx, OutFeatures, InFeatures, columns, Parallelism);
        }
    }

    private static void Fill(Span<double> target, SeededRandom random, double bound)
    {
        for (int i = 0; i < target.Length; i++)
        {
            target[i] = (2.0 * random.NextDouble() - 1.0) * bound;
        }
    }
}
