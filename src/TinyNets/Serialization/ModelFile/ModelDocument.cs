using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace TinyNets.Serialization;

// The model file's JSON document as plain data. Every field is nullable: the reader checks presence and ranges itself,
// so that each error names its JSON path and what was expected. Repeated entries are arrays of named objects (not JSON
// objects keyed by name), so that a duplicate is visible to the reader instead of silently overwriting the first.

/// <summary>The whole file.</summary>
internal sealed class ModelDocument
{
    [JsonPropertyName("format")]
    public string? Format { get; set; }

    [JsonPropertyName("version")]
    public string? Version { get; set; }

    [JsonPropertyName("layers")]
    public List<LayerEntry?>? Layers { get; set; }

    [JsonPropertyName("parameters")]
    public List<TensorEntry?>? Parameters { get; set; }

    [JsonPropertyName("loss")]
    public LossEntry? Loss { get; set; }

    [JsonPropertyName("optimizer")]
    public OptimizerEntry? Optimizer { get; set; }

    [JsonPropertyName("training_state")]
    public TrainingStateEntry? TrainingState { get; set; }

    [JsonPropertyName("input_scaler")]
    public ScalerEntry? InputScaler { get; set; }

    [JsonPropertyName("target_scaler")]
    public ScalerEntry? TargetScaler { get; set; }

    [JsonPropertyName("class_names")]
    public List<string?>? ClassNames { get; set; }

    [JsonPropertyName("metadata")]
    public Dictionary<string, string?>? Metadata { get; set; }
}

/// <summary>One layer: its kind and hyper-parameters.</summary>
internal sealed class LayerEntry
{
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("in_features")]
    public int? InFeatures { get; set; }

    [JsonPropertyName("out_features")]
    public int? OutFeatures { get; set; }

    [JsonPropertyName("bias")]
    public bool? Bias { get; set; }

    [JsonPropertyName("negative_slope")]
    public double? NegativeSlope { get; set; }

    [JsonPropertyName("beta")]
    public double? Beta { get; set; }

    [JsonPropertyName("threshold")]
    public double? Threshold { get; set; }

    [JsonPropertyName("p")]
    public double? P { get; set; }
}

/// <summary>A named tensor: a parameter (or a saved copy of one), values in row-major (C) order.</summary>
internal sealed class TensorEntry
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("shape")]
    public long[]? Shape { get; set; }

    [JsonPropertyName("values")]
    public double[]? Values { get; set; }
}

/// <summary>The loss (since version 1.3): kind (PyTorch's class name), reduction, scale and hyper-parameters by PyTorch's names.</summary>
internal sealed class LossEntry
{
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("reduction")]
    public string? Reduction { get; set; }

    [JsonPropertyName("scale")]
    public double? Scale { get; set; }

    [JsonPropertyName("delta")]
    public double? Delta { get; set; }

    [JsonPropertyName("beta")]
    public double? Beta { get; set; }

    [JsonPropertyName("weight")]
    public double[]? Weight { get; set; }

    [JsonPropertyName("label_smoothing")]
    public double? LabelSmoothing { get; set; }
}

/// <summary>The optimizer: kind, hyper-parameters (PyTorch's names), step count, per-parameter buffers.</summary>
internal sealed class OptimizerEntry
{
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("lr")]
    public double? LearningRate { get; set; }

    [JsonPropertyName("momentum")]
    public double? Momentum { get; set; }

    [JsonPropertyName("dampening")]
    public double? Dampening { get; set; }

    [JsonPropertyName("nesterov")]
    public bool? Nesterov { get; set; }

    [JsonPropertyName("beta1")]
    public double? Beta1 { get; set; }

    [JsonPropertyName("beta2")]
    public double? Beta2 { get; set; }

    [JsonPropertyName("eps")]
    public double? Epsilon { get; set; }

    [JsonPropertyName("weight_decay")]
    public double? WeightDecay { get; set; }

    [JsonPropertyName("alpha")]
    public double? Alpha { get; set; }

    [JsonPropertyName("centered")]
    public bool? Centered { get; set; }

    [JsonPropertyName("lr_decay")]
    public double? LearningRateDecay { get; set; }

    [JsonPropertyName("initial_accumulator_value")]
    public double? InitialAccumulatorValue { get; set; }

    [JsonPropertyName("steps")]
    public long? Steps { get; set; }

    [JsonPropertyName("state")]
    public List<BufferEntry?>? State { get; set; }
}

