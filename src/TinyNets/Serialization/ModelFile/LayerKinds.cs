using System;
using System.Globalization;
using TinyNets.Activations;
using TinyNets.Layers;

namespace TinyNets.Serialization;

/// <summary>The layers a model file describes, by PyTorch's class names, and their hyper-parameters.</summary>
internal static class LayerKinds
{
    public const string Supported = "Linear, Identity, ReLU, LeakyReLU, Sigmoid, Tanh, Softmax, LogSoftmax, SELU, Softplus, Dropout";

    /// <summary>The entry describing <paramref name="layer"/>; a layer the format cannot describe is refused.</summary>
    public static LayerEntry Describe(Layer layer, int index)
    {
        // Exact types: a subclass of a known layer may compute something else.
        return layer switch
        {
            Linear linear when linear.GetType() == typeof(Linear) =>
                new LayerEntry { Kind = "Linear", InFeatures = linear.InFeatures, OutFeatures = linear.OutFeatures, Bias = linear.Bias is not null },
            LeakyReLU leaky => new LayerEntry { Kind = "LeakyReLU", NegativeSlope = leaky.NegativeSlope },
            Identity => new LayerEntry { Kind = "Identity" },
            ReLU => new LayerEntry { Kind = "ReLU" },
            Sigmoid => new LayerEntry { Kind = "Sigmoid" },
            Tanh => new LayerEntry { Kind = "Tanh" },
            Softmax => new LayerEntry { Kind = "Softmax" },
            LogSoftmax => new LayerEntry { Kind = "LogSoftmax" },
            Selu => new LayerEntry { Kind = "SELU" },
            Softplus softplus => new LayerEntry { Kind = "Softplus", Beta = softplus.Beta, Threshold = softplus.Threshold },
            Dropout dropout => new LayerEntry { Kind = "Dropout", P = dropout.P },
            _ => throw new NotSupportedException(string.Create(CultureInfo.InvariantCulture,
                $"Layer {index} ({layer}, a {layer.GetType().FullName}) cannot be described in a model file; the format describes {Supported}.")),
        };
    }

    /// <summary>Builds a layer from an entry the reader has validated.</summary>
    public static Layer Build(LayerEntry entry) => entry.Kind switch
    {
        "Linear" => new Linear(entry.InFeatures!.Value, entry.OutFeatures!.Value, entry.Bias!.Value),
        "LeakyReLU" => new LeakyReLU(entry.NegativeSlope!.Value),
        "Identity" => new Identity(),
        "ReLU" => new ReLU(),
        "Sigmoid" => new Sigmoid(),
        "Tanh" => new Tanh(),
        "Softmax" => new Softmax(),
        "LogSoftmax" => new LogSoftmax(),
        "SELU" => new Selu(),
        // A file of version 1.0 has neither: PyTorch's defaults (1.0 meant the exact formula, within 2.1e-9 of this).
        "Softplus" => new Softplus(entry.Beta ?? Softplus.DefaultBeta, entry.Threshold ?? Softplus.DefaultThreshold),
        "Dropout" => new Dropout(entry.P!.Value),
        _ => throw new InvalidOperationException($"Unvalidated layer kind {entry.Kind}."),
    };

    public static bool IsKnown(string kind) => kind is "Linear" or "LeakyReLU" or "Identity" or "ReLU" or "Sigmoid" or "Tanh" or "Softmax" or "LogSoftmax" or "SELU" or "Softplus" or "Dropout";
}
