using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Data;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Optimizers;
using TinyNets.Parameters;
using TinyNets.Training;

namespace TinyNets.Serialization;

/// <summary>
/// A trained model and everything that travels with it, saved and loaded as one model file (see
/// <c>docs/model-format.md</c>): the network, and optionally the loss, the optimizer with its state and the training
/// position (to continue training exactly), the fitted input and target scalers (to predict on raw data), class names and
/// free metadata. <see cref="Predict"/> applies the preprocessing, the network and the inverse target scaling in one call.
/// It runs the network's own forward pass, so it is single-threaded like the network; to serve raw inputs from several
/// threads, share the fitted scalers (read-only once fitted) and a <c>TinyNets.Inference.Predictor</c> of the network.
/// </summary>
public sealed class ModelBundle
{
    private readonly Loss? _loss;
    private readonly Optimizer? _optimizer;
    private readonly TrainingState? _trainingState;
    private readonly FeatureScaler? _inputScaler;
    private readonly FeatureScaler? _targetScaler;
    private readonly IReadOnlyList<string>? _classNames;
    private readonly IReadOnlyDictionary<string, string> _metadata = new ReadOnlyDictionary<string, string>(new Dictionary<string, string>());

    /// <summary>Creates a bundle around <paramref name="network"/>; set the other parts with an object initializer.</summary>
    /// <param name="network">The network.</param>
    public ModelBundle(Sequential network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
    }

    /// <summary>The network.</summary>
    public Sequential Network { get; }

    /// <summary>
    /// The loss the network is trained with (its kind, reduction, scale and hyper-parameters are saved), or null. Saving
    /// a bundle whose Loss is null but whose <see cref="TrainingState"/> recorded the loss of its epochs writes that loss,
    /// so that it travels with the state. A loaded bundle's training state records the file's loss, and
    /// <c>Trainer.Fit</c> with that state refuses a loss of another kind or other hyper-parameters: pass this one.
    /// </summary>
    /// <exception cref="ArgumentException">On setting a loss whose class weights are not one per output of the network,
    /// or one that differs from the loss the <see cref="TrainingState"/>'s epochs were run with.</exception>
    public Loss? Loss
    {
        get => _loss;
        init
        {
            if (value is not null)
            {
                CheckLoss(value, Network, nameof(Loss));
                CheckSameLoss(value, _trainingState, nameof(Loss));
            }

            _loss = value;
        }
    }

    /// <summary>The optimizer (its kind, hyper-parameters, step count and buffers are saved), or null.</summary>
    /// <exception cref="ArgumentException">On setting an optimizer that does not update exactly the network's parameters under their names.</exception>
    public Optimizer? Optimizer
    {
        get => _optimizer;
        init
        {
            if (value is not null)
            {
                CheckUpdatesNetwork(value, Network, nameof(Optimizer));
            }

            _optimizer = value;
        }
    }

    /// <summary>The training position, to continue with <c>Trainer.Fit</c>, or null.</summary>
    /// <exception cref="ArgumentException">On setting a state holding weights of other parameters than the network's, or
    /// one whose epochs were run with another loss than <see cref="Loss"/>.</exception>
    public TrainingState? TrainingState
    {
        get => _trainingState;
        init
        {
            value?.CheckFits(Network, value.Order?.Length ?? 0, nameof(TrainingState));
            if (_loss is not null)
            {
                CheckSameLoss(_loss, value, nameof(TrainingState));
            }

            _trainingState = value;
        }
    }

    /// <summary>The fitted scaler of the inputs (applied by <see cref="Predict"/> before the network), or null.</summary>
    /// <exception cref="ArgumentException">On setting an unfitted scaler, or one fitted on another number of features than the network's inputs.</exception>
    public FeatureScaler? InputScaler
    {
        get => _inputScaler;
        init
        {
            CheckScaler(value, Network.InputSize, nameof(InputScaler), "the network's input features");
            _inputScaler = value;
        }
    }

    /// <summary>The fitted scaler of the targets (inverted by <see cref="Predict"/> after the network), or null.</summary>
    /// <exception cref="ArgumentException">On setting an unfitted scaler, or one fitted on another number of features than the network's outputs.</exception>
    public FeatureScaler? TargetScaler
    {
        get => _targetScaler;
        init
        {
            CheckScaler(value, Network.OutputSize, nameof(TargetScaler), "the network's outputs");
            _targetScaler = value;
        }
    }

    /// <summary>The class names (for a classifier, by output index), or null.</summary>
    /// <exception cref="ArgumentException">On setting a list with a null or repeated name.</exception>
    public IReadOnlyList<string>? ClassNames
    {
        get => _classNames;
        init
        {
            if (value is null)
            {
                _classNames = null;
                return;
            }

            string[] names = value.ToArray();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < names.Length; i++)
            {
                if (names[i] is null || !seen.Add(names[i]))
                {
                    throw new ArgumentException($"Class name {i} is {(names[i] is null ? "null" : $"\"{names[i]}\" again")}; each class needs its own name.", nameof(ClassNames));
                }
            }

