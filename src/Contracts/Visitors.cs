namespace LiveChat.Contracts;

/// <summary>The visitor panel: who this is, and the recent chats and tickets the operator may see.</summary>
public sealed record VisitorDetails(
    string Id,
    string Channel,
    string? Name,
    string? Email,
    string? Phone,
    string? Page,
    string? PageTitle,
    string? Referrer,
    string? Language,
    string? Country,
    string? Browser,
    string? Os,
    DateTimeOffset CreatedAt,
    IReadOnlyList<RecentChat> RecentChats,
    IReadOnlyList<RecentTicket> RecentTickets);

public sealed record RecentChat(string Id, string State, string Channel, string? Question, DateTimeOffset StartedAt, DateTimeOffset? EndedAt);

public sealed record RecentTicket
{
    public required string Id { get; init; }
    public required string ChatId { get; init; }
    public required string Kind { get; init; }
    public required string State { get; init; }
    public string? ExternalId { get; init; }
    public string? Url { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
