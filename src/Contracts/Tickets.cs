namespace LiveChat.Contracts;

/// <summary>One ticket request as the API shows it.</summary>
public sealed record TicketRequestView
{
    public required string Id { get; init; }
    public required string ChatId { get; init; }
    public required string Kind { get; init; }
    public required string State { get; init; }
    public string? Provider { get; init; }
    public int Attempts { get; init; }
    public DateTimeOffset NextAttemptAt { get; init; }
    public string? ExternalId { get; init; }
    public string? Url { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}
