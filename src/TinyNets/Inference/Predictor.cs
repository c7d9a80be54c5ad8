using System;
using System.Buffers;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using TinyNets.Activations;
using TinyNets.Internal;
using TinyNets.Layers;
using TinyNets.Network;

namespace TinyNets.Inference;

/// <summary>
/// Thread-safe inference with a trained <see cref="Sequential"/>: every method may be called from any number of threads
/// at once, on one shared predictor, with no per-thread object.
/// <para>
/// <b>A snapshot.</b> The predictor copies every <see cref="Linear"/> layer's weight and bias when it is created;
/// training the network, <see cref="Sequential.SetParameter(string, Matrix{double})"/> or writes into a parameter's
/// value afterwards do not change it (create a new predictor to see new parameters). Create it while no other thread
/// changes the network's parameters. Parameter-free layers (every <see cref="Activation"/>, <see cref="Softmax"/>) are
/// shared with the network and run through their forward computation alone, which by the layers' contract reads only
/// its input and writes only its output (a <see cref="Dropout"/> layer runs as in eval mode, the identity, whatever its
/// mode, and draws nothing); the network's pass (each layer's <see cref="Layer.Input"/>,
/// <see cref="Layer.Output"/> and workspaces) is never read or written, so the network may keep training on another
/// thread.
/// </para>
/// <para>
/// <b>Exact.</b> The results are bit for bit those of <see cref="Sequential.Forward(Matrix{double})"/> in eval mode on the
/// same batch with the snapshot's parameters: the same kernels run in the same order (a batch of one sample is one column, as in
/// <c>Forward</c>). Batches of different sizes may differ in the last bit, as with <c>Forward</c>: large products take the
/// blocked kernel, whose order of additions differs from the small products' loops.
/// </para>
/// <para>
/// <b>Why no engine pool.</b> ML.NET's <c>PredictionEngine</c> keeps mutable buffers, so it is single-threaded and a server
/// rents engines from a <c>PredictionEnginePool</c>: an object per concurrent caller, to size, rent, return and keep alive.
/// Here the only state a prediction needs besides the read-only parameters is its intermediate activations, which live
/// for the duration of the call: on the stack for a sample of a small network (up to 4 kB), otherwise in an array
/// rented from <see cref="ArrayPool{T}.Shared"/> (whose per-thread caches make it lock-free in the steady state) and
/// returned before the call ends. So there is nothing to pool, no lock and no lifetime to manage, memory grows with the
/// calls in flight rather than with a pool's size, and thread safety holds by construction: a predictor has only read-only
/// fields, set by its constructor. The span overloads allocate nothing per call once the pool has warmed up.
/// </para>
/// </summary>
public sealed class Predictor
{
    // Workspaces of at most this many doubles (4 kB) are taken on the stack; larger ones are rented.
    private const int StackLimit = 512;

    // Workspaces of at most this many doubles (256 bytes: a net of a few neurons) take a fixed-size stack buffer.
    private const int SmallLimit = 32;

    private readonly Step[] _steps;

    // The widest output of any layer but the last (the intermediate activations), 0 for a one-layer network.
    private readonly int _hiddenWidth;

    // Ping-pong buffers needed: 0 (one layer), 1 (two layers) or 2.
    private readonly int _hiddenBuffers;

    private readonly string _description;

    /// <summary>Takes a snapshot of <paramref name="network"/>'s parameters for thread-safe inference.</summary>
    /// <param name="network">A network of <see cref="Linear"/> layers and parameter-free layers (every activation and
    /// <see cref="Softmax"/>) whose input size is fixed (by some <see cref="Linear"/> layer).</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="ArgumentException">The network has a layer with parameters that is not a <see cref="Linear"/>
    /// layer (the predictor cannot copy what it does not know), or no layer fixes its input size.</exception>
    public Predictor(Sequential network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.InputSize is not int inputSize)
        {
            throw new ArgumentException(
                $"A predictor needs a network whose input size is fixed by some layer (a Linear layer); {network} accepts any number of features.",
                nameof(network));
        }

