using System;
using System.Buffers;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Data;
using TinyNets.Metrics;
using TinyNets.Network;

namespace TinyNets.Inference;

/// <summary>
/// A trained regression network for serving, in scikit-learn's terms: <see cref="Predict(Matrix{double})"/> in the
/// targets' original units and <see cref="Score"/> (R²). Inputs go through the input scaler (if any), the network, and
/// back through the target scaler (if any) — the preprocessing a model file keeps beside the network, as
/// <c>ModelBundle.Predict</c> applies it. Thread-safe like <see cref="Inference.Predictor"/>, on which it runs: a snapshot
/// of the network's parameters and of both scalers, only read-only fields, no shared buffers.
/// </summary>
public sealed class Regressor
{
    // Per-call workspaces of at most this many doubles (2 kB) are taken on the stack; larger ones are rented.
    private const int StackLimit = 256;

    private readonly ScalerSnapshot? _inputScaler;
    private readonly ScalerSnapshot? _targetScaler;

    /// <summary>Takes a snapshot of a trained regression network and its scalers.</summary>
    /// <param name="network">A network <see cref="Inference.Predictor"/> accepts.</param>
    /// <param name="inputScaler">The scaler fitted on the training inputs, applied to every input first, or null. It is copied.</param>
    /// <param name="targetScaler">The scaler fitted on the training targets, inverted on every output, or null. It is copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="ArgumentException">A network <see cref="Inference.Predictor"/> refuses, or an unfitted scaler or
    /// one fitted on another number of features than the network's inputs or outputs.</exception>
    public Regressor(Sequential network, FeatureScaler? inputScaler = null, FeatureScaler? targetScaler = null)
    {
        Predictor = new Predictor(network);
        _inputScaler = ScalerSnapshot.Of(inputScaler, Predictor.InputSize, nameof(inputScaler), "the network's input features");
        _targetScaler = ScalerSnapshot.Of(targetScaler, Predictor.OutputSize, nameof(targetScaler), "the network's outputs");
    }

    /// <summary>The snapshot of the network that computes the raw outputs (on scaled inputs, in scaled target units).</summary>
    public Predictor Predictor { get; }

    /// <summary>Number of input features of a sample.</summary>
    public int InputSize => Predictor.InputSize;

    /// <summary>Number of predicted values of a sample.</summary>
    public int OutputSize => Predictor.OutputSize;

    /// <summary>Predicts one sample into <paramref name="output"/>; allocates nothing (for up to 256 features). Thread-safe.</summary>
    /// <param name="input">The sample's <see cref="InputSize"/> raw features; finite.</param>
    /// <param name="output">Receives the <see cref="OutputSize"/> predictions in the targets' units. It may overlap <paramref name="input"/>.</param>
    /// <exception cref="ArgumentException">A wrong length, NaN or infinity, or a prediction beyond double's range once unscaled.</exception>
    public void Predict(ReadOnlySpan<double> input, Span<double> output)
    {
        if (_inputScaler is null)
        {
            Predictor.Predict(input, output);
        }
        else
        {
            EstimatorChecks.Sample(input, InputSize, nameof(input));
            if (output.Length != OutputSize)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"'{nameof(output)}' must hold {OutputSize} values (the network's output features); {output.Length} were given."),
                    nameof(output));
            }

            double[]? rented = null;
            Span<double> scaled = InputSize <= StackLimit ? stackalloc double[StackLimit] : (rented = ArrayPool<double>.Shared.Rent(InputSize));
            try
            {
                scaled = scaled.Slice(0, InputSize);
                _inputScaler.Transform(input, scaled);
                Predictor.Predict(scaled, output);
            }
            finally
            {
                if (rented is not null)
                {
                    ArrayPool<double>.Shared.Return(rented);
                }
            }
        }

        _targetScaler?.InverseTransform(output, output);
    }

    /// <summary>Predicts one sample into a new array. Thread-safe.</summary>
    /// <param name="input">The sample's <see cref="InputSize"/> raw features; finite.</param>
    /// <returns><see cref="OutputSize"/> predictions in the targets' units.</returns>
    /// <exception cref="ArgumentException">A wrong length, NaN or infinity.</exception>
    public double[] Predict(ReadOnlySpan<double> input)
    {
        double[] output = new double[OutputSize];
        Predict(input, output);
        return output;
    }

    /// <summary>Predicts a batch, one sample per column. Thread-safe.</summary>
    /// <param name="inputs">Raw features × samples; dense, finite, at least one sample.</param>
    /// <returns>A new <see cref="OutputSize"/> × samples matrix in the targets' units.</returns>
    /// <exception cref="ArgumentException">Not dense, a wrong number of rows, no columns, NaN or infinity.</exception>
    public Matrix<double> Predict(Matrix<double> inputs)
    {
        Matrix<double> outputs;
        if (_inputScaler is null)
        {
            outputs = Predictor.Predict(inputs);
        }
        else
        {
            EstimatorChecks.Batch(inputs, InputSize, nameof(inputs));
            outputs = Predictor.Predict(_inputScaler.Transform(inputs));
        }

        return _targetScaler?.InverseTransform(outputs) ?? outputs;
    }

    /// <summary>
    /// The coefficient of determination of the predictions, as scikit-learn's <c>RegressorMixin.score</c>
    /// (<see cref="RegressionMetrics.R2Score"/>: per output, averaged uniformly). Thread-safe.
    /// </summary>
    /// <param name="inputs">Raw features × samples; dense, finite, at least two samples.</param>
    /// <param name="targets">The true values, <see cref="OutputSize"/> × samples, in the targets' units.</param>
    /// <returns>R², at most 1.</returns>
    /// <exception cref="ArgumentException">Bad inputs, targets of another shape than the predictions, or fewer than two samples.</exception>
    public double Score(Matrix<double> inputs, Matrix<double> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return RegressionMetrics.R2Score(Predict(inputs), targets);
    }

    /// <inheritdoc/>
    public override string ToString() => $"Regressor({Predictor})";
}
