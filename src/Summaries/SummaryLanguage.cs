namespace LiveChat.Summaries;

/// <summary>Language codes as summaries use them: the two-letter primary tag, English when unknown.</summary>
public static class SummaryLanguage
{
    public const string Default = "en";

    private static readonly HashSet<string> s_known = KnownLanguages();

    /// <summary><c>de-DE</c> → <c>de</c>, <c>FR</c> → <c>fr</c>, <c>pt_BR</c> → <c>pt</c>; empty, malformed or unknown → <c>en</c>.</summary>
    public static string Normalize(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return Default;
        }

        var trimmed = code.Trim();
        var end = trimmed.IndexOfAny(['-', '_']);
        var primary = (end < 0 ? trimmed : trimmed[..end]).ToLowerInvariant();
        return primary.Length == 2 && s_known.Contains(primary) ? primary : Default;
    }

    /// <summary>The English name of a normalised code (<c>de</c> → <c>German</c>), for prompts.</summary>
    public static string EnglishName(string code)
    {
        try
        {
            return CultureInfo.GetCultureInfo(code, predefinedOnly: true).EnglishName;
        }
        catch (CultureNotFoundException)
        {
            return code;
        }
    }

    private static HashSet<string> KnownLanguages()
    {
        var known = new HashSet<string>(["en", "de", "fr", "es", "it", "pt", "nl"], StringComparer.Ordinal);
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.NeutralCultures))
        {
            var name = culture.TwoLetterISOLanguageName;
            if (name.Length == 2 && !string.Equals(name, "iv", StringComparison.Ordinal))
            {
                known.Add(name);
            }
        }

        return known;
    }
}
