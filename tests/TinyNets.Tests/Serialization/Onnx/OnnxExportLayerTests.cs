using TinyNets.Serialization.Onnx;
using static TinyNets.Tests.Serialization.Onnx.OnnxExportTestSupport;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// Every layer type through ONNX Runtime: in float64 the exported graph computes what TinyNets' Forward computes, to
/// 1e-12 relative, on random batches and, for the float64 compositions (LeakyReLU, SELU, Softplus), on the inputs where a
/// naive composition would go wrong.
/// </summary>
public class OnnxExportLayerTests
{
    internal static readonly string[] LayerNameList = ["Linear", "LinearNoBias", "ReLU", "Sigmoid", "Tanh", "Identity", "Softmax", "LogSoftmax", "LeakyReLU", "Selu", "Softplus", "SoftplusBetaThreshold", "Dropout"];

    public static TheoryData<string> LayerNames => new(LayerNameList);

    // A Linear 5 → 4 in front of the layer under test, so that the layer sees a varied batch of four features.
    internal static Sequential WithLayer(string name) => new Sequential(name switch
    {
        "Linear" => [new Linear(5, 4), new Linear(4, 3)],
        "LinearNoBias" => [new Linear(5, 4), new Linear(4, 3, bias: false)],
        "ReLU" => [new Linear(5, 4), new ReLU()],
        "Sigmoid" => [new Linear(5, 4), new Sigmoid()],
        "Tanh" => [new Linear(5, 4), new Tanh()],
        "Identity" => [new Linear(5, 4), new Identity()],
        "Softmax" => [new Linear(5, 4), new Softmax()],
        "LeakyReLU" => [new Linear(5, 4), new LeakyReLU(0.137)],
        "Selu" => [new Linear(5, 4), new Selu()],
        "Softplus" => [new Linear(5, 4), new Softplus()],
        "SoftplusBetaThreshold" => [new Linear(5, 4), new Softplus(beta: 0.75, threshold: 1.5)],
        "LogSoftmax" => [new Linear(5, 4), new LogSoftmax()],
        "Dropout" => [new Linear(5, 4), new Dropout(0.3)],
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    }).Initialize(17).Eval(); // an export is an inference graph: Dropout is compared with Forward in eval mode

    [Theory]
    [MemberData(nameof(LayerNames))]
    public void F64_EveryLayerType_MatchesForwardOnARandomBatch(string layer)
    {
        Sequential net = WithLayer(layer);
        Matrix<double> x = RandomBatch(5, 64, seed: 3, scale: 4.0);
        using OnnxRuntimeRunner runner = Load(net);

        ShouldMatchExactly(RunF64(runner, x), net.Forward(x), layer);
    }

    // The compositions on their hard inputs, to 1e-12 relative even where the value is tiny. A naive expm1 = Exp(x) − 1 returns 0 for x = ±1e-300 and ±1e-10 keeps only
    // about 6 of 16 digits (e^(1e-10) is rounded to a multiple of 2^-52 ≈ 2.2e-16 before 1 is subtracted), so SELU's
    // negative side would be wrong far beyond 1e-12; Kahan's (u − 1)·x / log(u) cancels that rounding. A naive
    // softplus = Log(1 + Exp(x)) overflows to ∞ at x = 710 and beyond (e^800 = ∞), returns 0 instead of e^x for x ≤ −37
    // (1 + e^x rounds to 1) and loses digits long before (at x = −30, 1 + e^x keeps 3 of e^x's 16 digits);
    // max(x, 0) + log1p(e^(−|x|)) with Goldberg's log1p does not.
    // x = ±700 and ±800 also reach e^x = ∞ or 0 on the branch that Where drops, which must not leak a NaN.
    public static readonly double[] EdgeInputs =
        [0.0, 1e-300, -1e-300, 1e-10, -1e-10, 0.5, -0.5, 1.0, -1.0, 30.0, -30.0, 50.0, -50.0, 700.0, -700.0, 800.0, -800.0];

    public static TheoryData<string> Compositions => new() { "LeakyReLU", "Selu", "Softplus", "SoftplusBeta", "SoftplusExact" };

