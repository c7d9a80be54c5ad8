using System;
using System.Globalization;

namespace TinyNets.Serialization;

/// <summary>JSON path pieces as the reader's messages write them.</summary>
internal static class ModelPath
{
    /// <summary><c>.name</c> for a plain key, else <c>['…']</c>.</summary>
    public static string Key(string name)
    {
        bool plain = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_');
        foreach (char c in name)
        {
            plain &= char.IsAsciiLetterOrDigit(c) || c == '_';
        }

        return plain ? "." + name : "['" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";
    }

    public static string Index(string path, int index) => string.Create(CultureInfo.InvariantCulture, $"{path}[{index}]");
}
