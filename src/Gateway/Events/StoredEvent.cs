namespace LiveChat.Gateway.Events;

/// <summary>A stored event; <see cref="Id"/> is the stream's sequence number.</summary>
public sealed record StoredEvent
{
    public long Id { get; init; }
    public required string Type { get; init; }
    public string? ChatId { get; init; }
    public string? DepartmentId { get; init; }
    public string? OperatorId { get; init; }
    public required string Payload { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The operators it is for, space-separated (see <see cref="EventRoute.Audience"/>); null for everyone allowed.</summary>
    public string? Audience { get; init; }

    private IReadOnlySet<string>? _audienceIds;

    /// <summary><see cref="Audience"/> as a set, parsed once however many streams ask.</summary>
    public IReadOnlySet<string>? AudienceIds =>
        Audience is null ? null : _audienceIds ??= Audience.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
}
