namespace LiveChat.Summaries.Builtin;

/// <summary>What makes a line worth keeping in a summary. Each fact has a weight; see <see cref="FactScoring.Score"/>.</summary>
[Flags]
internal enum Facts
{
    None = 0,
    /// <summary>An order, ticket or tracking number: four or more digits, <c>#123</c>, or a code like <c>INV-2024-77</c>.</summary>
    Reference = 1,
    Email = 2,
    Amount = 4,
    Date = 8,
    Link = 16,
    /// <summary>Something is wrong: error, broken, missing, charged twice, kaputt, remboursement, no funciona…</summary>
    Problem = 32,
    /// <summary>What it is about: order, invoice, password, Paket, colis, pedido…</summary>
    Topic = 64,
    /// <summary>The visitor asked another question after the first one.</summary>
    FollowUpQuestion = 128,
}

/// <summary>Detects and weighs the facts in one line. Pure; the rules are the documentation.</summary>
internal static partial class FactScoring
{
    /// <summary>Lines scoring below this are left out of the key points.</summary>
    public const int KeyPointThreshold = 2;

    public static Facts Detect(string text, IReadOnlyList<string> tokens)
    {
        var facts = Facts.None;
        if (Email().IsMatch(text))
        {
            facts |= Facts.Email;
        }

        if (Reference().IsMatch(text))
        {
            facts |= Facts.Reference;
        }

        if (Amount().IsMatch(text))
        {
            facts |= Facts.Amount;
        }

        if (NumericDate().IsMatch(text) || Lexicon.HasWeekday(tokens) || (Lexicon.HasMonth(tokens) && text.Any(char.IsDigit)))
        {
            facts |= Facts.Date;
        }

        if (Link().IsMatch(text))
        {
            facts |= Facts.Link;
        }

        if (Lexicon.HasProblemWord(tokens))
        {
            facts |= Facts.Problem;
        }

        if (Lexicon.HasTopicWord(tokens))
        {
            facts |= Facts.Topic;
        }

        return facts;
    }

    /// <summary>Identifiers and e-mails count most (3), amounts, dates, problems and follow-up questions 2, links and topics 1.</summary>
    public static int Score(Facts facts)
    {
        var score = 0;
        score += facts.HasFlag(Facts.Reference) ? 3 : 0;
        score += facts.HasFlag(Facts.Email) ? 3 : 0;
        score += facts.HasFlag(Facts.Amount) ? 2 : 0;
        score += facts.HasFlag(Facts.Date) ? 2 : 0;
        score += facts.HasFlag(Facts.Problem) ? 2 : 0;
        score += facts.HasFlag(Facts.FollowUpQuestion) ? 2 : 0;
        score += facts.HasFlag(Facts.Link) ? 1 : 0;
        score += facts.HasFlag(Facts.Topic) ? 1 : 0;
        return score;
    }

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")]
    private static partial Regex Email();

    [GeneratedRegex(@"\d{4,}|#\s?\w*\d|\b(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]{3,}\b")]
    private static partial Regex Reference();

    [GeneratedRegex(
        @"[€$£¥]\s?\d|\b(?:EUR|USD|GBP|CHF)\s?\d|\d(?:[\d.,]*\d)?\s?(?:[€$£¥]|(?:EUR|USD|GBP|CHF|euros?|dollars?|pounds?|francs?|pesos?)\b)",
        RegexOptions.IgnoreCase)]
    private static partial Regex Amount();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}\b|\b(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])(?:[./](?:\d{4}|\d{2}))?\b")]
    private static partial Regex NumericDate();

    [GeneratedRegex(@"https?://\S+|\bwww\.\S+", RegexOptions.IgnoreCase)]
    private static partial Regex Link();
}
