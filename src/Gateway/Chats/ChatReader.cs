namespace LiveChat.Gateway.Chats;

/// <summary>Reads chats in their public shape; one query for the rows and one per related table, never one per chat.</summary>
public static class ChatReader
{
    public const string Columns =
        """
        c.id, c.state, c.channel, c.question, c.department_id, c.started_at, c.queued_at, c.assigned_at, c.ended_at, c.end_reason,
        c.last_visitor_activity_at, c.auto_end_at, c.last_customer_message_at,
        v.id AS visitor_id, v.name AS visitor_name, v.email AS visitor_email, v.phone AS visitor_phone, v.page AS visitor_page,
        v.country AS visitor_country, v.browser AS visitor_browser, v.os AS visitor_os
        """;

    public const string From = "FROM chats c JOIN visitors v ON v.id = c.visitor_id";

    public static async Task<IReadOnlyList<ChatView>> ReadAsync(
        DbConnection connection, string where, object parameters, string orderAndLimit, ReplyWindowClock windows, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<ChatRow>(new CommandDefinition(
            $"SELECT {Columns} {From} WHERE {where} {orderAndLimit}", parameters, cancellationToken: cancellationToken))).ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        var ids = rows.Select(r => r.Id).ToArray();
        var inIds = Db.AnyOf(connection, "chat_id", "ids");
        var participants = (await connection.QueryAsync<ParticipantRow>(new CommandDefinition(
            $"SELECT chat_id, kind, participant_id, name, role, joined_at, left_at FROM chat_participants WHERE {inIds} ORDER BY id",
            new { ids }, cancellationToken: cancellationToken))).ToLookup(p => p.ChatId);
        var tags = (await connection.QueryAsync<(string ChatId, string Tag)>(new CommandDefinition(
            $"SELECT chat_id, tag FROM chat_tags WHERE {inIds} ORDER BY tag", new { ids }, cancellationToken: cancellationToken))).ToLookup(t => t.ChatId, t => t.Tag);
        var summaries = (await connection.QueryAsync<SummaryRow>(new CommandDefinition(
            $"SELECT chat_id, text, provider, language, generated_at, fallback_reason FROM chat_summaries WHERE {inIds} ORDER BY id",
            new { ids }, cancellationToken: cancellationToken))).GroupBy(s => s.ChatId).ToDictionary(g => g.Key, g => g.Last());
        var tickets = (await connection.QueryAsync<TicketRow>(new CommandDefinition(
            $"SELECT id, chat_id, kind, state, external_id, external_url, attempts, last_error FROM ticket_requests WHERE {inIds} ORDER BY created_at",
            new { ids }, cancellationToken: cancellationToken))).GroupBy(t => t.ChatId).ToDictionary(g => g.Key, g => g.Last());

        return [.. rows.Select(r => new ChatView(
            r.Id,
            r.State,
            r.Channel,
            r.Question,
            r.DepartmentId,
            [.. participants[r.Id].Select(p => new ParticipantView(p.Kind, p.ParticipantId, p.Name, p.Role, p.JoinedAt, p.LeftAt))],
            [.. tags[r.Id]],
            summaries.TryGetValue(r.Id, out var s) ? new SummaryView(s.Text, s.Provider, s.Language, s.GeneratedAt, s.FallbackReason) : null,
            tickets.TryGetValue(r.Id, out var t) ? new TicketView(t.Id, t.Kind, t.State, t.ExternalId, t.ExternalUrl, t.Attempts, t.LastError) : null,
            new VisitorView(r.VisitorId, r.VisitorName, r.VisitorEmail, r.VisitorPhone, r.VisitorPage, r.VisitorCountry, r.VisitorBrowser, r.VisitorOs),
            r.StartedAt,
            r.QueuedAt,
            r.AssignedAt,
            r.EndedAt,
            r.EndReason,
            r.LastVisitorActivityAt,
            r.AutoEndAt,
            windows.ClosesAt(r.Channel, r.LastCustomerMessageAt)))];
    }

    private sealed record ChatRow
    {
        public required string Id { get; init; }
        public required string State { get; init; }
        public required string Channel { get; init; }
        public string? Question { get; init; }
        public required string DepartmentId { get; init; }
        public DateTimeOffset StartedAt { get; init; }
        public DateTimeOffset? QueuedAt { get; init; }
        public DateTimeOffset? AssignedAt { get; init; }
        public DateTimeOffset? EndedAt { get; init; }
        public string? EndReason { get; init; }
        public DateTimeOffset LastVisitorActivityAt { get; init; }
        public DateTimeOffset? AutoEndAt { get; init; }
        public DateTimeOffset? LastCustomerMessageAt { get; init; }
        public required string VisitorId { get; init; }
        public string? VisitorName { get; init; }
        public string? VisitorEmail { get; init; }
        public string? VisitorPhone { get; init; }
        public string? VisitorPage { get; init; }
        public string? VisitorCountry { get; init; }
        public string? VisitorBrowser { get; init; }
        public string? VisitorOs { get; init; }
    }

    private sealed record ParticipantRow
    {
        public required string ChatId { get; init; }
        public required string Kind { get; init; }
        public required string ParticipantId { get; init; }
        public required string Name { get; init; }
        public required string Role { get; init; }
        public DateTimeOffset JoinedAt { get; init; }
        public DateTimeOffset? LeftAt { get; init; }
    }

    private sealed record SummaryRow
    {
        public required string ChatId { get; init; }
        public required string Text { get; init; }
        public required string Provider { get; init; }
        public required string Language { get; init; }
        public DateTimeOffset GeneratedAt { get; init; }
        public string? FallbackReason { get; init; }
    }

    private sealed record TicketRow
    {
        public required string Id { get; init; }
        public required string ChatId { get; init; }
        public required string Kind { get; init; }
        public required string State { get; init; }
        public string? ExternalId { get; init; }
        public string? ExternalUrl { get; init; }
        public int Attempts { get; init; }
        public string? LastError { get; init; }
    }

    /// <summary>The chat in its public shape, read after commit.</summary>
    public static async Task<ChatView> ViewAsync(Db db, ReplyWindowClock windows, string chatId, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await ReadAsync(connection, "c.id = @chatId", new { chatId }, string.Empty, windows, cancellationToken))[0];
    }
}
