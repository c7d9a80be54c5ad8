using System.IO;
using TinyNets.Network;

namespace TinyNets.Serialization;

/// <summary>
/// The simple case of the model file: a network alone. <c>network.Save(path)</c> writes it;
/// <see cref="Load(string)"/> reads it back as an equal <see cref="Sequential"/>. <see cref="ModelBundle"/> carries the
/// optimizer, the training position and the preprocessing too.
/// </summary>
public static class ModelFile
{
    /// <summary>The format name every model file starts with (<c>"format"</c>).</summary>
    public const string FormatName = "tinynets-model";

    /// <summary>The major version this build writes and reads: a file of another major version is refused.</summary>
    public const int MajorVersion = 1;

    /// <summary>The minor version this build writes; files of a newer minor version (same major) are read, their unknown keys ignored.</summary>
    public const int MinorVersion = 3;

    /// <summary>Writes <paramref name="network"/> (architecture and parameters) as a model file.</summary>
    /// <param name="network">The network.</param>
    /// <param name="path">The file to create or overwrite.</param>
    /// <exception cref="System.NotSupportedException">A layer the format cannot describe (named in the message).</exception>
    /// <exception cref="System.ArgumentException">A parameter holding NaN or infinity.</exception>
    public static void Save(this Sequential network, string path) => new ModelBundle(network).Save(path);

    /// <summary>Writes <paramref name="network"/> (architecture and parameters) as a model file to <paramref name="stream"/>.</summary>
    /// <param name="network">The network.</param>
    /// <param name="stream">A writable stream; left open.</param>
    /// <exception cref="System.NotSupportedException">A layer the format cannot describe (named in the message).</exception>
    /// <exception cref="System.ArgumentException">A parameter holding NaN or infinity.</exception>
    public static void Save(this Sequential network, Stream stream) => new ModelBundle(network).Save(stream);

    /// <summary>Reads the network of a model file (any other parts are validated and left out).</summary>
    /// <param name="path">The file.</param>
    /// <returns>A new network equal to the saved one, parameter for parameter, bit for bit.</returns>
    /// <exception cref="ModelFormatException">The file cannot be read as a model file of a version this build reads.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static Sequential Load(string path) => ModelBundle.Load(path).Network;

    /// <summary>Reads the network of a model file from <paramref name="stream"/> (to its end).</summary>
    /// <param name="stream">A readable stream; left open.</param>
    /// <returns>A new network equal to the saved one, parameter for parameter, bit for bit.</returns>
    /// <exception cref="ModelFormatException">The data cannot be read as a model file of a version this build reads.</exception>
    public static Sequential Load(Stream stream) => ModelBundle.Load(stream).Network;
}
