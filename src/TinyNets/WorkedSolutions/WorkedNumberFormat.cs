using System;
using System.Globalization;

namespace TinyNets.WorkedSolutions;

/// <summary>How a renderer writes numbers: exactly (the shortest text that reads back as the same double), with a fixed
/// number of decimals, or with a number of significant digits.</summary>
public sealed class WorkedNumberFormat
{
    private readonly string _format;

    private WorkedNumberFormat(string format, string description)
    {
        _format = format;
        Description = description;
    }

    /// <summary>The shortest round-trip text of each double ("R"): reading it back gives the same bits.</summary>
    public static WorkedNumberFormat Exact { get; } = new("R", "exact");

    /// <summary>What this format does, for messages and <see cref="ToString"/>.</summary>
    public string Description { get; }

    /// <summary>A fixed number of decimals ("F").</summary>
    /// <param name="decimals">0 to 15.</param>
    /// <returns>The format.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Decimals outside 0…15.</exception>
    public static WorkedNumberFormat Fixed(int decimals)
    {
        if (decimals is < 0 or > 15)
        {
            throw new ArgumentOutOfRangeException(nameof(decimals), decimals, $"0 to 15 decimals were expected; {decimals} was given.");
        }

        return new WorkedNumberFormat("F" + decimals.ToString(CultureInfo.InvariantCulture), $"{decimals} decimals");
    }

    /// <summary>A number of significant digits ("G"; very large or small numbers take an exponent).</summary>
    /// <param name="digits">1 to 17.</param>
    /// <returns>The format.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Digits outside 1…17.</exception>
    public static WorkedNumberFormat Significant(int digits)
    {
        if (digits is < 1 or > 17)
        {
            throw new ArgumentOutOfRangeException(nameof(digits), digits, $"1 to 17 significant digits were expected; {digits} was given.");
        }

        return new WorkedNumberFormat("G" + digits.ToString(CultureInfo.InvariantCulture), $"{digits} significant digits");
    }

    /// <summary>Writes a number in invariant culture, with the Unicode minus sign (−).</summary>
    /// <param name="value">The number.</param>
    /// <returns>Its text.</returns>
    public string Format(double value) =>
        value.ToString(_format, CultureInfo.InvariantCulture).Replace('-', '−');

    /// <inheritdoc/>
    public override string ToString() => Description;
}
