using LiveChat.Channels.Inbox;

namespace LiveChat.Channels.DirectLine;

/// <summary>A Direct Line conversation: reserved by a token or started by a client, owned by one visitor.</summary>
public sealed record DirectLineConversation(
    string Id,
    string UserId,
    string? UserName,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    VisitorProfile Visitor);
