using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using TinyNets.Data;
using TinyNets.Serialization;
using TinyNets.Training;

namespace TinyNets.Tests.Serialization;

/// <summary>
/// The model-file reader's refusals pinned whole (location and the complete message, which is specified text), and the
/// boundary values its checks must accept: a best epoch of 1, a smooth-L1 beta of 0, a label smoothing of 1, a random
/// state with zero words among non-zero ones. Built on a valid file with every section (as the hostile-input tests
/// build theirs) and on a file whose network has no parameters at all.
/// </summary>
public class ModelFileReaderMutationTests
{
    private const string Numbers = "the value found is of another JSON type or out of range.";

    private static readonly string Valid = ModelFileSamples.ValidJson();

    private static readonly string[] ParameterNames = ["0.weight", "0.bias", "2.weight", "2.bias"];

    private static JsonObject Document() => JsonNode.Parse(Valid)!.AsObject();

    /// <summary>The valid file's header with a network without parameters (a single ReLU) and nothing else.</summary>
    private static JsonObject Parameterless()
    {
        JsonObject d = Document();
        return new JsonObject
        {
            ["format"] = d["format"]!.GetValue<string>(),
            ["version"] = d["version"]!.GetValue<string>(),
            ["layers"] = new JsonArray(new JsonObject { ["kind"] = "ReLU" }),
            ["parameters"] = new JsonArray(),
        };
    }

    private static ModelBundle Load(string json) => ModelBundle.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static ModelBundle Load(Action<JsonObject> change)
    {
        JsonObject d = Document();
        change(d);
        return Load(d.ToJsonString());
    }

    private static void Refused(string json, string location, string problem)
    {
        var e = Assert.Throws<ModelFormatException>(() => Load(json));
        e.Location.Should().Be(location, e.Message);
        e.Message.Should().Be($"At {location}: {problem}");
    }

    private static void Refused(Action<JsonObject> change, string location, string problem)
    {
        JsonObject d = Document();
        change(d);
        Refused(d.ToJsonString(), location, problem);
    }

    private static void RefusedParameterless(Action<JsonObject> change, string location, string problem)
    {
        JsonObject d = Parameterless();
        change(d);
        Refused(d.ToJsonString(), location, problem);
    }

    private static JsonObject Optimizer(JsonObject d) => d["optimizer"]!.AsObject();

    private static JsonObject State(JsonObject d) => d["training_state"]!.AsObject();

    // ------------------------------------------------------------------ document and architecture

    [Fact]
    public void ANullDocument_IsRefused_WithTheWholeMessage() =>
        Refused("null", "$", "a JSON object was expected; null was found.");

    [Fact]
    public void MissingOrEmptyLayers_AreRefused_SayingWhichWasFound()
    {
        Refused(d => d.Remove("layers"), "$.layers", "an array of at least one layer was expected; none was found.");
        Refused(d => d["layers"] = new JsonArray(), "$.layers", "an array of at least one layer was expected; an empty array was found.");
    }

    [Fact]
    public void LinearLayerFields_MissingOrNotPositive_AreRefused_WithTheWholeMessage()
    {
        Refused(d => d["layers"]![0]!.AsObject().Remove("in_features"), "$.layers[0].in_features", "a positive integer was expected; none was found.");
        Refused(d => d["layers"]![0]!.AsObject().Remove("bias"), "$.layers[0].bias", "true or false was expected; none was found.");
        // The last layer: nothing after it compares its width.
        Refused(d => d["layers"]![2]!["out_features"] = 0, "$.layers[2].out_features", "a positive integer was expected; 0 was found.");
    }

    [Fact]
    public void ALeakyReluWithoutSlope_IsRefused_AndOneWithASlopeLoads()
    {
        Refused(d => d["layers"]![1] = new JsonObject { ["kind"] = "LeakyReLU" }, "$.layers[1].negative_slope", "a finite number was expected; none was found.");
        var leaky = (LeakyReLU)Load(d => d["layers"]![1] = new JsonObject { ["kind"] = "LeakyReLU", ["negative_slope"] = 0.25 }).Network[1];
        leaky.NegativeSlope.Should().Be(0.25);
    }

