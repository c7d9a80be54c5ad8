using System.Collections.Generic;
using TinyNets.Data;

namespace TinyNets.Serialization.Onnx;

/// <summary>
/// How <see cref="OnnxFile"/> exports a network. The defaults give a float64 model with one input <c>input</c>
/// <c>[N, in]</c> and one output <c>output</c> <c>[N, out]</c>, rows as samples, N dynamic.
/// </summary>
public sealed class OnnxExportOptions
{
    /// <summary>
    /// The tensors' element type; float64 (exact) unless set. With <see cref="OnnxElementType.F32"/> every weight and
    /// scaler value is rounded to nearest, and one beyond float32's range is refused.
    /// </summary>
    public OnnxElementType ElementType { get; init; } = OnnxElementType.F64;

    /// <summary>The graph input's name; <c>"input"</c> unless set.</summary>
    public string InputName { get; init; } = "input";

    /// <summary>The graph output's name; <c>"output"</c> unless set.</summary>
    public string OutputName { get; init; } = "output";

    /// <summary>
    /// A second output with class probabilities computed from the network's output (logits); none unless set. Not
    /// allowed together with <see cref="TargetScaler"/>: probabilities are of logits, not of targets in raw units.
    /// </summary>
    public OnnxProbabilities Probabilities { get; init; } = OnnxProbabilities.None;

    /// <summary>The name of the probabilities output; <c>"probabilities"</c> unless set.</summary>
    public string ProbabilitiesName { get; init; } = "probabilities";

    /// <summary>
    /// A fitted scaler of the raw features, folded into the graph in front of the network, so that the exported model
    /// takes raw features; none unless set. Fitted on as many features as the network's input size.
    /// </summary>
    public FeatureScaler? InputScaler { get; init; }

    /// <summary>
    /// A fitted scaler of the targets, whose inverse is folded into the graph behind the network, so that the exported
    /// model's output is in the targets' raw units; none unless set. Fitted on as many features as the network's output size.
    /// </summary>
    public FeatureScaler? TargetScaler { get; init; }

    /// <summary>Free strings stored as the model's <c>metadata_props</c>; none unless set.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>The model's <c>doc_string</c>; none unless set.</summary>
    public string? Description { get; init; }

    /// <summary>The model's <c>model_version</c>; 0 (unset) unless set.</summary>
    public long ModelVersion { get; init; }
}
