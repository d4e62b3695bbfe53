namespace LiveChat.Gateway.Transcripts;

/// <summary>The open chat of a customer thread, as much of it as ingest needs.</summary>
public sealed record ChatRef
{
    public required string Id { get; init; }
    public required string Channel { get; init; }
    public required string ConversationKey { get; init; }
    public required string VisitorId { get; init; }
    public required string DepartmentId { get; init; }
    public required string State { get; init; }
    public string? Question { get; init; }
    public int? EndAfterSeconds { get; init; }

    /// <summary>Opened by this very activity: the visitor is told their place in the queue once their message is stored.</summary>
    public bool JustOpened { get; init; }
}

/// <summary>A customer thread before ingest stores into it: the external ids already stored, the visitor (null when nothing is new), its chat.</summary>
public sealed record ThreadLookup(IReadOnlySet<string> Stored, string? VisitorId, ChatRef? Chat);
