using System;
using System.Buffers;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Activations;
using TinyNets.Data;
using TinyNets.Layers;
using TinyNets.Metrics;
using TinyNets.Network;

namespace TinyNets.Inference;

/// <summary>
/// A trained classification network for serving, in scikit-learn's terms: <see cref="PredictClass"/> /
/// <see cref="PredictClasses"/> (<c>predict</c>), <see cref="PredictProbabilities(Matrix{double})"/> (<c>predict_proba</c>)
/// and <see cref="Score"/> (accuracy). Thread-safe like <see cref="Inference.Predictor"/>, on which it runs: a snapshot of
/// the network's parameters and of the input scaler, only read-only fields, no shared buffers.
/// <para>
/// <b>Outputs.</b> What the network's outputs are (<see cref="Output"/>) is read from its last layer: <see cref="Softmax"/>
/// gives probabilities, <see cref="LogSoftmax"/> log-probabilities, <see cref="Sigmoid"/> on a single output the probability
/// of class 1; anything else gives logits. With K ≥ 2 outputs there are K classes, the predicted one is the arg-max (the
/// first on a tie) and the probabilities are the softmax of logits (the exponentials of log-probabilities). With one output
/// the classifier is binary: P(class 1) = p is the sigmoid of the logit (or the output itself), the probabilities are
/// (1 − p, p) and class 1 is predicted when p &gt; 0.5 (scikit-learn's threshold; exactly 0.5 is class 0).
/// </para>
/// </summary>
public sealed class Classifier
{
    // Per-call workspaces of at most this many doubles (2 kB) are taken on the stack; larger ones are rented.
    private const int StackLimit = 256;

    private readonly ScalerSnapshot? _inputScaler;