            _classNames = Array.AsReadOnly(names);
        }
    }

    /// <summary>Free metadata, key → value (e.g. the data's origin, the training script's version); empty by default.</summary>
    /// <exception cref="ArgumentException">On setting a dictionary with a null value.</exception>
    public IReadOnlyDictionary<string, string> Metadata
    {
        get => _metadata;
        init
        {
            ArgumentNullException.ThrowIfNull(value, nameof(Metadata));
            var copy = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach ((string key, string item) in value)
            {
                copy[key] = item ?? throw new ArgumentException($"Metadata \"{key}\" has a null value.", nameof(Metadata));
            }

            _metadata = new ReadOnlyDictionary<string, string>(copy);
        }
    }

    /// <summary>
    /// Predicts on raw inputs: <see cref="InputScaler"/>'s transform (if any), the network's forward pass in eval mode
    /// (whatever the network's mode, which it leaves unchanged), and <see cref="TargetScaler"/>'s inverse transform (if any).
    /// </summary>
    /// <param name="inputs">Raw inputs, features × samples; dense and finite.</param>
    /// <returns>A new matrix of predictions in the targets' units (not owned by the network).</returns>
    /// <exception cref="ArgumentException">Inputs of the wrong shape, not dense, or holding NaN or infinity.</exception>
    public Matrix<double> Predict(Matrix<double> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Matrix<double> x = InputScaler?.Transform(inputs) ?? inputs;
        Matrix<double> output = Network.ForwardInEvalMode(x);
        return TargetScaler?.InverseTransform(output) ?? output.Clone();
    }

    /// <summary>Writes the bundle as a model file (the file is written only once the whole document is built).</summary>
    /// <param name="path">The file to create or overwrite.</param>
    /// <exception cref="NotSupportedException">A layer, optimizer or loss the format cannot describe (named in the message).</exception>
    /// <exception cref="ArgumentException">A parameter or optimizer buffer holding NaN or infinity, or a <see cref="Loss"/>
    /// that differs from the loss the training state's epochs were run with (it was fitted with another after the bundle was made).</exception>
    public void Save(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes = ModelFileWriter.Write(this);
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Writes the bundle as a model file to <paramref name="stream"/> (written only once the whole document is built).</summary>
    /// <param name="stream">A writable stream; left open.</param>
    /// <exception cref="NotSupportedException">A layer, optimizer or loss the format cannot describe (named in the message).</exception>
    /// <exception cref="ArgumentException">A parameter or optimizer buffer holding NaN or infinity, or a <see cref="Loss"/>
    /// that differs from the loss the training state's epochs were run with (it was fitted with another after the bundle was made).</exception>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes = ModelFileWriter.Write(this);
        stream.Write(bytes);
    }

    /// <summary>Reads a model file: everything is validated before any object is built.</summary>
    /// <param name="path">The file.</param>
    /// <returns>A new bundle.</returns>
    /// <exception cref="ModelFormatException">The file cannot be read as a model file of a version this build reads; the
    /// message names the JSON path and what was expected there.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static ModelBundle Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ModelFileReader.Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Reads a model file from <paramref name="stream"/> (to its end): everything is validated before any object is built.</summary>
    /// <param name="stream">A readable stream; left open.</param>
    /// <returns>A new bundle.</returns>
    /// <exception cref="ModelFormatException">The data cannot be read as a model file of a version this build reads; the
    /// message names the JSON path and what was expected there.</exception>
    public static ModelBundle Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return ModelFileReader.Read(copy.GetBuffer().AsSpan(0, (int)copy.Length), null);
    }

    private static void CheckUpdatesNetwork(Optimizer optimizer, Sequential network, string paramName)
    {
        IReadOnlyList<KeyValuePair<string, Parameter>> mine = network.NamedParameters;
        IReadOnlyList<KeyValuePair<string, Parameter>> its = optimizer.Parameters;
        bool same = mine.Count == its.Count;
        for (int i = 0; same && i < its.Count; i++)
        {
            same = string.Equals(mine[i].Key, its[i].Key, StringComparison.Ordinal) && ReferenceEquals(mine[i].Value, its[i].Value);
        }

        if (!same)
        {
            throw new ArgumentException(
                $"The optimizer must update exactly the network's parameters under their names ({string.Join(", ", mine.Select(p => $"\"{p.Key}\""))}); " +
                $"it updates {string.Join(", ", its.Select(p => $"\"{p.Key}\""))}{(its.Count == mine.Count ? " (other objects)" : "")}.",
                paramName);
        }
    }

    private static void CheckLoss(Loss loss, Sequential network, string paramName)
    {
        IReadOnlyList<double>? weight = loss switch
        {
            CrossEntropyLoss ce => ce.Weight,
            NllLoss nll => nll.Weight,
            _ => null,
        };
        if (weight is not null && network.OutputSize is int outputs && weight.Count != outputs)
        {
            throw new ArgumentException(
                FormattableString.Invariant($"The loss {loss} has {weight.Count} class weights; one per output of the network ({outputs}) was expected."),
                paramName);
        }
    }

    /// <summary>Throws when <paramref name="state"/> recorded epochs run with another loss than <paramref name="loss"/>.</summary>
    internal static void CheckSameLoss(Loss loss, TrainingState? state, string paramName)
    {
        if (state?.Loss is { } recorded && !recorded.Equals(LossDescription.Of(loss)))
        {
            throw new ArgumentException(
                $"The training state's epochs were run with {recorded}; the bundle's loss is {loss}. A bundle holds the loss its training state continues with.",
                paramName);
        }
    }

    private static void CheckScaler(FeatureScaler? scaler, int? size, string paramName, string what)
    {
        if (scaler is null)
        {
            return;
        }

        if (!scaler.IsFitted)
        {
            throw new ArgumentException($"A fitted scaler was expected for {paramName}; this {scaler.GetType().Name} has not been fitted.", paramName);
        }

        if (size is int n && scaler.FeatureCount != n)
        {
            throw new ArgumentException($"{paramName} must be fitted on {n} features ({what}); it was fitted on {scaler.FeatureCount}.", paramName);
        }
    }
}
