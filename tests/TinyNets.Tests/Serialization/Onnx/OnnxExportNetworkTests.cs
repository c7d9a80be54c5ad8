using TinyNets.Serialization.Onnx;
using static TinyNets.Tests.Serialization.Onnx.OnnxExportTestSupport;

namespace TinyNets.Tests.Serialization.Onnx;

/// <summary>
/// Whole networks through ONNX Runtime: depth 1 to 4 (a Linear and a random activation per block, ending in a Linear or
/// an activation), random widths 1 to 40, a fixed list of seeds; batches of 1, 7 and 64 through one session, since the
/// batch dimension is dynamic; both element types.
/// </summary>
public class OnnxExportNetworkTests
{
    private static readonly ulong[] Seeds = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987, 1597, 2584, 4181, 6765];

    public static TheoryData<ulong> SeedList()
    {
        var data = new TheoryData<ulong>();
        foreach (ulong seed in Seeds)
        {
            data.Add(seed);
        }

        return data;
    }

    // The network of a seed: depth, widths, activations and whether it ends in an activation all drawn from it.
    internal static Sequential RandomNet(ulong seed)
    {
        var random = new SeededRandom(seed * 7919);
        int depth = 1 + random.NextInt32(4);
        bool endsInActivation = random.NextInt32(2) == 1;
        var layers = new List<Layer>();
        int width = 1 + random.NextInt32(40);
        for (int d = 0; d < depth; d++)
        {
            int next = 1 + random.NextInt32(40);
            layers.Add(new Linear(width, next, bias: random.NextInt32(5) != 0));
            width = next;
            if (d < depth - 1 || endsInActivation)
            {
                layers.Add(RandomActivation(random));
            }
        }

        return new Sequential(layers).Initialize(seed);
    }

    private static Layer RandomActivation(SeededRandom random) => random.NextInt32(8) switch
    {
        0 => new ReLU(),
        1 => new LeakyReLU(random.NextUniform(0.01, 0.3)),
        2 => new Sigmoid(),
        3 => new Tanh(),
        4 => new Selu(),
        5 => new Softplus(),
        6 => new Identity(),
        _ => new Softmax(),
    };

    [Theory]
    [MemberData(nameof(SeedList))]
    public void F64_RandomNetworks_MatchForward_OnBatchesOf1_7_64_ThroughOneSession(ulong seed)
    {
        Sequential net = RandomNet(seed);
        using OnnxRuntimeRunner runner = Load(net);

        foreach (int n in new[] { 1, 7, 64 })
        {
            Matrix<double> x = RandomBatch(net.InputSize!.Value, n, seed + (ulong)n);
            ShouldMatchExactly(RunF64(runner, x), net.Forward(x), $"{net} on a batch of {n}");
        }

        runner.Warnings.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(SeedList))]
    public void F32_RandomNetworks_AreTheFloat32ComputationOfForward_OnBatchesOf1_7_64_ThroughOneSession(ulong seed)
    {
        Sequential net = RandomNet(seed);
        using OnnxRuntimeRunner runner = Load(net, new OnnxExportOptions { ElementType = OnnxElementType.F32 });

        foreach (int n in new[] { 1, 7, 64 })
        {
            Matrix<double> x = RandomBatch(net.InputSize!.Value, n, seed + (ulong)n);
            ShouldMatchWithinFloat32Rounding(RunF32(runner, x), net, x, $"{net} on a batch of {n}");
        }

        runner.Warnings.Should().BeEmpty();
    }

    // The list of seeds covers what the theory claims: every depth, both endings, every activation type.
    [Fact]
    public void TheSeeds_CoverEveryDepth_BothEndings_AndEveryActivation()
    {
        Sequential[] nets = Seeds.Select(RandomNet).ToArray();

        nets.Select(n => n.OfType<Linear>().Count()).Distinct().Should().BeEquivalentTo(new[] { 1, 2, 3, 4 });
        nets.Select(n => n[n.Count - 1] is Linear).Distinct().Should().BeEquivalentTo(new[] { true, false });
        nets.SelectMany(n => n.Where(l => l is not Linear).Select(l => l.GetType())).Distinct().Should().HaveCount(8);
    }

    // A network of activations only has no known input size: the feature dimension is symbolic and any width runs.
    [Fact]
    public void F64_ActivationsOnly_HaveASymbolicFeatureDimension_AndRunOnAnyWidth()
    {
        var net = new Sequential(new Tanh(), new Softmax());
        using OnnxRuntimeRunner runner = Load(net);

        runner.Session.InputMetadata["input"].SymbolicDimensions.Should().Equal("N", "features");
        foreach (int features in new[] { 1, 3, 9 })
        {
            Matrix<double> x = RandomBatch(features, 7, (ulong)features);
            ShouldMatchExactly(RunF64(runner, x), net.Forward(x), $"{features} features");
        }
    }
}
