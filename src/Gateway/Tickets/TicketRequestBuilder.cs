using LiveChat.Gateway.Chats;
using LiveChat.Tickets;

namespace LiveChat.Gateway.Tickets;

/// <summary>
/// Reads what a ticket is made of (the chat, its visitor, department, tags, latest summary and transcript)
/// and turns it into a <see cref="TicketRequest"/>. Called once per request: the result is stored and
/// every later attempt sends exactly that.
/// </summary>
public static class TicketRequestBuilder
{
    public static async Task<TicketRequest?> LoadAsync(
        DbConnection connection, string chatId, TicketKind kind, string? publicBaseUrl, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var chat = await connection.QuerySingleOrDefaultAsync<ChatFacts>(new CommandDefinition(
            """
            SELECT c.id, c.channel, c.question, c.department_id, d.name AS department_name, c.started_at, c.ended_at,
                   v.name AS visitor_name, v.email AS visitor_email, v.phone AS visitor_phone
            FROM chats c JOIN visitors v ON v.id = c.visitor_id LEFT JOIN departments d ON d.id = c.department_id
            WHERE c.id = @chatId
            """,
            new { chatId },
            cancellationToken: cancellationToken));
        if (chat is null)
        {
            return null;
        }

        var tags = await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT tag FROM chat_tags WHERE chat_id = @chatId ORDER BY tag", new { chatId }, cancellationToken: cancellationToken));
        var summary = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT text FROM chat_summaries WHERE chat_id = @chatId ORDER BY id DESC LIMIT 1", new { chatId }, cancellationToken: cancellationToken));
        var messages = await connection.QueryAsync<TranscriptMessage>(new CommandDefinition(
            $"SELECT {TranscriptMessage.Columns} FROM messages WHERE chat_id = @chatId AND activity_type = 'message' AND sender_kind <> {Sql.Literal(ParticipantKind.System)} AND NOT internal ORDER BY seq",
            new { chatId },
            cancellationToken: cancellationToken));
        return Build(chat, kind, [.. tags], summary, [.. messages.Select(m => m.ToView())], publicBaseUrl, now);
    }

    /// <summary>Pure: the ticket request of a chat as read.</summary>
    public static TicketRequest Build(
        ChatFacts chat, TicketKind kind, IReadOnlyList<string> tags, string? summary, IReadOnlyList<MessageView> messages, string? publicBaseUrl, DateTimeOffset now)
    {
        var baseUrl = string.IsNullOrWhiteSpace(publicBaseUrl) ? null : publicBaseUrl.Trim().TrimEnd('/');
        var lines = messages
            .Where(m => !string.IsNullOrWhiteSpace(m.Text) || m.Attachments.Count > 0)
            .Select(m => new TicketLine(
                m.From.Kind,
                m.From.Name,
                m.SentAt,
                m.Text ?? string.Empty,
                [.. m.Attachments.Select(a => a.ContentUrl).OfType<string>().Where(u => u.Length > 0).Select(u => Absolute(u, baseUrl))]))
            .ToList();
        return new TicketRequest(
            chat.Id,
            kind,
            string.IsNullOrWhiteSpace(chat.Question) ? null : chat.Question,
            new TicketContact(chat.VisitorName, chat.VisitorEmail, chat.VisitorPhone),
            chat.Channel,
            chat.DepartmentId,
            chat.DepartmentName,
            tags,
            string.IsNullOrWhiteSpace(summary) ? null : summary,
            lines,
            // The console opens the chat (the transcript once it has ended); an operator signs in first if needed.
            baseUrl is null ? null : $"{baseUrl}/console/chats/{Uri.EscapeDataString(chat.Id)}",
            chat.StartedAt,
            chat.EndedAt ?? now);
    }

    /// <summary>A gateway path ("/api/v1/media/...") becomes a link under the public base URL; absolute URLs stay as they are.</summary>
    private static string Absolute(string url, string? baseUrl) =>
        baseUrl is null || Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? url
            : $"{baseUrl}/{url.TrimStart('/')}";

    public sealed record ChatFacts
    {
        public required string Id { get; init; }
        public required string Channel { get; init; }
        public string? Question { get; init; }
        public string? DepartmentId { get; init; }
        public string? DepartmentName { get; init; }
        public DateTimeOffset StartedAt { get; init; }
        public DateTimeOffset? EndedAt { get; init; }
        public string? VisitorName { get; init; }
        public string? VisitorEmail { get; init; }
        public string? VisitorPhone { get; init; }
    }
}
