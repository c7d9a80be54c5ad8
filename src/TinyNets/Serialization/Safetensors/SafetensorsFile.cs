using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Linq;

namespace TinyNets.Serialization;

/// <summary>
/// What a safetensors file holds: named tensors (a PyTorch state_dict) and the optional string-to-string
/// <c>"__metadata__"</c>. Read one with <see cref="SafetensorsReader"/>, write one with <see cref="SafetensorsWriter"/>.
/// Immutable.
/// </summary>
public sealed class SafetensorsFile
{
    private readonly SafetensorsTensor[] _tensors;
    private readonly Dictionary<string, SafetensorsTensor> _byName;

    /// <summary>Gathers tensors and metadata.</summary>
    /// <param name="tensors">The tensors, each name once (the writer orders them by name, as the reference does).</param>
    /// <param name="metadata">The <c>"__metadata__"</c> entries, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">A tensor is null or its name repeats; a metadata key or value is null or not valid Unicode.</exception>
    public SafetensorsFile(IEnumerable<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        _tensors = tensors.ToArray();
        _byName = new Dictionary<string, SafetensorsTensor>(_tensors.Length, StringComparer.Ordinal);
        for (int i = 0; i < _tensors.Length; i++)
        {
            SafetensorsTensor t = _tensors[i] ?? throw new ArgumentException($"Tensor {i} is null.", nameof(tensors));
            if (!_byName.TryAdd(t.Name, t))
            {
                throw new ArgumentException(
                    $"The name {SafetensorsTensor.Quote(t.Name)} is given to more than one tensor (again at position {i}); names must be unique.", nameof(tensors));
            }
        }

        var copy = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> kv in metadata ?? ReadOnlyDictionary<string, string>.Empty)
        {
            if (kv.Key is null || kv.Value is null)
            {
                throw new ArgumentException($"Metadata entry {SafetensorsTensor.Quote(kv.Key ?? "(null)")} has a null key or value; strings were expected.", nameof(metadata));
            }

            SafetensorsTensor.CheckText(kv.Key, nameof(metadata), "metadata key");
            SafetensorsTensor.CheckText(kv.Value, nameof(metadata), "metadata value");
            copy.Add(kv.Key, kv.Value);
        }

        Metadata = copy.AsReadOnly();
    }

    // For the reader, which has checked the names (unique) and the metadata.
    private SafetensorsFile(SafetensorsTensor[] tensors, Dictionary<string, string> metadata)
    {
        _tensors = tensors;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Metadata = metadata.AsReadOnly();
    }

    /// <summary>Wraps what the reader has checked, without copying.</summary>
    internal static SafetensorsFile FromChecked(SafetensorsTensor[] tensors, Dictionary<string, string> metadata) => new(tensors, metadata);

    /// <summary>The tensors, in the order of the file's header (or as given).</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors => _tensors;

    /// <summary>The <c>"__metadata__"</c> entries; empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensor called <paramref name="name"/>.</summary>
    /// <param name="name">A tensor name such as <c>"0.weight"</c>.</param>
    /// <exception cref="KeyNotFoundException">No tensor has that name; the message lists the names there are.</exception>
    public SafetensorsTensor this[string name] =>
        TryGetTensor(name, out SafetensorsTensor? t)
            ? t
            : throw new KeyNotFoundException(
                $"No tensor is named {SafetensorsTensor.Quote(name)}; there are {(_tensors.Length == 0 ? "none" : string.Join(", ", _tensors.Select(x => SafetensorsTensor.Quote(x.Name))))}.");

    /// <summary>Looks up a tensor by name (ordinal, case-sensitive).</summary>
    /// <param name="name">A tensor name.</param>
    /// <param name="tensor">The tensor, when found.</param>
    /// <returns>Whether the name exists.</returns>
    public bool TryGetTensor(string name, [NotNullWhen(true)] out SafetensorsTensor? tensor) =>
        _byName.TryGetValue(name ?? throw new ArgumentNullException(nameof(name)), out tensor);
}
