using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace TinyNets.Internal;

/// <summary>The checks a recorded state (an optimizer's, a schedule's) must pass before it is loaded into an object.</summary>
internal static class StateChecks
{
    /// <summary>
    /// Requires the state's kind to be the object's, and its hyper-parameters to be exactly the object's keys with the
    /// object's values — except <paramref name="freeKey"/> (e.g. an optimizer's <c>lr</c>, which schedules change), which
    /// need only be non-negative and finite.
    /// </summary>
    /// <param name="kind">The object's kind.</param>
    /// <param name="mine">The object's hyper-parameters.</param>
    /// <param name="givenKind">The state's kind.</param>
    /// <param name="given">The state's hyper-parameters.</param>
    /// <param name="what">The object in words, for the message ("optimizer", "schedule").</param>
    /// <param name="freeKey">The one key whose value may differ, or null.</param>
    /// <param name="paramName">The argument's name.</param>
    public static void KindAndHyperParameters(
        string kind, IReadOnlyDictionary<string, double> mine, string givenKind, IReadOnlyDictionary<string, double> given, string what, string? freeKey, string paramName)
    {
        if (!string.Equals(givenKind, kind, StringComparison.Ordinal))
        {
            throw new ArgumentException($"A state of kind \"{kind}\" was expected; kind \"{givenKind}\" was given.", paramName);
        }

        foreach (string key in given.Keys.Where(k => !mine.ContainsKey(k)))
        {
            throw new ArgumentException($"{kind} has no hyper-parameter \"{key}\"; its hyper-parameters are {string.Join(", ", mine.Keys)}.", paramName);
        }

        foreach ((string key, double value) in mine)
        {
            if (!given.TryGetValue(key, out double recorded))
            {
                throw new ArgumentException($"The state lacks hyper-parameter \"{key}\".", paramName);
            }

            if (key == freeKey)
            {
                Guard.NonNegativeFinite(recorded, paramName, key);
            }
            else if (!recorded.Equals(value))
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture,
                        $"Hyper-parameter \"{key}\" is {value} in this {what}; the state has {recorded}. Create the {what} with the state's hyper-parameters."),
                    paramName);
            }
        }
    }
}
