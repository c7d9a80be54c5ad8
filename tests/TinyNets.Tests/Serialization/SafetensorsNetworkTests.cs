using System.IO;
using TinyNets.Serialization;
using TinyNets.Tests.Validation;
using static TinyNets.Tests.Serialization.SafetensorsTestSupport;

namespace TinyNets.Tests.Serialization;

/// <summary>
/// A network's state_dict through safetensors: PyTorch's layout (a Linear weight is [out, in] row-major, a bias [out]),
/// exact round trips, and load_state_dict's strict and non-strict checks, all problems reported at once and the
/// network left unchanged on any of them.
/// </summary>
public class SafetensorsNetworkTests
{
    private static Sequential Mlp(ulong seed) => new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 3)).Initialize(seed);

    private static Matrix<double> Batch() => Matrix<double>.Build.Dense(4, 5, (i, j) => Math.Sin((3 * i) + j) * 2);

    private static long[] ParameterBits(Sequential net) => net.NamedParameters.SelectMany(kv => Bits(kv.Value.ToVector())).ToArray();

    // The 2-3 net of these tests: "0.bias" is [0.5, -0.5, 0.25], "0.weight" is 3×2 (out×in), entry [r, c] = 10r + c + 1,
    // stored row by row. "0.bias" sorts first, as PyTorch's save_file writes it.
    private const string TwoToThreeHeader =
        "{\"0.bias\":{\"dtype\":\"F64\",\"shape\":[3],\"data_offsets\":[0,24]},\"0.weight\":{\"dtype\":\"F64\",\"shape\":[3,2],\"data_offsets\":[24,72]}}";

    private static readonly double[] TwoToThreeData = [0.5, -0.5, 0.25, 1, 2, 11, 12, 21, 22];

    [Fact]
    public void Load_PutsAPyTorchWeight_OutByInRowMajor_IntoTheSameEntries()
    {
        var net = new Sequential(new Linear(2, 3));

        SafetensorsLoadResult result = net.LoadSafetensors(new MemoryStream(File(TwoToThreeHeader, F64(TwoToThreeData))));

        net.GetParameter("0.weight").Value.Should().BeEquivalentTo(Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 }, { 11, 12 }, { 21, 22 } }));
        net.GetParameter("0.bias").ToVector().ToArray().Should().Equal(0.5, -0.5, 0.25);
        result.MissingKeys.Should().BeEmpty();
        result.UnexpectedKeys.Should().BeEmpty();
        result.Metadata.Should().BeEmpty();
    }

    [Fact]
    public void Save_WritesTheWeightAsPyTorchLaysItOut_ByteForByte()
    {
        var net = new Sequential(new Linear(2, 3));
        net.SetParameter("0.weight", new double[,] { { 1, 2 }, { 11, 12 }, { 21, 22 } });
        net.SetParameter("0.bias", [0.5, -0.5, 0.25]);
        using var stream = new MemoryStream();

        net.SaveSafetensors(stream, SafetensorsDType.F64);

        stream.ToArray().Should().Equal(File(TwoToThreeHeader, F64(TwoToThreeData)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void F64_SaveAndLoad_GivesBitIdenticalParametersAndOutputs(bool throughAFile)
    {
        Sequential trained = Mlp(7);
        Sequential fresh = Mlp(99);
        ParameterBits(fresh).Should().NotEqual(ParameterBits(trained));
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["epochs"] = "30" };

        SafetensorsLoadResult result;
        if (throughAFile)
        {
            string dir = Directory.CreateTempSubdirectory("tinynets-safetensors-").FullName;
            try
            {
                string path = Path.Combine(dir, "model.safetensors");
                trained.SaveSafetensors(path, SafetensorsDType.F64, metadata);
                result = fresh.LoadSafetensors(path);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }
        else
        {
            using var stream = new MemoryStream();
            trained.SaveSafetensors(stream, SafetensorsDType.F64, metadata);
            stream.Position = 0;
            result = fresh.LoadSafetensors(stream);
        }

        ParameterBits(fresh).Should().Equal(ParameterBits(trained));
        Bits(fresh.Forward(Batch()).ToColumnMajorArray()).Should().Equal(Bits(trained.Forward(Batch()).ToColumnMajorArray()));
        result.Metadata.Should().BeEquivalentTo(metadata);
    }

    [Fact]
    public void F32_SaveAndLoad_GivesEachParameterRoundedToFloat()
    {
        Sequential trained = Mlp(7);
        Sequential fresh = Mlp(99);
        using var stream = new MemoryStream();

        trained.SaveSafetensors(stream, SafetensorsDType.F32);
        stream.Position = 0;
        fresh.LoadSafetensors(stream);

        foreach ((string name, Parameter p) in trained.NamedParameters)
        {
            Bits(fresh.GetParameter(name).ToVector()).Should().Equal(Bits(p.ToVector().Select(v => (double)(float)v)), name);
        }
    }

    [Fact]
    public void F32_Save_OfAParameterBeyondFloatRange_IsRefused_AndTheFileIsNotCreated()
    {
        Sequential net = Mlp(1);
        net.GetParameter("2.bias").Data[1] = 1e39;
        string dir = Directory.CreateTempSubdirectory("tinynets-safetensors-").FullName;
        try
        {
            string path = Path.Combine(dir, "model.safetensors");
            FluentActions.Invoking(() => net.SaveSafetensors(path, SafetensorsDType.F32))
                .Should().Throw<ArgumentException>().WithMessage("*\"2.bias\"*[1]*1E+39*");
            System.IO.File.Exists(path).Should().BeFalse();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Strict_ReportsEveryMismatchAtOnce_InPyTorchsWords_AndChangesNothing()
    {
        // The net: 0 = Linear(4, 3), 1 = Tanh, 2 = Linear(3, 2). The file: "0.weight" of a Linear(2, 3), "0.bias" right,
        // a "1.weight" the net does not have, "2.bias" as a column [2, 1]; "2.weight" missing.
        var net = new Sequential(new Linear(4, 3), new Tanh(), new Linear(3, 2)).Initialize(3);
        NetworkSnapshot before = NetworkSnapshot.Take(net);
        var file = new SafetensorsFile(
        [
            new SafetensorsTensor("0.weight", [3, 2], new double[6]),
            new SafetensorsTensor("0.bias", [3], [1.0, 2.0, 3.0]),
            new SafetensorsTensor("1.weight", [3, 3], new double[9]),
            new SafetensorsTensor("2.bias", [2, 1], [1.0, 2.0]),
        ]);
        using var stream = new MemoryStream();
        SafetensorsWriter.Write(stream, file, SafetensorsDType.F32);
        stream.Position = 0;

        ModelFormatException e = FluentActions.Invoking(() => net.LoadSafetensors(stream)).Should().Throw<ModelFormatException>().Which;

        e.Location.Should().Be("header");
        e.Message.Should().Be(
            "At header: Error(s) in loading state_dict for Sequential:\n"
            + "\tMissing key(s) in state_dict: \"2.weight\".\n"
            + "\tUnexpected key(s) in state_dict: \"1.weight\".\n"
            + "\tsize mismatch for 0.weight: copying a param with shape [3, 2] from checkpoint, the shape in current model is [3, 4].\n"
            + "\tsize mismatch for 2.bias: copying a param with shape [2, 1] from checkpoint, the shape in current model is [2].");
        before.AssertUnchanged();
    }

    [Fact]
    public void Strict_AWeightGivenAsAVectorOfAsManyValues_IsASizeMismatch()
    {
        var net = new Sequential(new Linear(2, 3));
        NetworkSnapshot before = NetworkSnapshot.Take(net);
        var file = new SafetensorsFile([new SafetensorsTensor("0.weight", [6], new double[6]), new SafetensorsTensor("0.bias", [3], new double[3])]);

        FluentActions.Invoking(() => net.LoadStateDict(file)).Should().Throw<ModelFormatException>()
            .WithMessage("*size mismatch for 0.weight: copying a param with shape [6] from checkpoint, the shape in current model is [3, 2].");
        before.AssertUnchanged();
    }

    [Fact]
    public void Strict_ATransposedWeight_IsASizeMismatch()
    {
        var net = new Sequential(new Linear(2, 3));
        var file = new SafetensorsFile([new SafetensorsTensor("0.weight", [2, 3], new double[6]), new SafetensorsTensor("0.bias", [3], new double[3])]);

        FluentActions.Invoking(() => net.LoadStateDict(file)).Should().Throw<ModelFormatException>()
            .WithMessage("*shape [2, 3] from checkpoint, the shape in current model is [3, 2].");
    }

    [Fact]
    public void NonStrict_LoadsWhatMatches_AndReturnsMissingAndUnexpectedKeys()
    {
        var net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1)).Initialize(5);
        long[] secondBefore = Bits(net.GetParameter("2.weight").ToVector()).Concat(Bits(net.GetParameter("2.bias").ToVector())).ToArray();
        byte[] bytes = File(TwoToThreeHeader[..^1] + ",\"extra\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[72,80]}}",
            F64([.. TwoToThreeData, 9.0]));

        SafetensorsLoadResult result = net.LoadSafetensors(new MemoryStream(bytes), strict: false);

        result.MissingKeys.Should().Equal("2.weight", "2.bias");
        result.UnexpectedKeys.Should().Equal("extra");
        net.GetParameter("0.weight").Value[2, 1].Should().Be(22);
        net.GetParameter("0.bias").ToVector().ToArray().Should().Equal(0.5, -0.5, 0.25);
        Bits(net.GetParameter("2.weight").ToVector()).Concat(Bits(net.GetParameter("2.bias").ToVector())).Should().Equal(secondBefore);

        FluentActions.Invoking(() => net.LoadSafetensors(new MemoryStream(bytes))).Should().Throw<ModelFormatException>()
            .WithMessage("*Missing key(s) in state_dict: \"2.weight\", \"2.bias\".*Unexpected key(s) in state_dict: \"extra\".*");
    }

    [Fact]
    public void NonStrict_ASizeMismatchIsStillAnError_AndOnlyItIsReported()
    {
        var net = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1)).Initialize(5);
        NetworkSnapshot before = NetworkSnapshot.Take(net);
        var file = new SafetensorsFile([new SafetensorsTensor("0.bias", [3], [1.0, 2.0, 3.0]), new SafetensorsTensor("2.bias", [2], [1.0, 2.0]), new SafetensorsTensor("x", [1], [1.0])]);

        ModelFormatException e = FluentActions.Invoking(() => net.LoadStateDict(file, strict: false)).Should().Throw<ModelFormatException>().Which;

        e.Message.Should().Be("At header: Error(s) in loading state_dict for Sequential:\n"
            + "\tsize mismatch for 2.bias: copying a param with shape [2] from checkpoint, the shape in current model is [1].");
        before.AssertUnchanged();
    }

    [Theory]
    [InlineData((ushort)0x7E00, "NaN")]
    [InlineData((ushort)0x7C00, "Infinity")]
    [InlineData((ushort)0xFC00, "-Infinity")]
    public void NonFiniteValues_AreRefused_NamingTheTensorAndEntry_AndChangeNothing(ushort bad, string shown)
    {
        var net = new Sequential(new Linear(2, 3));
        NetworkSnapshot before = NetworkSnapshot.Take(net);
        string header = "{\"0.weight\":{\"dtype\":\"F16\",\"shape\":[3,2],\"data_offsets\":[0,12]},\"0.bias\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[12,18]}}";
        byte[] bytes = File(header, Bits16(0x3C00, 0x3C00, 0x3C00, bad, 0x3C00, 0x3C00, 0x3C00, 0x3C00, bad));

        ModelFormatException e = FluentActions.Invoking(() => net.LoadSafetensors(new MemoryStream(bytes))).Should().Throw<ModelFormatException>().Which;

        e.Message.Should().Contain("non-finite value in 0.weight: entry [1, 1] is " + shown + ";")
            .And.Contain("non-finite value in 0.bias: entry [2] is " + shown + ";");
        before.AssertUnchanged();
    }

    [Fact]
    public void HalfAndBFloat16Files_LoadIntoTheNetwork()
    {
        var net = new Sequential(new Linear(1, 2));
        string header = "{\"0.weight\":{\"dtype\":\"BF16\",\"shape\":[2,1],\"data_offsets\":[0,4]},\"0.bias\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[4,8]}}";

        net.LoadSafetensors(new MemoryStream(File(header, [.. Bits16(0x4049, 0xC2F7), .. Bits16(0x0001, 0x3555)])));

        net.GetParameter("0.weight").ToVector().ToArray().Should().Equal(3.140625, -123.5);
        net.GetParameter("0.bias").ToVector().ToArray().Should().Equal(Math.Pow(2, -24), 0.333251953125);
    }

    [Fact]
    public void AnUnreadableFile_NamesTheFile_AndChangesNothing()
    {
        var net = new Sequential(new Linear(2, 3));
        NetworkSnapshot before = NetworkSnapshot.Take(net);
        string dir = Directory.CreateTempSubdirectory("tinynets-safetensors-").FullName;
        try
        {
            string path = Path.Combine(dir, "model.safetensors");
            System.IO.File.WriteAllBytes(path, File(TwoToThreeHeader, F64(TwoToThreeData))[..^8]);
            ModelFormatException e = FluentActions.Invoking(() => net.LoadSafetensors(path)).Should().Throw<ModelFormatException>().Which;
            e.SourceName.Should().Be(path);
            e.Message.Should().Contain("tensor \"0.weight\"");

            System.IO.File.WriteAllBytes(path, File(TwoToThreeHeader.Replace("[3,2]", "[3,4]", StringComparison.Ordinal)
                .Replace("[24,72]", "[24,120]", StringComparison.Ordinal), new byte[120]));
            e = FluentActions.Invoking(() => net.LoadSafetensors(path)).Should().Throw<ModelFormatException>().Which;
            e.Message.Should().StartWith(path + ", at header: Error(s) in loading state_dict for Sequential:");
            before.AssertUnchanged();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void APyTorchStateDictOfA4_8_3Net_LoadsAndComputesWhatPyTorchWould()
    {
        // What save_file(model.state_dict(), ...) writes for Sequential(Linear(4, 8), Tanh(), Linear(8, 3)) in float32:
        // names in sorted order, each weight [out, in] row by row.
        float W1(int r, int c) => ((r * 4) + c - 15) / 16f;
        float B1(int r) => (r - 4) / 8f;
        float W2(int r, int c) => ((r * 8) + c - 12) / 32f;
        float B2(int r) => (1 - r) / 4f;
        string header = "{\"0.bias\":{\"dtype\":\"F32\",\"shape\":[8],\"data_offsets\":[0,32]},"
            + "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[8,4],\"data_offsets\":[32,160]},"
            + "\"2.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[160,172]},"
            + "\"2.weight\":{\"dtype\":\"F32\",\"shape\":[3,8],\"data_offsets\":[172,268]}}";
        byte[] data =
        [
            .. F32(Enumerable.Range(0, 8).Select(B1).ToArray()),
            .. F32(Enumerable.Range(0, 32).Select(i => W1(i / 4, i % 4)).ToArray()),
            .. F32(Enumerable.Range(0, 3).Select(B2).ToArray()),
            .. F32(Enumerable.Range(0, 24).Select(i => W2(i / 8, i % 8)).ToArray()),
        ];

        // The README's C#.
        var net = new Sequential(new Linear(4, 8), new Tanh(), new Linear(8, 3));
        net.LoadSafetensors(new MemoryStream(File(header, data)));

        double[] x = [0.5, -1.0, 2.0, 0.25];
        double[] hidden = Enumerable.Range(0, 8).Select(r => Math.Tanh(B1(r) + Enumerable.Range(0, 4).Sum(c => W1(r, c) * x[c]))).ToArray();
        double[] expected = Enumerable.Range(0, 3).Select(r => B2(r) + Enumerable.Range(0, 8).Sum(c => W2(r, c) * hidden[c])).ToArray();
        net.Forward(Vector<double>.Build.DenseOfArray(x)).ToArray().Should().Equal(expected, (a, b) => Math.Abs(a - b) <= 1e-12);
    }

    [Fact]
    public void ToSafetensors_GivesTheStateDictInTheNetworksOrder()
    {
        Sequential net = Mlp(3);
        SafetensorsFile file = net.ToSafetensors();
        file.Tensors.Select(t => t.Name).Should().Equal("0.weight", "0.bias", "2.weight", "2.bias");
        file["2.weight"].Shape.Should().Equal(3L, 8L);
        Values(file["2.weight"])[(1 * 8) + 5].Should().Be(net.GetParameter("2.weight").Value[1, 5]);
    }
}
