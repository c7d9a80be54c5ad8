using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using TinyNets.Internal;
using TinyNets.Network;
using TinyNets.Parameters;

namespace TinyNets.Serialization;

/// <summary>
/// Saves and loads a <see cref="Sequential"/> network's parameters as a safetensors file, the format of PyTorch's
/// <c>safetensors.torch.save_file(model.state_dict(), path)</c>. Names are the state_dict names (<c>"0.weight"</c>,
/// <c>"0.bias"</c>, …). A Linear weight is stored as PyTorch stores <c>nn.Linear.weight</c>: shape <c>[out, in]</c>,
/// row-major; a bias has shape <c>[out]</c>. TinyNets keeps a weight column-major, so loading and saving transpose.
/// </summary>
public static class SafetensorsSequentialExtensions
{
    // ModelFormatException's place for problems of the state_dict as a whole (which tensors fit the network).
    private const string StateDictLocation = "header";

    /// <summary>Writes the network's parameters to a safetensors file (created or overwritten).</summary>
    /// <param name="network">The network.</param>
    /// <param name="path">The file's path.</param>
    /// <param name="dtype"><see cref="SafetensorsDType.F64"/> (exact) or <see cref="SafetensorsDType.F32"/> (PyTorch's default float; each value rounded to nearest).</param>
    /// <param name="metadata">The file's <c>"__metadata__"</c> strings, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">An empty path; a dtype other than F64 or F32; with F32, a parameter beyond float32's range (the file is not touched then).</exception>
    public static void SaveSafetensors(this Sequential network, string path, SafetensorsDType dtype, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafetensorsWriter.Write(path, network.ToSafetensors(metadata), dtype);

    /// <summary>Writes the network's parameters to a stream in the safetensors format (the stream stays open).</summary>
    /// <param name="network">The network.</param>
    /// <param name="stream">A writable stream.</param>
    /// <param name="dtype"><see cref="SafetensorsDType.F64"/> (exact) or <see cref="SafetensorsDType.F32"/> (each value rounded to nearest).</param>
    /// <param name="metadata">The file's <c>"__metadata__"</c> strings, or <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentException">A stream that cannot be written; a dtype other than F64 or F32; with F32, a parameter beyond float32's range (nothing is written then).</exception>
    public static void SaveSafetensors(this Sequential network, Stream stream, SafetensorsDType dtype, IReadOnlyDictionary<string, string>? metadata = null) =>
        SafetensorsWriter.Write(stream, network.ToSafetensors(metadata), dtype);

    /// <summary>The network's state_dict as tensors: each weight <c>[out, in]</c> row-major, each bias <c>[out]</c>, in the network's order.</summary>
    /// <param name="network">The network.</param>
    /// <param name="metadata">Metadata to carry, or <see langword="null"/> for none.</param>
    /// <returns>A copy of the parameters' values.</returns>
    /// <exception cref="ArgumentException">A metadata key or value is null.</exception>
    public static SafetensorsFile ToSafetensors(this Sequential network, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        var tensors = new List<SafetensorsTensor>();
        foreach ((string name, Parameter p) in network.NamedParameters)
        {
            if (p.IsVector)
            {
                tensors.Add(new SafetensorsTensor(name, [p.Rows], p.Data));
                continue;
            }

            // Column-major out×in (entry [r, c] at c·out + r) to row-major [out, in] (at r·in + c).
            ReadOnlySpan<double> data = p.Data;
            var rowMajor = new double[p.Length];
            for (int r = 0; r < p.Rows; r++)
            {
                for (int c = 0; c < p.Columns; c++)
                {
                    rowMajor[(r * p.Columns) + c] = data[(c * p.Rows) + r];
                }
            }

            tensors.Add(new SafetensorsTensor(name, [p.Rows, p.Columns], rowMajor));
        }

        return new SafetensorsFile(tensors, metadata);
    }

    /// <summary>
    /// Sets the network's parameters from a safetensors file such as PyTorch's
    /// <c>save_file(model.state_dict(), path)</c> writes, checking every name, shape and value before changing anything.
    /// </summary>
    /// <param name="network">The network; its architecture must match the file's tensors.</param>
    /// <param name="path">The file's path.</param>
    /// <param name="strict">Like PyTorch's <c>strict</c>: when true (the default), every parameter must be in the file and
    /// every tensor of the file must be a parameter; when false, missing and unexpected names are allowed and returned.</param>
    /// <returns>The missing and unexpected names (empty after a strict load) and the file's metadata.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ModelFormatException">The file is not a valid safetensors file (see <see cref="SafetensorsReader"/>), or it does
    /// not fit the network: its location is <c>header</c> and its message lists every problem at once, in PyTorch's words
    /// (<c>Error(s) in loading state_dict for Sequential:</c> missing keys, unexpected keys when strict, each size mismatch with
    /// both shapes, each tensor holding NaN or ±∞). The network is then left unchanged.</exception>
    public static SafetensorsLoadResult LoadSafetensors(this Sequential network, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Load(network, SafetensorsReader.Read(path), strict, path);
    }

    /// <summary>Sets the network's parameters from a safetensors stream (read to its end; it stays open); see <see cref="LoadSafetensors(Sequential, string, bool)"/>.</summary>
    /// <param name="network">The network; its architecture must match the file's tensors.</param>
    /// <param name="stream">A readable stream.</param>
    /// <param name="strict">Whether every parameter must be in the file and every tensor of the file a parameter.</param>
    /// <returns>The missing and unexpected names (empty after a strict load) and the file's metadata.</returns>
    /// <exception cref="ArgumentException">The stream cannot be read.</exception>
    /// <exception cref="ModelFormatException">Invalid safetensors data, or data that does not fit the network (every problem listed); the network is then left unchanged.</exception>
    public static SafetensorsLoadResult LoadSafetensors(this Sequential network, Stream stream, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Load(network, SafetensorsReader.Read(stream), strict, source: null);
    }

    /// <summary>Sets the network's parameters from tensors already read (PyTorch's <c>load_state_dict</c>); see <see cref="LoadSafetensors(Sequential, string, bool)"/>.</summary>
    /// <param name="network">The network; its architecture must match the tensors.</param>
    /// <param name="stateDict">The tensors, named as the network's parameters.</param>
    /// <param name="strict">Whether every parameter must be given and every tensor be a parameter.</param>
    /// <returns>The missing and unexpected names (empty after a strict load) and the metadata.</returns>
    /// <exception cref="ModelFormatException">The tensors do not fit the network (every problem listed; no source name); the network is then left unchanged.</exception>
    public static SafetensorsLoadResult LoadStateDict(this Sequential network, SafetensorsFile stateDict, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stateDict);
        return Load(network, stateDict, strict, source: null);
    }

