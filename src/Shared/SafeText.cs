using System.Globalization;
using System.Text;

namespace LiveChat.Resilience;

/// <summary>
/// Text the gateway stores, sends or shows, kept whole: shortened only between text elements (never inside a
/// surrogate pair or a combining sequence, which PostgreSQL and JSON encoders refuse or mangle), and checked
/// for what PostgreSQL text cannot hold (U+0000) or UTF-8 cannot encode (a lone surrogate).
/// This file is compiled into each module that needs it (src/Shared, linked), like HttpResilience.cs.
/// </summary>
internal static class SafeText
{
    /// <summary>The longest prefix of <paramref name="text"/> that is at most <paramref name="max"/> UTF-16 units and ends on a text-element boundary.</summary>
    public static string Cut(string text, int max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (text.Length <= max)
        {
            return text;
        }

        var end = 0;
        while (end < text.Length)
        {
            var next = end + StringInfo.GetNextTextElementLength(text, end);
            if (next > max)
            {
                break;
            }

            end = next;
        }

        return text[..end];
    }

    /// <summary><see cref="Cut"/> leaving room for, and ending with, an ellipsis when anything was cut.</summary>
    public static string Shorten(string text, int max) =>
        text.Length <= max ? text : Cut(text, Math.Max(0, max - 1)) + "…";

    /// <summary>Why <paramref name="text"/> cannot be stored as it is, or null when it can.</summary>
    public static string? Problem(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return "contains U+0000";
        }

        return IsWellFormed(text) ? null : "contains a lone surrogate";
    }

    /// <summary>U+0000 dropped and lone surrogates replaced by U+FFFD: for text whose sender cannot be asked to correct it.</summary>
    public static string Clean(string text) =>
        Problem(text) is null ? text : Repair(text.Replace("\0", string.Empty, StringComparison.Ordinal));

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Repair(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }
}
