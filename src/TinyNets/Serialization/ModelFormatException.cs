using System;
using System.Globalization;

namespace TinyNets.Serialization;

/// <summary>
/// A model file (TinyNets' JSON model file or a safetensors file) that cannot be read: truncated data, a wrong type,
/// an unknown format version, a shape that does not fit the architecture, a non-finite parameter, a size beyond what
/// the file can hold. The message starts with the place in the file — a JSON path such as
/// <c>$.parameters[1].values[3]</c> in a model file, a header entry such as <c>header["0.weight"].data_offsets</c> in a
/// safetensors file, or a byte offset such as <c>byte 8</c> — and says what was expected and what was found.
/// No object built from a file that fails is handed out.
/// </summary>
public sealed class ModelFormatException : FormatException
{
    /// <summary>Creates an exception with a generic message and no place.</summary>
    public ModelFormatException()
        : base("The model file could not be read.")
    {
    }

    /// <summary>Creates an exception with the given message and no place.</summary>
    /// <param name="message">What is wrong.</param>
    public ModelFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause, and no place.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a place in a file; the message is prefixed with the file and the place.</summary>
    /// <param name="source">The file name, or <see langword="null"/> for a stream.</param>
    /// <param name="location">Where in the file: a JSON path (<c>$.layers[2].kind</c>), a safetensors header entry, or a
    /// byte offset (<c>byte 8</c>).</param>
    /// <param name="problem">What is wrong there: what was expected and what was found.</param>
    /// <param name="innerException">The cause, or <see langword="null"/>.</param>
    public ModelFormatException(string? source, string location, string problem, Exception? innerException = null)
        : base(Describe(source, location, problem), innerException)
    {
        SourceName = source;
        Location = location;
    }

    /// <summary>The file the data came from, or <see langword="null"/> for a stream.</summary>
    public string? SourceName { get; }

    /// <summary>Where in the file the problem is (a JSON path or a byte offset), or <see langword="null"/>.</summary>
    public string? Location { get; }

    private static string Describe(string? source, string location, string problem) =>
        source is null
            ? string.Create(CultureInfo.InvariantCulture, $"At {location}: {problem}")
            : string.Create(CultureInfo.InvariantCulture, $"{source}, at {location}: {problem}");
}
