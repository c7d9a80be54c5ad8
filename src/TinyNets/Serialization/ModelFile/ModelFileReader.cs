using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using TinyNets.Data;
using TinyNets.Layers;
using TinyNets.Losses;
using TinyNets.Network;
using TinyNets.Optimizers;
using TinyNets.Optimizers.Schedules;
using TinyNets.Training;

namespace TinyNets.Serialization;

/// <summary>
/// Reads a model file in three stages, each refusing with a <see cref="ModelFormatException"/> that names the JSON path:
/// the raw syntax (<see cref="JsonSyntaxCheck"/>), the JSON types (the source-generated deserializer), then every value
/// against the format and the architecture. Objects are built only after all of it passed, so none escapes half-built.
/// Memory is bounded by the file: sizes are checked against the values actually present before anything is allocated
/// from them.
/// </summary>
internal sealed partial class ModelFileReader
{
    private readonly string? _source;

    private ModelFileReader(string? source) => _source = source;

    public static ModelBundle Read(ReadOnlySpan<byte> bytes, string? source)
    {
        // A UTF-8 byte order mark is allowed before the document.
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        JsonSyntaxCheck.Check(bytes, source);
        ModelDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(bytes, ModelJsonContext.Default.ModelDocument);
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(source, e.Path ?? "$", WhatWasExpected(e.Message), e);
        }

