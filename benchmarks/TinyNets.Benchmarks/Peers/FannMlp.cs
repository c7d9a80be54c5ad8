using System;
using System.Collections.Generic;
using System.Reflection;
using System.Runtime.InteropServices;

namespace TinyNets.Benchmarks.Peers;

/// <summary>
/// FANN's C library in its double-precision build (libdoublefann.so.2, Debian package libfann2), called through
/// P/Invoke. Missing library: <see cref="Available"/> is false and the FANN benchmarks are skipped with <see cref="Reason"/>.
/// </summary>
public static partial class Fann
{
    /// <summary>The shared object looked up (by the loader's usual search: /usr/lib/x86_64-linux-gnu on Debian).</summary>
    public const string LibraryFile = "libdoublefann.so.2";

    private const string Library = "doublefann";

    // fann_activationfunc_enum and fann_errorfunc_enum (fann_data.h).
    internal const int Linear = 0;
    internal const int Sigmoid = 3;
    internal const int SigmoidSymmetric = 5;
    internal const int ErrorFunctionLinear = 0;

    private static readonly Lazy<string?> Failure = new(TryLoad);
    private static IntPtr _handle;

    /// <summary>True when libdoublefann.so.2 loaded.</summary>
    public static bool Available => Failure.Value is null;

    /// <summary>Why FANN is skipped, or null.</summary>
    public static string? Reason => Failure.Value;

    /// <summary>Throws with <see cref="Reason"/> when FANN cannot run.</summary>
    public static void EnsureAvailable()
    {
        if (!Available)
        {
            throw new InvalidOperationException("FANN is not available: " + Reason);
        }
    }

    private static string? TryLoad()
    {
        if (!NativeLibrary.TryLoad(LibraryFile, out _handle))
        {
            return $"{LibraryFile} was not found (install the Debian package libfann2: apt-get install libfann2)";
        }

        NativeLibrary.SetDllImportResolver(typeof(Fann).Assembly, Resolve);
        return null;
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path) => name == Library ? _handle : IntPtr.Zero;

    [LibraryImport(Library, EntryPoint = "fann_create_standard_array")]
    internal static partial IntPtr CreateStandardArray(uint numLayers, uint[] layers);

    [LibraryImport(Library, EntryPoint = "fann_destroy")]
    internal static partial void Destroy(IntPtr ann);

    [LibraryImport(Library, EntryPoint = "fann_train")]
    internal static unsafe partial void Train(IntPtr ann, double* input, double* desiredOutput);

    [LibraryImport(Library, EntryPoint = "fann_run")]
    internal static unsafe partial double* Run(IntPtr ann, double* input);

    [LibraryImport(Library, EntryPoint = "fann_set_activation_function_hidden")]
    internal static partial void SetActivationFunctionHidden(IntPtr ann, int function);

    [LibraryImport(Library, EntryPoint = "fann_set_activation_function_output")]
    internal static partial void SetActivationFunctionOutput(IntPtr ann, int function);

    [LibraryImport(Library, EntryPoint = "fann_set_activation_steepness_hidden")]
    internal static partial void SetActivationSteepnessHidden(IntPtr ann, double steepness);

    [LibraryImport(Library, EntryPoint = "fann_set_activation_steepness_output")]
    internal static partial void SetActivationSteepnessOutput(IntPtr ann, double steepness);

    [LibraryImport(Library, EntryPoint = "fann_set_learning_rate")]
    internal static partial void SetLearningRate(IntPtr ann, float learningRate);

    [LibraryImport(Library, EntryPoint = "fann_set_learning_momentum")]
    internal static partial void SetLearningMomentum(IntPtr ann, float momentum);

    [LibraryImport(Library, EntryPoint = "fann_set_train_error_function")]
    internal static partial void SetTrainErrorFunction(IntPtr ann, int function);

    [LibraryImport(Library, EntryPoint = "fann_get_total_connections")]
    internal static partial uint GetTotalConnections(IntPtr ann);

    [LibraryImport(Library, EntryPoint = "fann_get_connection_array")]
    internal static unsafe partial void GetConnectionArray(IntPtr ann, Connection* connections);

    [LibraryImport(Library, EntryPoint = "fann_set_weight_array")]
    internal static unsafe partial void SetWeightArray(IntPtr ann, Connection* connections, uint count);

    /// <summary>struct fann_connection in the double build.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct Connection
    {
        public uint FromNeuron;
        public uint ToNeuron;
        public double Weight;
    }
}

/// <summary>
/// The FANN peer: fann_create_standard_array with the same sizes and initial weights, tanh hidden neurons
/// (SIGMOID_SYMMETRIC, steepness 1), a linear (steepness 1) or logistic (SIGMOID, steepness 0.5) output, the linear
/// error function, no momentum. fann_train is one per-sample step of plain backpropagation on ½(y − t)²
/// (FANN has no mini-batches and no BCE or softmax); fann_run is one inference.
/// FANN clips the derivative's input of its sigmoids (to ±0.98 and [0.01, 0.99]); the self-check data stay inside.
/// </summary>
public sealed unsafe class FannMlp : IDisposable
{
    private readonly IntPtr _ann;
    private readonly int _features;
    private readonly int _outputs;
    private readonly int[] _sizes;
    private readonly double[] _inputs;
    private readonly double[] _targets;
    private readonly double* _x;
    private readonly double* _y;