    private static Layer Composition(string layer) => layer switch
    {
        "LeakyReLU" => new LeakyReLU(0.137),
        "Selu" => new Selu(),
        "SoftplusBeta" => new Softplus(beta: 0.37, threshold: 3),
        "SoftplusExact" => new Softplus(threshold: double.MaxValue),
        _ => new Softplus(),
    };

    [Theory]
    [MemberData(nameof(Compositions))]
    public void F64_Compositions_MatchForwardOnTheEdgeInputs(string layer)
    {
        var net = new Sequential(Composition(layer));
        Matrix<double> x = Row(EdgeInputs);
        using OnnxRuntimeRunner runner = Load(net);

        Matrix<double> ort = RunF64(runner, x);

        ShouldMatchRelatively(ort, net.Forward(x), layer);
        ort.Enumerate().Should().OnlyContain(v => double.IsFinite(v), "no edge input overflows or gives NaN");
    }

    // An independent check of the compositions' values (not TinyNets' own): expm1 and log1p from their series where they
    // are tiny, the plain formulas where they are accurate.
    [Fact]
    public void F64_Compositions_GiveTheTrueValuesOnTinyInputs()
    {
        var selu = new Sequential(new Selu());
        var softplus = new Sequential(new Softplus());
        Matrix<double> x = Row(-1e-10, -1e-300, 800.0, -800.0);
        using OnnxRuntimeRunner seluRunner = Load(selu);
        using OnnxRuntimeRunner softplusRunner = Load(softplus);

        Matrix<double> s = RunF64(seluRunner, x);
        Matrix<double> p = RunF64(softplusRunner, x);

        // Relative tolerances: the SELU values are tiny, and an absolute one would accept Exp(x) − 1.
        double la = Selu.Lambda * Selu.Alpha;
        s[0, 0].Should().BeApproximately(la * (-1e-10 + (1e-20 / 2)), 1e-12 * la * 1e-10); // expm1(x) = x + x²/2 + …
        s[0, 1].Should().BeApproximately(la * -1e-300, 1e-12 * la * 1e-300);
        s[0, 2].Should().BeApproximately(Selu.Lambda * 800.0, 1e-12 * 800.0);
        s[0, 3].Should().BeApproximately(-la, 1e-12 * la);
        p[0, 0].Should().BeApproximately(Math.Log(2) - (1e-10 / 2), 1e-12); // softplus(x) = ln 2 + x/2 + …
        p[0, 1].Should().BeApproximately(Math.Log(2), 1e-12);
        p[0, 2].Should().Be(800.0, "800 + e^−800 is 800");
        p[0, 3].Should().Be(Math.Exp(-800.0), "softplus(−800) = e^−800 underflows to 0, as it should");
    }

    // float32: ONNX's own operators (LeakyRelu, Selu, Softplus with float32 attributes), within the propagated float32
    // rounding bound of the exact computation on the float32 weights and inputs (OnnxExportTestSupport.Float32ErrorBound).
    [Theory]
    [MemberData(nameof(LayerNames))]
    public void F32_EveryLayerType_IsTheFloat32ComputationOfForward(string layer)
    {
        Sequential net = WithLayer(layer);
        Matrix<double> x = RandomBatch(5, 64, seed: 3, scale: 4.0);
        using OnnxRuntimeRunner runner = Load(net, new OnnxExportOptions { ElementType = OnnxElementType.F32 });

        ShouldMatchWithinFloat32Rounding(RunF32(runner, x), net, x, layer);
    }

    // The edge inputs in float32 (±1e-300 round to ±0 there; ±800 are finite floats whose exponential overflows): the
    // results stay finite and within float32 rounding of the exact values.
    [Theory]
    [MemberData(nameof(Compositions))]
    public void F32_ActivationsWithoutDoubleKernels_AreFiniteAndRoundedOnTheEdgeInputs(string layer)
    {
        var net = new Sequential(Composition(layer));
        Matrix<double> x = Row(EdgeInputs);
        using OnnxRuntimeRunner runner = Load(net, new OnnxExportOptions { ElementType = OnnxElementType.F32 });

        Matrix<double> ort = RunF32(runner, x);

        ort.Enumerate().Should().OnlyContain(v => double.IsFinite(v), "no edge input overflows or gives NaN");
        ShouldMatchWithinFloat32Rounding(ort, net, x, layer);
    }
}
