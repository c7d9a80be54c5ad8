using System;
using System.Globalization;

namespace TinyNets.Optimizers.Schedules;

/// <summary>The schedules' argument checks; each message names the parameter, the expected range and the given value.</summary>
internal static class ScheduleGuard
{
    public static void AtLeast(int value, int least, string paramName)
    {
        if (value < least)
        {
            throw new ArgumentOutOfRangeException(
                paramName, value, string.Create(CultureInfo.InvariantCulture, $"'{paramName}' must be an integer ≥ {least}; {value} was given."));
        }
    }

    public static void Range(double value, double low, bool lowInclusive, double high, bool highInclusive, string paramName)
    {
        bool above = lowInclusive ? value >= low : value > low;
        bool below = highInclusive ? value <= high : value < high;
        if (!above || !below || double.IsNaN(value))
        {
            string range = string.Create(
                CultureInfo.InvariantCulture,
                $"{(lowInclusive ? "[" : "(")}{low}, {(double.IsPositiveInfinity(high) ? "∞" : high.ToString(CultureInfo.InvariantCulture))}{(highInclusive ? "]" : ")")}");
            throw new ArgumentOutOfRangeException(
                paramName, value, string.Create(CultureInfo.InvariantCulture, $"'{paramName}' must lie in {range}; {value} was given."));
        }
    }

    /// <summary>A finite value &gt; 0.</summary>
    public static void PositiveFinite(double value, string paramName) => Range(value, 0, false, double.MaxValue, true, paramName);

    /// <summary>A finite value ≥ 0.</summary>
    public static void NonNegativeFinite(double value, string paramName) => Range(value, 0, true, double.MaxValue, true, paramName);
}