    [Fact]
    public void NumbersBeyondTheDoubleRange_AreRefused_AsInfinite_WithTheWholeMessage()
    {
        // 1e400 is valid JSON; it reads as +∞, which the reader's own checks refuse at the value's path.
        static string WithHuge(Action<JsonObject, double> put, string literal = "1e400")
        {
            JsonObject d = Document();
            put(d, 12345.5);
            return d.ToJsonString().Replace("12345.5", literal, StringComparison.Ordinal);
        }

        Refused(WithHuge((d, v) => d["input_scaler"]!["mean"]![1] = v), "$.input_scaler.mean[1]", "a finite number was expected; Infinity was found.");
        Refused(WithHuge((d, v) => d["target_scaler"]!["data_max"]![0] = v, "-1e400"), "$.target_scaler.data_max[0]", "a finite number was expected; -Infinity was found.");
        Refused(WithHuge((d, v) => d["layers"]![1] = new JsonObject { ["kind"] = "LeakyReLU", ["negative_slope"] = v }), "$.layers[1].negative_slope",
            "a finite number was expected; Infinity was found.");
        Refused(WithHuge((d, v) => d["layers"]![1] = new JsonObject { ["kind"] = "Softplus", ["threshold"] = v }, "-1e400"), "$.layers[1].threshold",
            "a finite number was expected; -Infinity was found.");
        Refused(WithHuge((d, v) => State(d)["best_loss"] = v), "$.training_state.best_loss", "a finite number was expected; Infinity was found.");
    }

    // ------------------------------------------------------------------ tensors

    [Fact]
    public void ParameterEntries_NullOrNameless_AreRefused_WithTheWholeMessage()
    {
        Refused(d => d["parameters"]![0] = null, "$.parameters[0]", "an object {name, shape, values} was expected; null was found.");
        Refused(d => d["parameters"]![0]!.AsObject().Remove("name"), "$.parameters[0].name", "a parameter name was expected; none was found.");
    }

    [Fact]
    public void AnUnknownParameterName_IsRefused_ListingTheArchitecturesParameters()
    {
        Refused(d => d["parameters"]![0]!["name"] = "9.weight", "$.parameters[0].name",
            "one of the architecture's parameters (\"0.weight\", \"0.bias\", \"2.weight\", \"2.bias\") was expected; \"9.weight\" was found.");
        RefusedParameterless(
            d => d["parameters"]!.AsArray().Add(new JsonObject { ["name"] = "0.weight", ["shape"] = new JsonArray(1), ["values"] = new JsonArray(1.0) }),
            "$.parameters[0].name", "one of the architecture's parameters (none) was expected; \"0.weight\" was found.");
        Refused(d => State(d)["best_parameters"]![0]!["name"] = "9.weight", "$.training_state.best_parameters[0].name",
            "one of the architecture's parameters (\"0.weight\", \"0.bias\", \"2.weight\", \"2.bias\") was expected; \"9.weight\" was found.");
    }

    // ------------------------------------------------------------------ loss

    [Fact]
    public void LossesWithoutTheirRequiredNumbers_AreRefused_WithTheWholeMessage()
    {
        static void WithLoss(JsonObject d, string kind, double? scale) =>
            d["loss"] = scale is double s ? new JsonObject { ["kind"] = kind, ["reduction"] = "mean", ["scale"] = s } : new JsonObject { ["kind"] = kind, ["reduction"] = "mean" };

        Refused(d => WithLoss(d, "MSELoss", null), "$.loss.scale", "MSELoss needs \"scale\" (a positive finite number); none was found.");
        Refused(d => WithLoss(d, "HuberLoss", 1), "$.loss.delta", "HuberLoss needs \"delta\" (a positive finite number); none was found.");
        Refused(d => WithLoss(d, "SmoothL1Loss", 1), "$.loss.beta", "SmoothL1Loss needs \"beta\" (a finite number ≥ 0); none was found.");
        Refused(d => WithLoss(d, "CrossEntropyLoss", 1), "$.loss.label_smoothing",
            "CrossEntropyLoss needs \"label_smoothing\" (a number 0 <= label_smoothing <= 1); none was found.");
    }

