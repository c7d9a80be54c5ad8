using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using TinyNets.Optimizers.Schedules;
using TinyNets.Serialization;
using TinyNets.Training;

namespace TinyNets.Tests.Serialization;

/// <summary>
/// Version 1.2 of the model file: the training state's schedule (kind, hyper-parameters and counters by PyTorch's names)
/// round trips, a 1.1 file without it still loads, malformed schedules are refused at their JSON path, and an optimizer
/// whose rate a schedule brought to 0 saves and loads.
/// </summary>
public class ModelFileScheduleTests
{
    private static readonly Matrix<double> X = Matrix<double>.Build.Dense(2, 5, (i, j) => Math.Sin(i + (0.5 * j)));
    private static readonly Matrix<double> Y = Matrix<double>.Build.Dense(1, 5, (_, j) => 0.1 * j);

    private static (Sequential Net, Sgd Sgd, TrainingState State) Trained(Func<Optimizer, LearningRateSchedule> schedule, int epochs = 3)
    {
        var net = new Sequential(new Linear(2, 2), new Tanh(), new Linear(2, 1)).Initialize(seed: 2);
        var sgd = new Sgd(net, 0.1, momentum: 0.5);
        var state = new TrainingState();
        net.Fit(X, Y, new MseLoss(), sgd, state, new FitOptions { Epochs = epochs, BatchSize = 2, Schedule = schedule(sgd) });
        return (net, sgd, state);
    }

