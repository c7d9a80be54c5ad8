using System.IO;
using TinyNets.Data;
using TinyNets.Serialization.Onnx;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// What the exporter refuses: each error names the argument and says what was expected and what was given; nothing is
/// written to a stream or a file then.
/// </summary>
public class OnnxExportErrorTests
{
    private static Sequential Net() => new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2)).Initialize(1);

    private static StandardScaler Fitted(int features) => StandardScaler.FromFitted(new double[features], Enumerable.Repeat(1.0, features).ToArray());

    // A layer of the user's own, which the exporter cannot know (the export's other tests use it too).
    internal sealed class Doubler : Layer
    {
        protected override void ForwardCore(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
        {
            for (int i = 0; i < x.Length; i++)
            {
                y[i] = 2 * x[i];
            }
        }

        protected override void BackwardCore(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> dy, Span<double> dx, int rows, int columns)
        {
            for (int i = 0; i < dy.Length; i++)
            {
                dx[i] = 2 * dy[i];
            }
        }

        public override string ToString() => "Doubler()";
    }

    public static TheoryData<string, OnnxExportOptions, string> BadOptions() => new()
    {
        { "element type", new OnnxExportOptions { ElementType = (OnnxElementType)5 }, "Element type 5 cannot be exported; F32 or F64 was expected." },
        { "probabilities", new OnnxExportOptions { Probabilities = (OnnxProbabilities)7 }, "Probabilities 7 is not an OnnxProbabilities value*" },
        { "empty input name", new OnnxExportOptions { InputName = "" }, "InputName is empty; a non-empty name was expected." },
        { "null output name", new OnnxExportOptions { OutputName = null! }, "OutputName is null; a non-empty name was expected." },
        { "same names", new OnnxExportOptions { InputName = "x", OutputName = "x" }, "InputName and OutputName are both \"x\"*" },
        { "empty probabilities name", new OnnxExportOptions { Probabilities = OnnxProbabilities.Softmax, ProbabilitiesName = "" }, "ProbabilitiesName is empty*" },
        { "probabilities named as the output", new OnnxExportOptions { Probabilities = OnnxProbabilities.Sigmoid, ProbabilitiesName = "output" }, "ProbabilitiesName \"output\" is also the input's or the output's name*" },
        { "output named as a weight", new OnnxExportOptions { OutputName = "2.weight" }, "OutputName \"2.weight\" is the name of a tensor of the exported graph*" },
        { "input named as a value", new OnnxExportOptions { InputName = "/1/Relu:0" }, "InputName \"/1/Relu:0\" is the name of a tensor of the exported graph*" },
        { "probabilities of targets", new OnnxExportOptions { Probabilities = OnnxProbabilities.Softmax, TargetScaler = Fitted(2) }, "Probabilities Softmax with a TargetScaler: probabilities are computed from logits, not from targets*" },
        { "unfitted input scaler", new OnnxExportOptions { InputScaler = new MinMaxScaler() }, "The InputScaler (MinMaxScaler) has not been fitted*" },
        { "input scaler size", new OnnxExportOptions { InputScaler = Fitted(4) }, "The InputScaler was fitted on 4 features, but the network's input size is 3." },
        { "target scaler size", new OnnxExportOptions { TargetScaler = Fitted(3) }, "The TargetScaler was fitted on 3 features, but the network's output size is 2." },
        { "null metadata value", new OnnxExportOptions { Metadata = new Dictionary<string, string> { ["k"] = null! } }, "Metadata entry \"k\" has a null key or value*" },
        {
            "scaler value beyond float32",
            new OnnxExportOptions { ElementType = OnnxElementType.F32, InputScaler = StandardScaler.FromFitted([0, 1e39, 0], [1, 1, 1]) },
            "InputScaler value \"input_scaler.center\" entry [1] is 1E+39, beyond float32's range*"
        },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void BadOptions_AreRefused_NamingTheOption_AndNothingIsWritten(string because, OnnxExportOptions options, string message)
    {
        Sequential net = Net();
        using var stream = new MemoryStream();

        Action act = () => net.SaveOnnx(stream, options);

        act.Should().Throw<ArgumentException>(because).WithMessage(message + " (Parameter 'options')").Which.ParamName.Should().Be("options");
        stream.Length.Should().Be(0, "nothing is written on an error");
    }

    [Fact]
    public void F32_AWeightBeyondFloat32_IsRefused_NamingTheParameterAndEntry()
    {
        Sequential net = Net();
        net.GetParameter("2.weight").Data[3] = -1e300; // column-major 2×4: row 1, column 1

        Action act = () => net.ToOnnx(new OnnxExportOptions { ElementType = OnnxElementType.F32 });

        act.Should().Throw<ArgumentException>()
            .WithMessage("Parameter \"2.weight\" entry [1, 1] is -1E+300, beyond float32's range (±3.4028235E+38); export as F64*")
            .Which.ParamName.Should().Be("network");
        net.ToOnnx().Should().NotBeEmpty("float64 holds it");
    }

    [Theory]
    [InlineData(OnnxElementType.F64)]
    [InlineData(OnnxElementType.F32)]
    public void ANonFiniteParameter_IsRefused_NamingTheParameterAndEntry(OnnxElementType type)
    {
        Sequential net = Net();
        net.GetParameter("0.bias").Data[2] = double.NaN;

        Action act = () => net.ToOnnx(new OnnxExportOptions { ElementType = type });

        act.Should().Throw<ArgumentException>()
            .WithMessage("Parameter \"0.bias\" entry [2] is NaN; only finite values can be exported.*")
            .Which.ParamName.Should().Be("network");
    }

    [Fact]
    public void F32_ASlopeBeyondFloat32_IsRefused_NamingTheLayer()
    {
        var net = new Sequential(new Linear(2, 2), new LeakyReLU(1e40));

        Action act = () => net.ToOnnx(new OnnxExportOptions { ElementType = OnnxElementType.F32 });

        act.Should().Throw<ArgumentException>().WithMessage("Layer 1 (LeakyReLU(negative_slope=1E+40)) has a negative slope of 1E+40, beyond float32's range*")
            .Which.ParamName.Should().Be("network");
    }

    [Fact]
    public void AnUnknownLayerType_IsNotSupported_NamingItsIndexAndType()
    {
        var net = new Sequential(new Linear(2, 2), new Doubler());

        Action act = () => net.ToOnnx();

        act.Should().Throw<NotSupportedException>()
            .WithMessage("Layer 1 (TinyNets.Tests.Serialization.Onnx.OnnxExportErrorTests+Doubler: Doubler()) cannot be exported to ONNX*");
    }

    [Fact]
    public void EveryLayerTypeOfTheLibrary_IsExported()
    {
        Type[] layerTypes = typeof(Layer).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(Layer)) && !t.IsAbstract)
            .ToArray();

        layerTypes.Should().HaveCount(OnnxExportLayerTests.LayerNameList.Length - 2, "the layer tests cover each type (Linear and Softplus twice: with and without bias, with default and other β and threshold)");
        foreach (string name in OnnxExportLayerTests.LayerNameList)
        {
            Sequential net = OnnxExportLayerTests.WithLayer(name);
            net.ToOnnx().Should().NotBeEmpty();
        }

        OnnxExportLayerTests.LayerNameList.Select(n => OnnxExportLayerTests.WithLayer(n)[^1].GetType()).Distinct()
            .Should().BeEquivalentTo(layerTypes);
    }

    [Fact]
    public void NullArguments_AreRefused()
    {
        Sequential net = Net();

        FluentActions.Invoking(() => ((Sequential)null!).ToOnnx()).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("network");
        FluentActions.Invoking(() => net.SaveOnnx((Stream)null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("stream");
        FluentActions.Invoking(() => net.SaveOnnx((string)null!)).Should().Throw<ArgumentNullException>().Which.ParamName.Should().Be("path");
        FluentActions.Invoking(() => net.SaveOnnx("")).Should().Throw<ArgumentException>().Which.ParamName.Should().Be("path");
    }

    [Fact]
    public void AReadOnlyStream_IsRefused()
    {
        using var stream = new MemoryStream(new byte[16], writable: false);

        FluentActions.Invoking(() => Net().SaveOnnx(stream)).Should().Throw<ArgumentException>()
            .WithMessage("The stream cannot be written*").Which.ParamName.Should().Be("stream");
    }

    [Fact]
    public void SaveToPath_OnAnError_DoesNotCreateOrTouchTheFile()
    {
        Sequential net = Net();
        var bad = new OnnxExportOptions { InputScaler = Fitted(5) };
        string fresh = Path.Combine(Path.GetTempPath(), $"tinynets-onnx-{Guid.NewGuid():N}.onnx");
        string existing = Path.Combine(Path.GetTempPath(), $"tinynets-onnx-{Guid.NewGuid():N}.onnx");
        try
        {
            File.WriteAllBytes(existing, [1, 2, 3]);

            FluentActions.Invoking(() => net.SaveOnnx(fresh, bad)).Should().Throw<ArgumentException>();
            FluentActions.Invoking(() => new Sequential(new Doubler()).SaveOnnx(existing)).Should().Throw<NotSupportedException>();

            File.Exists(fresh).Should().BeFalse();
            File.ReadAllBytes(existing).Should().Equal(1, 2, 3);
        }
        finally
        {
            File.Delete(fresh);
            File.Delete(existing);
        }
    }
}
