using System.IO;
using System.Text;
using System.Text.Json.Nodes;
using TinyNets.Data;
using TinyNets.Inference;
using TinyNets.Optimizers.Schedules;
using TinyNets.Serialization;
using TinyNets.Training;

namespace TinyNets.Tests.Serialization;

/// <summary>
/// The model file's bundle, writer and path pieces: every check of a bundle's parts refuses with its whole message and
/// the property it names, the writer refuses non-finite values naming what holds them and writes only the keys the
/// format lists, and the reader's first pass names JSON paths (plain keys, quoted keys, array positions) exactly.
/// </summary>
public class ModelFileMutationTests
{
    private static Sequential Net() => new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 1)).Initialize(seed: 3);

    private static byte[] Bytes(ModelBundle bundle)
    {
        using var stream = new MemoryStream();
        bundle.Save(stream);
        return stream.ToArray();
    }

    private static JsonObject Json(ModelBundle bundle) => JsonNode.Parse(Bytes(bundle))!.AsObject();

    private static ModelBundle Load(string json) => ModelBundle.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static StandardScaler FittedOn(int features)
    {
        var scaler = new StandardScaler();
        scaler.Fit(Matrix<double>.Build.Dense(features, 3, (i, j) => i + (j * j)));
        return scaler;
    }

    // ------------------------------------------------------------------ null arguments

    [Fact]
    public void NullArguments_AreRefusedNamingTheArgument()
    {
        FluentActions.Invoking(() => new ModelBundle(null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("network");
        FluentActions.Invoking(() => new ModelBundle(Net()) { Metadata = null! }).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("Metadata");

        // With an input scaler the pass would otherwise fail in the scaler, naming its own argument.
        var bundle = new ModelBundle(Net()) { InputScaler = FittedOn(2) };
        FluentActions.Invoking(() => bundle.Predict(null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("inputs");
        FluentActions.Invoking(() => bundle.Save((Stream)null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("stream");
        FluentActions.Invoking(() => ModelBundle.Load((Stream)null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("stream");
        FluentActions.Invoking(() => ModelBundle.Load((string)null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("path");
        FluentActions.Invoking(() => ModelBundleEstimators.ToClassifier(null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("bundle");
        FluentActions.Invoking(() => ModelBundleEstimators.ToRegressor(null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("bundle");
    }

    [Fact]
    public void SaveToANullPath_IsRefusedBeforeTheBundleIsWritten()
    {
        // The bundle cannot be written (a NaN weight); the null path is refused first.
        Sequential net = Net();
        net.NamedParameters[0].Value.Data[0] = double.NaN;
        FluentActions.Invoking(() => new ModelBundle(net).Save((string)null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("path");
    }

    // ------------------------------------------------------------------ the bundle's parts

    [Fact]
    public void ATrainingStateOfOtherParameters_IsRefused()
    {
        var state = new TrainingState(1, null, null, 0.5, 1, 0, ["x"], [[1.0]], null);
        FluentActions.Invoking(() => new ModelBundle(Net()) { TrainingState = state }).Should().Throw<ArgumentException>()
            .Where(e => e.ParamName == "TrainingState" && e.Message.StartsWith("The training state holds weights of parameters \"x\", which do not fit this network: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Scalers_OfAnotherSizeOrUnfitted_AreRefusedWithTheWholeMessage()
    {
        FluentActions.Invoking(() => new ModelBundle(Net()) { InputScaler = FittedOn(3) }).Should().Throw<ArgumentException>()
            .WithMessage("InputScaler must be fitted on 2 features (the network's input features); it was fitted on 3. (Parameter 'InputScaler')");
        FluentActions.Invoking(() => new ModelBundle(Net()) { TargetScaler = FittedOn(2) }).Should().Throw<ArgumentException>()
            .WithMessage("TargetScaler must be fitted on 1 features (the network's outputs); it was fitted on 2. (Parameter 'TargetScaler')");
        FluentActions.Invoking(() => new ModelBundle(Net()) { TargetScaler = new StandardScaler() }).Should().Throw<ArgumentException>()
            .WithMessage("A fitted scaler was expected for TargetScaler; this StandardScaler has not been fitted. (Parameter 'TargetScaler')");
    }

    [Fact]
    public void ClassNames_NullOrRepeated_AreRefusedWithTheWholeMessage()
    {
        FluentActions.Invoking(() => new ModelBundle(Net()) { ClassNames = ["a", null!, "b"] }).Should().Throw<ArgumentException>()
            .WithMessage("Class name 1 is null; each class needs its own name. (Parameter 'ClassNames')");
        FluentActions.Invoking(() => new ModelBundle(Net()) { ClassNames = ["a", "b", "a"] }).Should().Throw<ArgumentException>()
            .WithMessage("Class name 2 is \"a\" again; each class needs its own name. (Parameter 'ClassNames')");
        new ModelBundle(Net()) { ClassNames = ["a", "b"] }.ClassNames.Should().Equal("a", "b");
    }

    [Fact]
    public void Metadata_WithANullValue_IsRefusedWithTheWholeMessage() =>
        FluentActions.Invoking(() => new ModelBundle(Net()) { Metadata = new Dictionary<string, string> { ["origin"] = "x", ["note"] = null! } })
            .Should().Throw<ArgumentException>().WithMessage("Metadata \"note\" has a null value. (Parameter 'Metadata')");

    [Fact]
    public void AnOptimizerOfOtherParameters_IsRefusedNamingBothLists()
    {
        var wider = new Sequential(new Linear(2, 2), new ReLU(), new Linear(2, 2), new Linear(2, 1));
        FluentActions.Invoking(() => new ModelBundle(Net()) { Optimizer = new Sgd(wider, 0.1) }).Should().Throw<ArgumentException>()
            .WithMessage("The optimizer must update exactly the network's parameters under their names (\"0.weight\", \"0.bias\", \"2.weight\", \"2.bias\"); "
                + "it updates \"0.weight\", \"0.bias\", \"2.weight\", \"2.bias\", \"3.weight\", \"3.bias\". (Parameter 'Optimizer')");

        // The same names, but the parameters of another network.
        FluentActions.Invoking(() => new ModelBundle(Net()) { Optimizer = new Sgd(Net(), 0.1) }).Should().Throw<ArgumentException>()
            .WithMessage("The optimizer must update exactly the network's parameters under their names (\"0.weight\", \"0.bias\", \"2.weight\", \"2.bias\"); "
                + "it updates \"0.weight\", \"0.bias\", \"2.weight\", \"2.bias\" (other objects). (Parameter 'Optimizer')");
    }

    // ------------------------------------------------------------------ estimators

    [Fact]
    public void ToClassifier_RefusesABundleWithATargetScaler_AndTakesTheClassNamesOtherwise()
    {
        var regression = new ModelBundle(Net()) { TargetScaler = FittedOn(1) };
        FluentActions.Invoking(() => regression.ToClassifier()).Should().Throw<ArgumentException>()
            .WithMessage("The bundle has a target scaler, so its network is a regressor; use ToRegressor. (Parameter 'bundle')");
        regression.ToRegressor().Should().NotBeNull();

        var net = new Sequential(new Linear(2, 2)).Initialize(seed: 1);
        Classifier classifier = new ModelBundle(net) { ClassNames = ["cat", "dog"] }.ToClassifier();
        classifier.ClassNames.Should().Equal("cat", "dog");
    }

    // ------------------------------------------------------------------ the writer

    [Fact]
    public void ANonFiniteParameter_IsRefusedNamingItAndItsStorageIndex()
    {
        Sequential net = Net();
        net.NamedParameters[0].Value.Data[0] = double.NaN;
        FluentActions.Invoking(() => Bytes(new ModelBundle(net))).Should().Throw<ArgumentException>()
            .WithMessage("The parameter \"0.weight\" holds NaN at storage index 0; a model file holds finite values only.");

        Sequential other = Net();
        other.NamedParameters[1].Value.Data[1] = double.NaN;
        FluentActions.Invoking(() => Bytes(new ModelBundle(other))).Should().Throw<ArgumentException>()
            .WithMessage("The parameter \"0.bias\" holds NaN at storage index 1; a model file holds finite values only.");
    }

    [Fact]
    public void NonFiniteBestOrLastWeights_AreRefusedNamingThem()
    {
        var net = new Sequential(new Linear(1, 1, bias: false));
        var best = new TrainingState(2, null, null, 0.5, 1, 1, ["0.weight"], [[double.NaN]], [[1.0]]);
        FluentActions.Invoking(() => Bytes(new ModelBundle(net) { TrainingState = best })).Should().Throw<ArgumentException>()
            .WithMessage("The best-epoch weight \"0.weight\" holds NaN at storage index 0; a model file holds finite values only.");
        var last = new TrainingState(2, null, null, 0.5, 1, 1, ["0.weight"], [[1.0]], [[double.NaN]]);
        FluentActions.Invoking(() => Bytes(new ModelBundle(net) { TrainingState = last })).Should().Throw<ArgumentException>()
            .WithMessage("The last-epoch weight \"0.weight\" holds NaN at storage index 0; a model file holds finite values only.");
    }

    [Fact]
    public void ANonFiniteOptimizerBuffer_IsRefusedNamingItsBufferAndParameter()
    {
        var net = new Sequential(new Linear(1, 2, bias: false));
        var sgd = new Sgd(net, 0.1, momentum: 0.9);
        Parameter weight = net.NamedParameters[0].Value;
        weight.GradientData[1] = double.NaN;
        sgd.Step();

        // The weight is finite again; its momentum buffer keeps the NaN.
        weight.Data.Fill(0.5);
        FluentActions.Invoking(() => Bytes(new ModelBundle(net) { Optimizer = sgd })).Should().Throw<ArgumentException>()
            .WithMessage("The optimizer buffer \"momentum_buffer\" of parameter \"0.weight\" holds NaN at storage index 1; a model file holds finite values only.");
    }

    [Fact]
    public void ABundleOfANetworkAlone_WritesOnlyTheRequiredKeys() =>
        Json(new ModelBundle(Net())).Select(kv => kv.Key).Should().Equal("format", "version", "layers", "parameters");

    [Fact]
    public void AStepSchedule_IsWrittenWithoutThePlateausCounters()
    {
        var net = new Sequential(new Linear(1, 1)).Initialize(seed: 1);
        var sgd = new Sgd(net, 0.1);
        var state = new TrainingState();
        net.Fit(Matrix<double>.Build.Dense(1, 2, 1.0), Matrix<double>.Build.Dense(1, 2, 0.5), new MseLoss(), sgd, state,
            new FitOptions { Epochs = 1, Schedule = new StepLR(sgd, 2, 0.5) });
        JsonObject schedule = Json(new ModelBundle(net) { Optimizer = sgd, TrainingState = state })["training_state"]!["schedule"]!.AsObject();
        schedule.Select(kv => kv.Key).Should().BeEquivalentTo("kind", "step_size", "gamma", "last_epoch", "base_lr");
    }

    [Fact]
    public void APlateauInMinAndRelativeMode_WritesMinAndRel()
    {
        var net = new Sequential(new Linear(1, 1)).Initialize(seed: 1);
        var sgd = new Sgd(net, 0.1);
        var state = new TrainingState();
        net.Fit(Matrix<double>.Build.Dense(1, 2, 1.0), Matrix<double>.Build.Dense(1, 2, 0.5), new MseLoss(), sgd, state,
            new FitOptions { Epochs = 1, Schedule = new ReduceLROnPlateau(sgd, PlateauMode.Min, thresholdMode: ThresholdMode.Relative) });
        JsonObject schedule = Json(new ModelBundle(net) { Optimizer = sgd, TrainingState = state })["training_state"]!["schedule"]!.AsObject();
        schedule["mode"]!.GetValue<string>().Should().Be("min");
        schedule["threshold_mode"]!.GetValue<string>().Should().Be("rel");
    }

    [Fact]
    public void AScalerOfAnotherKind_IsRefusedNamingIt()
    {
        var scaler = new CenteringScaler();
        scaler.Fit(Matrix<double>.Build.Dense(2, 3, 1.0));
        FluentActions.Invoking(() => Bytes(new ModelBundle(Net()) { InputScaler = scaler })).Should().Throw<NotSupportedException>()
            .WithMessage("A CenteringScaler cannot be described in a model file; StandardScaler and MinMaxScaler can.");
    }

    // ------------------------------------------------------------------ paths in the reader's messages

    [Theory]
    [InlineData("_a", "$._a.k")]
    [InlineData("a1_", "$.a1_.k")]
    [InlineData("", "$[''].k")]
    [InlineData("1a", "$['1a'].k")]
    [InlineData("a-b", "$['a-b'].k")]
    [InlineData("it's\\\\here", "$['it\\'s\\\\here'].k")]
    public void ADuplicateKey_IsRefusedAtItsPath(string keyInJson, string path)
    {
        var e = Assert.Throws<ModelFormatException>(() => Load("{\"" + keyInJson + "\": {\"k\": 1, \"k\": 2}}"));
        e.Location.Should().Be(path);
        e.Message.Should().Be($"At {path}: each key may appear once in an object; key \"k\" appears again.");
    }

    [Fact]
    public void ADuplicateKey_AfterNumbersInAnArray_IsRefusedAtItsIndex()
    {
        var e = Assert.Throws<ModelFormatException>(() => Load("{\"layers\": [1, \"two\", null, {\"k\": 1, \"k\": 2}]}"));
        e.Message.Should().Be("At $.layers[3].k: each key may appear once in an object; key \"k\" appears again.");
    }

    [Fact]
    public void TheDefaultException_HasTheGenericMessage()
    {
        var e = new ModelFormatException();
        e.Message.Should().Be("The model file could not be read.");
        e.Location.Should().BeNull();
        e.SourceName.Should().BeNull();
    }

    /// <summary>A scaler of the library's kind that is neither a StandardScaler nor a MinMaxScaler: center 0, scale 1.</summary>
    private sealed class CenteringScaler : FeatureScaler
    {
        public CenteringScaler()
            : base(0.0, 1.0)
        {
        }

        private protected override void FitCore(ReadOnlySpan<double> storage, int rows, int samples, Span<double> center, Span<double> scale)
        {
            center.Clear();
            scale.Fill(1.0);
        }
    }
}
