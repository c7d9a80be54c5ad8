using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Internal;
using TinyNets.Parameters;

namespace TinyNets.Layers;

/// <summary>
/// A differentiable step of a network. A batch is a matrix with one sample per column (features × batch).
/// <see cref="Forward"/> returns a matrix the layer owns and reuses for the next batch of the same size;
/// <see cref="Backward"/> returns the gradient with respect to the input and overwrites the parameters' gradients.
/// A layer keeps its last pass, so it is a single-threaded object (see <see cref="Network.Sequential"/>).
/// </summary>
/// <remarks>
/// <para><b>Writing a layer.</b> Derive from <see cref="Layer"/> and:</para>
/// <list type="bullet">
/// <item><description>declare the trainable tensors as <see cref="Parameter"/>s (<c>new Parameter("weight", rows, columns)</c>,
/// <c>new Parameter("bias", length)</c>), created once, and return them, always the same list in the same order, from
/// <see cref="Parameters"/>; the network names them <c>"{index}.{name}"</c>, optimizers update them and model-free
/// tools (the gradient check, <see cref="Network.Sequential.NamedParameters"/>) see them;</description></item>
/// <item><description>say the sizes: <see cref="InputSize"/> and <see cref="OutputSize"/> (null for "any" and "as the
/// input"), or <see cref="OutputRows"/> for a size that follows the input's;</description></item>
/// <item><description>write <see cref="ForwardCore"/>: y from x (column-major, one sample per column), reading only x and
/// the parameters and keeping no state, because thread-safe inference may call it from several threads;</description></item>
/// <item><description>write <see cref="BackwardCore"/> next to it: from ∂L/∂y, <b>overwrite</b> (not accumulate) each
/// parameter's <see cref="Parameter.GradientData"/> with ∂L/∂θ summed over the batch, and fill ∂L/∂x into dx unless dx
/// is empty.</description></item>
/// </list>
/// <para>Check the result with <c>TinyNets.Diagnostics.GradientCheck</c>, which compares every gradient with central
/// differences. Model files and ONNX describe the library's layers only: saving or exporting a network with a layer of
/// your own throws a <see cref="NotSupportedException"/> naming it. Safetensors files hold parameters by name, so they
/// save and load any layer's.</para>
/// </remarks>
public abstract class Layer
{
    // Workspaces kept by shape: an epoch whose last batch is smaller does not reallocate every epoch.
    private readonly MatrixCache _outputs;
    private readonly MatrixCache _inputGradients;
    private Matrix<double>? _input;
    private double[]? _inputData;
    private Workspace? _output; // its Key is the input rows it was made for
    private Workspace? _inputGradient; // the workspace of the last backward pass; valid while _hasInputGradient
    private bool _hasInputGradient; // cleared by a forward pass: a flag, so that the next backward pass need not store the reference again (a GC write barrier)

    // The network whose last pass Input and Output belong to; null once the layer has been run on its own.
    private object? _pass;

    /// <summary>Creates a layer with no pass yet.</summary>
    protected Layer()
    {
        _outputs = new MatrixCache(this, WorkspaceRole.Output);
        _inputGradients = new MatrixCache(this, WorkspaceRole.InputGradient);
    }

    /// <summary>The input of the last forward pass, or null before the first one.</summary>
    public Matrix<double>? Input => _input;

    /// <summary>The output of the last forward pass (pre-activation for a <see cref="Linear"/> layer, activation for an activation layer), or null.</summary>
    public Matrix<double>? Output => _output;

    /// <summary>The gradient with respect to the input computed by the last backward pass, or null.</summary>
    public Matrix<double>? InputGradient => _hasInputGradient ? _inputGradient : null;

    /// <summary>The layer's trainable parameters in PyTorch order (weight, then bias); empty for activations.</summary>
    public virtual IReadOnlyList<Parameter> Parameters => Array.Empty<Parameter>();

    /// <summary>Number of input features this layer requires, or null when it accepts any (shape-preserving layers).</summary>
    public virtual int? InputSize => null;

    /// <summary>Number of output features, or null when it equals the number of input features.</summary>
    public virtual int? OutputSize => null;

    /// <summary>Runs the layer on a batch (features × batch).</summary>
    /// <param name="input">A dense matrix with one sample per column; finite values only.</param>
    /// <returns>The output, owned by the layer: it is overwritten by the next forward pass with the same batch shape.</returns>
    /// <exception cref="ArgumentException">The input is empty, not dense, has the wrong number of rows or holds NaN or infinity.</exception>
    public Matrix<double> Forward(Matrix<double> input)
    {
        CheckInput(input, nameof(input));
        if (input is Workspace { Owner: var owner } && ReferenceEquals(owner, this))
        {
            throw OwnWorkspace(this, input, nameof(input));
        }

        _pass = null;
        BeginOwnPass();
        return ForwardUnchecked(input);
    }

