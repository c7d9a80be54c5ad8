using System.IO;
using TinyNets.Fuzz;

namespace TinyNets.Tests.Fuzz;

/// <summary>
/// Replays the committed fuzz corpus (tests/fuzz/corpus/&lt;target&gt;/) through the fuzz targets' own code: every input
/// must end normally (accepted, or refused with the reader's documented exception) and within the memory bound, so
/// what a campaign once found keeps being checked without AFL++.
/// </summary>
public class FuzzCorpusReplayTests
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
