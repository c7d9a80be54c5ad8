using System;
using TinyNets.Inference;

namespace TinyNets.Serialization;

/// <summary>Serving a loaded <see cref="ModelBundle"/> from many threads with its preprocessing: a <see cref="Classifier"/> or <see cref="Regressor"/> built from its parts.</summary>
public static class ModelBundleEstimators
{
    /// <summary>
    /// A thread-safe classifier over a snapshot of the bundle's network, with its input scaler and class names
    /// (<c>ModelBundle.Load(path).ToClassifier().PredictClassName(features)</c>).
    /// </summary>
    /// <param name="bundle">A bundle of a classification network, without a target scaler.</param>
    /// <returns>A new classifier.</returns>
    /// <exception cref="ArgumentException">The bundle has a target scaler (its outputs are scaled values, not classes), or the classifier's constructor refuses its parts (e.g. class names that are not one per class).</exception>
    public static Classifier ToClassifier(this ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (bundle.TargetScaler is not null)
        {
            throw new ArgumentException("The bundle has a target scaler, so its network is a regressor; use ToRegressor.", nameof(bundle));
        }

        return new Classifier(bundle.Network, bundle.InputScaler, bundle.ClassNames);
    }

    /// <summary>A thread-safe regressor over a snapshot of the bundle's network, with its input and target scalers (computing what <see cref="ModelBundle.Predict"/> computes).</summary>
    /// <param name="bundle">A bundle of a regression network.</param>
    /// <returns>A new regressor.</returns>
    /// <exception cref="ArgumentException">The regressor's constructor refuses the network.</exception>
    public static Regressor ToRegressor(this ModelBundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return new Regressor(bundle.Network, bundle.InputScaler, bundle.TargetScaler);
    }
}
