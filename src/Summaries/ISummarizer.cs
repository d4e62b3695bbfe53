namespace LiveChat.Summaries;

/// <summary>
/// Turns a chat transcript into a few lines for the operator taking over or for the helpdesk ticket.
/// Implementations are registered with <see cref="SummariesRegistration.AddSummarizer{T}"/> and selected by
/// the <c>Summaries:Provider</c> setting.
/// </summary>
public interface ISummarizer
{
    /// <summary>The provider name reported in <see cref="ConversationSummary.Provider"/>, e.g. <c>Builtin</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Summarises <paramref name="request"/> in <see cref="SummaryRequest.Language"/>. Provider failures
    /// (network, quota, bad answers) must not throw: answer from a fallback and say so in
    /// <see cref="ConversationSummary.FallbackReason"/>. Cancellation of <paramref name="cancellationToken"/> throws.
    /// </summary>
    Task<ConversationSummary> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken);
}

/// <summary>What to summarise.</summary>
/// <param name="ChatId">The chat's id, for logs only.</param>
/// <param name="Channel">Where the chat happened, e.g. <c>whatsapp</c>, <c>webchat</c>.</param>
/// <param name="Question">The visitor's question when the gateway knows it (pre-chat form, first message); may be null.</param>
/// <param name="Language">Target language as a BCP-47 code (<c>en</c>, <c>de-DE</c>); see <see cref="SummaryLanguage.Normalize"/>.</param>
/// <param name="Lines">The transcript, oldest first.</param>
public sealed record SummaryRequest(
    string ChatId,
    string Channel,
    string? Question,
    string Language,
    IReadOnlyList<TranscriptLine> Lines);

/// <summary>One message of the transcript.</summary>
/// <param name="Kind">Who wrote it.</param>
/// <param name="SpeakerName">Display name (operator or bot name); null when unknown.</param>
/// <param name="At">When it was sent.</param>
/// <param name="Text">The message text as written.</param>
public sealed record TranscriptLine(SpeakerKind Kind, string? SpeakerName, DateTimeOffset At, string Text);

/// <summary>Who wrote a transcript line.</summary>
public enum SpeakerKind
{
    Visitor,
    Operator,
    Bot,
    System,
}

/// <summary>A summary and where it came from.</summary>
/// <param name="Text">The summary, plain text, a few lines.</param>
/// <param name="Provider">The provider that wrote <paramref name="Text"/> (<c>Builtin</c> after a fallback).</param>
/// <param name="Language">The two-letter language the summary is written in.</param>
/// <param name="GeneratedAt">When it was produced.</param>
/// <param name="Usage">Token usage reported by a model provider; null for providers without one.</param>
/// <param name="FallbackReason">Non-null when the configured provider failed and Builtin answered, e.g. <c>openai: 429 insufficient_quota</c>.</param>
public sealed record ConversationSummary(
    string Text,
    string Provider,
    string Language,
    DateTimeOffset GeneratedAt,
    SummaryUsage? Usage,
    string? FallbackReason);

/// <summary>Tokens a model provider billed for one summary.</summary>
public sealed record SummaryUsage(int PromptTokens, int CompletionTokens);