    [Fact]
    public void TheLossRangesBoundaries_Load_SmoothL1BetaZero_AndLabelSmoothingOne()
    {
        // PyTorch: SmoothL1Loss accepts beta = 0 (it is then L1Loss), CrossEntropyLoss label_smoothing in [0, 1].
        var smooth = (SmoothL1Loss)Load(d => d["loss"] = new JsonObject { ["kind"] = "SmoothL1Loss", ["reduction"] = "mean", ["scale"] = 1.0, ["beta"] = 0.0 }).Loss!;
        smooth.Beta.Should().Be(0);
        var crossEntropy = (CrossEntropyLoss)Load(d => d["loss"] = new JsonObject { ["kind"] = "CrossEntropyLoss", ["reduction"] = "mean", ["scale"] = 1.0, ["label_smoothing"] = 1.0 }).Loss!;
        crossEntropy.LabelSmoothing.Should().Be(1);
    }

    // ------------------------------------------------------------------ optimizer

    [Fact]
    public void NesterovTrue_IsRead_AsTrue()
    {
        Load(d => Optimizer(d)["nesterov"] = true).Optimizer.Should().BeOfType<Sgd>().Which.Nesterov.Should().BeTrue();
        Load(d => Optimizer(d)["nesterov"] = false).Optimizer.Should().BeOfType<Sgd>().Which.Nesterov.Should().BeFalse();
    }

    [Fact]
    public void MissingOptimizerFields_AreRefused_WithTheWholeMessage()
    {
        Refused(d => Optimizer(d).Remove("momentum"), "$.optimizer.momentum", "SGD needs \"momentum\" (a number); none was found.");
        Refused(d => Optimizer(d).Remove("nesterov"), "$.optimizer.nesterov", "SGD needs \"nesterov\" (true or false); none was found.");
        Refused(d => Optimizer(d).Remove("steps"), "$.optimizer.steps", "the number of steps taken (an integer ≥ 0) was expected; none was found.");
        Refused(d => Optimizer(d).Remove("state"), "$.optimizer.state", "an array of buffers {parameter, buffer, values} was expected; none was found.");
        Refused(d => Optimizer(d)["state"]![0] = null, "$.optimizer.state[0]", "an object {parameter, buffer, values} was expected; null was found.");
        Refused(d => Optimizer(d)["state"]![0]!.AsObject().Remove("parameter"), "$.optimizer.state[0].parameter", "a parameter name was expected; none was found.");
        Refused(d => Optimizer(d)["state"]![0]!.AsObject().Remove("buffer"), "$.optimizer.state[0].buffer", "a buffer name was expected; none was found.");
    }

    [Fact]
    public void ABufferTheOptimizerDoesNotKeep_IsRefused_NamingTheBuffersItKeeps()
    {
        Refused(d => Optimizer(d)["momentum"] = 0.0, "$.optimizer.state[0].buffer",
            "no buffer (this optimizer keeps none) was expected; \"momentum_buffer\" was found.");
        Refused(d => AdamKeys(d, 1e-8), "$.optimizer.state[0].buffer", "one of exp_avg, exp_avg_sq was expected; \"momentum_buffer\" was found.");
    }

    // The valid file's SGD entry turned into Adam's keys (the buffers left as they are).
    private static void AdamKeys(JsonObject d, double eps)
    {
        Optimizer(d)["kind"] = "Adam";
        Optimizer(d)["beta1"] = 0.9;
        Optimizer(d)["beta2"] = 0.999;
        Optimizer(d)["eps"] = eps;
    }

