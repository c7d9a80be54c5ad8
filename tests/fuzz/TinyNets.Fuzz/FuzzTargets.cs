using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using TinyNets.Activations;
using TinyNets.Data;
using TinyNets.Layers;
using TinyNets.Network;
using TinyNets.Serialization;
using TinyNets.Serialization.Onnx;

namespace TinyNets.Fuzz;

/// <summary>
/// The fuzz targets: each feeds one input to one reader of outside data, treats the reader's documented exceptions as a
/// normal outcome and lets anything else escape (a crash for the fuzzer, a failure for the replay tests). Each also
/// enforces that the reader's allocations stay within <see cref="MemoryBound"/> of the input's size. This file is
/// compiled into the fuzzing harness and into the unit tests, so the corpus replay runs exactly this code.
/// </summary>
internal static class FuzzTargets
{
    /// <summary>The targets' names, as given on the harness's command line and as the corpus folders are named.</summary>
    public static readonly IReadOnlyList<string> Names = ["onnx", "safetensors", "modelfile", "delimited"];

    /// <summary>Bytes a reader may allocate per input byte.</summary>
    /// <remarks>
    /// The readers turn input into objects of a bounded size per byte: a 4-byte float becomes a protobuf RepeatedField
    /// entry, a double, a matrix entry and a gradient entry (about 12× with the lists' growth); a 2-byte CSV field such
    /// as <c>1,</c> becomes an 8-byte sample and a matrix entry (about 10×); UTF-8 text becomes UTF-16 strings (2×).
    /// 64× leaves room for those paths and catches any allocation sized by a length or shape the input only claims.
    /// </remarks>
    public const long BytesPerInputByte = 64;

    /// <summary>What any call may allocate regardless of the input's size: stream buffers, parsers' tables, a network's objects.</summary>
    public const long FixedAllowance = 1 << 20;

    /// <summary>The most a reader may allocate on an input of <paramref name="inputLength"/> bytes.</summary>
    /// <param name="inputLength">The input's size in bytes.</param>
    /// <returns>The bound in bytes.</returns>
    public static long MemoryBound(long inputLength) => (BytesPerInputByte * inputLength) + FixedAllowance;

    /// <summary>Runs the target named <paramref name="target"/> on <paramref name="input"/>.</summary>
    /// <param name="target">One of <see cref="Names"/>.</param>
    /// <param name="input">The input.</param>
    /// <returns>Whether the reader accepted the input (false: it threw one of its documented exceptions).</returns>
    /// <exception cref="ArgumentException">An unknown target.</exception>
    /// <exception cref="MemoryBoundExceededException">The reader allocated more than <see cref="MemoryBound"/>.</exception>
    public static bool Run(string target, byte[] input) => Run(target, input, out _);

    /// <summary>Runs the target named <paramref name="target"/> on <paramref name="input"/>, telling what the reader allocated.</summary>
    /// <param name="target">One of <see cref="Names"/>.</param>
    /// <param name="input">The input.</param>
    /// <param name="allocated">The bytes the reader allocated on this thread.</param>
    /// <returns>Whether the reader accepted the input (false: it threw one of its documented exceptions).</returns>
    /// <exception cref="ArgumentException">An unknown target.</exception>
    /// <exception cref="MemoryBoundExceededException">The reader allocated more than <see cref="MemoryBound"/>.</exception>
    public static bool Run(string target, byte[] input, out long allocated)
    {
        Func<byte[], bool> run = target switch
        {
            "onnx" => Onnx,
            "safetensors" => Safetensors,
            "modelfile" => ModelFile,
            "delimited" => Delimited,
            _ => throw new ArgumentException($"Unknown target '{target}'; one of {string.Join(", ", Names)} was expected.", nameof(target)),
        };

        long before = GC.GetAllocatedBytesForCurrentThread();
        bool accepted = run(input);
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long bound = MemoryBound(input.Length);
        if (allocated > bound)
        {
            throw new MemoryBoundExceededException(
                $"The {target} reader allocated {allocated} bytes on an input of {input.Length} bytes; at most {bound} were allowed.");
        }

        return accepted;
    }

