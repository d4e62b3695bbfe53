using LiveChat.Gateway.Events;
using LiveChat.Summaries;

namespace LiveChat.Gateway.Chats;

/// <summary>Turns a chat's transcript into a summary with the configured summariser, and stores it.</summary>
public sealed class ChatSummaries(Db db, ISummarizer summarizer)
{
    /// <summary>Summarises the chat now and stores the result; the caller decides who hears about it.</summary>
    public async Task<ConversationSummary?> GenerateAsync(string chatId, string trigger, string language, string? targetOperatorId, CancellationToken cancellationToken)
    {
        var request = await LoadAsync(chatId, language, cancellationToken);
        if (request is null)
        {
            return null;
        }

        var summary = await summarizer.SummarizeAsync(request.Value.Request, cancellationToken);
        await using var work = await db.BeginAsync(cancellationToken);
        await work.ExecuteAsync(
            """
            INSERT INTO chat_summaries (chat_id, text, provider, language, trigger, fallback_reason, generated_at)
            VALUES (@chatId, @Text, @Provider, @Language, @trigger, @FallbackReason, @GeneratedAt)
            """,
            new { chatId, summary.Text, summary.Provider, summary.Language, trigger, summary.FallbackReason, summary.GeneratedAt });
        work.Raise(
            new ChatSummary(chatId, trigger, summary.Text, summary.Provider, summary.Language, summary.GeneratedAt, summary.FallbackReason),
            new EventRoute(chatId, request.Value.DepartmentId, targetOperatorId));
        await work.CommitAsync(cancellationToken);
        return summary;
    }

    /// <summary>Queues an automatic summary in the caller's transaction; the summary worker (<c>Summaries/SummaryWorker</c>) makes it after commit.</summary>
    public static Task EnqueueAsync(UnitOfWork work, string chatId, string trigger, string language, string? targetOperatorId, DateTimeOffset now) =>
        work.ExecuteAsync(
            $"""
            INSERT INTO summary_jobs (chat_id, trigger, language, target_operator_id, state, attempts, next_attempt_at, created_at)
            VALUES (@chatId, @trigger, @language, @targetOperatorId, {Sql.Literal(SummaryJobState.Pending)}, 0, @now, @now)
            """,
            new { chatId, trigger, language = SummaryLanguage.Normalize(language), targetOperatorId, now });

    /// <summary>
    /// Queues a summary in the language of <paramref name="languageOf"/> (an operator id; the default language
    /// when null), announced only to <paramref name="notify"/> when given, else to the chat's department.
    /// </summary>
    public static async Task EnqueueForAsync(UnitOfWork work, string chatId, string trigger, string? languageOf, string? notify, DateTimeOffset now)
    {
        var language = languageOf is null
            ? null
            : await work.ScalarAsync<string>("SELECT language FROM operators WHERE id = @languageOf", new { languageOf });
        await EnqueueAsync(work, chatId, trigger, language ?? SummaryLanguage.Default, notify, now);
    }

    private async Task<(SummaryRequest Request, string DepartmentId)?> LoadAsync(string chatId, string language, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var chat = await connection.QuerySingleOrDefaultAsync<ChatRow>(new CommandDefinition(
            "SELECT channel, question, department_id FROM chats WHERE id = @chatId", new { chatId }, cancellationToken: cancellationToken));
        if (chat is null)
        {
            return null;
        }

        var lines = await connection.QueryAsync<LineRow>(new CommandDefinition(
            "SELECT sender_kind, sender_name, sent_at, text FROM messages WHERE chat_id = @chatId AND activity_type = 'message' AND text IS NOT NULL AND NOT internal ORDER BY seq",
            new { chatId },
            cancellationToken: cancellationToken));
        var transcript = lines.Select(l => new TranscriptLine(Kind(l.SenderKind), l.SenderName, l.SentAt, l.Text)).ToList();
        return (new SummaryRequest(chatId, chat.Channel, chat.Question, SummaryLanguage.Normalize(language), transcript), chat.DepartmentId);
    }

    private static SpeakerKind Kind(string senderKind) => senderKind switch
    {
        ParticipantKind.Visitor => SpeakerKind.Visitor,
        ParticipantKind.Operator => SpeakerKind.Operator,
        ParticipantKind.Bot => SpeakerKind.Bot,
        _ => SpeakerKind.System,
    };

    private sealed record ChatRow
    {
        public required string Channel { get; init; }
        public string? Question { get; init; }
        public required string DepartmentId { get; init; }
    }

    private sealed record LineRow
    {
        public required string SenderKind { get; init; }
        public string? SenderName { get; init; }
        public DateTimeOffset SentAt { get; init; }
        public required string Text { get; init; }
    }
}