    private static SafetensorsLoadResult Load(Sequential network, SafetensorsFile file, bool strict, string? source)
    {
        var missing = new List<string>();
        var problems = new List<string>();
        var matched = new List<(Parameter Parameter, SafetensorsTensor Tensor)>();
        foreach ((string name, Parameter p) in network.NamedParameters)
        {
            if (!file.TryGetTensor(name, out SafetensorsTensor? t))
            {
                missing.Add(name);
                continue;
            }

            // A bias is [out] and a weight [out, in]; a tensor of the other rank does not fit even with as many values.
            long[] expected = p.IsVector ? [p.Rows] : [p.Rows, p.Columns];
            if (!t.Shape.SequenceEqual(expected))
            {
                problems.Add($"size mismatch for {name}: copying a param with shape {SafetensorsTensor.FormatShape(t.Shape)} from checkpoint, the shape in current model is {SafetensorsTensor.FormatShape(expected)}.");
                continue;
            }

            ReadOnlySpan<double> values = t.Values.Span;
            int bad = Guard.FirstNonFinite(values);
            if (bad >= 0)
            {
                problems.Add(FormattableString.Invariant(
                    $"non-finite value in {name}: entry {SafetensorsTensor.FormatIndex(bad, t.Shape)} is {values[bad]}; the network accepts only finite parameters."));
                continue;
            }

            matched.Add((p, t));
        }

        List<string> unexpected = file.Tensors.Select(t => t.Name).Where(n => !network.TryGetParameter(n, out _)).ToList();
        if (problems.Count > 0 || (strict && (missing.Count > 0 || unexpected.Count > 0)))
        {
            // PyTorch's order: missing keys, then unexpected keys (both only when strict), then each tensor's problem.
            var lines = new List<string>();
            if (strict && missing.Count > 0)
            {
                lines.Add("Missing key(s) in state_dict: " + string.Join(", ", missing.Select(SafetensorsTensor.Quote)) + ".");
            }

            if (strict && unexpected.Count > 0)
            {
                lines.Add("Unexpected key(s) in state_dict: " + string.Join(", ", unexpected.Select(SafetensorsTensor.Quote)) + ".");
            }

            lines.AddRange(problems);
            throw new ModelFormatException(source, StateDictLocation,
                "Error(s) in loading state_dict for Sequential:\n\t" + string.Join("\n\t", lines));
        }

        // Everything checked: only now does the network change.
        foreach ((Parameter p, SafetensorsTensor t) in matched)
        {
            ReadOnlySpan<double> values = t.Values.Span;
            Span<double> data = p.Data;
            if (p.IsVector)
            {
                values.CopyTo(data);
                continue;
            }

            for (int r = 0; r < p.Rows; r++)
            {
                for (int c = 0; c < p.Columns; c++)
                {
                    data[(c * p.Rows) + r] = values[(r * p.Columns) + c];
                }
            }
        }

        return new SafetensorsLoadResult(missing.AsReadOnly(), unexpected.AsReadOnly(), file.Metadata);
    }
}
