using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using TinyNets.Serialization;
using TinyNets.Training;

namespace TinyNets.Tests.Serialization;

/// <summary>
/// Version 1.3 of the model file: the loss (kind, reduction, scale and hyper-parameters by PyTorch's names) round trips
/// for every loss kind and computes the same bits as the saved one, a 1.2 file still loads without a loss, malformed loss
/// entries are refused at their JSON path, and a loss the format cannot describe is refused on save.
/// </summary>
public class ModelFileLossTests
{
    private const int Classes = 3;

    private static Sequential Net() => new Sequential(new Linear(2, 4), new Tanh(), new Linear(4, Classes)).Initialize(seed: 4);

    // Every kind with values other than its defaults; weights and factors that are not binary fractions (0.1, 1/3) test
    // that the numbers come back bit for bit.
    public static TheoryData<string> Kinds => new()
    {
        "MSELoss", "L1Loss", "HuberLoss", "SmoothL1Loss", "BCELoss", "BCEWithLogitsLoss", "CrossEntropyLoss", "NLLLoss", "SoftMarginLoss", "SoftplusLoss",
    };

    private static Loss Make(string kind) => kind switch
    {
        "MSELoss" => new MseLoss(Reduction.BatchMean, 0.5),
        "L1Loss" => new L1Loss(Reduction.Sum, 0.1),
        "HuberLoss" => new HuberLoss(0.3, Reduction.Sum, 1.5),
        "SmoothL1Loss" => new SmoothL1Loss(0.7, Reduction.BatchMean, 2.0),
        "BCELoss" => new BceLoss(Reduction.Sum, 1.0 / 3),
        "BCEWithLogitsLoss" => new BceWithLogitsLoss(Reduction.BatchMean, 3.0),
        "CrossEntropyLoss" => new CrossEntropyLoss(Reduction.Mean, 0.5, weight: [0.1, 1.0 / 3, 2.5], labelSmoothing: 0.15),
        "NLLLoss" => new NllLoss(Reduction.Sum, 0.7, weight: [1.0, 0.0, 0.1]),
        "SoftMarginLoss" => new SoftMarginLoss(Reduction.Sum, 0.125),
        _ => new SoftplusLoss(Reduction.BatchMean, 0.1),
    };

