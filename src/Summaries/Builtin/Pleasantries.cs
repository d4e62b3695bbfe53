namespace LiveChat.Summaries.Builtin;

/// <summary>
/// Removes greetings, thanks, goodbyes and "anything else?" from a message, clause by clause, leaving the
/// remaining words exactly as written: "Hi Anna, my order 12345 hasn't arrived. Thanks!" → "my order 12345 hasn't arrived."
/// </summary>
internal static partial class Pleasantries
{
    private const int MaxGreetingClauseWords = 4;
    private const int MaxNameWords = 2;

    /// <summary>The message without its pleasantry clauses; empty when nothing else was said.</summary>
    public static string Strip(string text)
    {
        var collapsed = Whitespace().Replace(text, " ").Trim();
        if (collapsed.Length == 0)
        {
            return string.Empty;
        }

        var kept = ClauseBreak().Split(collapsed).Where(clause => !IsPleasantry(clause));
        return string.Join(' ', kept).Trim().TrimEnd(',', ';', ':', '-', ' ');
    }

    /// <summary>Worth quoting: at least two words, or a single number/e-mail ("12345" answering "your order number?").</summary>
    public static bool IsSubstantive(string cleaned, IReadOnlyList<string> tokens) =>
        tokens.Count >= 2 || (tokens.Count == 1 && cleaned.Any(c => char.IsDigit(c) || c == '@'));

    internal static bool IsPleasantry(string clause)
    {
        var tokens = Lexicon.Tokens(clause);
        if (tokens.All(Lexicon.IsFiller))
        {
            return true;
        }

        // "Good morning Mr Smith", "Hi Anna": a greeting word, a name, nothing else.
        if (Lexicon.IsGreetingLead(tokens[0])
            && tokens.Count <= MaxGreetingClauseWords
            && tokens.Count(t => !Lexicon.IsFiller(t)) <= MaxNameWords
            && !clause.Any(char.IsDigit))
        {
            return true;
        }

        return Lexicon.IsClosingPhrase(Lexicon.Fold(clause));
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // Splits after , ; : . ! ? … when followed by a space, so "10.03.2024" and "49,90" stay whole.
    [GeneratedRegex(@"(?<=[,;:.!?\u2026])\s+")]
    private static partial Regex ClauseBreak();
}
