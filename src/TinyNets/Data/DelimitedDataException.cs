using System;
using System.Globalization;

namespace TinyNets.Data;

/// <summary>
/// Delimited text that cannot be read as the data asked for: a value that is not a finite number, a row with the wrong
/// number of fields, a blank line inside the data, a bad quote, text that is not text at all (a binary file), or no
/// data at all. The message gives the 1-based line and column and the offending text, quoted, with invisible
/// characters escaped (<c>\u00A0</c>) and long text cut.
/// </summary>
public sealed class DelimitedDataException : FormatException
{
    /// <summary>Creates an exception with a generic message and no position.</summary>
    public DelimitedDataException()
        : base("The delimited data could not be read.")
    {
    }

    /// <summary>Creates an exception with the given message and no position.</summary>
    /// <param name="message">What is wrong.</param>
    public DelimitedDataException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause, and no position.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public DelimitedDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a place in the text; the message is prefixed with the place.</summary>
    /// <param name="source">The file name, or <see langword="null"/> for text parsed from memory.</param>
    /// <param name="line">The 1-based line number.</param>
    /// <param name="column">The 1-based column (field) number, or <see langword="null"/> when the problem concerns a whole line.</param>
    /// <param name="fieldText">The offending text, or <see langword="null"/> when there is none (a missing field, an empty file).</param>
    /// <param name="problem">What is wrong there.</param>
    public DelimitedDataException(string? source, int line, int? column, string? fieldText, string problem)
        : base(Describe(source, line, column, problem))
    {
        SourceName = source;
        Line = line;
        Column = column;
        FieldText = fieldText;
    }

    /// <summary>The file the text came from, or <see langword="null"/> for text parsed from memory.</summary>
    public string? SourceName { get; }

    /// <summary>The 1-based line number of the problem (0 when the exception was created without a position).</summary>
    public int Line { get; }

    /// <summary>The 1-based column, that is field, number of the problem (not a character position), or <see langword="null"/> when the problem concerns a whole line.</summary>
    public int? Column { get; }

    /// <summary>The offending field's text, or <see langword="null"/> when there is none.</summary>
    public string? FieldText { get; }

    private static string Describe(string? source, int line, int? column, string problem)
    {
        string place = column is int c
            ? string.Create(CultureInfo.InvariantCulture, $"line {line}, column {c}")
            : string.Create(CultureInfo.InvariantCulture, $"line {line}");
        return source is null ? $"{Capitalize(place)}: {problem}" : $"{source}, {place}: {problem}";
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text[1..];
}