        var steps = new Step[network.Count];
        int width = inputSize;
        int hiddenWidth = 0;
        for (int i = 0; i < steps.Length; i++)
        {
            Layer layer = network[i];
            int outputWidth = layer.OutputRowsFor(width);
            switch (layer)
            {
                case Linear linear:
                    steps[i] = new Step(
                        layer,
                        null,
                        linear.Weight.Data.ToArray(),
                        linear.Bias?.Data.ToArray(),
                        width,
                        outputWidth);
                    break;
                case Activation activation when activation.Parameters.Count == 0:
                    steps[i] = new Step(layer, activation, null, null, width, outputWidth);
                    break;
                default:
                    if (layer.Parameters.Count != 0)
                    {
                        throw new ArgumentException(
                            string.Create(CultureInfo.InvariantCulture,
                                $"Layer {i} ({layer}) has parameters but is not a Linear layer; a predictor copies only Linear layers' parameters and runs only parameter-free layers besides."),
                            nameof(network));
                    }

                    steps[i] = new Step(layer, null, null, null, width, outputWidth);
                    break;
            }

            if (i < steps.Length - 1)
            {
                hiddenWidth = Math.Max(hiddenWidth, outputWidth);
            }

            width = outputWidth;
        }

        _steps = steps;
        InputSize = inputSize;
        OutputSize = width;
        _hiddenWidth = hiddenWidth;
        _hiddenBuffers = Math.Min(steps.Length - 1, 2);
        _description = "Predictor(" + string.Join(", ", network.Select((l, i) => string.Create(CultureInfo.InvariantCulture, $"{i}: {l}"))) + ")";
    }

    /// <summary>Number of input features of a sample.</summary>
    public int InputSize { get; }

    /// <summary>Number of output features of a sample.</summary>
    public int OutputSize { get; }

    /// <summary>Predicts one sample into <paramref name="output"/>; allocates nothing. Thread-safe.</summary>
    /// <param name="input">The sample's <see cref="InputSize"/> features; finite values only.</param>
    /// <param name="output">Receives the <see cref="OutputSize"/> outputs. It may overlap <paramref name="input"/>.</param>
    /// <exception cref="ArgumentException">A length differs from the network's, or the input holds NaN or infinity;
    /// then nothing is written.</exception>
    [SkipLocalsInit]
    public void Predict(ReadOnlySpan<double> input, Span<double> output)
    {
        if (input.Length != InputSize)
        {
            throw WrongLength(nameof(input), InputSize, input.Length, "the network's input features");
        }

        if (output.Length != OutputSize)
        {
            throw WrongLength(nameof(output), OutputSize, output.Length, "the network's output features");
        }

        CheckFinite(input, 1, BatchLayout.SamplesContiguous, nameof(input));
        // Only a one-layer network reads the input while it writes the output: then an overlap is staged.
        bool stage = _steps.Length == 1 && output.Overlaps(input);
        int total = (_hiddenWidth * _hiddenBuffers) + (stage ? OutputSize : 0);
        if (total <= SmallLimit)
        {
            // A constant size: the JIT makes it part of the frame (no dynamic stack allocation).
            RunOneInWorkspace(input, output, stackalloc double[SmallLimit], stage);
        }
        else if (total <= StackLimit)
        {
            RunOneInWorkspace(input, output, stackalloc double[total], stage);
        }
        else
        {
            RunOneRented(input, output, total, stage);
        }
    }

    /// <summary>Predicts one sample into a new array. Thread-safe.</summary>
    /// <param name="input">The sample's <see cref="InputSize"/> features; finite values only.</param>
    /// <returns>A new array of <see cref="OutputSize"/> outputs.</returns>
    /// <exception cref="ArgumentException">Wrong length, NaN or infinity.</exception>
    public double[] Predict(ReadOnlySpan<double> input)
    {
        var output = new double[OutputSize];
        Predict(input, output);
        return output;
    }

    /// <summary>Predicts one sample into a new vector (like <see cref="Sequential.Forward(Vector{double})"/>). Thread-safe.</summary>
    /// <param name="input">The sample's <see cref="InputSize"/> features; finite values only.</param>
    /// <returns>A new dense vector of <see cref="OutputSize"/> outputs.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentException">Wrong length, NaN or infinity.</exception>
    public Vector<double> Predict(Vector<double> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        double[] data = input.AsArray() ?? input.ToArray();
        return new DenseVector(Predict((ReadOnlySpan<double>)data));
    }

    /// <summary>Predicts a batch given as a matrix with one sample per column (features × batch, like
    /// <see cref="Sequential.Forward(Matrix{double})"/>) into a new matrix. Thread-safe.</summary>
    /// <param name="inputs">A dense <see cref="InputSize"/> × batch matrix, finite values only.</param>
    /// <returns>A new dense <see cref="OutputSize"/> × batch matrix.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="ArgumentException">Not a dense matrix, wrong number of rows, no columns, NaN or infinity.</exception>
    public Matrix<double> Predict(Matrix<double> inputs)
    {
        double[] data = Guard.Storage(inputs, nameof(inputs));
        Guard.Rows(inputs, InputSize, nameof(inputs), "the network's input features");
        Guard.NotEmpty(inputs, nameof(inputs));
        int n = inputs.ColumnCount;
        CheckFinite(data, n, BatchLayout.SamplesContiguous, nameof(inputs));
        var result = new double[Guard.ElementCount(OutputSize, n, nameof(inputs), "The predictions (outputs × samples)")];
        if (n == 1)
        {
            Predict(data, result);
        }
        else
        {
            RunBatch(data, result, n, BatchLayout.SamplesContiguous);
        }

        return new DenseMatrix(OutputSize, n, result);
    }

    /// <summary>Predicts a batch of <paramref name="batchSize"/> samples into <paramref name="outputs"/>; allocates
    /// nothing once <see cref="ArrayPool{T}.Shared"/> has warmed up. Thread-safe.</summary>
    /// <param name="inputs">batchSize × <see cref="InputSize"/> values in <paramref name="layout"/>; finite only.</param>
    /// <param name="outputs">Receives batchSize × <see cref="OutputSize"/> values, in the same layout. It may overlap
    /// <paramref name="inputs"/>.</param>
    /// <param name="batchSize">Number of samples N; at least 1.</param>
    /// <param name="layout">Whether each sample's features (<see cref="BatchLayout.SamplesContiguous"/>: row-major
    /// [N, F], TinyNets' features × N) or each feature's values (<see cref="BatchLayout.FeaturesContiguous"/>: column-major
    /// [N, F]) are contiguous.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1, or
    /// <paramref name="layout"/> is not a defined value.</exception>
    /// <exception cref="ArgumentException">A length is not batchSize times the network's features, an input is NaN or
    /// infinite (the message names the sample and the feature), or the batch's workspace (about twice the widest hidden
    /// layer times batchSize values) would not fit in one array; then nothing is written.</exception>
    public void PredictBatch(ReadOnlySpan<double> inputs, Span<double> outputs, int batchSize, BatchLayout layout)
    {
        if (batchSize < 1)
        {
            throw BadBatchSize(batchSize);
        }

        if (layout is not (BatchLayout.SamplesContiguous or BatchLayout.FeaturesContiguous))
        {
            throw BadLayout(layout);
        }

        if (inputs.Length != (long)batchSize * InputSize)
        {
            throw WrongBatchLength(nameof(inputs), batchSize, InputSize, inputs.Length, "input");
        }

        if (outputs.Length != (long)batchSize * OutputSize)
        {
            throw WrongBatchLength(nameof(outputs), batchSize, OutputSize, outputs.Length, "output");
        }

        CheckFinite(inputs, batchSize, layout, nameof(inputs));
        if (batchSize == 1)
        {
            // Both layouts are the same for one sample.
            Predict(inputs, outputs);
            return;
        }

        RunBatch(inputs, outputs, batchSize, layout);
    }

    /// <inheritdoc/>
    public override string ToString() => _description;

    // Runs a checked batch of n ≥ 2 samples: the input (transposed into the workspace when features are contiguous)
    // through every layer, the last one writing into outputs (or into the workspace, to be transposed or copied).
    private void RunBatch(ReadOnlySpan<double> inputs, Span<double> outputs, int n, BatchLayout layout)
    {
        bool transpose = layout == BatchLayout.FeaturesContiguous;
        bool stage = transpose || (_steps.Length == 1 && outputs.Overlaps(inputs));
        long hidden = (long)_hiddenWidth * n;
        long inputLength = transpose ? (long)InputSize * n : 0;
        long outputLength = stage ? (long)OutputSize * n : 0;
        long total = (hidden * _hiddenBuffers) + inputLength + outputLength;
        if (total > Array.MaxLength)
        {
            throw TooLarge(n, total);
        }

        double[] rented = ArrayPool<double>.Shared.Rent((int)total);
        try
        {
            Span<double> work = rented.AsSpan(0, (int)total);
            Span<double> a = work.Slice(0, (int)hidden);
            Span<double> b = work.Slice((int)hidden * Math.Max(_hiddenBuffers - 1, 0), (int)hidden);
            Span<double> rest = work.Slice((int)(hidden * _hiddenBuffers));
            ReadOnlySpan<double> x = inputs;
            if (transpose)
            {
                Span<double> xt = rest.Slice(0, (int)inputLength);
                Transpose(inputs, xt, InputSize, n);
                x = xt;
            }

            Span<double> y = stage ? rest.Slice((int)inputLength, (int)outputLength) : outputs;
            Run(x, y, n, a, b);
            if (transpose)
            {
                Transpose(y, outputs, n, OutputSize);
            }
            else if (stage)
            {
                y.CopyTo(outputs);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    // Every layer on n columns, as Sequential.Forward's general path: Kernels.MultiplyAddBias for Linear layers (one
    // thread; split products are bit-identical anyway), the layer's own forward computation for the rest.
    private void Run(ReadOnlySpan<double> x, Span<double> y, int n, Span<double> a, Span<double> b)
    {
        Step[] steps = _steps;
        int last = steps.Length - 1;
        ReadOnlySpan<double> current = x;
        for (int i = 0; i < steps.Length; i++)
        {
            ref readonly Step step = ref steps[i];
            Span<double> target = i == last ? y : ((i & 1) == 0 ? a : b).Slice(0, step.OutputRows * n);
            if (step.Weight is { } weight)
            {
                Kernels.MultiplyAddBias(weight, current, step.Bias, target, step.OutputRows, step.InputRows, n);
            }
            else
            {
                step.Layer.Evaluate(current, target, step.InputRows, n);
            }

            current = target;
        }
    }

    private void RunOneRented(ReadOnlySpan<double> input, Span<double> output, int total, bool stage)
    {
        double[] rented = ArrayPool<double>.Shared.Rent(total);
        try
        {
            RunOneInWorkspace(input, output, rented.AsSpan(0, total), stage);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    // One checked sample with its workspace: the intermediate activations, then (when the output overlaps the input)
    // the output, copied out at the end.
    private void RunOneInWorkspace(ReadOnlySpan<double> input, Span<double> output, Span<double> work, bool stage)
    {
        int hidden = _hiddenWidth * _hiddenBuffers;
        Span<double> target = stage ? work.Slice(hidden, OutputSize) : output;
        RunOne(input, target, work.Slice(0, _hiddenWidth), work.Slice(hidden - _hiddenWidth, _hiddenWidth));
        if (stage)
        {
            target.CopyTo(output);
        }
    }

    // One sample: as Sequential.Forward's single-sample path (bit-identical to the kernels on one column).
    private void RunOne(ReadOnlySpan<double> x, Span<double> y, Span<double> a, Span<double> b)
    {
        Step[] steps = _steps;
        int last = steps.Length - 1;
        ReadOnlySpan<double> current = x;
        for (int i = 0; i < steps.Length; i++)
        {
            ref readonly Step step = ref steps[i];
            Span<double> target = i == last ? y : ((i & 1) == 0 ? a : b).Slice(0, step.OutputRows);
            if (step.Activation is { } activation)
            {
                activation.ApplyForward(current, target);
            }
            else if (step.Weight is { } weight)
            {
                Kernels.MultiplyAddBiasOneColumn(weight, current, step.Bias, target, step.OutputRows, step.InputRows);
            }
            else
            {
                step.Layer.Evaluate(current, target, step.InputRows, 1);
            }

            current = target;
        }
    }

    // Writes the transpose of a rows × columns row-major array: element (r, c) moves from r·columns + c to c·rows + r.
    // In tiles of 16 × 16, so that both sides stay in the cache whatever their strides (a batch of 784 features, say).
    private static void Transpose(ReadOnlySpan<double> from, Span<double> to, int rows, int columns)
    {
        const int tile = 16;
        ref double f0 = ref MemoryMarshal.GetReference(from.Slice(0, rows * columns));
        ref double t0 = ref MemoryMarshal.GetReference(to.Slice(0, rows * columns));
        for (int r0 = 0; r0 < rows; r0 += tile)
        {
            int r1 = Math.Min(r0 + tile, rows);
            for (int c0 = 0; c0 < columns; c0 += tile)
            {
                int c1 = Math.Min(c0 + tile, columns);
                for (int r = r0; r < r1; r++)
                {
                    ref double row = ref Unsafe.Add(ref f0, r * columns);
                    ref double column = ref Unsafe.Add(ref t0, r);
                    for (int c = c0; c < c1; c++)
                    {
                        Unsafe.Add(ref column, c * rows) = Unsafe.Add(ref row, c);
                    }
                }
            }
        }
    }

    // The first NaN or infinity of a batch, named by sample and feature in the batch's layout.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void CheckFinite(ReadOnlySpan<double> values, int n, BatchLayout layout, string paramName)
    {
        int bad = Guard.FirstNonFinite(values);
        if (bad >= 0)
        {
            throw NotFinite(values[bad], bad, n, InputSize, layout, paramName);
        }
    }

    // Exceptions are built out of line, so that the hot methods set up no message.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException NotFinite(double value, int index, int n, int features, BatchLayout layout, string paramName)
    {
        (int sample, int feature) = layout == BatchLayout.SamplesContiguous ? (index / features, index % features) : (index % n, index / n);
        return new ArgumentException(
            string.Create(CultureInfo.InvariantCulture,
                $"'{paramName}' must contain only finite values; sample {sample}, feature {feature} is {value}."),
            paramName);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException WrongLength(string paramName, int expected, int given, string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"'{paramName}' must hold {expected} values ({what}); {given} were given."), paramName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException WrongBatchLength(string paramName, int batchSize, int features, int given, string what) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"'{paramName}' must hold batchSize × {what} features = {batchSize} × {features} = {(long)batchSize * features} values; {given} were given."),
            paramName);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentOutOfRangeException BadBatchSize(int batchSize) =>
        new(nameof(batchSize), batchSize, string.Create(CultureInfo.InvariantCulture, $"'batchSize' must be at least 1; {batchSize} was given."));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentOutOfRangeException BadLayout(BatchLayout layout) =>
        new(nameof(layout), layout, string.Create(CultureInfo.InvariantCulture,
            $"'layout' must be BatchLayout.SamplesContiguous or BatchLayout.FeaturesContiguous; {(int)layout} was given."));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException TooLarge(int batchSize, long total) =>
        new(string.Create(CultureInfo.InvariantCulture,
            $"A batch of {batchSize} samples needs a workspace of {total} values, more than an array can hold; predict it in parts."), nameof(batchSize));

    /// <summary>One layer with what the loops need of it, read once at creation.</summary>
    private readonly struct Step
    {
        public Step(Layer layer, Activation? activation, double[]? weight, double[]? bias, int inputRows, int outputRows)
        {
            Layer = layer;
            Activation = activation;
            Weight = weight;
            Bias = bias;
            InputRows = inputRows;
            OutputRows = outputRows;
        }

        /// <summary>The layer (for the parameter-free ones' forward computation).</summary>
        public Layer Layer { get; }

        /// <summary>The layer as an element-wise activation, or null.</summary>
        public Activation? Activation { get; }

        /// <summary>A Linear layer's weight (out×in, column-major; the snapshot), or null for a parameter-free layer.</summary>
        public double[]? Weight { get; }

        /// <summary>A Linear layer's bias (the snapshot), or null.</summary>
        public double[]? Bias { get; }

        /// <summary>Input features.</summary>
        public int InputRows { get; }

        /// <summary>Output features.</summary>
        public int OutputRows { get; }
    }
}

/// <summary>Creates a <see cref="Predictor"/> from a network.</summary>
public static class PredictorExtensions
{
    /// <summary>Takes a snapshot of <paramref name="network"/>'s parameters for thread-safe inference
    /// (<see cref="Predictor(Sequential)"/>); later training does not change the predictor.</summary>
    /// <param name="network">A network of <see cref="Linear"/> and parameter-free layers.</param>
    /// <returns>A new predictor.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="ArgumentException">A layer with parameters that is not <see cref="Linear"/>, or no fixed input size.</exception>
    public static Predictor ToPredictor(this Sequential network) => new(network);
}
