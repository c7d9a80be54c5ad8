using System;
using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using TinyNets.Data;

namespace TinyNets.Inference;

/// <summary>
/// A private, fitted copy of a <see cref="FeatureScaler"/>, for the thread-safe <see cref="Classifier"/> and
/// <see cref="Regressor"/>: refitting the caller's scaler afterwards does not change it, and nothing writes to it. Its
/// span mapping is the scaler's own expression, so it gives the scaler's values bit for bit.
/// </summary>
internal sealed class ScalerSnapshot
{
    private readonly FeatureScaler _copy;
    private readonly double[] _center;
    private readonly double[] _scale;
    private readonly double _width;
    private readonly double _low;

    private ScalerSnapshot(FeatureScaler copy)
    {
        _copy = copy;
        (var center, var scale, _width, _low) = copy.Affine;
        _center = [.. center];
        _scale = [.. scale];
    }

    /// <summary>Copies a fitted scaler of <paramref name="features"/> features, or returns null for null.</summary>
    public static ScalerSnapshot? Of(FeatureScaler? scaler, int features, string paramName, string what)
    {
        if (scaler is null)
        {
            return null;
        }

        if (!scaler.IsFitted)
        {
            throw new ArgumentException($"'{paramName}' is not fitted; a fitted scaler (Fit on the training data) was expected.", paramName);
        }

        if (scaler.FeatureCount != features)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"'{paramName}' must be fitted on {features} features ({what}); it was fitted on {scaler.FeatureCount}."),
                paramName);
        }

        // FromFitted rebuilds a scaler that maps bit for bit as the one its values come from.
        FeatureScaler copy = scaler switch
        {
            StandardScaler s => StandardScaler.FromFitted(s.Means, s.Scales),
            MinMaxScaler m => MinMaxScaler.FromFitted(m.DataMin, m.DataMax, m.RangeMin, m.RangeMax),
            _ => throw new ArgumentException($"'{paramName}' is a {scaler.GetType().Name}, which cannot be copied.", paramName),
        };
        return new ScalerSnapshot(copy);
    }

    /// <summary>The forward map of a checked, finite sample; <paramref name="y"/> may be <paramref name="x"/>'s memory.</summary>
    public void Transform(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = ((x[i] - _center[i]) / _scale[i] * _width) + _low;
            y[i] = double.IsFinite(v) ? v : Wide(i, x[i], inverse: false);
        }
    }

    /// <summary>The inverse map of a finite sample; <paramref name="y"/> may be <paramref name="x"/>'s memory.</summary>
    public void InverseTransform(ReadOnlySpan<double> x, Span<double> y)
    {
        for (int i = 0; i < x.Length; i++)
        {
            double v = ((x[i] - _low) / _width * _scale[i]) + _center[i];
            y[i] = double.IsFinite(v) ? v : Wide(i, x[i], inverse: true);
        }
    }

    public Matrix<double> Transform(Matrix<double> data) => _copy.Transform(data);

    public Matrix<double> InverseTransform(Matrix<double> data) => _copy.InverseTransform(data);

    // A value whose plain expression overflowed goes through the scaler itself, which evaluates it without intermediate
    // overflow or reports a result beyond double's range. Rare, so it may allocate: a sample whose other features map
    // to finite values (the center, or low for the inverse) and feature i.
    private double Wide(int i, double value, bool inverse)
    {
        double[] sample = inverse ? new double[_center.Length] : [.. _center];
        if (inverse)
        {
            Array.Fill(sample, _low);
        }

        sample[i] = value;
        Matrix<double> column = Matrix<double>.Build.Dense(sample.Length, 1, sample);
        return (inverse ? _copy.InverseTransform(column) : _copy.Transform(column))[i, 0];
    }
}
