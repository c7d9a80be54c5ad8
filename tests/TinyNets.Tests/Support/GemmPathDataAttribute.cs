using System.Reflection;
using TinyNets.Internal;
using Xunit.Sdk;

namespace TinyNets.Tests.Support;

/// <summary>
/// The rows of a GEMM theory for one path: the path's name, followed by the four (transpose A, transpose B) pairs when
/// asked for. On a processor that lacks the path's instructions (AVX2 + FMA, or AVX-512F) the rows are reported as
/// skipped, not as passed: xunit 2 reads <see cref="DataAttribute.Skip"/> from the attribute, so setting it in the
/// constructor skips every row of this attribute while the other paths' rows still run.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class GemmPathDataAttribute : DataAttribute
{
    private readonly string _path;
    private readonly bool _withTransposes;

    /// <summary>Rows for <paramref name="path"/>, a <c>GemmPath</c> name.</summary>
    /// <param name="path">Auto, Direct, Portable, Avx2 or Avx512.</param>
    /// <param name="withTransposes">Whether each row also carries (transpose A, transpose B), all four pairs.</param>
    public GemmPathDataAttribute(string path, bool withTransposes = false)
    {
        _path = path;
        _withTransposes = withTransposes;
        if (!Gemm.IsSupported(Enum.Parse<GemmPath>(path)))
        {
            Skip = $"This processor lacks the instructions of GemmPath.{path} (AVX2 + FMA for Avx2, AVX-512F for Avx512).";
        }
    }

    /// <inheritdoc/>
    public override IEnumerable<object[]> GetData(MethodInfo testMethod)
    {
        if (!_withTransposes)
        {
            yield return [_path];
            yield break;
        }

        foreach (bool ta in new[] { false, true })
        {
            foreach (bool tb in new[] { false, true })
            {
                yield return [_path, ta, tb];
            }
        }
    }
}