    /// <summary>Creates the net of <paramref name="spec"/> with <paramref name="parameters"/> and pins <paramref name="data"/>.</summary>
    /// <param name="spec">Tanh hidden layers; an Identity or Sigmoid output.</param>
    /// <param name="parameters">Initial parameters.</param>
    /// <param name="data">Samples with real-valued targets.</param>
    /// <param name="learningRate">FANN's learning rate η on ½(y − t)² per sample (stored by FANN as a float).</param>
    public FannMlp(MlpSpec spec, LayerParameters[] parameters, Dataset data, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        Fann.EnsureAvailable();
        if (spec.Hidden != Act.Tanh || spec.Output is not (Act.Identity or Act.Sigmoid) || data.Targets is null)
        {
            throw new ArgumentException($"FANN runs tanh hidden layers with a linear or sigmoid output on real targets, not {spec}.", nameof(spec));
        }

        _sizes = spec.Sizes;
        _features = data.Features;
        _outputs = data.Outputs;
        uint[] layers = Array.ConvertAll(spec.Sizes, s => (uint)s);
        _ann = Fann.CreateStandardArray((uint)layers.Length, layers);
        if (_ann == IntPtr.Zero)
        {
            throw new InvalidOperationException("fann_create_standard_array returned NULL.");
        }

        Fann.SetActivationFunctionHidden(_ann, Fann.SigmoidSymmetric);
        Fann.SetActivationSteepnessHidden(_ann, 1.0);
        Fann.SetActivationFunctionOutput(_ann, spec.Output == Act.Sigmoid ? Fann.Sigmoid : Fann.Linear);
        Fann.SetActivationSteepnessOutput(_ann, spec.Output == Act.Sigmoid ? 0.5 : 1.0);
        Fann.SetTrainErrorFunction(_ann, Fann.ErrorFunctionLinear);
        Fann.SetLearningMomentum(_ann, 0f);
        Fann.SetLearningRate(_ann, (float)learningRate);
        SetParameters(parameters);

        // Pinned for the object's lifetime: fann_train and fann_run read the samples in place.
        _inputs = GC.AllocateArray<double>(data.Inputs.Length, pinned: true);
        _targets = GC.AllocateArray<double>(data.Targets.Length, pinned: true);
        data.Inputs.CopyTo(_inputs, 0);
        data.Targets.CopyTo(_targets, 0);
        fixed (double* x = _inputs)
        {
            _x = x;
        }

        fixed (double* y = _targets)
        {
            _y = y;
        }

        Count = data.Count;
    }

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>fann_train on sample <paramref name="i"/>.</summary>
    public void Step(int i) => Fann.Train(_ann, _x + (i * _features), _y + (i * _outputs));

    /// <summary>One epoch: fann_train on every sample in order (per-sample updates).</summary>
    public void Epoch()
    {
        for (int i = 0; i < Count; i++)
        {
            Fann.Train(_ann, _x + (i * _features), _y + (i * _outputs));
        }
    }

    /// <summary>fann_run on sample <paramref name="i"/>; returns the first output.</summary>
    public double Infer(int i) => Fann.Run(_ann, _x + (i * _features))[0];

    /// <summary>The current parameters, in TinyNets' orientation.</summary>
    public LayerParameters[] Parameters()
    {
        var result = new LayerParameters[_sizes.Length - 1];
        for (int l = 0; l < result.Length; l++)
        {
            result[l] = new LayerParameters(_sizes[l], _sizes[l + 1], new double[_sizes[l] * _sizes[l + 1]], new double[_sizes[l + 1]]);
        }

        foreach (Fann.Connection c in Connections())
        {
            (int l, int to, int from) = Locate(c);
            LayerParameters p = result[l];
            if (from == p.In)
            {
                p.Bias[to] = c.Weight;
            }
            else
            {
                p.Weight[(to * p.In) + from] = c.Weight;
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public void Dispose() => Fann.Destroy(_ann);

    private void SetParameters(LayerParameters[] parameters)
    {
        Fann.Connection[] connections = Connections();
        for (int k = 0; k < connections.Length; k++)
        {
            (int l, int to, int from) = Locate(connections[k]);
            LayerParameters p = parameters[l];
            connections[k].Weight = from == p.In ? p.Bias[to] : p.Weight[(to * p.In) + from];
        }

        fixed (Fann.Connection* c = connections)
        {
            Fann.SetWeightArray(_ann, c, (uint)connections.Length);
        }
    }

    private Fann.Connection[] Connections()
    {
        var connections = new Fann.Connection[Fann.GetTotalConnections(_ann)];
        fixed (Fann.Connection* c = connections)
        {
            Fann.GetConnectionArray(_ann, c);
        }

        return connections;
    }

    // FANN numbers the neurons layer by layer, each layer followed by its bias neuron (value 1): layer l starts at
    // Σ_{k<l} (size_k + 1). A connection into layer l + 1's neuron `to` from layer l's neuron `from` (== size_l for the
    // bias) is W_l[to, from] (or b_l[to]).
    private (int Layer, int To, int From) Locate(Fann.Connection c)
    {
        var starts = new List<int>(_sizes.Length);
        int start = 0;
        foreach (int size in _sizes)
        {
            starts.Add(start);
            start += size + 1;
        }

        int layer = starts.FindLastIndex(s => s <= c.ToNeuron) - 1;
        return (layer, (int)c.ToNeuron - starts[layer + 1], (int)c.FromNeuron - starts[layer]);
    }
}
