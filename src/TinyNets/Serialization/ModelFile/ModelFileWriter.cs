using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using TinyNets.Data;
using TinyNets.Internal;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Optimizers;
using TinyNets.Optimizers.Schedules;
using TinyNets.Parameters;
using TinyNets.Training;

namespace TinyNets.Serialization;

/// <summary>Builds the JSON document of a <see cref="ModelBundle"/>; nothing is written until all of it is built.</summary>
internal static class ModelFileWriter
{
    public static byte[] Write(ModelBundle bundle)
    {
        Sequential network = bundle.Network;
        var document = new ModelDocument
        {
            Format = ModelFile.FormatName,
            Version = string.Create(CultureInfo.InvariantCulture, $"{ModelFile.MajorVersion}.{ModelFile.MinorVersion}"),
            Layers = network.Select((layer, i) => (LayerEntry?)LayerKinds.Describe(layer, i)).ToList(),
            Parameters = Tensors(network, network.NamedParameters.Select(p => p.Value.Data.ToArray()).ToArray(), "parameter"),
            Loss = Loss(bundle),
            Optimizer = bundle.Optimizer is { } optimizer ? Optimizer(optimizer, network) : null,
            TrainingState = bundle.TrainingState is { } state ? Training(state, network) : null,
            InputScaler = Scaler(bundle.InputScaler),
            TargetScaler = Scaler(bundle.TargetScaler),
            ClassNames = bundle.ClassNames?.Select(n => (string?)n).ToList(),
            Metadata = bundle.Metadata.Count == 0 ? null : bundle.Metadata.ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.Ordinal),
        };

