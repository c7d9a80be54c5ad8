using System;
using System.Collections.Generic;
using TinyNets.Data;
using TinyNets.Network;

namespace TinyNets.Inference;

/// <summary>Creates a <see cref="Classifier"/> or <see cref="Regressor"/> from a trained network.</summary>
public static class EstimatorExtensions
{
    /// <summary>A thread-safe classifier over a snapshot of <paramref name="network"/> (<see cref="Classifier(Sequential, FeatureScaler?, IReadOnlyList{string}?)"/>).</summary>
    /// <param name="network">The trained network.</param>
    /// <param name="inputScaler">The fitted input scaler, or null.</param>
    /// <param name="classNames">One name per class, or null.</param>
    /// <returns>A new classifier.</returns>
    /// <exception cref="ArgumentException">As the constructor.</exception>
    public static Classifier ToClassifier(this Sequential network, FeatureScaler? inputScaler = null, IReadOnlyList<string>? classNames = null) =>
        new(network, inputScaler, classNames);

    /// <summary>A thread-safe regressor over a snapshot of <paramref name="network"/> (<see cref="Regressor(Sequential, FeatureScaler?, FeatureScaler?)"/>).</summary>
    /// <param name="network">The trained network.</param>
    /// <param name="inputScaler">The fitted input scaler, or null.</param>
    /// <param name="targetScaler">The fitted target scaler, or null.</param>
    /// <returns>A new regressor.</returns>
    /// <exception cref="ArgumentException">As the constructor.</exception>
    public static Regressor ToRegressor(this Sequential network, FeatureScaler? inputScaler = null, FeatureScaler? targetScaler = null) =>
        new(network, inputScaler, targetScaler);
}
