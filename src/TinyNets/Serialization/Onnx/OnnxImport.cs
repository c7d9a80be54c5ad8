using System.Collections.Generic;
using TinyNets.Data;
using TinyNets.Network;

namespace TinyNets.Serialization.Onnx;

/// <summary>What <see cref="OnnxFile.Load(string)"/> read from an ONNX model: the network and what travels with it.</summary>
public sealed class OnnxImport
{
    internal OnnxImport(Sequential network, OnnxElementType elementType, string inputName, string outputName)
    {
        Network = network;
        ElementType = elementType;
        InputName = inputName;
        OutputName = outputName;
    }

    /// <summary>The network, computing what the graph computes (float32 weights widened exactly to float64).</summary>
    public Sequential Network { get; }

    /// <summary>The element type of the graph's input.</summary>
    public OnnxElementType ElementType { get; }

    /// <summary>The graph input's name.</summary>
    public string InputName { get; }

    /// <summary>The name of the graph output the network computes.</summary>
    public string OutputName { get; }

    /// <summary>The fitted input scaler the graph applies before the network (as TinyNets exports it), or null.</summary>
    public FeatureScaler? InputScaler { get; init; }

    /// <summary>The fitted target scaler whose inverse the graph applies after the network (as TinyNets exports it), or null.</summary>
    public FeatureScaler? TargetScaler { get; init; }

    /// <summary>The second output of class probabilities, as TinyNets exports it, or <see cref="OnnxProbabilities.None"/>.</summary>
    public OnnxProbabilities Probabilities { get; init; }

    /// <summary>The name of the probabilities output, or null when there is none.</summary>
    public string? ProbabilitiesName { get; init; }

    /// <summary>The model's <c>producer_name</c>, or null.</summary>
    public string? ProducerName { get; init; }

    /// <summary>The model's <c>producer_version</c>, or null.</summary>
    public string? ProducerVersion { get; init; }

    /// <summary>The model's <c>doc_string</c>, or null.</summary>
    public string? Description { get; init; }

    /// <summary>The model's <c>model_version</c> (0 when unset).</summary>
    public long ModelVersion { get; init; }

    /// <summary>The model's <c>metadata_props</c>.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
