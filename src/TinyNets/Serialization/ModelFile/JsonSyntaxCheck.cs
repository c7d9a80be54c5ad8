using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TinyNets.Serialization;

/// <summary>
/// A first pass over the raw bytes, before anything is deserialized: valid JSON, at most <see cref="MaxDepth"/> levels
/// of nesting, and no key twice in one object (the deserializer would silently keep the last). Errors name the JSON
/// path where reading stopped. Memory: one small frame per open level, and the keys of the open objects.
/// </summary>
internal static class JsonSyntaxCheck
{
    /// <summary>The deepest nesting read; the format itself needs 4 levels.</summary>
    public const int MaxDepth = 64;

    public static void Check(ReadOnlySpan<byte> json, string? source)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow });
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        NextValue(frames);
                        frames.Add(new Frame(reader.TokenType == JsonTokenType.StartArray));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        break;
                    case JsonTokenType.PropertyName:
                        Frame top = frames[^1];
                        string name = reader.GetString()!;
                        top.Property = name;
                        if (!top.Names.Add(name))
                        {
                            throw new ModelFormatException(
                                source, PathOf(frames), $"each key may appear once in an object; key \"{name}\" appears again.");
                        }

                        break;
                    default:
                        NextValue(frames);
                        break;
                }
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            throw new ModelFormatException(source, PathOf(frames), $"valid JSON was expected; {Trim(e.Message)}", e);
        }
    }

    /// <summary>The message of a JSON error without its trailing position details (the path replaces them).</summary>
    public static string Trim(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut >= 0 ? message[..cut] : message;
    }

    private static void NextValue(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray)
        {
            frames[^1].Index++;
        }
    }

    private static string PathOf(List<Frame> frames)
    {
        var path = new StringBuilder("$");
        foreach (Frame frame in frames)
        {
            if (frame.IsArray)
            {
                if (frame.Index >= 0)
                {
                    path.Append(CultureInfo.InvariantCulture, $"[{frame.Index}]");
                }
            }
            else if (frame.Property is { } name)
            {
                path.Append(ModelPath.Key(name));
            }
        }

        return path.ToString();
    }

    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;

        public int Index { get; set; } = -1;

        public string? Property { get; set; }

        public HashSet<string> Names => _names ??= new HashSet<string>(StringComparer.Ordinal);

        private HashSet<string>? _names;
    }
}
