using System;
using System.Globalization;

namespace TinyNets.Data;

/// <summary>
/// How the fields of a line of delimited text are separated: one fixed character (comma, tab, semicolon, …), or
/// <see cref="Whitespace"/>, where any run of spaces and tabs separates fields.
/// </summary>
public sealed class FieldDelimiter
{
    private readonly string _description;

    private FieldDelimiter(char? character, string description)
    {
        Character = character;
        _description = description;
    }

    /// <summary>Fields separated by <c>,</c> (CSV).</summary>
    public static FieldDelimiter Comma { get; } = new(',', "comma");

    /// <summary>Fields separated by one tab character (TSV).</summary>
    public static FieldDelimiter Tab { get; } = new('\t', "tab");

    /// <summary>Fields separated by <c>;</c> (CSV as written where the comma is the decimal separator; numbers must still use a point).</summary>
    public static FieldDelimiter Semicolon { get; } = new(';', "semicolon");

    /// <summary>
    /// Fields separated by runs of spaces and tabs; whitespace at the start and end of a line is ignored, so there are
    /// no empty fields.
    /// </summary>
    public static FieldDelimiter Whitespace { get; } = new(null, "whitespace");

    /// <summary>The separating character, or <see langword="null"/> for <see cref="Whitespace"/>.</summary>
    public char? Character { get; }

    /// <summary>A delimiter that is exactly one given character; each occurrence ends a field, so two in a row make an empty field.</summary>
    /// <param name="character">Any character except a line break or the double quote (which quotes fields).</param>
    /// <returns>The delimiter.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="character"/> is <c>\r</c>, <c>\n</c> or <c>"</c>.</exception>
    public static FieldDelimiter Of(char character) => character switch
    {
        ',' => Comma,
        '\t' => Tab,
        ';' => Semicolon,
        '\r' or '\n' or '"' => throw new ArgumentOutOfRangeException(
            nameof(character), character,
            string.Create(CultureInfo.InvariantCulture, $"A field delimiter other than a line break or the double quote was expected; U+{(int)character:X4} was given.")),
        _ => new FieldDelimiter(character, string.Create(CultureInfo.InvariantCulture, $"'{character}' (U+{(int)character:X4})")),
    };

    /// <summary>Names the delimiter for messages: <c>comma</c>, <c>tab</c>, <c>semicolon</c>, <c>whitespace</c> or the character.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => _description;
}