    // ... and with Adam's buffers: each momentum_buffer becomes exp_avg, with a copy as exp_avg_sq.
    private static void Adam(JsonObject d, double eps)
    {
        AdamKeys(d, eps);
        JsonArray state = Optimizer(d)["state"]!.AsArray();
        foreach (JsonNode? entry in state.ToList())
        {
            entry!["buffer"] = "exp_avg";
            JsonNode copy = JsonNode.Parse(entry.ToJsonString())!;
            copy["buffer"] = "exp_avg_sq";
            state.Add(copy);
        }
    }

    [Fact]
    public void HyperParametersTheConstructorRefuses_AreRefused_AtTheirFileKey()
    {
        Load(d => Adam(d, 1e-8)).Optimizer.Should().BeOfType<Adam>();
        Refused(d => Adam(d, 0), "$.optimizer.eps",
            $"a valid Adam hyper-parameter was expected: 'epsilon' must be positive and finite; 0 was given. (Parameter 'epsilon'){Environment.NewLine}Actual value was 0.");
        Refused(d => Optimizer(d)["weight_decay"] = -1.0, "$.optimizer.weight_decay",
            $"a valid SGD hyper-parameter was expected: 'weightDecay' must be finite and ≥ 0; -1 was given. (Parameter 'weightDecay'){Environment.NewLine}Actual value was -1.");
    }

    [Fact]
    public void AnOptimizerForANetworkWithoutParameters_IsRefused()
    {
        ModelBundle bare = Load(Parameterless().ToJsonString());
        bare.Network.NamedParameters.Should().BeEmpty();
        RefusedParameterless(
            d => d["optimizer"] = new JsonObject
            {
                ["kind"] = "SGD", ["lr"] = 0.1, ["momentum"] = 0.0, ["dampening"] = 0.0, ["nesterov"] = false, ["weight_decay"] = 0.0,
                ["steps"] = 0, ["state"] = new JsonArray(),
            },
            "$.optimizer", "no optimizer was expected: the network has no parameters.");
    }

    // ------------------------------------------------------------------ training state

    [Fact]
    public void EpochsCompleted_MissingOrNegative_IsRefused_WithTheWholeMessage()
    {
        Refused(d => State(d).Remove("epochs_completed"), "$.training_state.epochs_completed", "an integer ≥ 0 was expected; none was found.");
        Refused(d => State(d)["epochs_completed"] = -1, "$.training_state.epochs_completed", "an integer ≥ 0 was expected; -1 was found.");
    }

    [Fact]
    public void CompletedEpochsWithoutRandomStateAndOrder_AreRefused()
    {
        const string Together = "random_state and order were expected together, once an epoch is completed (and both absent before).";
        Refused(d => { State(d).Remove("random_state"); State(d).Remove("order"); }, "$.training_state.random_state", Together);
        Refused(d => State(d).Remove("random_state"), "$.training_state.random_state", Together);
    }

    [Fact]
    public void RandomState_WithSomeZeroWords_Loads_AndWrongOnesAreRefused_WithTheWholeMessage()
    {
        Load(d => State(d)["random_state"] = new JsonArray(0, 1, 2, 3)).TrainingState!.RandomState.Should().Equal(0UL, 1UL, 2UL, 3UL);
        Refused(d => State(d)["random_state"] = new JsonArray(1, 2, 3), "$.training_state.random_state",
            "4 unsigned 64-bit words, not all zero, were expected; 3 word(s) were found.");
        Refused(d => State(d)["random_state"] = new JsonArray(0, 0, 0, 0), "$.training_state.random_state",
            "4 unsigned 64-bit words, not all zero, were expected; 4 word(s), all zero, were found.");
    }

    [Fact]
    public void AnOrderThatIsNotAPermutation_IsRefused_SayingWhy()
    {
        // The valid file's order holds the 5 samples.
        Refused(d => State(d)["order"]![0] = 5, "$.training_state.order[0]", "a permutation of 0 … 4 was expected; 5 is out of range.");
        Refused(d => State(d)["order"]![0] = -1, "$.training_state.order[0]", "a permutation of 0 … 4 was expected; -1 is out of range.");
        Refused(d => State(d)["order"] = new JsonArray(3, 3, 0, 1, 2), "$.training_state.order[1]", "a permutation of 0 … 4 was expected; 3 is repeated.");
        Refused(d => State(d)["order"] = new JsonArray(), "$.training_state.order", "the order of at least one sample was expected; an empty array was found.");
    }

