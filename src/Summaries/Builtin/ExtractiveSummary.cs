namespace LiveChat.Summaries.Builtin;

/// <summary>
/// The built-in summary as a pure function: the visitor's question, the lines with the most facts, and the
/// last operator/bot lines that resolve something, each quoted as written (greetings removed) and labelled
/// with who said it.
/// </summary>
internal static class ExtractiveSummary
{
    public const int MaxKeyPoints = 5;
    public const int MaxResolutionLines = 2;
    public const int MaxLineChars = 180;
    public const int MaxNameChars = 40;
    public const int MaxTotalChars = 2000;

    public static string Compose(SummaryRequest request, SummaryVocabulary words)
    {
        var candidates = Candidates(request.Lines);
        var question = PickQuestion(request.Question, candidates);
        if (question is null && candidates.Count == 0)
        {
            return request.Lines.Count == 0 ? words.Empty : words.OnlyGreetings;
        }

        var resolution = PickResolution(candidates);
        var keyPoints = PickKeyPoints(candidates, question, resolution);

        var text = new StringBuilder();
        text.Append(words.Question).Append(": ").Append(question is null ? words.NotStated : Truncate(question.Text, MaxLineChars));
        if (keyPoints.Count > 0)
        {
            text.Append('\n').Append(words.KeyPoints).Append(':');
            foreach (var point in keyPoints)
            {
                text.Append("\n- ").Append(Quote(point, words));
            }
        }

        text.Append('\n').Append(words.Resolution).Append(':');
        if (resolution.Count == 0)
        {
            text.Append(' ').Append(words.NoAnswer);
        }

        foreach (var line in resolution)
        {
            text.Append("\n- ").Append(Quote(line, words));
        }

        return Truncate(text.ToString(), MaxTotalChars);
    }

    /// <summary>The substantive, non-system lines, greetings stripped, in transcript order.</summary>
    internal static List<Candidate> Candidates(IReadOnlyList<TranscriptLine> lines)
    {
        var candidates = new List<Candidate>();
        for (var position = 0; position < lines.Count; position++)
        {
            var line = lines[position];
            if (line.Kind == SpeakerKind.System || string.IsNullOrWhiteSpace(line.Text))
            {
                continue;
            }

            var cleaned = Pleasantries.Strip(line.Text);
            var tokens = Lexicon.Tokens(cleaned);
            if (Pleasantries.IsSubstantive(cleaned, tokens))
            {
                candidates.Add(new Candidate(position, line, cleaned, tokens));
            }
        }

        return candidates;
    }

    /// <summary>The gateway's question when it has a substantive one, else the visitor's first substantive line.</summary>
    internal static Candidate? PickQuestion(string? given, IReadOnlyList<Candidate> candidates)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            var cleaned = Pleasantries.Strip(given);
            var tokens = Lexicon.Tokens(cleaned);
            if (Pleasantries.IsSubstantive(cleaned, tokens))
            {
                var same = candidates.FirstOrDefault(c => c.Line.Kind == SpeakerKind.Visitor && SameText(c.Text, cleaned));
                return same ?? new Candidate(-1, new TranscriptLine(SpeakerKind.Visitor, null, default, given), cleaned, tokens);
            }
        }

        return candidates.FirstOrDefault(c => c.Line.Kind == SpeakerKind.Visitor);
    }

    /// <summary>
    /// The last lines that say something was done or will be, else the last answer. Once a human took
    /// over, only operators' lines count: what the bot said before the handover is not the outcome.
    /// </summary>
    internal static List<Candidate> PickResolution(IReadOnlyList<Candidate> candidates)
    {
        var answerer = candidates.Any(c => c.Line.Kind == SpeakerKind.Operator) ? SpeakerKind.Operator : SpeakerKind.Bot;
        var answers = candidates.Where(c => c.Line.Kind == answerer).ToList();
        var resolving = answers.Where(c => Lexicon.HasResolutionWord(c.Tokens)).TakeLast(MaxResolutionLines).ToList();
        return resolving.Count > 0 ? resolving : [.. answers.TakeLast(1)];
    }

    /// <summary>The highest-scoring other lines (ties: earlier first), shown in transcript order.</summary>
    internal static List<Candidate> PickKeyPoints(
        IReadOnlyList<Candidate> candidates, Candidate? question, IReadOnlyList<Candidate> resolution)
    {
        var questionPosition = question?.Position ?? -1;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (question is not null)
        {
            seen.Add(question.Text);
        }

        var scored = new List<(Candidate Line, int Score)>();
        foreach (var candidate in candidates)
        {
            if (resolution.Contains(candidate) || !seen.Add(candidate.Text))
            {
                continue;
            }

            var facts = FactScoring.Detect(candidate.Text, candidate.Tokens);
            if (candidate.Line.Kind == SpeakerKind.Visitor && candidate.Position > questionPosition && candidate.Text.Contains('?', StringComparison.Ordinal))
            {
                facts |= Facts.FollowUpQuestion;
            }

            var score = FactScoring.Score(facts);
            if (score >= FactScoring.KeyPointThreshold)
            {
                scored.Add((candidate, score));
            }
        }

        return [.. scored
            .OrderByDescending(s => s.Score)
            .ThenBy(s => s.Line.Position)
            .Take(MaxKeyPoints)
            .Select(s => s.Line)
            .OrderBy(c => c.Position)];
    }

    private static string Quote(Candidate line, SummaryVocabulary words)
    {
        var name = string.IsNullOrWhiteSpace(line.Line.SpeakerName) ? null : Truncate(line.Line.SpeakerName.Trim(), MaxNameChars);
        var label = line.Line.Kind switch
        {
            SpeakerKind.Visitor => words.Visitor,
            SpeakerKind.Operator => name ?? words.Operator,
            _ => name ?? "Bot",
        };
        return $"{label}: {Truncate(line.Text, MaxLineChars)}";
    }

    internal static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', max - 1);
        return cut > max / 2 ? string.Concat(text.AsSpan(0, cut), "…") : SafeText.Shorten(text, max);
    }

    private static bool SameText(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A transcript line worth considering, with its greetings stripped and its folded words.</summary>
internal sealed record Candidate(int Position, TranscriptLine Line, string Text, IReadOnlyList<string> Tokens);