    /// <summary>Back-propagates <paramref name="outputGradient"/> (∂L/∂output) through the last forward pass.</summary>
    /// <param name="outputGradient">∂L/∂output, of the shape of <see cref="Output"/>.</param>
    /// <returns>∂L/∂input, owned by the layer. The parameters' gradients are overwritten (not accumulated).</returns>
    /// <exception cref="InvalidOperationException">No forward pass has run.</exception>
    /// <exception cref="ArgumentException">The gradient's shape differs from the output's, or it holds NaN or infinity.</exception>
    public Matrix<double> Backward(Matrix<double> outputGradient)
    {
        CheckOutputGradient(outputGradient, nameof(outputGradient));
        if (outputGradient is Workspace { Role: WorkspaceRole.InputGradient, Owner: var owner } && ReferenceEquals(owner, this))
        {
            throw OwnWorkspace(this, outputGradient, nameof(outputGradient));
        }

        return BackwardUnchecked(outputGradient);
    }

    internal double[] CheckInput(Matrix<double> input, string paramName)
    {
        double[] data = Guard.Storage(input, paramName);
        if (InputSize is int n)
        {
            Guard.Rows(input, n, paramName, "the input features of ", this);
        }

        Guard.NotEmpty(input, paramName);
        Guard.Finite(data, input.RowCount, paramName);
        return data;
    }

    internal void CheckOutputGradient(Matrix<double> outputGradient, string paramName)
    {
        Matrix<double> output = _output ?? throw NoForwardPass(this);
        double[] data = Guard.Storage(outputGradient, paramName);
        Guard.SameShape(outputGradient, output.RowCount, output.ColumnCount, paramName, "the output of ", this);
        Guard.Finite(data, outputGradient.RowCount, paramName);
    }

    internal Matrix<double> ForwardUnchecked(Matrix<double> input) => ForwardUnchecked(input, input.AsColumnMajorArray(), out _);

    // The hot path of a network's forward pass: the caller hands over the input's storage. The workspace of the last
    // pass is reused without the cache's lookup (and the virtual OutputRows) while the input's shape is unchanged;
    // fields are written only when they change (a reference store costs a GC write barrier, noticeable on nets of a
    // few neurons).
    internal Matrix<double> ForwardUnchecked(Matrix<double> input, double[] x, out double[] y)
    {
        int rows = input.RowCount, columns = input.ColumnCount;
        Workspace? output = _output;
        if (output is null || output.Key != rows || output.ColumnCount != columns)
        {
            output = OutputWorkspace(rows, columns);
        }

        y = output.Data;
        ForwardCore(x, y, rows, columns);
        if (!ReferenceEquals(_input, input))
        {
            _input = input;
            _inputData = x;
        }

        _hasInputGradient = false;
        return output;
    }

    internal Matrix<double> BackwardUnchecked(Matrix<double> outputGradient) =>
        BackwardUnchecked(outputGradient.AsColumnMajorArray(), out _)!;

    /// <summary>Back-propagates ∂L/∂y given as storage; with <paramref name="computeInputGradient"/> false only the
    /// parameters' gradients are computed and null is returned (the first layer of a training step).</summary>
    internal Matrix<double>? BackwardUnchecked(double[] dy, out double[]? dx, bool computeInputGradient = true)
    {
        // Each field read once, and checked against the others: a layer shared between threads against the contract
        // may hold another thread's pass, but never hands BackwardCore extents its spans do not have.
        Matrix<double> input = _input!;
        double[] x = _inputData!;
        Workspace output = _output!;
        int rows = input.RowCount, columns = input.ColumnCount;
        if (x.Length != rows * columns || output.Key != rows || output.ColumnCount != columns || dy.Length != output.Data.Length)
        {
            throw PassTorn(this);
        }

        dx = PrepareInputGradient(input, computeInputGradient);
        BackwardCore(x, output.Data, dy, dx, rows, columns);
        return dx is null ? null : _inputGradient;
    }

    /// <summary>The output workspace for an input of <paramref name="rows"/> × <paramref name="columns"/>, made the
    /// current one (stored only on a change: a reference store costs a GC write barrier).</summary>
    internal Workspace OutputWorkspace(int rows, int columns)
    {
        Workspace? output = _output;
        if (output is null || output.Key != rows || output.ColumnCount != columns)
        {
            output = _outputs.Get(rows, OutputRows(rows), columns);
            _output = output;
        }

        return output;
    }

    /// <summary>The network whose pass the layer holds (its Input and Output), or null after a run on its own.</summary>
    internal object? Pass => _pass;

    /// <summary>Records that the layer's Input and Output are now those of <paramref name="network"/>'s pass.</summary>
    internal void JoinPass(object network)
    {
        // Stored only on a change: a reference store costs a GC write barrier.
        if (!ReferenceEquals(_pass, network))
        {
            _pass = network;
        }
    }