    [Fact]
    public void BestLossAndBestEpoch_OneWithoutTheOther_AreRefused_NamingTheMissingOne()
    {
        const string Together = "best_loss and best_epoch were expected together (or neither).";
        Refused(d => State(d).Remove("best_epoch"), "$.training_state.best_epoch", Together);
        Refused(d => State(d).Remove("best_loss"), "$.training_state.best_loss", Together);
    }

    [Fact]
    public void BestEpochOne_Loads()
    {
        Load(d => State(d)["best_epoch"] = 1).TrainingState!.BestEpoch.Should().Be(1);
        Refused(d => State(d)["best_epoch"] = 0, "$.training_state.best_epoch", "an epoch from 1 to 3 (the epochs completed) was expected; 0 was found.");
    }

    [Fact]
    public void MissingEpochsWithoutImprovement_AndBestWeightsWithoutBestEpoch_AreRefused()
    {
        Refused(d => State(d).Remove("epochs_without_improvement"), "$.training_state.epochs_without_improvement", "an integer ≥ 0 was expected; none was found.");
        Refused(d => { State(d).Remove("best_loss"); State(d).Remove("best_epoch"); }, "$.training_state.best_parameters",
            "no best weights were expected without a best epoch.");
    }

    [Fact]
    public void ParameterNames_AreRecorded_ExactlyWhenBestOrLastWeightsAre()
    {
        Load(d => { }).TrainingState!.ParameterNames.Should().Equal(ParameterNames);
        Load(d => State(d).Remove("last_parameters")).TrainingState!.ParameterNames.Should().Equal(ParameterNames);
        Load(d => State(d).Remove("best_parameters")).TrainingState!.ParameterNames.Should().Equal(ParameterNames);
        Load(d => { State(d).Remove("best_parameters"); State(d).Remove("last_parameters"); }).TrainingState!.ParameterNames.Should().BeNull();
    }

    // ------------------------------------------------------------------ schedule

    private static JsonObject Plateau() => new()
    {
        ["kind"] = "ReduceLROnPlateau", ["mode"] = "min", ["factor"] = 0.5, ["patience"] = 2, ["threshold"] = 0.01, ["threshold_mode"] = "rel",
        ["cooldown"] = 0, ["min_lr"] = 0.0, ["eps"] = 1e-8, ["last_epoch"] = 0, ["num_bad_epochs"] = 0, ["cooldown_counter"] = 0,
    };

    [Fact]
    public void PlateauScheduleEntries_AreRefused_WithTheWholeMessage()
    {
        Load(d => State(d)["schedule"] = Plateau()).TrainingState!.Schedule!.Kind.Should().Be("ReduceLROnPlateau");
        Refused(d => { State(d)["schedule"] = Plateau(); State(d)["schedule"]!["mode"] = "up"; }, "$.training_state.schedule.mode",
            "\"min\" or \"max\" was expected; \"up\" was found.");
        Refused(d => { State(d)["schedule"] = Plateau(); State(d)["schedule"]!["threshold_mode"] = "relative"; }, "$.training_state.schedule.threshold_mode",
            "\"rel\" or \"abs\" was expected; \"relative\" was found.");
        Refused(d => { State(d)["schedule"] = Plateau(); State(d)["schedule"]!.AsObject().Remove("cooldown_counter"); }, "$.training_state.schedule.cooldown_counter",
            "an integer ≥ 0 was expected; none was found.");
    }

    [Fact]
    public void AnInconsistentScheduleState_IsRefused_WithTheStatesOwnMessage()
    {
        var step = new JsonObject { ["kind"] = "StepLR", ["step_size"] = 2, ["gamma"] = 0.5, ["last_epoch"] = 3, ["base_lr"] = -0.5 };
        Refused(d => State(d)["schedule"] = step, "$.training_state.schedule",
            "a consistent StepLR state was expected: A StepLR state needs a base learning rate, finite and ≥ 0; -0.5 was given. (Parameter 'schedule')");
    }

