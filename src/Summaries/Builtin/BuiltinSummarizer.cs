using LiveChat.Summaries.Builtin;

namespace LiveChat.Summaries;

/// <summary>
/// The default summariser: extractive, offline and deterministic (the same transcript gives the same text).
/// Headings are in the target language for en, de, fr, es, it, pt and nl, English otherwise; quoted lines stay
/// as written. Also the fallback of model-based providers.
/// </summary>
public sealed class BuiltinSummarizer(TimeProvider time) : ISummarizer
{
    public const string ProviderName = "Builtin";

    public string Name => ProviderName;

    public Task<ConversationSummary> SummarizeAsync(SummaryRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var words = SummaryVocabulary.For(SummaryLanguage.Normalize(request.Language));
        var text = ExtractiveSummary.Compose(request, words);
        return Task.FromResult(new ConversationSummary(text, ProviderName, words.Language, time.GetUtcNow(), Usage: null, FallbackReason: null));
    }
}
