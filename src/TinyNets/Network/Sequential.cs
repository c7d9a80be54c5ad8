using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;
using TinyNets.Initialization;
using TinyNets.Internal;
using TinyNets.Layers;
using TinyNets.Parameters;

namespace TinyNets.Network;

/// <summary>
/// A chain of layers, PyTorch's <c>nn.Sequential</c>. Parameters are named by layer index like a PyTorch
/// <c>state_dict</c>: <c>"0.weight"</c>, <c>"0.bias"</c>, <c>"2.weight"</c>, …
/// A batch is a matrix with one sample per column (features × batch).
/// <para>
/// Threading: a network keeps every layer's last pass readable (Input, Output, InputGradient: the sheets' Z and A) and
/// reuses its workspaces from pass to pass, so it is a single-threaded object, like a PyTorch module being trained —
/// use it from one thread at a time. Calls from several threads at once give wrong results (Backward may also throw an
/// <see cref="InvalidOperationException"/>), never a write outside an array. To serve predictions from many threads,
/// create a <c>TinyNets.Inference.Predictor</c> from the trained network: it reads a snapshot of the parameters and
/// keeps no state between calls.
/// </para>
/// </summary>
public sealed class Sequential : IReadOnlyList<Layer>
{
    private readonly Layer[] _layers;
    private readonly KeyValuePair<string, Parameter>[] _named;
    private readonly Dictionary<string, Parameter> _byName;

    // Whether a forward pass has run; then each layer's Layer.Pass tells whether it still holds this network's pass.
    private bool _hasPass;
    private int _maxDegreeOfParallelism = 1;

    // Whether the first layer fixes the input size itself (then its own check names it, and the network's is redundant).
    private readonly bool _firstLayerChecksRows;

    // One loop over the layers for a batch of one sample, when every layer allows it (null otherwise).
    private readonly SingleSamplePath? _singleSample;

    // The layers that have a training mode and draw random numbers, and the generator they draw from.
    private readonly Dropout[] _dropouts;
    private SeededRandom _generator = new(0);

    /// <summary>Chains <paramref name="layers"/> in order.</summary>
    /// <param name="layers">At least one layer; each layer object may appear once.</param>
    /// <exception cref="ArgumentException">No layers, a layer repeated, or consecutive layers whose sizes do not match.</exception>
    public Sequential(params Layer[] layers)
        : this((IEnumerable<Layer>)layers)
    {
    }

