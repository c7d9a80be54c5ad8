using System;
using System.Globalization;
using System.Numerics.Tensors;
using TinyNets.Initialization;

namespace TinyNets.Layers;

/// <summary>
/// PyTorch's <c>nn.Dropout(p)</c>, inverted dropout. In training mode each element is kept with probability 1 − p and
/// scaled by 1 / (1 − p), the others zeroed: noise = bernoulli(1 − p) / (1 − p), y = x ⊙ noise, and the backward pass
/// uses the same noise. p = 0 is the identity, p = 1 gives zeros (PyTorch's special case). In eval mode
/// (<see cref="Training"/> false) it is the identity, and thread-safe inference (a <c>TinyNets.Inference.Predictor</c>)
/// always runs it so.
/// <para>
/// Randomness: run on its own, the layer draws from <see cref="Generator"/> (seeded with 0 until set); run by a
/// <see cref="Network.Sequential"/>, from the network's <see cref="Network.Sequential.Generator"/>, and inside
/// <c>Trainer.Fit</c> from Fit's own generator (<c>FitOptions.Seed</c>), so runs repeat bit for bit.
/// </para>
/// </summary>
public sealed class Dropout : Layer
{
    private SeededRandom _generator = new(0);
    private SeededRandom? _networkGenerator; // the generator of the network running the layer, null on its own
    private double[] _noise = [];            // this pass's noise in its first _noiseLength values; grows, never shrinks
    private int _noiseLength;
    private bool _masked;                    // whether the last forward pass applied noise (training mode, p > 0)

    /// <summary>Creates a dropout layer.</summary>
    /// <param name="p">The probability of zeroing an element, 0 ≤ p ≤ 1 (PyTorch's default 0.5).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1] or NaN.</exception>
    public Dropout(double p = 0.5)
    {
        if (!(p >= 0 && p <= 1))
        {
            throw new ArgumentOutOfRangeException(
                nameof(p), p, string.Create(CultureInfo.InvariantCulture, $"A dropout probability p with 0 <= p <= 1 was expected; {p} was given."));
        }

        P = p;
    }

    /// <summary>The probability of zeroing an element.</summary>
    public double P { get; }

    /// <summary>Whether the layer is in training mode (drops elements) or eval mode (the identity); true for a new
    /// layer, as for a new PyTorch module. <see cref="Network.Sequential.Train"/> and <see cref="Network.Sequential.Eval"/> set it.</summary>
    public bool Training { get; set; } = true;

    /// <summary>The generator the layer draws from when run on its own (not by a network); seeded with 0 until set.
    /// Set a new one (<c>new SeededRandom(seed)</c>) to reseed.</summary>
    /// <exception cref="ArgumentNullException">On setting null.</exception>
    public SeededRandom Generator
    {
        get => _generator;
        set => _generator = value ?? throw new ArgumentNullException(nameof(Generator));
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Dropout(p={P})");

    /// <summary>Makes the next passes draw from <paramref name="generator"/>, the running network's (stored only on a change).</summary>
    internal void DrawFrom(SeededRandom generator)
    {
        if (!ReferenceEquals(_networkGenerator, generator))
        {
            _networkGenerator = generator;
        }
    }

    /// <inheritdoc/>
    internal override void BeginOwnPass() => _networkGenerator = null;

    // Inference: the identity, whatever the mode; it draws nothing and writes no state.
    internal override void Evaluate(ReadOnlySpan<double> x, Span<double> y, int rows, int columns) => x.CopyTo(y);

    // Training, 0 < p < 1: y = x ⊙ noise, noise = bernoulli(1 − p) / (1 − p); p = 1: y = x·0; p = 0 or eval: y = x
    /// <inheritdoc/>
    protected override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
    {
        if (!Training || P == 0)
        {
            _masked = false;
            x.CopyTo(y);
            return;
        }

        int n = x.Length;
        if (_noise.Length < n)
        {
            _noise = new double[n];
        }

        Span<double> noise = _noise.AsSpan(0, n);
        if (P == 1)
        {
            // PyTorch multiplies by zero without drawing (1 / (1 − p) would be infinite).
            noise.Clear();
        }
        else
        {
            SeededRandom random = _networkGenerator ?? _generator;
            double keep = 1 - P;
            double scale = 1 / keep;
            for (int i = 0; i < noise.Length; i++)
            {
                noise[i] = random.NextDouble() < keep ? scale : 0.0;
            }
        }

        _noiseLength = n;
        _masked = true;
        TensorPrimitives.Multiply(x, noise, y);
    }

    // ∂L/∂x = ∂L/∂y ⊙ noise (the forward pass's noise); eval or p = 0: ∂L/∂x = ∂L/∂y
    /// <inheritdoc/>
    protected override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns)
    {
        if (dx.IsEmpty)
        {
            return;
        }

        if (!_masked)
        {
            dy.CopyTo(dx);
            return;
        }

        if (_noiseLength != dy.Length || dx.Length != dy.Length)
        {
            throw PassTorn(this);
        }

        TensorPrimitives.Multiply(dy, _noise.AsSpan(0, _noiseLength), dx);
    }
}