    // ------------------------------------------------------------------ scalers, class names

    [Fact]
    public void ScalerArrays_MissingOrOfTheWrongLength_AreRefused_WithTheWholeMessage()
    {
        Refused(d => d["input_scaler"]!["mean"]!.AsArray().Add(0), "$.input_scaler.mean",
            "2 numbers (one per feature of the network's input features) were expected; 3 were found.");
        Refused(d => d["target_scaler"]!["data_max"]!.AsArray().Add(0), "$.target_scaler.data_max",
            "1 numbers (one per feature of the network's outputs) were expected; 2 were found.");
        Refused(d => d["input_scaler"]!.AsObject().Remove("mean"), "$.input_scaler.mean", "an array of one number per feature was expected; none was found.");
        Refused(d => d["target_scaler"]!.AsObject().Remove("data_min"), "$.target_scaler.data_min", "an array of one number per feature was expected; none was found.");
        Refused(d => d["target_scaler"]!.AsObject().Remove("data_max"), "$.target_scaler.data_max", "an array of one number per feature was expected; none was found.");
    }

    [Fact]
    public void AFeatureRangeThatIsNotAPair_IsRefused_SayingWhatWasFound()
    {
        Refused(d => d["target_scaler"]!.AsObject().Remove("feature_range"), "$.target_scaler.feature_range", "an array [min, max] was expected; none was found.");
        Refused(d => d["target_scaler"]!["feature_range"] = new JsonArray(0, 1, 2), "$.target_scaler.feature_range", "an array [min, max] was expected; 3 numbers was found.");
    }

    [Fact]
    public void EmptyScalers_OfANetworkWithoutWidths_AreRefused_AtTheFileKeyTheScalerNamed()
    {
        // Without a Linear layer no width is known, so the scaler's own check refuses the empty arrays.
        RefusedParameterless(d => d["input_scaler"] = new JsonObject { ["kind"] = "StandardScaler", ["mean"] = new JsonArray(), ["scale"] = new JsonArray() },
            "$.input_scaler.mean",
            "fitted values a StandardScaler accepts were expected: 'means' must hold one value per feature; none was given. (Parameter 'means')");
        RefusedParameterless(
            d => d["target_scaler"] = new JsonObject { ["kind"] = "MinMaxScaler", ["data_min"] = new JsonArray(), ["data_max"] = new JsonArray(), ["feature_range"] = new JsonArray(0, 1) },
            "$.target_scaler.data_min",
            "fitted values a MinMaxScaler accepts were expected: 'dataMin' must hold one value per feature; none was given. (Parameter 'dataMin')");
    }

    [Fact]
    public void ANullClassName_IsRefused_WithTheWholeMessage() =>
        Refused(d => d["class_names"]![0] = null, "$.class_names[0]", "a string was expected; null was found.");

    // ------------------------------------------------------------------ the deserializer's type errors in words

    [Fact]
    public void WrongJsonTypes_AreRefused_NamingTheExpectedTypeInWords()
    {
        Refused(d => d["metadata"] = new JsonArray(), "$.metadata", "an object of strings was expected; " + Numbers);
        Refused(d => d["parameters"]![0]!["shape"]![0] = "2", "$.parameters[0].shape[0]", "an integer was expected; " + Numbers);
        Refused(d => d["format"] = 5, "$.format", "a string was expected; " + Numbers);
        Refused(d => d["layers"]![0] = 5, "$.layers[0]", "an object was expected; " + Numbers);

        // A lone surrogate escape is valid JSON syntax but no string: the deserializer refuses it in the same words.
        JsonObject lone = Document();
        lone["metadata"]!["k"] = "12345.5";
        Refused(lone.ToJsonString().Replace("12345.5", "\\udc00", StringComparison.Ordinal), "$.metadata.k", "a string was expected; " + Numbers);
    }
}