    // ---- for a network's single-sample path (Network.SingleSamplePath), which computes the values itself and keeps
    // the fields exactly as ForwardUnchecked and BackwardUnchecked would.

    /// <summary>The storage of <see cref="Input"/>.</summary>
    internal double[]? InputData => _inputData;

    /// <summary>The current output workspace (shape, storage and the input rows it was made for, in one object).</summary>
    internal Workspace? CurrentOutput => _output;

    /// <summary>What ForwardUnchecked does besides computing, once the output workspace is known to fit.</summary>
    internal void BeginForward(Matrix<double> input, double[] x)
    {
        if (!ReferenceEquals(_input, input))
        {
            _input = input;
            _inputData = x;
        }

        _hasInputGradient = false;
    }

    /// <summary>Sets <see cref="InputGradient"/> to a workspace of the input's shape and returns its storage, or to
    /// null (returning null) when the input gradient is not wanted.</summary>
    internal double[]? PrepareInputGradient(Matrix<double> input, bool wanted)
    {
        if (!wanted)
        {
            _hasInputGradient = false;
            return null;
        }

        int rows = input.RowCount;
        Workspace inputGradient = _inputGradients.Get(rows, rows, input.ColumnCount);
        if (!ReferenceEquals(_inputGradient, inputGradient))
        {
            _inputGradient = inputGradient;
        }

        _hasInputGradient = true;
        return inputGradient.Data;
    }

    // Exceptions are built out of line: an interpolated message inlined into a hot method makes its every call set up
    // (zero) a string builder on the stack.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static InvalidOperationException NoForwardPass(Layer layer) => new($"{layer}: Backward needs a Forward pass first.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static InvalidOperationException PassTorn(Layer layer) => new(
        $"{layer}: its pass changed while it was being used. A layer, like the Sequential that holds it, is a single-threaded object: use one per thread, or a Predictor to serve from several threads.");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException OwnWorkspace(Layer layer, Matrix<double> matrix, string paramName) => new(
        $"'{paramName}' is the {((Workspace)matrix).Role} of {layer}, a matrix the layer overwrites in this pass; copy it first ({paramName}.Clone()).",
        paramName);

    /// <summary>Computes the layer's output for <paramref name="x"/> into <paramref name="y"/> without touching the
    /// layer's pass (Input, Output, workspaces): what thread-safe inference calls, from any number of threads at once.
    /// <paramref name="y"/> must hold exactly <c>OutputRows(rows) × columns</c> values.
    /// A layer whose forward computation keeps state or draws random numbers (Dropout) overrides it with its
    /// inference computation.</summary>
    internal virtual void Evaluate(ReadOnlySpan<double> x, Span<double> y, int rows, int columns) => ForwardCore(x, y, rows, columns);

    /// <summary>Called by <see cref="Forward"/> before a pass of the layer on its own (not as part of a network).</summary>
    internal virtual void BeginOwnPass()
    {
    }

    /// <summary>The number of output rows for an input with <paramref name="inputRows"/> rows.</summary>
    internal int OutputRowsFor(int inputRows) => OutputRows(inputRows);

    /// <summary>Computes the output into <paramref name="y"/> (column-major, <c>OutputRows × columns</c>). It must read
    /// only <paramref name="x"/> and the layer's parameters and write only <paramref name="y"/>, keeping no state between
    /// calls: thread-safe inference calls it from several threads at once (a layer of the library that draws random
    /// numbers in training mode, Dropout, gives thread-safe inference its own computation instead).</summary>
    /// <param name="x">Input, column-major, <paramref name="rows"/> × <paramref name="columns"/>.</param>
    /// <param name="y">Output buffer to fill.</param>
    /// <param name="rows">Input rows (features).</param>
    /// <param name="columns">Batch size.</param>
    protected abstract void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns);

    /// <summary>Computes ∂L/∂x into <paramref name="dx"/> and the parameters' gradients from ∂L/∂y.</summary>
    /// <param name="x">The forward input.</param>
    /// <param name="y">The forward output.</param>
    /// <param name="dy">∂L/∂y.</param>
    /// <param name="dx">∂L/∂x, to fill; empty when nobody needs it (the first layer of a training step), and then
    /// only the parameters' gradients are computed.</param>
    /// <param name="rows">Input rows (features).</param>
    /// <param name="columns">Batch size.</param>
    protected abstract void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns);

    /// <summary>Number of output rows for an input with <paramref name="inputRows"/> rows.</summary>
    /// <param name="inputRows">Input features.</param>
    /// <returns>Output features.</returns>
    protected virtual int OutputRows(int inputRows) => OutputSize ?? inputRows;
}