/// <summary>One per-parameter buffer of the optimizer, values in the parameter's row-major order.</summary>
internal sealed class BufferEntry
{
    [JsonPropertyName("parameter")]
    public string? Parameter { get; set; }

    [JsonPropertyName("buffer")]
    public string? Buffer { get; set; }

    [JsonPropertyName("values")]
    public double[]? Values { get; set; }
}

/// <summary>The training position (see <see cref="Training.TrainingState"/>).</summary>
internal sealed class TrainingStateEntry
{
    [JsonPropertyName("epochs_completed")]
    public int? EpochsCompleted { get; set; }

    [JsonPropertyName("random_state")]
    public ulong[]? RandomState { get; set; }

    [JsonPropertyName("order")]
    public int[]? Order { get; set; }

    [JsonPropertyName("best_loss")]
    public double? BestLoss { get; set; }

    [JsonPropertyName("best_epoch")]
    public int? BestEpoch { get; set; }

    [JsonPropertyName("epochs_without_improvement")]
    public int? EpochsWithoutImprovement { get; set; }

    [JsonPropertyName("best_parameters")]
    public List<TensorEntry?>? BestParameters { get; set; }

    [JsonPropertyName("last_parameters")]
    public List<TensorEntry?>? LastParameters { get; set; }

    [JsonPropertyName("schedule")]
    public ScheduleEntry? Schedule { get; set; }
}

/// <summary>A learning-rate schedule's state (since version 1.2): kind, hyper-parameters and counters by PyTorch's names.</summary>
internal sealed class ScheduleEntry
{
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("step_size")]
    public int? StepSize { get; set; }

    [JsonPropertyName("gamma")]
    public double? Gamma { get; set; }

    [JsonPropertyName("T_max")]
    public int? TMax { get; set; }

    [JsonPropertyName("eta_min")]
    public double? EtaMin { get; set; }

    [JsonPropertyName("start_factor")]
    public double? StartFactor { get; set; }

    [JsonPropertyName("end_factor")]
    public double? EndFactor { get; set; }

    [JsonPropertyName("total_iters")]
    public int? TotalIters { get; set; }

    [JsonPropertyName("mode")]
    public string? Mode { get; set; }

    [JsonPropertyName("factor")]
    public double? Factor { get; set; }

    [JsonPropertyName("patience")]
    public int? Patience { get; set; }

    [JsonPropertyName("threshold")]
    public double? Threshold { get; set; }

    [JsonPropertyName("threshold_mode")]
    public string? ThresholdMode { get; set; }

    [JsonPropertyName("cooldown")]
    public int? Cooldown { get; set; }

    [JsonPropertyName("min_lr")]
    public double? MinLr { get; set; }

    [JsonPropertyName("eps")]
    public double? Epsilon { get; set; }

    [JsonPropertyName("last_epoch")]
    public int? LastEpoch { get; set; }

    [JsonPropertyName("base_lr")]
    public double? BaseLearningRate { get; set; }

    [JsonPropertyName("best")]
    public double? Best { get; set; }

    [JsonPropertyName("num_bad_epochs")]
    public int? BadEpochs { get; set; }

    [JsonPropertyName("cooldown_counter")]
    public int? CooldownCounter { get; set; }
}

/// <summary>A fitted scaler, by scikit-learn's names.</summary>
internal sealed class ScalerEntry
{
    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("mean")]
    public double[]? Mean { get; set; }

    [JsonPropertyName("scale")]
    public double[]? Scale { get; set; }

    [JsonPropertyName("data_min")]
    public double[]? DataMin { get; set; }

    [JsonPropertyName("data_max")]
    public double[]? DataMax { get; set; }

    [JsonPropertyName("feature_range")]
    public double[]? FeatureRange { get; set; }
}

/// <summary>The source-generated (reflection-free, trimming- and AOT-safe) serializer of the document.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ModelDocument))]
internal sealed partial class ModelJsonContext : JsonSerializerContext
{
}
