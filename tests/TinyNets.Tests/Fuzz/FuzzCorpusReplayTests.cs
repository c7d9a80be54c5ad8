using System.Globalization;
using System.IO;
using System.Text;
using TinyNets.Fuzz;
using TinyNets.Serialization;
using TinyNets.Serialization.Onnx;
using Xunit.Abstractions;

namespace TinyNets.Tests.Fuzz;

/// <summary>
/// Replays the committed fuzz corpus (tests/fuzz/corpus/&lt;target&gt;/) through the fuzz targets' own code: every input
/// must end normally (accepted, or refused with the reader's documented exception) and within the memory bound, so
/// what a campaign once found keeps being checked without AFL++.
/// </summary>
public class FuzzCorpusReplayTests(ITestOutputHelper output)
{
    private static readonly string CorpusRoot = Path.Combine(AppContext.BaseDirectory, "fuzz-corpus");

    public static TheoryData<string, string> CorpusFiles()
    {
        var data = new TheoryData<string, string>();
        foreach (string target in FuzzTargets.Names)
        {
            string folder = Path.Combine(CorpusRoot, target);
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (string file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
            {
                data.Add(target, Path.GetFileName(file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void CorpusInput_EndsNormally_WithinTheMemoryBound(string target, string file)
    {
        byte[] input = File.ReadAllBytes(Path.Combine(CorpusRoot, target, file));

        Action replay = () => FuzzTargets.Run(target, input);

        replay.Should().NotThrow("documented exceptions are caught by the target; anything else, or more than {0} bytes allocated, is a bug", FuzzTargets.MemoryBound(input.Length));
    }

    [Fact]
    public void EveryTarget_HasACommittedCorpus()
    {
        foreach (string target in FuzzTargets.Names)
        {
            string folder = Path.Combine(CorpusRoot, target);
            Directory.Exists(folder).Should().BeTrue($"the corpus of {target} is copied beside the tests");
            Directory.GetFiles(folder).Should().NotBeEmpty($"a campaign on {target} leaves its minimised corpus");
        }
    }

    [Theory]
    [InlineData("onnx")]
    [InlineData("safetensors")]
    [InlineData("modelfile")]
    [InlineData("delimited")]
    public void EmptyInput_IsRefusedWithTheDocumentedException(string target)
    {
        // No format accepts zero bytes (afl-fuzz cannot start from an empty file, so this case is here, not in the corpus).
        FuzzTargets.Run(target, []).Should().BeFalse();
    }

    // The fuzzer favours small inputs, where the fixed allowance dominates; these large valid files check the per-byte
    // part of the bound where it matters, on each format's densest content (numbers).
    [Theory]
    [InlineData("onnx-f32")]
    [InlineData("onnx-f64")]
    [InlineData("safetensors-f32")]
    [InlineData("modelfile")]
    [InlineData("delimited")]
    public void LargeValidInput_IsAccepted_WithinTheMemoryBound(string kind)
    {
        var network = new Sequential(new Linear(64, 128), new ReLU(), new Linear(128, 64));
        (string target, byte[] input) = kind switch
        {
            "onnx-f32" => ("onnx", network.ToOnnx(new OnnxExportOptions { ElementType = OnnxElementType.F32 })),
            "onnx-f64" => ("onnx", network.ToOnnx()),
            "safetensors-f32" => ("safetensors", SafetensorsOfTheTargetsNetwork()),
            "modelfile" => ("modelfile", ModelFileOf(network)),
            _ => ("delimited", LargeCsv()),
        };
        input.Length.Should().BeGreaterThan(1 << 16, "the per-byte part of the bound must dominate the fixed allowance");

        FuzzTargets.Run(target, input, out long allocated).Should().BeTrue();
        output.WriteLine(FormattableString.Invariant($"{kind}: {input.Length} bytes in, {allocated} allocated, {allocated / (double)input.Length:F1} per byte"));

        allocated.Should().BeLessThanOrEqualTo(FuzzTargets.MemoryBound(input.Length));
    }

    private static byte[] SafetensorsOfTheTargetsNetwork()
    {
        // The target loads into a fixed small network, so a large file here is its parameters plus a large extra tensor.
        double[] values = Enumerable.Range(0, 40_000).Select(i => i / 7.0).ToArray();
        var tensors = new List<SafetensorsTensor>(FuzzTargets.SafetensorsNetwork().ToSafetensors().Tensors)
        {
            new("extra", [200, 200], values),
        };
        using var stream = new MemoryStream();
        SafetensorsWriter.Write(stream, new SafetensorsFile(tensors), SafetensorsDType.F32);
        return stream.ToArray();
    }

    private static byte[] ModelFileOf(Sequential network)
    {
        using var stream = new MemoryStream();
        network.Save(stream);
        return stream.ToArray();
    }

    private static byte[] LargeCsv()
    {
        // Option byte 0: comma, no header, the last column the target; one-digit fields, the densest numeric text.
        var text = new StringBuilder();
        for (int row = 0; row < 20_000; row++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{row % 10},{(row / 10) % 10},{(row / 100) % 10}\n");
        }

        return [0, .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    [Fact]
    public void MemoryBound_Is64BytesPerInputByte_Plus1MiB()
    {
        FuzzTargets.MemoryBound(0).Should().Be(1L << 20);
        FuzzTargets.MemoryBound(1000).Should().Be((64L * 1000) + (1L << 20));
    }

    [Fact]
    public void UnknownTarget_IsRefused()
    {
        Action run = () => FuzzTargets.Run("png", [1, 2, 3]);

        run.Should().Throw<ArgumentException>().WithParameterName("target");
    }
}