        return JsonSerializer.SerializeToUtf8Bytes(document, ModelJsonContext.Default.ModelDocument);
    }

    // One entry per parameter of the network, from column-major values in the network's order.
    private static List<TensorEntry?> Tensors(Sequential network, double[][] values, string what)
    {
        var entries = new List<TensorEntry?>(values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            (string name, Parameter p) = (network.NamedParameters[i].Key, network.NamedParameters[i].Value);
            CheckFinite(values[i], $"{what} \"{name}\"");
            entries.Add(new TensorEntry
            {
                Name = name,
                Shape = p.IsVector ? [p.Rows] : [p.Rows, p.Columns],
                Values = TensorLayout.ToRowMajor(values[i], p.Rows, p.Columns),
            });
        }

        return entries;
    }

    // The bundle's loss, or else the loss the training state's epochs were run with.
    private static LossEntry? Loss(ModelBundle bundle)
    {
        LossDescription? description = bundle.TrainingState?.Loss;
        if (bundle.Loss is { } loss)
        {
            description = LossDescription.Of(loss) ?? throw new NotSupportedException(
                $"The loss {loss} (a {loss.GetType().FullName}) cannot be described in a model file; the format describes {LossDescription.KnownKinds}.");
            ModelBundle.CheckSameLoss(loss, bundle.TrainingState, nameof(bundle.Loss));
        }

        return description is null ? null : new LossEntry
        {
            Kind = description.Kind,
            Reduction = description.Reduction switch
            {
                Reduction.Sum => "sum",
                Reduction.Mean => "mean",
                _ => "batchmean",
            },
            Scale = description.Scale,
            Delta = description.Delta,
            Beta = description.Beta,
            Weight = description.Weight?.ToArray(),
            LabelSmoothing = description.LabelSmoothing,
        };
    }

    private static OptimizerEntry Optimizer(Optimizer optimizer, Sequential network)
    {
        OptimizerState state = optimizer.GetState();
        IReadOnlyDictionary<string, double> h = state.HyperParameters;
        double? Get(string key) => h.TryGetValue(key, out double v) ? v : null;
        var shapes = network.NamedParameters.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        return new OptimizerEntry
        {
            Kind = state.Kind,
            LearningRate = Get("lr"),
            Momentum = Get("momentum"),
            Dampening = Get("dampening"),
            Nesterov = Get("nesterov") is { } nesterov ? nesterov != 0 : null,
            Beta1 = Get("beta1"),
            Beta2 = Get("beta2"),
            Epsilon = Get("eps"),
            WeightDecay = Get("weight_decay"),
            Alpha = Get("alpha"),
            Centered = Get("centered") is { } centered ? centered != 0 : null,
            LearningRateDecay = Get("lr_decay"),
            InitialAccumulatorValue = Get("initial_accumulator_value"),
            Steps = state.Steps,
            State = state.Buffers.Select(b =>
            {
                Parameter p = shapes[b.Parameter];
                CheckFinite(b.Span, $"optimizer buffer \"{b.Name}\" of parameter \"{b.Parameter}\"");
                return (BufferEntry?)new BufferEntry { Parameter = b.Parameter, Buffer = b.Name, Values = TensorLayout.ToRowMajor(b.Span, p.Rows, p.Columns) };
            }).ToList(),
        };
    }

    private static TrainingStateEntry Training(TrainingState state, Sequential network)
    {
        if (state.BestLoss is double best && !double.IsFinite(best))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The training state's best loss {best} cannot be saved; a finite value was expected."), nameof(state));
        }

        return new TrainingStateEntry
        {
            EpochsCompleted = state.EpochsCompleted,
            RandomState = state.RandomState?.ToArray(),
            Order = state.Order?.ToArray(),
            BestLoss = state.BestLoss,
            BestEpoch = state.BestEpoch,
            EpochsWithoutImprovement = state.EpochsWithoutImprovement,
            BestParameters = state.BestWeights is { } bw ? Tensors(network, bw, "best-epoch weight") : null,
            LastParameters = state.LastWeights is { } lw ? Tensors(network, lw, "last-epoch weight") : null,
            Schedule = state.Schedule is { } schedule ? Schedule(schedule) : null,
        };
    }

    private static ScheduleEntry Schedule(ScheduleState state)
    {
        IReadOnlyDictionary<string, double> h = state.HyperParameters;
        double? Get(string key) => h.TryGetValue(key, out double v) ? v : null;
        int? GetInt(string key) => h.TryGetValue(key, out double v) ? (int)v : null;
        bool plateau = state.Kind == "ReduceLROnPlateau";
        return new ScheduleEntry
        {
            Kind = state.Kind,
            StepSize = GetInt("step_size"),
            Gamma = Get("gamma"),
            TMax = GetInt("T_max"),
            EtaMin = Get("eta_min"),
            StartFactor = Get("start_factor"),
            EndFactor = Get("end_factor"),
            TotalIters = GetInt("total_iters"),
            Mode = Get("mode") is { } mode ? (mode == 0 ? "min" : "max") : null,
            Factor = Get("factor"),
            Patience = GetInt("patience"),
            Threshold = Get("threshold"),
            ThresholdMode = Get("threshold_mode") is { } tm ? (tm == 0 ? "rel" : "abs") : null,
            Cooldown = GetInt("cooldown"),
            MinLr = Get("min_lr"),
            Epsilon = Get("eps"),
            LastEpoch = state.LastEpoch,
            BaseLearningRate = state.BaseLearningRate,
            Best = state.Best,
            BadEpochs = plateau ? state.BadEpochs : null,
            CooldownCounter = plateau ? state.CooldownCounter : null,
        };
    }

    private static ScalerEntry? Scaler(FeatureScaler? scaler) => scaler switch
    {
        null => null,
        StandardScaler s => new ScalerEntry { Kind = "StandardScaler", Mean = [.. s.Means], Scale = [.. s.Scales] },
        MinMaxScaler m => new ScalerEntry { Kind = "MinMaxScaler", FeatureRange = [m.RangeMin, m.RangeMax], DataMin = [.. m.DataMin], DataMax = [.. m.DataMax] },
        _ => throw new NotSupportedException($"A {scaler.GetType().Name} cannot be described in a model file; StandardScaler and MinMaxScaler can."),
    };

    private static void CheckFinite(ReadOnlySpan<double> values, string what)
    {
        int bad = Guard.FirstNonFinite(values);
        if (bad >= 0)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The {what} holds {values[bad]} at storage index {bad}; a model file holds finite values only."));
        }
    }
}
