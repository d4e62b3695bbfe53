using System.Text.Json;

namespace LiveChat.Contracts;

public sealed record VisitorView(string Id, string? Name, string? Email, string? Phone, string? Page, string? Country, string? Browser, string? Os);

public sealed record ParticipantView(string Kind, string Id, string Name, string Role, DateTimeOffset JoinedAt, DateTimeOffset? LeftAt);

public sealed record SummaryView(string Text, string Provider, string Language, DateTimeOffset GeneratedAt, string? FallbackReason);

public sealed record TicketView(string Id, string Kind, string State, string? ExternalId, string? Url, int Attempts, string? LastError);

/// <summary>
/// A chat as every list and the chat itself show it. <see cref="ReplyWindowClosesAt"/> is when the channel stops accepting
/// an operator's reply (WhatsApp's 24 hours, Messenger's and Instagram's 24 hours or 7 days); null where no window applies.
/// </summary>
public sealed record ChatView(
    string Id,
    string State,
    string Channel,
    string? Question,
    string DepartmentId,
    IReadOnlyList<ParticipantView> Participants,
    IReadOnlyList<string> Tags,
    SummaryView? Summary,
    TicketView? Ticket,
    VisitorView Visitor,
    DateTimeOffset StartedAt,
    DateTimeOffset? QueuedAt,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? EndedAt,
    string? EndReason,
    DateTimeOffset LastVisitorActivityAt,
    DateTimeOffset? AutoEndAt,
    DateTimeOffset? ReplyWindowClosesAt = null);

public sealed record SenderView(string Kind, string? Id, string? Name);

public sealed record MessageError(string? Code, string? Message);

/// <summary>A file or card on a message; <see cref="Content"/> carries a card's own JSON.</summary>
public sealed record AttachmentView
{
    public string? ContentType { get; init; }
    public string? ContentUrl { get; init; }
    public JsonElement? Content { get; init; }
    public string? Name { get; init; }
    public string? ThumbnailUrl { get; init; }
}

/// <summary>One transcript message; <see cref="Internal"/> marks a note for operators only.</summary>
public sealed record MessageView(
    string Id,
    string ChatId,
    SenderView From,
    string Type,
    string? Text,
    IReadOnlyList<AttachmentView> Attachments,
    DateTimeOffset SentAt,
    string Status,
    MessageError? Error,
    bool Internal);