    private static string Save(ModelBundle bundle)
    {
        using var stream = new MemoryStream();
        bundle.Save(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static ModelBundle Load(string json) => ModelBundle.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static long[] Bits(Matrix<double> m) => m.ToColumnMajorArray().Select(BitConverter.DoubleToInt64Bits).ToArray();

    // Predictions and targets in the kind's domain, Classes × 7, from a seeded generator.
    private static (Matrix<double> Prediction, Matrix<double> Target) Data(string kind, int seed)
    {
        var random = new Random(seed);
        double Uniform(double low, double high) => low + ((high - low) * random.NextDouble());
        Matrix<double> prediction = Matrix<double>.Build.Dense(Classes, 7, (_, _) => kind == "BCELoss" ? Uniform(0.01, 0.99) : Uniform(-3, 3));
        Matrix<double> target = Matrix<double>.Build.Dense(Classes, 7, (_, _) => kind switch
        {
            "BCELoss" or "BCEWithLogitsLoss" or "CrossEntropyLoss" or "NLLLoss" => Uniform(0, 1),
            "SoftMarginLoss" => random.Next(2) == 0 ? -1.0 : 1.0,
            _ => Uniform(-3, 3),
        });
        return (prediction, target);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryLossKind_RoundTrips_AndComputesTheSameBits(string kind)
    {
        Loss original = Make(kind);
        ModelBundle loaded = Load(Save(new ModelBundle(Net()) { Loss = original }));

        Loss copy = loaded.Loss!;
        copy.Should().NotBeSameAs(original);
        copy.GetType().Should().Be(original.GetType());
        copy.ToString().Should().Be(original.ToString());
        copy.Reduction.Should().Be(original.Reduction);
        BitConverter.DoubleToInt64Bits(copy.Scale).Should().Be(BitConverter.DoubleToInt64Bits(original.Scale));
        for (int seed = 0; seed < 3; seed++)
        {
            (Matrix<double> p, Matrix<double> t) = Data(kind, seed);
            double expected = original.Forward(p, t);
            long[] expectedGradient = Bits(original.Backward());
            BitConverter.DoubleToInt64Bits(copy.Forward(p, t)).Should().Be(BitConverter.DoubleToInt64Bits(expected), $"the value of sample set {seed}");
            Bits(copy.Backward()).Should().Equal(expectedGradient, $"the gradient of sample set {seed}");
            if (original is IClassIndexLoss byIndex)
            {
                int[] classes = Enumerable.Range(0, p.ColumnCount).Select(j => (j * 2 + seed) % Classes).ToArray();
                expected = byIndex.Forward(p, classes);
                expectedGradient = Bits(original.Backward());
                BitConverter.DoubleToInt64Bits(((IClassIndexLoss)copy).Forward(p, classes)).Should().Be(BitConverter.DoubleToInt64Bits(expected));
                Bits(copy.Backward()).Should().Equal(expectedGradient);
            }
        }
    }

    [Fact]
    public void TheHyperParameters_ComeBackAsGiven()
    {
        var huber = (HuberLoss)Load(Save(new ModelBundle(Net()) { Loss = Make("HuberLoss") })).Loss!;
        huber.Delta.Should().Be(0.3);
        var smooth = (SmoothL1Loss)Load(Save(new ModelBundle(Net()) { Loss = Make("SmoothL1Loss") })).Loss!;
        smooth.Beta.Should().Be(0.7);
        var ce = (CrossEntropyLoss)Load(Save(new ModelBundle(Net()) { Loss = Make("CrossEntropyLoss") })).Loss!;
        ce.Weight.Should().Equal(0.1, 1.0 / 3, 2.5);
        ce.LabelSmoothing.Should().Be(0.15);
        var nll = (NllLoss)Load(Save(new ModelBundle(Net()) { Loss = Make("NLLLoss") })).Loss!;
        nll.Weight.Should().Equal(1.0, 0.0, 0.1);
        var plain = (CrossEntropyLoss)Load(Save(new ModelBundle(Net()) { Loss = new CrossEntropyLoss() })).Loss!;
        plain.Weight.Should().BeNull("no weight list was given, so none comes back");
        plain.Reduction.Should().Be(Reduction.Mean);
        plain.Scale.Should().Be(1.0);
    }

    [Fact]
    public void TheLossEntry_UsesPyTorchsNames()
    {
        JsonObject root = JsonNode.Parse(Save(new ModelBundle(Net()) { Loss = Make("CrossEntropyLoss") }))!.AsObject();
        root["version"]!.GetValue<string>().Should().Be("1.3");
        JsonObject loss = root["loss"]!.AsObject();
        loss.Select(p => p.Key).Should().BeEquivalentTo("kind", "reduction", "scale", "weight", "label_smoothing");
        loss["kind"]!.GetValue<string>().Should().Be("CrossEntropyLoss");
        loss["reduction"]!.GetValue<string>().Should().Be("mean");
        loss["scale"]!.GetValue<double>().Should().Be(0.5);
        loss["weight"]!.AsArray().Select(w => w!.GetValue<double>()).Should().Equal(0.1, 1.0 / 3, 2.5);
        loss["label_smoothing"]!.GetValue<double>().Should().Be(0.15);

        JsonObject huber = JsonNode.Parse(Save(new ModelBundle(Net()) { Loss = Make("HuberLoss") }))!["loss"]!.AsObject();
        huber.Select(p => p.Key).Should().BeEquivalentTo("kind", "reduction", "scale", "delta");
        huber["reduction"]!.GetValue<string>().Should().Be("sum");
        huber["delta"]!.GetValue<double>().Should().Be(0.3);

        JsonObject smooth = JsonNode.Parse(Save(new ModelBundle(Net()) { Loss = Make("SmoothL1Loss") }))!["loss"]!.AsObject();
        smooth["reduction"]!.GetValue<string>().Should().Be("batchmean");
        smooth["beta"]!.GetValue<double>().Should().Be(0.7);

        foreach ((Loss given, string name) in new (Loss, string)[]
        {
            (new MseLoss(), "MSELoss"), (new BceLoss(), "BCELoss"), (new BceWithLogitsLoss(), "BCEWithLogitsLoss"), (new NllLoss(), "NLLLoss"),
        })
        {
            JsonNode.Parse(Save(new ModelBundle(Net()) { Loss = given }))!["loss"]!["kind"]!.GetValue<string>().Should().Be(name);
        }
    }

    [Fact]
    public void ABundleWithoutLoss_WritesNone_AndLoadsNone()
    {
        string json = Save(new ModelBundle(Net()));
        JsonNode.Parse(json)!.AsObject().ContainsKey("loss").Should().BeFalse();
        Load(json).Loss.Should().BeNull();
    }

    [Fact]
    public void ATrainingStateWithoutBundleLoss_WritesTheLossItsEpochsRanWith()
    {
        var net = Net();
        var sgd = new Sgd(net, 0.05);
        var state = new TrainingState();
        var x = Matrix<double>.Build.Dense(2, 4, (i, j) => Math.Sin(i + j));
        var y = Matrix<double>.Build.Dense(Classes, 4, (i, j) => Math.Cos(i - j));
        net.Fit(x, y, new HuberLoss(0.25, Reduction.Sum), sgd, state, new FitOptions { Epochs = 2, BatchSize = 2 });

        ModelBundle loaded = Load(Save(new ModelBundle(net) { Optimizer = sgd, TrainingState = state }));

        loaded.Loss.Should().BeOfType<HuberLoss>().Which.Delta.Should().Be(0.25);
        loaded.Loss!.Reduction.Should().Be(Reduction.Sum);
    }

    [Fact]
    public void AVersion1_2_File_LoadsWithoutLoss_AndItsStateResumesWithAnyLoss()
    {
        const string json = """
            {"format": "tinynets-model", "version": "1.2",
             "layers": [{"kind": "Linear", "in_features": 1, "out_features": 1, "bias": false}],
             "parameters": [{"name": "0.weight", "shape": [1, 1], "values": [0.5]}],
             "optimizer": {"kind": "SGD", "lr": 0.1, "momentum": 0, "dampening": 0, "nesterov": false, "weight_decay": 0, "steps": 2, "state": []},
             "training_state": {"epochs_completed": 1, "random_state": [1, 2, 3, 4], "order": [1, 0], "epochs_without_improvement": 0}}
            """;
        ModelBundle bundle = Load(json);
        bundle.Loss.Should().BeNull();

        var x = Matrix<double>.Build.DenseOfRowArrays(new[] { 1.0, 2.0 });
        bundle.Network.Fit(x, x, new L1Loss(), bundle.Optimizer!, bundle.TrainingState!, new FitOptions { Epochs = 1 });
        bundle.TrainingState!.EpochsCompleted.Should().Be(2);
    }

    // ---------------------------------------------------------------- refusals

    private static JsonObject Document(string kind) => JsonNode.Parse(Save(new ModelBundle(Net()) { Loss = Make(kind) }))!.AsObject();

    private static void Refused(string kind, Action<JsonObject> change, string location, params string[] says)
    {
        JsonObject d = Document(kind);
        change(d["loss"]!.AsObject());
        var e = Assert.Throws<ModelFormatException>(() => Load(d.ToJsonString()));
        e.Location.Should().Be(location, e.Message);
        e.Message.Should().StartWith($"At {location}: ");
        foreach (string text in says)
        {
            e.Message.Should().Contain(text);
        }
    }

    private const string At = "$.loss";

    [Fact]
    public void AnUnknownOrMissingKind_IsRefused()
    {
        Refused("MSELoss", l => l["kind"] = "KLDivLoss", At + ".kind", "MSELoss", "CrossEntropyLoss", "SoftplusLoss", "\"KLDivLoss\"");
        Refused("MSELoss", l => l["kind"] = "MseLoss", At + ".kind", "\"MseLoss\"");
        Refused("MSELoss", l => l.Remove("kind"), At + ".kind", "nothing was found");
        Refused("MSELoss", l => l["kind"] = 3, At + ".kind", "a string");
    }

    [Fact]
    public void ABadReductionOrScale_IsRefused()
    {
        Refused("L1Loss", l => l["reduction"] = "none", At + ".reduction", "\"mean\", \"sum\" or \"batchmean\"", "\"none\"");
        Refused("L1Loss", l => l["reduction"] = "Mean", At + ".reduction", "\"Mean\"");
        Refused("L1Loss", l => l.Remove("reduction"), At + ".reduction", "nothing was found");
        Refused("L1Loss", l => l["reduction"] = 1, At + ".reduction", "a string");
        Refused("L1Loss", l => l.Remove("scale"), At + ".scale", "\"scale\"", "none was found");
        Refused("L1Loss", l => l["scale"] = 0, At + ".scale", "positive", "0 was found");
        Refused("L1Loss", l => l["scale"] = -0.5, At + ".scale", "-0.5 was found");
        Refused("L1Loss", l => l["scale"] = "1", At + ".scale", "a finite number");
    }

    [Fact]
    public void MissingOrBadHyperParameters_AreRefused()
    {
        Refused("HuberLoss", l => l.Remove("delta"), At + ".delta", "HuberLoss needs \"delta\"", "none was found");
        Refused("HuberLoss", l => l["delta"] = 0, At + ".delta", "positive", "0 was found");
        Refused("HuberLoss", l => l["delta"] = -1, At + ".delta", "-1 was found");
        Refused("SmoothL1Loss", l => l.Remove("beta"), At + ".beta", "SmoothL1Loss needs \"beta\"");
        Refused("SmoothL1Loss", l => l["beta"] = -0.25, At + ".beta", "≥ 0", "-0.25 was found");
        Refused("CrossEntropyLoss", l => l.Remove("label_smoothing"), At + ".label_smoothing", "CrossEntropyLoss needs \"label_smoothing\"");
        Refused("CrossEntropyLoss", l => l["label_smoothing"] = 1.5, At + ".label_smoothing", "0 <= label_smoothing <= 1", "1.5 was found");
        Refused("CrossEntropyLoss", l => l["label_smoothing"] = -0.1, At + ".label_smoothing", "-0.1 was found");
    }

    [Fact]
    public void BadClassWeights_AreRefused()
    {
        Refused("CrossEntropyLoss", l => l["weight"] = new JsonArray(1.0, 2.0), At + ".weight", "3 class weights (one per output of the network)", "2 were found");
        Refused("NLLLoss", l => l["weight"] = new JsonArray(1.0, 2.0, 3.0, 4.0), At + ".weight", "3 class weights", "4 were found");
        Refused("NLLLoss", l => l["weight"] = new JsonArray(), At + ".weight", "0 were found");
        Refused("NLLLoss", l => l["weight"] = new JsonArray(1.0, -1.0, 2.0), At + ".weight[1]", "≥ 0", "-1 was found");
        Refused("CrossEntropyLoss", l => l["weight"] = "balanced", At + ".weight", "an array");
    }

    [Fact]
    public void ClassWeights_OfANetworkWithoutLinearLayer_NeedOnlyBeNonEmpty()
    {
        // No layer fixes the number of outputs, so any non-empty count fits (as the loss itself accepts it).
        var net = new Sequential(new LogSoftmax());
        ModelBundle loaded = Load(Save(new ModelBundle(net) { Loss = new NllLoss(weight: [1.0, 2.0]) }));
        ((NllLoss)loaded.Loss!).Weight.Should().Equal(1.0, 2.0);

        JsonObject d = JsonNode.Parse(Save(new ModelBundle(net) { Loss = new NllLoss(weight: [1.0, 2.0]) }))!.AsObject();
        d["loss"]!["weight"] = new JsonArray();
        var e = Assert.Throws<ModelFormatException>(() => Load(d.ToJsonString()));
        e.Location.Should().Be("$.loss.weight");
        e.Message.Should().Contain("at least one class weight");
    }

    [Fact]
    public void KeysOfOtherKinds_AreIgnored_AsAnyUnknownKey()
    {
        // A newer minor version may add keys; a reader ignores what it does not know, here a delta on an L1 loss.
        JsonObject d = Document("L1Loss");
        d["loss"]!["delta"] = 2.0;
        d["loss"]!["ignore_index"] = -100;
        Load(d.ToJsonString()).Loss.Should().BeOfType<L1Loss>();
    }

    // ---------------------------------------------------------------- what the bundle refuses

    private sealed class CubeLoss : ElementwiseLoss
    {
        public CubeLoss()
            : base(Reduction.Sum, 1.0)
        {
        }

        protected override double Term(double prediction, double target, out double derivative)
        {
            double r = prediction - target;
            derivative = 3 * r * r;
            return r * r * r;
        }
    }

    [Fact]
    public void ALossOfTheUsersOwnType_IsRefusedOnSave_NamingIt_AndNothingIsWritten()
    {
        var bundle = new ModelBundle(Net()) { Loss = new CubeLoss() };
        using var stream = new MemoryStream();
        var e = Assert.Throws<NotSupportedException>(() => bundle.Save(stream));
        e.Message.Should().Contain(typeof(CubeLoss).FullName!).And.Contain("MSELoss").And.Contain("SoftplusLoss");
        stream.Length.Should().Be(0);
    }

    [Fact]
    public void ClassWeights_ThatAreNotOnePerOutput_AreRefusedByTheBundle()
    {
        Action act = () => _ = new ModelBundle(Net()) { Loss = new CrossEntropyLoss(weight: [1.0, 2.0]) };
        var e = act.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("Loss");
        e.Message.Should().Contain("2 class weights").And.Contain("(3)");
    }

    [Fact]
    public void ALossOtherThanTheStatesRecord_IsRefusedByTheBundle_InEitherOrder()
    {
        var net = new Sequential(new Linear(1, 1));
        var state = new TrainingState();
        var x = Matrix<double>.Build.DenseOfRowArrays(new[] { 1.0, 2.0 });
        net.Fit(x, x, new HuberLoss(0.5), new Sgd(net, 0.1), state, new FitOptions { Epochs = 1 });

        Action lossLast = () => _ = new ModelBundle(net) { TrainingState = state, Loss = new HuberLoss(0.25) };
        var e = lossLast.Should().Throw<ArgumentException>().Which;
        e.ParamName.Should().Be("Loss");
        e.Message.Should().Contain("HuberLoss(delta=0.5, reduction=Mean)").And.Contain("HuberLoss(delta=0.25, reduction=Mean)");

        Action stateLast = () => _ = new ModelBundle(net) { Loss = new MseLoss(), TrainingState = state };
        stateLast.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("TrainingState");

        new ModelBundle(net) { TrainingState = state, Loss = new HuberLoss(0.5) }.Loss.Should().BeOfType<HuberLoss>();
    }

    [Fact]
    public void AStateFittedWithAnotherLossAfterTheBundleWasMade_IsRefusedOnSave()
    {
        // The state recorded no loss when the bundle was made; fitting it afterwards with another loss than the bundle's
        // would save a file whose loss is not the one the state's epochs ran with.
        var net = new Sequential(new Linear(1, 1));
        var sgd = new Sgd(net, 0.1);
        var state = new TrainingState();
        var bundle = new ModelBundle(net) { Optimizer = sgd, TrainingState = state, Loss = new MseLoss() };
        var x = Matrix<double>.Build.DenseOfRowArrays(new[] { 1.0, 2.0 });
        net.Fit(x, x, new L1Loss(), sgd, state, new FitOptions { Epochs = 1 });

        using var stream = new MemoryStream();
        var e = Assert.Throws<ArgumentException>(() => bundle.Save(stream));
        e.ParamName.Should().Be("Loss");
        e.Message.Should().Contain("L1Loss(reduction=Mean)").And.Contain("MseLoss(reduction=Mean)");
        stream.Length.Should().Be(0);
    }
}