    /// <summary>Chains <paramref name="layers"/> in order.</summary>
    /// <param name="layers">At least one layer; each layer object may appear once.</param>
    /// <exception cref="ArgumentException">No layers, a layer repeated, or consecutive layers whose sizes do not match.</exception>
    public Sequential(IEnumerable<Layer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = layers.ToArray();
        if (_layers.Length == 0)
        {
            throw new ArgumentException("A network needs at least one layer; none was given.", nameof(layers));
        }

        int? width = null;
        var seen = new HashSet<Layer>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < _layers.Length; i++)
        {
            Layer layer = _layers[i] ?? throw new ArgumentException($"Layer {i} is null.", nameof(layers));
            if (!seen.Add(layer))
            {
                throw new ArgumentException($"Layer {i} ({layer}) appears more than once; create a new layer for each position.", nameof(layers));
            }

            if (layer.InputSize is int n && width is int w && n != w)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Layer {i} ({layer}) expects {n} input features, but the layers before it produce {w}."),
                    nameof(layers));
            }

            width = layer.OutputSize ?? width;
            CheckParameterNames(layer, i, nameof(layers));
        }

        _firstLayerChecksRows = _layers[0].InputSize is not null;
        _singleSample = SingleSamplePath.TryCreate(_layers);
        _dropouts = _layers.OfType<Dropout>().ToArray();
        InputSize = _layers.Select(l => l.InputSize).FirstOrDefault(s => s is not null);
        OutputSize = width;
        _named = _layers
            .SelectMany((layer, i) => layer.Parameters.Select(p => new KeyValuePair<string, Parameter>(
                string.Create(CultureInfo.InvariantCulture, $"{i}.{p.Name}"), p)))
            .ToArray();
        _byName = _named.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    /// <summary>Number of layers.</summary>
    public int Count => _layers.Length;

    // A layer of the user's own lists its parameters: each must be there, once, under a name of its own.
    private static void CheckParameterNames(Layer layer, int index, string paramName)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        foreach (Parameter? parameter in layer.Parameters ?? throw new ArgumentException($"Layer {index} ({layer}) returned null Parameters; return an empty list instead.", paramName))
        {
            if (parameter is null)
            {
                throw new ArgumentException($"Layer {index} ({layer}) lists a null parameter.", paramName);
            }

            if (!seen.Add(parameter) || !names.Add(parameter.Name))
            {
                throw new ArgumentException($"Layer {index} ({layer}) lists parameter \"{parameter.Name}\" more than once; each needs a name of its own.", paramName);
            }
        }
    }

    /// <summary>
    /// The most threads a large matrix product of this network may use; 1 (the default) keeps everything on the
    /// calling thread. Products of at least 2²¹ multiply-adds (a 784-128 layer on a batch of 32, say) are then split
    /// across threads. Results are bit-identical to the single-threaded ones, whatever the value. Small nets
    /// gain nothing: their products stay on one thread. A split product allocates about 2 kB (the tasks of the split).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">On setting a value below 1 (the old value stays).</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, nameof(MaxDegreeOfParallelism));
            _maxDegreeOfParallelism = value;
            foreach (Linear linear in _layers.OfType<Linear>())
            {
                linear.Parallelism = value;
            }
        }
    }

    /// <summary>
    /// Whether the network is in training mode (PyTorch's <c>training</c>): true for a new network, as for a new
    /// <c>nn.Module</c>. <see cref="Train"/> and <see cref="Eval"/> set it and every layer's that has a mode
    /// (<see cref="Dropout.Training"/>); the constructor leaves the layers' modes as they are. <c>Trainer.Fit</c> trains
    /// in training mode and returns in eval mode; a Predictor and <c>ModelBundle.Predict</c> always run in eval mode.
    /// </summary>
    public bool Training { get; private set; } = true;

    /// <summary>Sets training mode (PyTorch's <c>train(mode)</c>) on the network and every layer that has a mode.</summary>
    /// <param name="mode">True for training mode, false for eval mode.</param>
    /// <returns>This network.</returns>
    public Sequential Train(bool mode = true)
    {
        Training = mode;
        foreach (Dropout dropout in _dropouts)
        {
            dropout.Training = mode;
        }

        return this;
    }

    /// <summary>Sets eval mode (PyTorch's <c>eval()</c>, <c>train(False)</c>): <see cref="Dropout"/> layers become the identity.</summary>
    /// <returns>This network.</returns>
    public Sequential Eval() => Train(false);

    /// <summary>
    /// The generator the network's <see cref="Dropout"/> layers draw from when it runs them (outside <c>Trainer.Fit</c>,
    /// which draws from its own, seeded by <c>FitOptions.Seed</c>). A new network's is seeded with 0;
    /// <see cref="Initialize"/> makes it the generator that drew the weights, continued after them (so the weights are
    /// the same with or without dropout). Set a new one (<c>new SeededRandom(seed)</c>) to reseed.
    /// </summary>
    /// <exception cref="ArgumentNullException">On setting null.</exception>
    public SeededRandom Generator
    {
        get => _generator;
        set => _generator = value ?? throw new ArgumentNullException(nameof(Generator));
    }

    /// <summary>Whether a batch of one sample may take the single-sample path (tests turn it off to compare).</summary>
    internal bool SingleSamplePathEnabled { get; set; } = true;

    /// <summary>How many forward passes took the single-sample path (tests check that it is taken).</summary>
    internal long SingleSamplePasses { get; private set; }

    /// <summary>Input features the network requires (from its first sized layer), or null if no layer fixes it.</summary>
    public int? InputSize { get; }

    /// <summary>Output features, or null if no layer fixes it.</summary>
    public int? OutputSize { get; }

    /// <summary>Parameters in order with their state_dict names (<c>"0.weight"</c>, <c>"0.bias"</c>, …).</summary>
    public IReadOnlyList<KeyValuePair<string, Parameter>> NamedParameters => _named;

    /// <summary>The output of the last forward pass (the last layer's output), or null.</summary>
    public Matrix<double>? Output => _layers[^1].Output;

    /// <summary>The layer at <paramref name="index"/>.</summary>
    /// <param name="index">Zero-based position, as in the parameter names.</param>
    public Layer this[int index] => _layers[index];

    /// <summary>Re-draws every <see cref="Linear"/> layer's parameters, in layer order, from one generator seeded with
    /// <paramref name="seed"/>, which then becomes the network's <see cref="Generator"/>.</summary>
    /// <param name="seed">The seed: the same seed gives bit-identical parameters on every OS and runtime.</param>
    /// <param name="initializer">The scheme.</param>
    /// <returns>This network, for chaining after the constructor.</returns>
    public Sequential Initialize(ulong seed, Initializer initializer = Initializer.PyTorchDefault)
    {
        var random = new SeededRandom(seed);
        foreach (Linear linear in _layers.OfType<Linear>())
        {
            linear.Initialize(random, initializer);
        }

        _generator = random;
        return this;
    }

    /// <summary>Runs a batch through every layer.</summary>
    /// <param name="input">A dense matrix, features × batch, finite values only; not a matrix this network owns (its
    /// <see cref="Output"/> or a layer's Output or InputGradient, which this pass would overwrite: pass a copy).</param>
    /// <returns>The last layer's output, owned by the network (overwritten by the next pass with the same batch size).
    /// Every layer's <see cref="Layer.Input"/> and <see cref="Layer.Output"/> stay readable until then.</returns>
    /// <exception cref="ArgumentException">Empty batch, wrong number of rows, a non-dense matrix, NaN or infinity, or a
    /// matrix of this network's own (the message names the layer).</exception>
    public Matrix<double> Forward(Matrix<double> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (_firstLayerChecksRows is false && InputSize is int n)
        {
            Guard.Rows(input, n, nameof(input), "the network's input features");
        }

        double[] data = _layers[0].CheckInput(input, nameof(input));
        if (input is Workspace workspace)
        {
            CheckNotOwnWorkspace(workspace, nameof(input));
        }

        if (input.ColumnCount == 1 && _singleSample is not null && SingleSamplePathEnabled && _hasPass
            && _layers[0].Input is { ColumnCount: 1 } last && last.RowCount == input.RowCount && FirstLayerOffPass() < 0)
        {
            // The last pass was a sample of this size and no layer has run since: every workspace fits.
            SingleSamplePasses++;
            return _singleSample.Forward(input, data);
        }

        if (_dropouts.Length != 0)
        {
            foreach (Dropout dropout in _dropouts)
            {
                dropout.DrawFrom(_generator);
            }
        }

        Matrix<double> current = input;
        for (int i = 0; i < _layers.Length; i++)
        {
            current = _layers[i].ForwardUnchecked(current, data, out data);
            _layers[i].JoinPass(this);
        }

        _hasPass = true;
        return current;
    }

    /// <summary>A forward pass in eval mode whatever the modes, which it leaves as they were (allocates).</summary>
    internal Matrix<double> ForwardInEvalMode(Matrix<double> input)
    {
        bool[] modes = Array.ConvertAll(_dropouts, d => d.Training);
        try
        {
            foreach (Dropout dropout in _dropouts)
            {
                dropout.Training = false;
            }

            return Forward(input);
        }
        finally
        {
            for (int i = 0; i < _dropouts.Length; i++)
            {
                _dropouts[i].Training = modes[i];
            }
        }
    }

    /// <summary>Runs one sample through the network (convenience; allocates the result).</summary>
    /// <param name="input">The sample's features.</param>
    /// <returns>A new vector with the network's output.</returns>
    /// <exception cref="ArgumentException">Wrong length, NaN or infinity.</exception>
    public Vector<double> Forward(Vector<double> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Matrix<double> column = DenseMatrix.OfColumnMajor(input.Count, 1, input.ToArray());
        return Forward(column).Column(0);
    }

    /// <summary>Back-propagates ∂L/∂output through every layer (last to first), overwriting every parameter's gradient.</summary>
    /// <param name="outputGradient">∂L/∂output of the last forward pass, same shape as <see cref="Output"/> (usually <c>loss.Backward()</c>).</param>
    /// <returns>∂L/∂input, owned by the first layer.</returns>
    /// <exception cref="InvalidOperationException">No forward pass has run.</exception>
    /// <exception cref="ArgumentException">The gradient's shape differs from the output's, or it holds NaN or infinity.</exception>
    public Matrix<double> Backward(Matrix<double> outputGradient) => Backward(outputGradient, computeInputGradient: true)!;

    /// <summary>Back-propagates ∂L/∂output through every layer (last to first), overwriting every parameter's gradient;
    /// ∂L/∂input is computed only when asked for. A training step does not need it, and skipping it saves the first
    /// layer's largest product (PyTorch skips it likewise for an input that does not require a gradient).</summary>
    /// <param name="outputGradient">∂L/∂output of the last forward pass, same shape as <see cref="Output"/>.</param>
    /// <param name="computeInputGradient">Whether to compute ∂L/∂input.</param>
    /// <returns>∂L/∂input, owned by the first layer, or null when <paramref name="computeInputGradient"/> is false.</returns>
    /// <exception cref="InvalidOperationException">No forward pass has run.</exception>
    /// <exception cref="ArgumentException">The gradient's shape differs from the output's, it holds NaN or infinity, or
    /// it is a layer's InputGradient of this network (which this pass overwrites: pass a copy).</exception>
    public Matrix<double>? Backward(Matrix<double> outputGradient, bool computeInputGradient)
    {
        CheckPassIsIntact();
        _layers[^1].CheckOutputGradient(outputGradient, nameof(outputGradient));
        if (outputGradient is Workspace { Role: WorkspaceRole.InputGradient } workspace)
        {
            CheckNotOwnWorkspace(workspace, nameof(outputGradient));
        }

        Matrix<double>? current = outputGradient;
        double[]? data = outputGradient.AsColumnMajorArray();
        if (outputGradient.ColumnCount == 1 && _singleSample is not null && SingleSamplePathEnabled)
        {
            _singleSample.Backward(data, computeInputGradient);
            return _layers[0].InputGradient;
        }

        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            current = _layers[i].BackwardUnchecked(data!, out data, computeInputGradient || i > 0);
        }

        return current;
    }

    // A matrix of this network's own (a layer's Output or InputGradient) would be overwritten by the pass it feeds:
    // refused, rather than computed wrongly. Matrices of other networks and of losses are fine.
    private void CheckNotOwnWorkspace(Workspace workspace, string paramName)
    {
        int index = Array.IndexOf(_layers, workspace.Owner as Layer);
        if (index >= 0)
        {
            throw OwnWorkspace(index, _layers[index], workspace.Role, paramName);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException OwnWorkspace(int index, Layer layer, WorkspaceRole role, string paramName) => new(
        string.Create(CultureInfo.InvariantCulture,
            $"'{paramName}' is the {role} of layer {index} ({layer}) of this network, which this pass overwrites; copy it first ({paramName}.Clone())."),
        paramName);

    private void CheckPassIsIntact()
    {
        if (!_hasPass)
        {
            throw new InvalidOperationException("Backward needs a Forward pass of the network first.");
        }

        int broken = FirstLayerOffPass();
        if (broken >= 0)
        {
            throw LayerOffPass(broken, _layers[broken]);
        }
    }

    // Out of line, so that the check sets up no string builder on every call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static InvalidOperationException LayerOffPass(int index, Layer layer) => new(
        $"Layer {index} ({layer}) was run on its own (or by another network) after this network's last Forward; run Forward on the network again before Backward.");

    // The first layer that no longer holds this network's last pass (run on its own, or by another network that shares
    // it, since), or −1.
    private int FirstLayerOffPass()
    {
        Layer[] layers = _layers;
        for (int i = 0; i < layers.Length; i++)
        {
            if (!ReferenceEquals(layers[i].Pass, this))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The parameter called <paramref name="name"/> (live: its value and gradient are the network's own).</summary>
    /// <param name="name">A state_dict name such as <c>"0.weight"</c>.</param>
    /// <returns>The parameter.</returns>
    /// <exception cref="ArgumentException">No parameter has that name; the message lists the names there are.</exception>
    public Parameter GetParameter(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TryGetParameter(name, out Parameter? p)
            ? p
            : throw new ArgumentException(
                $"No parameter is named \"{name}\"; this network has {(_named.Length == 0 ? "none" : string.Join(", ", _named.Select(kv => $"\"{kv.Key}\"")))}.",
                nameof(name));
    }

    /// <summary>Looks up a parameter by its state_dict name.</summary>
    /// <param name="name">A name such as <c>"2.bias"</c>.</param>
    /// <param name="parameter">The parameter, when found.</param>
    /// <returns>Whether the name exists.</returns>
    public bool TryGetParameter(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Parameter? parameter) =>
        _byName.TryGetValue(name ?? throw new ArgumentNullException(nameof(name)), out parameter);

    /// <summary>The gradient of the parameter called <paramref name="name"/> from the last backward pass (live).</summary>
    /// <param name="name">A state_dict name such as <c>"0.weight"</c>.</param>
    /// <returns>∂L/∂parameter, of the parameter's shape (a bias is an out×1 column).</returns>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public Matrix<double> GetGradient(string name) => GetParameter(name).Gradient;

    /// <summary>Sets a weight from a matrix of exactly its shape (out×in); checks everything before changing anything.</summary>
    /// <param name="name">A weight's state_dict name, such as <c>"0.weight"</c>.</param>
    /// <param name="value">The new value; finite.</param>
    /// <exception cref="ArgumentException">Unknown name, a bias name, a wrong shape, or NaN/infinity.</exception>
    public void SetParameter(string name, Matrix<double> value) => GetParameter(name).Assign(value, name, nameof(value));

    /// <summary>Sets a weight from a 2-D array of exactly its shape (out×in, row by row as written on paper).</summary>
    /// <param name="name">A weight's state_dict name.</param>
    /// <param name="value">The new value; finite.</param>
    /// <exception cref="ArgumentException">Unknown name, a bias name, a wrong shape, or NaN/infinity.</exception>
    public void SetParameter(string name, double[,] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        GetParameter(name).Assign(DenseMatrix.OfArray(value), name, nameof(value));
    }

    /// <summary>Sets a bias from a vector of exactly its length.</summary>
    /// <param name="name">A bias's state_dict name, such as <c>"0.bias"</c>.</param>
    /// <param name="value">The new value; finite.</param>
    /// <exception cref="ArgumentException">Unknown name, a weight name, a wrong length, or NaN/infinity.</exception>
    public void SetParameter(string name, Vector<double> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        GetParameter(name).Assign(value.ToArray(), name, nameof(value));
    }

    /// <summary>Sets a bias from an array of exactly its length.</summary>
    /// <param name="name">A bias's state_dict name.</param>
    /// <param name="value">The new value; finite.</param>
    /// <exception cref="ArgumentException">Unknown name, a weight name, a wrong length, or NaN/infinity.</exception>
    public void SetParameter(string name, double[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        GetParameter(name).Assign(value, name, nameof(value));
    }

    /// <summary>Counts trainable scalars, split into weights and biases.</summary>
    /// <returns>The counts.</returns>
    public ParameterCount CountParameters() => new(
        _named.Where(kv => !kv.Value.IsVector).Sum(kv => kv.Value.Length),
        _named.Where(kv => kv.Value.IsVector).Sum(kv => kv.Value.Length));

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGradients()
    {
        foreach (KeyValuePair<string, Parameter> kv in _named)
        {
            kv.Value.ZeroGradient();
        }
    }

    /// <inheritdoc/>
    public IEnumerator<Layer> GetEnumerator() => ((IEnumerable<Layer>)_layers).GetEnumerator();

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => _layers.GetEnumerator();

    /// <summary>
    /// A table of the layers, one row each: index (the state_dict prefix), the layer, its output width (<c>?</c> while no
    /// layer before it fixes one) and its parameter count; then the totals, split into weights and biases. Keras'
    /// <c>model.summary()</c> in spirit; the figures are <see cref="CountParameters"/>'s.
    /// </summary>
    /// <returns>The table: a header, one line per layer and a total line (invariant culture; lines separated by <see cref="Environment.NewLine"/>, none after the last).</returns>
    public string Summary() => NetworkSummary.Write(_layers);

    /// <inheritdoc/>
    public override string ToString() =>
        "Sequential(" + string.Join(", ", _layers.Select((l, i) => string.Create(CultureInfo.InvariantCulture, $"{i}: {l}"))) + ")";
}
