using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using TinyNets.Layers;
using TinyNets.Network;
using TinyNets.Serialization.Onnx.Protos;

namespace TinyNets.Serialization.Onnx.Export;

/// <summary>
/// Builds the <c>ModelProto</c> of a network: the optional input scaler, the layers in order, the optional inverse of the
/// target scaler, the optional probabilities output; then the model's header (IR version, opset, producer, metadata).
/// Everything that can be wrong is found while building, before any byte is written anywhere.
/// </summary>
internal static class OnnxModelExporter
{
    private const string OptionsArgument = "options";

    // The library's version as the package states it, without the "+commit" build metadata.
    private static readonly string ProducerVersion = LibraryVersion();

    /// <summary>The model of <paramref name="network"/> under <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentException">Invalid options (see <see cref="OnnxFile.ToOnnx"/>).</exception>
    /// <exception cref="NotSupportedException">A layer type the exporter does not know.</exception>
    public static ModelProto Build(Sequential network, OnnxExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        CheckOptions(network, options);

        var b = new OnnxGraphBuilder(options.ElementType);
        GraphProto graph = b.Graph;
        graph.Input.Add(new ValueInfoProto { Name = options.InputName, Type = b.BatchType(network.InputSize) });

        string value = options.InputName;
        if (options.InputScaler is { } inputScaler)
        {
            value = OnnxScalerExporter.WriteTransform(b, inputScaler, value);
        }

        // A Sequential has at least one layer today; the graph of an empty one is still defined, as an Identity.
        if (network.Count == 0)
        {
            value = b.Node("/Identity", "Identity", value);
        }

        for (int k = 0; k < network.Count; k++)
        {
            value = OnnxLayerExporter.Write(b, k, network[k], value);
        }

        if (options.TargetScaler is { } targetScaler)
        {
            value = OnnxScalerExporter.WriteInverse(b, targetScaler, value);
        }

        // The names chosen by the caller must not be those of the graph's own values.
        CheckFree(b, options.InputName, nameof(OnnxExportOptions.InputName), OptionsArgument);
        CheckFree(b, options.OutputName, nameof(OnnxExportOptions.OutputName), OptionsArgument);
        b.RenameOutput(value, options.OutputName);
        graph.Output.Add(new ValueInfoProto { Name = options.OutputName, Type = b.BatchType(network.OutputSize) });

        if (options.Probabilities != OnnxProbabilities.None)
        {
            CheckFree(b, options.ProbabilitiesName, nameof(OnnxExportOptions.ProbabilitiesName), OptionsArgument);
            string probabilities = options.Probabilities == OnnxProbabilities.Softmax
                ? b.Node("/probabilities/Softmax", "Softmax", "axis", -1, options.OutputName)
                : b.Node("/probabilities/Sigmoid", "Sigmoid", options.OutputName);
            b.RenameOutput(probabilities, options.ProbabilitiesName);
            graph.Output.Add(new ValueInfoProto { Name = options.ProbabilitiesName, Type = b.BatchType(network.OutputSize) });
        }

        var model = new ModelProto
        {
            IrVersion = OnnxFile.IrVersion,
            ProducerName = OnnxFile.ProducerName,
            ProducerVersion = ProducerVersion,
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = OnnxFile.OpsetVersion });
        if (options.Description is { } description)
        {
            model.DocString = description;
        }

        if (options.ModelVersion != 0)
        {
            model.ModelVersion = options.ModelVersion;
        }

        // Sorted by key so that the same network and options give the same bytes, whatever the dictionary's order.
        foreach (KeyValuePair<string, string> kv in (options.Metadata ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            model.MetadataProps.Add(new StringStringEntryProto { Key = kv.Key, Value = kv.Value });
        }

        return model;
    }

    private static void CheckOptions(Sequential network, OnnxExportOptions options)
    {
        if (options.ElementType is not (OnnxElementType.F32 or OnnxElementType.F64))
        {
            throw new ArgumentException($"Element type {options.ElementType} cannot be exported; {nameof(OnnxElementType.F32)} or {nameof(OnnxElementType.F64)} was expected.", OptionsArgument);
        }

        if (!Enum.IsDefined(options.Probabilities))
        {
            throw new ArgumentException($"Probabilities {options.Probabilities} is not an {nameof(OnnxProbabilities)} value; None, Softmax or Sigmoid was expected.", OptionsArgument);
        }

        CheckName(options.InputName, nameof(OnnxExportOptions.InputName), OptionsArgument);
        CheckName(options.OutputName, nameof(OnnxExportOptions.OutputName), OptionsArgument);
        if (options.InputName == options.OutputName)
        {
            throw new ArgumentException($"{nameof(OnnxExportOptions.InputName)} and {nameof(OnnxExportOptions.OutputName)} are both \"{options.InputName}\"; the graph's inputs and outputs need distinct names.", OptionsArgument);
        }

        if (options.Probabilities != OnnxProbabilities.None)
        {
            CheckName(options.ProbabilitiesName, nameof(OnnxExportOptions.ProbabilitiesName), OptionsArgument);
            if (options.ProbabilitiesName == options.InputName || options.ProbabilitiesName == options.OutputName)
            {
                throw new ArgumentException(
                    $"{nameof(OnnxExportOptions.ProbabilitiesName)} \"{options.ProbabilitiesName}\" is also the input's or the output's name; the graph's inputs and outputs need distinct names.", OptionsArgument);
            }

            if (options.TargetScaler is not null)
            {
                throw new ArgumentException(
                    $"{nameof(OnnxExportOptions.Probabilities)} {options.Probabilities} with a {nameof(OnnxExportOptions.TargetScaler)}: probabilities are computed from logits, not from targets rescaled to their raw units; drop one of the two.", OptionsArgument);
            }
        }

        if (options.Metadata is { } metadata)
        {
            foreach (KeyValuePair<string, string> kv in metadata)
            {
                if (kv.Key is null || kv.Value is null)
                {
                    throw new ArgumentException($"Metadata entry \"{kv.Key ?? "(null)"}\" has a null key or value; strings were expected.", OptionsArgument);
                }
            }
        }

        for (int k = 0; k < network.Count; k++)
        {
            Layer layer = network[k];
            if (!OnnxLayerExporter.IsSupported(layer))
            {
                throw OnnxLayerExporter.Unsupported(k, layer);
            }
        }

        if (options.InputScaler is { } input)
        {
            OnnxScalerExporter.Check(input, nameof(OnnxExportOptions.InputScaler), network.InputSize, "input", OptionsArgument);
        }

        if (options.TargetScaler is { } target)
        {
            OnnxScalerExporter.Check(target, nameof(OnnxExportOptions.TargetScaler), network.OutputSize, "output", OptionsArgument);
        }
    }

    private static void CheckName(string? name, string option, string paramName)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ArgumentException($"{option} is {(name is null ? "null" : "empty")}; a non-empty name was expected.", paramName);
        }
    }

    private static void CheckFree(OnnxGraphBuilder b, string name, string option, string paramName)
    {
        if (b.IsUsed(name))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"{option} \"{name}\" is the name of a tensor of the exported graph (an initializer or an intermediate value); choose another name."), paramName);
        }
    }

    private static string LibraryVersion()
    {
        string? version = typeof(OnnxFile).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(OnnxFile).Assembly.GetName().Version?.ToString();
        if (version is null)
        {
            return "0.0.0";
        }

        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
