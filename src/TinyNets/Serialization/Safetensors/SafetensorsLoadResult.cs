using System.Collections.Generic;

namespace TinyNets.Serialization;

/// <summary>
/// What loading a safetensors file into a network left aside, like the <c>(missing_keys, unexpected_keys)</c> that
/// PyTorch's <c>load_state_dict</c> returns; both are empty after a strict load. Also the file's metadata.
/// </summary>
public sealed class SafetensorsLoadResult
{
    internal SafetensorsLoadResult(IReadOnlyList<string> missingKeys, IReadOnlyList<string> unexpectedKeys, IReadOnlyDictionary<string, string> metadata)
    {
        MissingKeys = missingKeys;
        UnexpectedKeys = unexpectedKeys;
        Metadata = metadata;
    }

    /// <summary>The network's parameters that the file does not have (they keep their values), in the network's order.</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>The file's tensors that the network has no parameter for (ignored), in the file's order.</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }

    /// <summary>The file's <c>"__metadata__"</c> entries; empty when it has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }
}