    /// <summary>Takes a snapshot of a trained classification network and its input scaler.</summary>
    /// <param name="network">A network <see cref="Inference.Predictor"/> accepts, with at least one output; a last
    /// <see cref="Softmax"/> or <see cref="LogSoftmax"/> needs two or more outputs, a last <see cref="Sigmoid"/> exactly one.</param>
    /// <param name="inputScaler">The scaler fitted on the training inputs, applied to every input first, or null. It is copied.</param>
    /// <param name="classNames">One name per class (<see cref="ClassCount"/>), or null. It is copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="ArgumentException">A network <see cref="Inference.Predictor"/> refuses, a last layer that does not
    /// fit its outputs (a sigmoid over several outputs is multi-label, not one class per sample), an unfitted scaler or one
    /// of another number of features, or class names that are not one distinct, non-null name per class.</exception>
    public Classifier(Sequential network, FeatureScaler? inputScaler = null, IReadOnlyList<string>? classNames = null)
    {
        Predictor = new Predictor(network);
        int outputs = Predictor.OutputSize;
        Layer last = network[network.Count - 1];
        Output = last switch
        {
            Softmax when outputs >= 2 => ClassifierOutput.Probabilities,
            LogSoftmax when outputs >= 2 => ClassifierOutput.LogProbabilities,
            Sigmoid when outputs == 1 => ClassifierOutput.Probabilities,
            Softmax or LogSoftmax or Sigmoid => throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"The network ends in {last} over {outputs} output(s); a classifier needs Softmax or LogSoftmax over two or more outputs, or Sigmoid over one (several sigmoid outputs are multi-label)."),
                nameof(network)),
            _ => ClassifierOutput.Logits,
        };
        ClassCount = outputs == 1 ? 2 : outputs;
        _inputScaler = ScalerSnapshot.Of(inputScaler, Predictor.InputSize, nameof(inputScaler), "the network's input features");
        ClassNames = classNames is null ? null : CheckNames(classNames, ClassCount);
    }

    /// <summary>The snapshot of the network that computes the raw outputs (on scaled inputs).</summary>
    public Predictor Predictor { get; }

    /// <summary>Number of input features of a sample (before scaling).</summary>
    public int InputSize => Predictor.InputSize;

    /// <summary>Number of classes: the network's outputs, or 2 for a single output.</summary>
    public int ClassCount { get; }

    /// <summary>What the network's outputs are, as read from its last layer.</summary>
    public ClassifierOutput Output { get; }

    /// <summary>The class names by class index, or null.</summary>
    public IReadOnlyList<string>? ClassNames { get; }

    /// <summary>Predicts the class of one sample; allocates nothing (for up to 256 outputs and features). Thread-safe.</summary>
    /// <param name="input">The sample's <see cref="InputSize"/> raw features; finite.</param>
    /// <returns>The class index, in [0, <see cref="ClassCount"/>).</returns>
    /// <exception cref="ArgumentException">A wrong length, NaN or infinity.</exception>
    public int PredictClass(ReadOnlySpan<double> input)
    {
        double[]? rented = null;
        int need = Predictor.OutputSize + (_inputScaler is null ? 0 : InputSize);
        Span<double> work = need <= StackLimit ? stackalloc double[StackLimit] : (rented = ArrayPool<double>.Shared.Rent(need));
        try
        {
            return ClassifierOutputs.Class(Run(input, work), Output);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Predicts the class name of one sample. Thread-safe.</summary>
    /// <param name="input">The sample's <see cref="InputSize"/> raw features; finite.</param>
    /// <returns><c>ClassNames[PredictClass(input)]</c>.</returns>
    /// <exception cref="InvalidOperationException">The classifier has no class names.</exception>
    /// <exception cref="ArgumentException">A wrong length, NaN or infinity.</exception>
    public string PredictClassName(ReadOnlySpan<double> input)
    {
        IReadOnlyList<string> names = ClassNames ?? throw new InvalidOperationException("This classifier has no class names; pass them to its constructor.");
        return names[PredictClass(input)];
    }

    /// <summary>Predicts the class of each sample (column). Thread-safe.</summary>
    /// <param name="inputs">Raw features × samples; dense, finite, at least one sample.</param>
    /// <returns>One class index per column.</returns>
    /// <exception cref="ArgumentException">Not dense, a wrong number of rows, no columns, NaN or infinity.</exception>
    public int[] PredictClasses(Matrix<double> inputs) => ClassifierOutputs.Classes(Outputs(inputs), Output, nameof(inputs));

    /// <summary>Writes one sample's class probabilities; allocates nothing (for up to 256 outputs and features). Thread-safe.</summary>
    /// <param name="input">The sample's <see cref="InputSize"/> raw features; finite.</param>
    /// <param name="probabilities">Receives <see cref="ClassCount"/> probabilities.</param>
    /// <exception cref="ArgumentException">A wrong length, NaN or infinity.</exception>
    public void PredictProbabilities(ReadOnlySpan<double> input, Span<double> probabilities)
    {
        if (probabilities.Length != ClassCount)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'{nameof(probabilities)}' must hold {ClassCount} values (one per class); {probabilities.Length} were given."),
                nameof(probabilities));
        }

        double[]? rented = null;
        int need = Predictor.OutputSize + (_inputScaler is null ? 0 : InputSize);
        Span<double> work = need <= StackLimit ? stackalloc double[StackLimit] : (rented = ArrayPool<double>.Shared.Rent(need));
        try
        {
            ClassifierOutputs.Probabilities(Run(input, work), probabilities, Output);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<double>.Shared.Return(rented);
            }
        }
    }

    /// <summary>One sample's class probabilities in a new array. Thread-safe.</summary>
    /// <param name="input">The sample's <see cref="InputSize"/> raw features; finite.</param>
    /// <returns><see cref="ClassCount"/> probabilities summing to 1.</returns>
    /// <exception cref="ArgumentException">A wrong length, NaN or infinity.</exception>
    public double[] PredictProbabilities(ReadOnlySpan<double> input)
    {
        double[] result = new double[ClassCount];
        PredictProbabilities(input, result);
        return result;
    }

    /// <summary>The class probabilities of each sample (scikit-learn's <c>predict_proba</c>, transposed to one sample per column). Thread-safe.</summary>
    /// <param name="inputs">Raw features × samples; dense, finite, at least one sample.</param>
    /// <returns>A new <see cref="ClassCount"/> × samples matrix; each column sums to 1.</returns>
    /// <exception cref="ArgumentException">Not dense, a wrong number of rows, no columns, NaN or infinity.</exception>
    public Matrix<double> PredictProbabilities(Matrix<double> inputs) =>
        ClassifierOutputs.Probabilities(Outputs(inputs), Output, nameof(inputs), binaryTwoRows: true);

    /// <summary>The accuracy on labelled samples, as scikit-learn's <c>ClassifierMixin.score</c>. Thread-safe.</summary>
    /// <param name="inputs">Raw features × samples; dense, finite, at least one sample.</param>
    /// <param name="trueClasses">The true class of each column, in [0, <see cref="ClassCount"/>).</param>
    /// <returns>The share of samples whose predicted class is the true one.</returns>
    /// <exception cref="ArgumentException">Bad inputs, or a count of classes that differs from the number of columns.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A class outside [0, ClassCount).</exception>
    public double Score(Matrix<double> inputs, ReadOnlySpan<int> trueClasses)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ClassIndexChecks.SameLength(trueClasses, inputs.ColumnCount, nameof(trueClasses), nameof(inputs));
        ClassIndexChecks.InRange(trueClasses, ClassCount, nameof(trueClasses), string.Create(CultureInfo.InvariantCulture, $"the classifier has {ClassCount} classes"));
        return ClassificationMetrics.Accuracy(PredictClasses(inputs), trueClasses);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"Classifier({ClassCount} classes from {Output}, {Predictor})");

    // The network's outputs of one sample in work[0 .. outputs), the scaled input (if any) in the rest.
    private ReadOnlySpan<double> Run(ReadOnlySpan<double> input, Span<double> work)
    {
        Span<double> outputs = work.Slice(0, Predictor.OutputSize);
        if (_inputScaler is null)
        {
            Predictor.Predict(input, outputs);
            return outputs;
        }

        Span<double> scaled = work.Slice(Predictor.OutputSize, InputSize);
        EstimatorChecks.Sample(input, InputSize, nameof(input));
        _inputScaler.Transform(input, scaled);
        Predictor.Predict(scaled, outputs);
        return outputs;
    }

    private Matrix<double> Outputs(Matrix<double> inputs)
    {
        if (_inputScaler is null)
        {
            return Predictor.Predict(inputs);
        }

        EstimatorChecks.Batch(inputs, InputSize, nameof(inputs));
        return Predictor.Predict(_inputScaler.Transform(inputs));
    }

    private static ReadOnlyCollection<string> CheckNames(IReadOnlyList<string> classNames, int classCount)
    {
        string[] copy = [.. classNames];
        if (copy.Length != classCount)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'{nameof(classNames)}' must hold one name per class ({classCount}); {copy.Length} were given."), nameof(classNames));
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < copy.Length; i++)
        {
            if (copy[i] is null || !seen.Add(copy[i]))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Class name {i} is {(copy[i] is null ? "null" : $"\"{copy[i]}\" again")}; each class needs its own name."), nameof(classNames));
            }
        }

        return Array.AsReadOnly(copy);
    }
}