    private static string Save(Sequential net, Optimizer optimizer, TrainingState state)
    {
        using var stream = new MemoryStream();
        new ModelBundle(net) { Optimizer = optimizer, TrainingState = state }.Save(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static ModelBundle Load(string json) => ModelBundle.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    public static TheoryData<string> Kinds => new() { "StepLR", "ExponentialLR", "CosineAnnealingLR", "LinearLR", "ReduceLROnPlateau" };

    private static LearningRateSchedule Make(string kind, Optimizer o) => kind switch
    {
        "StepLR" => new StepLR(o, 2, 0.5),
        "ExponentialLR" => new ExponentialLR(o, 0.75),
        "CosineAnnealingLR" => new CosineAnnealingLR(o, 5, 0.001),
        "LinearLR" => new LinearLR(o, 0.5, 0.875, 4),
        _ => new ReduceLROnPlateau(o, PlateauMode.Max, 0.25, patience: 3, threshold: 0.01, thresholdMode: ThresholdMode.Absolute, cooldown: 2, minLr: 1e-5, eps: 1e-9),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void TheScheduleState_RoundTrips(string kind)
    {
        var (net, sgd, state) = Trained(o => Make(kind, o));
        string json = Save(net, sgd, state);
        JsonObject root = JsonNode.Parse(json)!.AsObject();
        root["version"]!.GetValue<string>().Should().Be("1.3");
        JsonObject schedule = root["training_state"]!["schedule"]!.AsObject();
        schedule["kind"]!.GetValue<string>().Should().Be(kind);
        schedule["last_epoch"]!.GetValue<int>().Should().Be(3);

        ScheduleState loaded = Load(json).TrainingState!.Schedule!;
        loaded.Should().BeEquivalentTo(state.Schedule!);
        loaded.HyperParameters.Should().BeEquivalentTo(Make(kind, new Sgd(net, 0.1)).GetState().HyperParameters);
    }

    [Fact]
    public void Plateau_WritesPyTorchsNamesAndModeStrings()
    {
        var (net, sgd, state) = Trained(o => Make("ReduceLROnPlateau", o));
        JsonObject s = JsonNode.Parse(Save(net, sgd, state))!["training_state"]!["schedule"]!.AsObject();
        s["mode"]!.GetValue<string>().Should().Be("max");
        s["threshold_mode"]!.GetValue<string>().Should().Be("abs");
        s["factor"]!.GetValue<double>().Should().Be(0.25);
        s["patience"]!.GetValue<int>().Should().Be(3);
        s["min_lr"]!.GetValue<double>().Should().Be(1e-5);
        s["eps"]!.GetValue<double>().Should().Be(1e-9);
        s.ContainsKey("base_lr").Should().BeFalse();
        s["best"]!.GetValue<double>().Should().Be(state.Schedule!.Best!.Value);
        s.ContainsKey("num_bad_epochs").Should().BeTrue();
        s.ContainsKey("cooldown_counter").Should().BeTrue();
    }

    [Fact]
    public void AVersion1_1_TrainingStateWithoutSchedule_Loads()
    {
        const string json = """
            {"format": "tinynets-model", "version": "1.1",
             "layers": [{"kind": "Linear", "in_features": 1, "out_features": 1, "bias": false}],
             "parameters": [{"name": "0.weight", "shape": [1, 1], "values": [0.5]}],
             "optimizer": {"kind": "SGD", "lr": 0.1, "momentum": 0, "dampening": 0, "nesterov": false, "weight_decay": 0, "steps": 0, "state": []},
             "training_state": {"epochs_completed": 0, "epochs_without_improvement": 0}}
            """;
        ModelBundle bundle = Load(json);
        bundle.TrainingState!.Schedule.Should().BeNull();
        bundle.Optimizer!.LearningRate.Should().Be(0.1);
    }

    [Fact]
    public void AnOptimizerAtRateZero_SavesAndLoads()
    {
        // Cosine annealing to η_min = 0 over the 3 epochs leaves the rate at 0 (cos π = −1).
        var (net, sgd, state) = Trained(o => new CosineAnnealingLR(o, 3));
        sgd.LearningRate.Should().Be(0);
        ModelBundle loaded = Load(Save(net, sgd, state));
        loaded.Optimizer!.LearningRate.Should().Be(0);
        loaded.Optimizer.GetState().Should().BeEquivalentTo(sgd.GetState());
    }

    // ---------------------------------------------------------------- refusals

    private static void Refused(string kind, Action<JsonObject> change, string location, params string[] says)
    {
        var (net, sgd, state) = Trained(o => Make(kind, o));
        JsonObject d = JsonNode.Parse(Save(net, sgd, state))!.AsObject();
        change(d["training_state"]!["schedule"]!.AsObject());
        var e = Assert.Throws<ModelFormatException>(() => Load(d.ToJsonString()));
        e.Location.Should().Be(location, e.Message);
        foreach (string text in says)
        {
            e.Message.Should().Contain(text);
        }
    }

    private const string At = "$.training_state.schedule";

    [Fact]
    public void MalformedSchedules_AreRefusedAtTheirPath()
    {
        Refused("StepLR", s => s["kind"] = "OneCycleLR", At + ".kind", "StepLR", "\"OneCycleLR\"");
        Refused("StepLR", s => s.Remove("kind"), At + ".kind", "nothing");
        Refused("StepLR", s => s.Remove("gamma"), At + ".gamma", "\"gamma\"");
        Refused("StepLR", s => s["gamma"] = 0, At + ".gamma", "(0, ", "0 was given");
        Refused("StepLR", s => s["step_size"] = 0, At + ".step_size", "[1, ", "0 was given");
        Refused("StepLR", s => s["step_size"] = 1.5, At + ".step_size", "integer");
        Refused("StepLR", s => s.Remove("base_lr"), At + ".base_lr", "none was found");
        Refused("StepLR", s => s["base_lr"] = -0.5, At, "-0.5");
        Refused("StepLR", s => s.Remove("last_epoch"), At + ".last_epoch", "none was found");
        Refused("StepLR", s => s["last_epoch"] = -1, At, "-1");
        Refused("CosineAnnealingLR", s => s["eta_min"] = -1, At + ".eta_min", "[0, ");
        Refused("LinearLR", s => s["start_factor"] = 0, At + ".start_factor", "(0, 1]");
        Refused("LinearLR", s => s["total_iters"] = 0, At + ".total_iters", "[1, ");
        Refused("ReduceLROnPlateau", s => s["mode"] = "minimum", At + ".mode", "\"min\" or \"max\"", "\"minimum\"");
        Refused("ReduceLROnPlateau", s => s["threshold_mode"] = "relative", At + ".threshold_mode", "\"rel\" or \"abs\"");
        Refused("ReduceLROnPlateau", s => s["factor"] = 1, At + ".factor", "(0, 1)");
        Refused("ReduceLROnPlateau", s => s.Remove("num_bad_epochs"), At + ".num_bad_epochs", "none was found");
        Refused("ReduceLROnPlateau", s => s["num_bad_epochs"] = 4, At, "4 was given");
        Refused("ReduceLROnPlateau", s => s["cooldown_counter"] = 3, At, "3 was given");
        Refused("ReduceLROnPlateau", s => s.Remove("best"), At, "best");
        Refused("ReduceLROnPlateau", s => s["base_lr"] = 0.1, At, "base learning rate");
    }

    [Fact]
    public void ANegativeOptimizerRate_IsStillRefused()
    {
        var (net, sgd, state) = Trained(o => new StepLR(o, 2));
        JsonObject d = JsonNode.Parse(Save(net, sgd, state))!.AsObject();
        d["optimizer"]!["lr"] = -0.1;
        Assert.Throws<ModelFormatException>(() => Load(d.ToJsonString())).Location.Should().Be("$.optimizer.lr");
    }
}