    // OnnxFile.Load(Stream) documents ModelFormatException (not a valid ONNX model) and NotSupportedException (a valid
    // model that is not a chain of supported layers); ArgumentException only for an unreadable stream, which this is not.
    private static bool Onnx(byte[] input)
    {
        try
        {
            using var stream = new MemoryStream(input, writable: false);
            OnnxImport import = OnnxFile.Load(stream);
            return import.Network is not null;
        }
        catch (ModelFormatException)
        {
            return false;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }

    // SafetensorsReader.Read(Stream) and LoadSafetensors(Sequential, Stream, bool) document ModelFormatException only
    // (for a readable stream). The load goes into the architecture the seeds are written from, non-strict so that
    // partial matches reach the shape and value checks.
    private static bool Safetensors(byte[] input)
    {
        try
        {
            using var stream = new MemoryStream(input, writable: false);
            SafetensorsFile file = SafetensorsReader.Read(stream);
            SafetensorsNetwork().LoadStateDict(file, strict: false);
            return true;
        }
        catch (ModelFormatException)
        {
            return false;
        }
    }

    // ModelBundle.Load(Stream) documents ModelFormatException only.
    private static bool ModelFile(byte[] input)
    {
        try
        {
            using var stream = new MemoryStream(input, writable: false);
            ModelBundle bundle = ModelBundle.Load(stream);
            return bundle.Network is not null;
        }
        catch (ModelFormatException)
        {
            return false;
        }
    }

    // DelimitedFile.Parse(TextReader, options) documents DelimitedDataException (not such data) and ArgumentException
    // naming "options" (options that do not fit the data). The first byte picks the options, so the fuzzer explores them
    // too; the rest is the text, decoded as the loader decodes a file (UTF-8 unless a byte order mark says otherwise).
    private static bool Delimited(byte[] input)
    {
        if (input.Length == 0)
        {
            return false;
        }

        try
        {
            using var reader = new StreamReader(new MemoryStream(input, 1, input.Length - 1, writable: false), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            LabeledData data = DelimitedFile.Parse(reader, DelimitedOptions(input[0]));
            return data.Features is not null;
        }
        catch (DelimitedDataException)
        {
            return false;
        }
        catch (ArgumentException e) when (e.ParamName == "options")
        {
            return false;
        }
    }

    /// <summary>The options a delimited-file input's first byte selects.</summary>
    /// <param name="selector">Bits 0–1: comma, tab, semicolon or whitespace; bit 2: a header; bits 3–4: the last column
    /// as target, no target, columns 0 and 1 as targets, or column 0 as a categorical target.</param>
    /// <returns>The options.</returns>
    public static DelimitedFileOptions DelimitedOptions(byte selector) => new()
    {
        Delimiter = (selector & 3) switch
        {
            0 => FieldDelimiter.Comma,
            1 => FieldDelimiter.Tab,
            2 => FieldDelimiter.Semicolon,
            _ => FieldDelimiter.Whitespace,
        },
        HasHeader = (selector & 4) != 0,
        TargetColumns = ((selector >> 3) & 3) switch
        {
            0 => null,
            1 => [],
            2 => [0, 1],
            _ => [0],
        },
        CategoricalColumn = ((selector >> 3) & 3) == 3 ? 0 : null,
    };

    /// <summary>The network the safetensors target loads into (and its seeds are written from).</summary>
    /// <returns>A new network: Linear(3, 4), Tanh, Linear(4, 2).</returns>
    public static Sequential SafetensorsNetwork() => new(new Linear(3, 4), new Tanh(), new Linear(4, 2));
}

/// <summary>A reader allocated more than the fuzz targets' memory bound allows.</summary>
internal sealed class MemoryBoundExceededException : Exception
{
    /// <summary>Initializes a new instance with no message.</summary>
    public MemoryBoundExceededException()
    {
    }

    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">What was allocated and what was allowed.</param>
    public MemoryBoundExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and an inner exception.</summary>
    /// <param name="message">What was allocated and what was allowed.</param>
    /// <param name="innerException">The cause.</param>
    public MemoryBoundExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