        return new ModelFileReader(source).Build(document ?? throw new ModelFormatException(source, "$", "a JSON object was expected; null was found."));
    }

    // ------------------------------------------------------------------ the whole document

    private ModelBundle Build(ModelDocument d)
    {
        CheckHeader(d);
        List<LayerEntry> layers = CheckLayers(d.Layers);
        List<Expected> expected = ExpectedParameters(layers);
        double[][] values = ReadTensors(d.Parameters, "$.parameters", expected, required: true)!;
        int? inputSize = layers.Select(l => l.InFeatures).FirstOrDefault(n => n is not null);
        int? outputSize = layers.Select(l => l.OutFeatures).LastOrDefault(n => n is not null);
        LossDescription? loss = d.Loss is { } l ? ReadLoss(l, outputSize) : null;
        OptimizerState? optimizerState = d.Optimizer is { } o ? ReadOptimizer(o, expected) : null;
        TrainingState? trainingState = d.TrainingState is { } t ? ReadTrainingState(t, expected, loss) : null;
        ScalerEntry? inputScaler = d.InputScaler is { } i ? CheckScaler(i, "$.input_scaler", inputSize, "the network's input features") : null;
        ScalerEntry? targetScaler = d.TargetScaler is { } ts ? CheckScaler(ts, "$.target_scaler", outputSize, "the network's outputs") : null;
        string[]? classNames = d.ClassNames is { } c ? CheckClassNames(c) : null;
        Dictionary<string, string> metadata = CheckMetadata(d.Metadata);

        // Everything is valid: build.
        var network = new Sequential(layers.Select(LayerKinds.Build));
        for (int k = 0; k < expected.Count; k++)
        {
            values[k].CopyTo(network.NamedParameters[k].Value.Data);
        }

        Optimizer? optimizer = optimizerState is null ? null : BuildOptimizer(d.Optimizer!, optimizerState, network);
        return new ModelBundle(network)
        {
            Loss = loss?.Build(),
            Optimizer = optimizer,
            TrainingState = trainingState,
            InputScaler = inputScaler is null ? null : BuildScaler(inputScaler, "$.input_scaler"),
            TargetScaler = targetScaler is null ? null : BuildScaler(targetScaler, "$.target_scaler"),
            ClassNames = classNames,
            Metadata = metadata,
        };
    }

    private void CheckHeader(ModelDocument d)
    {
        if (!string.Equals(d.Format, ModelFile.FormatName, StringComparison.Ordinal))
        {
            throw Error("$.format", $"\"{ModelFile.FormatName}\" was expected; {Found(d.Format)} was found.");
        }

        string reads = string.Create(CultureInfo.InvariantCulture, $"{ModelFile.MajorVersion}.x (any {ModelFile.MajorVersion}.minor)");
        if (d.Version is null)
        {
            throw Error("$.version", $"a version \"major.minor\" was expected (this build reads {reads}); none was found.");
        }

        Match match = VersionPattern().Match(d.Version);
        if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out int major))
        {
            throw Error("$.version", $"a version \"major.minor\" such as \"1.0\" was expected; \"{d.Version}\" was found.");
        }

        if (major != ModelFile.MajorVersion)
        {
            throw Error("$.version", $"this build reads versions {reads}; version \"{d.Version}\" was found.");
        }
    }

    [GeneratedRegex(@"^([0-9]{1,9})\.([0-9]{1,9})$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();

    // ------------------------------------------------------------------ architecture

    private List<LayerEntry> CheckLayers(List<LayerEntry?>? entries)
    {
        if (entries is null || entries.Count == 0)
        {
            throw Error("$.layers", $"an array of at least one layer was expected; {(entries is null ? "none" : "an empty array")} was found.");
        }

        var layers = new List<LayerEntry>(entries.Count);
        int? width = null;
        for (int i = 0; i < entries.Count; i++)
        {
            string path = ModelPath.Index("$.layers", i);
            LayerEntry layer = entries[i] ?? throw Error(path, "a layer object was expected; null was found.");
            if (layer.Kind is null || !LayerKinds.IsKnown(layer.Kind))
            {
                throw Error(path + ".kind", $"one of {LayerKinds.Supported} was expected; {Found(layer.Kind)} was found.");
            }

            if (layer.Kind == "Linear")
            {
                int inFeatures = layer.InFeatures ?? throw Error(path + ".in_features", "a positive integer was expected; none was found.");
                int outFeatures = layer.OutFeatures ?? throw Error(path + ".out_features", "a positive integer was expected; none was found.");
                _ = layer.Bias ?? throw Error(path + ".bias", "true or false was expected; none was found.");
                Positive(inFeatures, path + ".in_features");
                Positive(outFeatures, path + ".out_features");
                if (width is int w && w != inFeatures)
                {
                    throw Error(path + ".in_features", Invariant($"{w} was expected (the layers before produce {w} features); {inFeatures} was found."));
                }

                width = outFeatures;
            }
            else if (layer.Kind == "LeakyReLU")
            {
                double slope = layer.NegativeSlope ?? throw Error(path + ".negative_slope", "a finite number was expected; none was found.");
                if (!double.IsFinite(slope))
                {
                    throw Error(path + ".negative_slope", Invariant($"a finite number was expected; {slope} was found."));
                }
            }
            else if (layer.Kind == "Softplus")
            {
                // Both optional: version 1.0 wrote neither, and PyTorch's defaults apply.
                if (layer.Beta is double beta && !(beta > 0 && double.IsFinite(beta)))
                {
                    throw Error(path + ".beta", Invariant($"a positive finite number was expected; {beta} was found."));
                }

                if (layer.Threshold is double threshold && !double.IsFinite(threshold))
                {
                    throw Error(path + ".threshold", Invariant($"a finite number was expected; {threshold} was found."));
                }
            }
            else if (layer.Kind == "Dropout")
            {
                double p = layer.P ?? throw Error(path + ".p", "a probability 0 <= p <= 1 was expected; none was found.");
                if (!(p >= 0 && p <= 1))
                {
                    throw Error(path + ".p", Invariant($"a probability 0 <= p <= 1 was expected; {p} was found."));
                }
            }

            layers.Add(layer);
        }

        return layers;
    }

    private void Positive(int value, string path)
    {
        if (value < 1)
        {
            throw Error(path, Invariant($"a positive integer was expected; {value} was found."));
        }
    }

    /// <summary>A parameter the architecture implies: its name and shape (as the file writes it, rows first).</summary>
    private sealed record Expected(string Name, long[] Shape, int Rows, int Columns)
    {
        public long Count => Shape.Aggregate(1L, (a, b) => a * b);
    }

    private static List<Expected> ExpectedParameters(List<LayerEntry> layers)
    {
        var expected = new List<Expected>();
        for (int i = 0; i < layers.Count; i++)
        {
            if (layers[i] is { Kind: "Linear", InFeatures: int n, OutFeatures: int m, Bias: bool bias })
            {
                expected.Add(new Expected(Invariant($"{i}.weight"), [m, n], m, n));
                if (bias)
                {
                    expected.Add(new Expected(Invariant($"{i}.bias"), [m], m, 1));
                }
            }
        }

        return expected;
    }

    // ------------------------------------------------------------------ tensors

    /// <summary>
    /// Checks a list of named tensors against the architecture's parameters (each once, any order, its exact shape,
    /// finite values) and returns their values column-major in the network's order. The shape is compared with the
    /// architecture and the values' count with the shape, so no size read from the file is ever allocated.
    /// </summary>
    private double[][]? ReadTensors(List<TensorEntry?>? entries, string path, List<Expected> expected, bool required)
    {
        if (entries is null)
        {
            return required ? throw Error(path, "an array of parameters {name, shape, values} was expected; none was found.") : null;
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < expected.Count; k++)
        {
            index[expected[k].Name] = k;
        }

        var values = new double[expected.Count][];
        var firstSeen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int e = 0; e < entries.Count; e++)
        {
            string at = ModelPath.Index(path, e);
            TensorEntry entry = entries[e] ?? throw Error(at, "an object {name, shape, values} was expected; null was found.");
            string name = entry.Name ?? throw Error(at + ".name", "a parameter name was expected; none was found.");
            if (!index.TryGetValue(name, out int k))
            {
                throw Error(at + ".name", $"one of the architecture's parameters ({NameList(expected)}) was expected; \"{name}\" was found.");
            }

            if (!firstSeen.TryAdd(name, e))
            {
                throw Error(at + ".name", $"each parameter may appear once; \"{name}\" already appeared at {ModelPath.Index(path, firstSeen[name])}.");
            }

            Expected x = expected[k];
            long[] shape = entry.Shape ?? throw Error(at + ".shape", $"the shape {ShapeText(x.Shape)} was expected; none was found.");
            if (!shape.SequenceEqual(x.Shape))
            {
                throw Error(at + ".shape", $"the shape {ShapeText(x.Shape)} (from the architecture) was expected; {ShapeText(shape)} was found.");
            }

            values[k] = ReadValues(entry.Values, at + ".values", x);
        }

        Expected? missing = expected.FirstOrDefault(x => !firstSeen.ContainsKey(x.Name));
        if (missing is not null)
        {
            throw Error(path, $"every parameter of the architecture was expected; \"{missing.Name}\" is missing.");
        }

        return values;
    }

    private double[] ReadValues(double[]? values, string path, Expected x)
    {
        if (values is null)
        {
            throw Error(path, Invariant($"an array of {x.Count} numbers was expected; none was found."));
        }

        if (values.Length != x.Count)
        {
            throw Error(path, Invariant($"{x.Count} numbers (shape {ShapeText(x.Shape)}) were expected; {values.Length} were found."));
        }

        CheckFinite(values, path);
        return TensorLayout.ToColumnMajor(values, x.Rows, x.Columns);
    }

    private void CheckFinite(double[] values, string path)
    {
        int bad = Internal.Guard.FirstNonFinite(values);
        if (bad >= 0)
        {
            throw Error(ModelPath.Index(path, bad), Invariant($"a finite number was expected; {values[bad]} was found."));
        }
    }

    // ------------------------------------------------------------------ loss

    private LossDescription ReadLoss(LossEntry l, int? classes)
    {
        const string path = "$.loss";
        if (l.Kind is null || !LossDescription.IsKnown(l.Kind))
        {
            throw Error(path + ".kind", $"one of {LossDescription.KnownKinds} was expected; {Found(l.Kind)} was found.");
        }

        Reduction reduction = l.Reduction switch
        {
            "mean" => Reduction.Mean,
            "sum" => Reduction.Sum,
            "batchmean" => Reduction.BatchMean,
            _ => throw Error(path + ".reduction", $"\"mean\", \"sum\" or \"batchmean\" was expected; {Found(l.Reduction)} was found."),
        };
        double scale = Required(l.Scale, path + ".scale", l.Kind, "a positive finite number");
        if (!(scale > 0) || !double.IsFinite(scale))
        {
            throw Error(path + ".scale", Invariant($"a positive finite number was expected; {scale} was found."));
        }

        double? delta = null, beta = null, labelSmoothing = null;
        double[]? weight = null;
        switch (l.Kind)
        {
            case "HuberLoss":
                delta = Required(l.Delta, path + ".delta", l.Kind, "a positive finite number");
                if (!(delta > 0) || !double.IsFinite(delta.Value))
                {
                    throw Error(path + ".delta", Invariant($"a positive finite number was expected; {delta} was found."));
                }

                break;
            case "SmoothL1Loss":
                beta = Required(l.Beta, path + ".beta", l.Kind, "a finite number ≥ 0");
                if (!(beta >= 0) || !double.IsFinite(beta.Value))
                {
                    throw Error(path + ".beta", Invariant($"a finite number ≥ 0 was expected; {beta} was found."));
                }

                break;
            case "CrossEntropyLoss":
                labelSmoothing = Required(l.LabelSmoothing, path + ".label_smoothing", l.Kind, "a number 0 <= label_smoothing <= 1");
                if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
                {
                    throw Error(path + ".label_smoothing", Invariant($"a number 0 <= label_smoothing <= 1 was expected; {labelSmoothing} was found."));
                }

                weight = ReadClassWeights(l.Weight, path + ".weight", classes);
                break;
            case "NLLLoss":
                weight = ReadClassWeights(l.Weight, path + ".weight", classes);
                break;
        }

        return new LossDescription(l.Kind, reduction, scale, delta, beta, labelSmoothing, weight);
    }

    private double Required(double? value, string path, string kind, string what) =>
        value ?? throw Error(path, $"{kind} needs \"{path[(path.LastIndexOf('.') + 1)..]}\" ({what}); none was found.");

    // Optional (PyTorch's weight=None); when present, one finite weight ≥ 0 per output of the network.
    private double[]? ReadClassWeights(double[]? weight, string path, int? classes)
    {
        if (weight is null)
        {
            return null;
        }

        if (weight.Length == 0 || (classes is int k && weight.Length != k))
        {
            string expected = classes is int n ? Invariant($"{n} class weights (one per output of the network)") : "at least one class weight";
            throw Error(path, Invariant($"{expected} were expected; {weight.Length} were found."));
        }

        for (int i = 0; i < weight.Length; i++)
        {
            if (!(weight[i] >= 0) || !double.IsFinite(weight[i]))
            {
                throw Error(ModelPath.Index(path, i), Invariant($"a finite weight ≥ 0 was expected; {weight[i]} was found."));
            }
        }

        return weight;
    }

    // ------------------------------------------------------------------ optimizer

    private static readonly Dictionary<string, string[]> HyperParameterNames = new(StringComparer.Ordinal)
    {
        ["SGD"] = ["lr", "momentum", "dampening", "nesterov", "weight_decay"],
        ["Adam"] = ["lr", "beta1", "beta2", "eps", "weight_decay"],
        ["AdamW"] = ["lr", "beta1", "beta2", "eps", "weight_decay"],
        ["RMSprop"] = ["lr", "alpha", "eps", "weight_decay", "momentum", "centered"],
        ["Adagrad"] = ["lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps"],
    };

    private OptimizerState ReadOptimizer(OptimizerEntry o, List<Expected> expected)
    {
        const string path = "$.optimizer";
        if (o.Kind is null || !HyperParameterNames.TryGetValue(o.Kind, out string[]? names))
        {
            throw Error(path + ".kind", $"one of SGD, Adam, AdamW, RMSprop, Adagrad was expected; {Found(o.Kind)} was found.");
        }

        var hyper = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            double? value = name switch
            {
                "lr" => o.LearningRate,
                "momentum" => o.Momentum,
                "dampening" => o.Dampening,
                "nesterov" => o.Nesterov is { } b ? (b ? 1 : 0) : null,
                "beta1" => o.Beta1,
                "beta2" => o.Beta2,
                "eps" => o.Epsilon,
                "alpha" => o.Alpha,
                "centered" => o.Centered is { } c ? (c ? 1 : 0) : null,
                "lr_decay" => o.LearningRateDecay,
                "initial_accumulator_value" => o.InitialAccumulatorValue,
                _ => o.WeightDecay,
            };
            hyper[name] = value ?? throw Error(path + "." + name, $"{o.Kind} needs \"{name}\" ({(name is "nesterov" or "centered" ? "true or false" : "a number")}); none was found.");
        }

        long steps = o.Steps ?? throw Error(path + ".steps", "the number of steps taken (an integer ≥ 0) was expected; none was found.");
        if (steps < 0)
        {
            throw Error(path + ".steps", Invariant($"an integer ≥ 0 was expected; {steps} was found."));
        }

        string[] bufferNames = o.Kind switch
        {
            "SGD" => hyper["momentum"] == 0 ? [] : ["momentum_buffer"],
            "RMSprop" => new[] { "square_avg", hyper["momentum"] == 0 ? "" : "momentum_buffer", hyper["centered"] == 0 ? "" : "grad_avg" }.Where(b => b.Length > 0).ToArray(),
            "Adagrad" => ["sum"],
            _ => ["exp_avg", "exp_avg_sq"],
        };
        var byName = expected.ToDictionary(x => x.Name, StringComparer.Ordinal);
        List<BufferEntry?> entries = o.State ?? throw Error(path + ".state", "an array of buffers {parameter, buffer, values} was expected; none was found.");
        var buffers = new List<OptimizerBuffer>();
        var seen = new Dictionary<(string, string), int>();
        for (int e = 0; e < entries.Count; e++)
        {
            string at = ModelPath.Index(path + ".state", e);
            BufferEntry entry = entries[e] ?? throw Error(at, "an object {parameter, buffer, values} was expected; null was found.");
            string parameter = entry.Parameter ?? throw Error(at + ".parameter", "a parameter name was expected; none was found.");
            if (!byName.TryGetValue(parameter, out Expected? x))
            {
                throw Error(at + ".parameter", $"one of the architecture's parameters ({NameList(expected)}) was expected; \"{parameter}\" was found.");
            }

            string buffer = entry.Buffer ?? throw Error(at + ".buffer", "a buffer name was expected; none was found.");
            if (!bufferNames.Contains(buffer, StringComparer.Ordinal))
            {
                throw Error(at + ".buffer", $"{(bufferNames.Length == 0 ? "no buffer (this optimizer keeps none)" : "one of " + string.Join(", ", bufferNames))} was expected; \"{buffer}\" was found.");
            }

            if (!seen.TryAdd((parameter, buffer), e))
            {
                throw Error(at, $"each buffer may appear once; \"{buffer}\" of \"{parameter}\" already appeared at {ModelPath.Index(path + ".state", seen[(parameter, buffer)])}.");
            }

            buffers.Add(new OptimizerBuffer(parameter, buffer, ReadValues(entry.Values, at + ".values", x)));
        }

        foreach (Expected x in expected)
        {
            foreach (string buffer in bufferNames.Where(b => !seen.ContainsKey((x.Name, b))))
            {
                throw Error(path + ".state", $"buffer \"{buffer}\" of every parameter was expected; that of \"{x.Name}\" is missing.");
            }
        }

        return new OptimizerState(o.Kind, hyper, steps, buffers);
    }

    private Optimizer BuildOptimizer(OptimizerEntry o, OptimizerState state, Sequential network)
    {
        if (network.NamedParameters.Count == 0)
        {
            throw Error("$.optimizer", "no optimizer was expected: the network has no parameters.");
        }

        IReadOnlyDictionary<string, double> h = WithConstructibleRate(state.HyperParameters);
        Optimizer optimizer;
        try
        {
            optimizer = o.Kind switch
            {
                "SGD" => new Sgd(network, h["lr"], h["momentum"], h["dampening"], h["nesterov"] != 0, h["weight_decay"]),
                "Adam" => new Adam(network, h["lr"], h["beta1"], h["beta2"], h["eps"], h["weight_decay"]),
                "RMSprop" => new RmsProp(network, h["lr"], h["alpha"], h["eps"], h["weight_decay"], h["momentum"], h["centered"] != 0),
                "Adagrad" => new Adagrad(network, h["lr"], h["lr_decay"], h["weight_decay"], h["initial_accumulator_value"], h["eps"]),
                _ => new AdamW(network, h["lr"], h["beta1"], h["beta2"], h["eps"], h["weight_decay"]),
            };
        }
        catch (ArgumentException e)
        {
            string key = e.ParamName switch
            {
                "learningRate" => "lr",
                "epsilon" => "eps",
                "weightDecay" => "weight_decay",
                "learningRateDecay" => "lr_decay",
                "initialAccumulatorValue" => "initial_accumulator_value",
                null => "kind",
                string other => other,
            };
            throw Error("$.optimizer" + ModelPath.Key(key), $"a valid {o.Kind} hyper-parameter was expected: {e.Message}", e);
        }

        optimizer.LoadState(state);
        return optimizer;
    }

    // A rate of 0 (where a schedule brought it; the constructors refuse it) is built with 1 and set by LoadState.
    private static IReadOnlyDictionary<string, double> WithConstructibleRate(IReadOnlyDictionary<string, double> h) =>
        h["lr"] == 0 ? new Dictionary<string, double>(h, StringComparer.Ordinal) { ["lr"] = 1 } : h;

    // ------------------------------------------------------------------ training state

    private TrainingState ReadTrainingState(TrainingStateEntry t, List<Expected> expected, LossDescription? loss)
    {
        const string path = "$.training_state";
        int epochs = t.EpochsCompleted ?? throw Error(path + ".epochs_completed", "an integer ≥ 0 was expected; none was found.");
        if (epochs < 0)
        {
            throw Error(path + ".epochs_completed", Invariant($"an integer ≥ 0 was expected; {epochs} was found."));
        }

        if ((t.RandomState is null) != (t.Order is null) || (epochs > 0 && t.RandomState is null))
        {
            throw Error(path + (t.RandomState is null ? ".random_state" : ".order"),
                "random_state and order were expected together, once an epoch is completed (and both absent before).");
        }

        if (t.RandomState is { } random)
        {
            if (random.Length != 4 || random.All(w => w == 0))
            {
                throw Error(path + ".random_state", Invariant($"4 unsigned 64-bit words, not all zero, were expected; {random.Length} word(s){(random.Length == 4 ? ", all zero," : "")} were found."));
            }
        }

        if (t.Order is { } order)
        {
            var seen = new bool[order.Length];
            for (int i = 0; i < order.Length; i++)
            {
                if (order[i] < 0 || order[i] >= order.Length || seen[order[i]])
                {
                    throw Error(ModelPath.Index(path + ".order", i), Invariant($"a permutation of 0 … {order.Length - 1} was expected; {order[i]} is {(order[i] < 0 || order[i] >= order.Length ? "out of range" : "repeated")}."));
                }

                seen[order[i]] = true;
            }

            if (order.Length == 0)
            {
                throw Error(path + ".order", "the order of at least one sample was expected; an empty array was found.");
            }
        }

        if ((t.BestLoss is null) != (t.BestEpoch is null))
        {
            throw Error(path + (t.BestLoss is null ? ".best_loss" : ".best_epoch"), "best_loss and best_epoch were expected together (or neither).");
        }

        if (t.BestLoss is double bestLoss && !double.IsFinite(bestLoss))
        {
            throw Error(path + ".best_loss", Invariant($"a finite number was expected; {bestLoss} was found."));
        }

        if (t.BestEpoch is int bestEpoch && (bestEpoch < 1 || bestEpoch > epochs))
        {
            throw Error(path + ".best_epoch", Invariant($"an epoch from 1 to {epochs} (the epochs completed) was expected; {bestEpoch} was found."));
        }

        int without = t.EpochsWithoutImprovement ?? throw Error(path + ".epochs_without_improvement", "an integer ≥ 0 was expected; none was found.");
        if (without < 0 || without > epochs)
        {
            throw Error(path + ".epochs_without_improvement", Invariant($"an integer from 0 to {epochs} (the epochs completed) was expected; {without} was found."));
        }

        if (t.BestParameters is not null && t.BestEpoch is null)
        {
            throw Error(path + ".best_parameters", "no best weights were expected without a best epoch.");
        }

        double[][]? best = ReadTensors(t.BestParameters, path + ".best_parameters", expected, required: false);
        double[][]? last = ReadTensors(t.LastParameters, path + ".last_parameters", expected, required: false);
        string[]? names = best is null && last is null ? null : expected.Select(x => x.Name).ToArray();
        ScheduleState? schedule = t.Schedule is { } s ? ReadSchedule(s, path + ".schedule") : null;
        // The file's loss is the one the state's epochs were run with (the writer saves the state's own when the bundle has none).
        return new TrainingState(epochs, t.RandomState, t.Order, t.BestLoss, t.BestEpoch, without, names, best, last, schedule, loss);
    }

    private ScheduleState ReadSchedule(ScheduleEntry s, string path)
    {
        IReadOnlyList<string> names = (s.Kind is null ? null : ScheduleState.NamesOf(s.Kind))
            ?? throw Error(path + ".kind", $"one of {ScheduleState.KnownKinds} was expected; {Found(s.Kind)} was found.");
        var hyper = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            double? value = name switch
            {
                "step_size" => s.StepSize,
                "gamma" => s.Gamma,
                "T_max" => s.TMax,
                "eta_min" => s.EtaMin,
                "start_factor" => s.StartFactor,
                "end_factor" => s.EndFactor,
                "total_iters" => s.TotalIters,
                "mode" => s.Mode switch { null => null, "min" => 0, "max" => 1, _ => throw Error(path + ".mode", $"\"min\" or \"max\" was expected; \"{s.Mode}\" was found.") },
                "factor" => s.Factor,
                "patience" => s.Patience,
                "threshold" => s.Threshold,
                "threshold_mode" => s.ThresholdMode switch { null => null, "rel" => 0, "abs" => 1, _ => throw Error(path + ".threshold_mode", $"\"rel\" or \"abs\" was expected; \"{s.ThresholdMode}\" was found.") },
                "cooldown" => s.Cooldown,
                "min_lr" => s.MinLr,
                _ => s.Epsilon,
            };
            hyper[name] = value ?? throw Error(path + "." + name, $"{s.Kind} needs \"{name}\"; none was found.");
        }

        try
        {
            ScheduleState.CheckHyperParameters(s.Kind!, hyper);
        }
        catch (ArgumentException e)
        {
            throw Error(path + "." + e.ParamName, $"a valid {s.Kind} hyper-parameter was expected: {e.Message}", e);
        }

        int lastEpoch = s.LastEpoch ?? throw Error(path + ".last_epoch", "an integer ≥ 0 was expected; none was found.");
        bool plateau = s.Kind == "ReduceLROnPlateau";
        if (!plateau && s.BaseLearningRate is null)
        {
            throw Error(path + ".base_lr", "the initial learning rate (a finite number ≥ 0) was expected; none was found.");
        }

        int bad = 0, cooldown = 0;
        if (plateau)
        {
            bad = s.BadEpochs ?? throw Error(path + ".num_bad_epochs", "an integer ≥ 0 was expected; none was found.");
            cooldown = s.CooldownCounter ?? throw Error(path + ".cooldown_counter", "an integer ≥ 0 was expected; none was found.");
        }

        try
        {
            ScheduleState.CheckCounters(s.Kind!, hyper, lastEpoch, s.BaseLearningRate, s.Best, bad, cooldown, "schedule");
        }
        catch (ArgumentException e)
        {
            throw Error(path, $"a consistent {s.Kind} state was expected: {e.Message}", e);
        }

        return new ScheduleState(s.Kind!, hyper, lastEpoch, plateau ? null : s.BaseLearningRate, s.Best, bad, cooldown);
    }

    // ------------------------------------------------------------------ scalers, names, metadata

    private ScalerEntry CheckScaler(ScalerEntry s, string path, int? size, string what)
    {
        (string first, double[]? a, string second, double[]? b) = s.Kind switch
        {
            "StandardScaler" => ("mean", s.Mean, "scale", s.Scale),
            "MinMaxScaler" => ("data_min", s.DataMin, "data_max", s.DataMax),
            _ => throw Error(path + ".kind", $"StandardScaler or MinMaxScaler was expected; {Found(s.Kind)} was found."),
        };
        foreach ((string name, double[]? values) in new[] { (first, a), (second, b) })
        {
            if (values is null)
            {
                throw Error(path + "." + name, "an array of one number per feature was expected; none was found.");
            }

            if (size is int n && values.Length != n)
            {
                throw Error(path + "." + name, Invariant($"{n} numbers (one per feature of {what}) were expected; {values.Length} were found."));
            }

            CheckFinite(values, path + "." + name);
        }

        if (s.Kind == "MinMaxScaler" && s.FeatureRange is not { Length: 2 })
        {
            throw Error(path + ".feature_range", $"an array [min, max] was expected; {(s.FeatureRange is null ? "none" : Invariant($"{s.FeatureRange.Length} numbers"))} was found.");
        }

        // The scaler's own checks (lengths, positive scales, ranges) run here too, so that building cannot fail later.
        _ = BuildScaler(s, path);
        return s;
    }

    private FeatureScaler BuildScaler(ScalerEntry s, string path)
    {
        try
        {
            return s.Kind == "StandardScaler"
                ? StandardScaler.FromFitted(s.Mean!, s.Scale!)
                : MinMaxScaler.FromFitted(s.DataMin!, s.DataMax!, s.FeatureRange![0], s.FeatureRange[1]);
        }
        catch (ArgumentException e)
        {
            string key = e.ParamName switch
            {
                "means" => "mean",
                "scales" => "scale",
                "dataMin" => "data_min",
                "dataMax" => "data_max",
                _ => "feature_range",
            };
            throw Error(path + "." + key, $"fitted values a {s.Kind} accepts were expected: {e.Message}", e);
        }
    }

    private string[] CheckClassNames(List<string?> names)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i] ?? throw Error(ModelPath.Index("$.class_names", i), "a string was expected; null was found.");
            if (!seen.TryAdd(name, i))
            {
                throw Error(ModelPath.Index("$.class_names", i), $"each class name may appear once; \"{name}\" already appeared at {ModelPath.Index("$.class_names", seen[name])}.");
            }
        }

        return names.ToArray()!;
    }

    private Dictionary<string, string> CheckMetadata(Dictionary<string, string?>? metadata)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string key, string? value) in metadata ?? [])
        {
            result[key] = value ?? throw Error("$.metadata" + ModelPath.Key(key), "a string was expected; null was found.");
        }

        return result;
    }

    // ------------------------------------------------------------------ messages

    private ModelFormatException Error(string path, string problem, Exception? inner = null) => new(_source, path, problem, inner);

    private static string Found(string? value) => value is null ? "nothing" : $"\"{value}\"";

    private static string ShapeText(long[] shape) => "[" + string.Join(", ", shape.Select(n => n.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string NameList(List<Expected> expected) =>
        expected.Count == 0 ? "none" : string.Join(", ", expected.Select(x => $"\"{x.Name}\""));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>What the deserializer expected, in words, from its message ("could not be converted to System.Int32").</summary>
    private static string WhatWasExpected(string message)
    {
        Match match = ConvertedTo().Match(message);
        if (!match.Success)
        {
            return JsonSyntaxCheck.Trim(message);
        }

        string type = match.Groups[1].Value;
        string what = type switch
        {
            _ when type.EndsWith("[]", StringComparison.Ordinal) || type.StartsWith("System.Collections.Generic.List", StringComparison.Ordinal) => "an array",
            _ when type.StartsWith("System.Collections.Generic.Dictionary", StringComparison.Ordinal) => "an object of strings",
            _ when type.Contains("System.Int32", StringComparison.Ordinal) => "an integer from −2147483648 to 2147483647",
            _ when type.Contains("System.Int64", StringComparison.Ordinal) => "an integer",
            _ when type.Contains("System.UInt64", StringComparison.Ordinal) => "an unsigned 64-bit integer",
            _ when type.Contains("System.Double", StringComparison.Ordinal) => "a finite number",
            _ when type.Contains("System.Boolean", StringComparison.Ordinal) => "true or false",
            _ when type.Contains("System.String", StringComparison.Ordinal) => "a string",
            _ => "an object",
        };
        return $"{what} was expected; the value found is of another JSON type or out of range.";
    }

    [GeneratedRegex(@"converted to ([^\s]+?)\.?(\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ConvertedTo();
}
