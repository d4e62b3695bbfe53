namespace LiveChat.Contracts;

// What the operator console needs beyond the chat actions; each record is the body of one route of /api/v1.

/// <summary><c>POST /chats/{id}/notes</c>: a private note to colleagues; answered with the note as a <see cref="MessageView"/> (internal).</summary>
public sealed record NoteRequest(string Text);

/// <summary><c>POST /chats/{id}/read</c>: everything up to and including this message has been read by me.</summary>
public sealed record ReadRequest(string MessageId);

/// <summary><c>GET /chats/unread</c>: my unread count (messages from the visitor, bots and other operators after my last read) in each open chat I am in; also the answer of <c>POST /chats/{id}/read</c> and the data of <c>chat.operator.read</c>.</summary>
public sealed record UnreadView(string ChatId, int Unread, string? LastReadMessageId);

/// <summary><c>GET /chats/{id}/colleagues?purpose=transfer|invite|reassign</c>: operators who could be given this chat now.</summary>
public sealed record ColleagueView(
    string Id,
    string Name,
    string Status,
    int OpenChats,
    int MaxConcurrentChats,
    IReadOnlyList<string> DepartmentIds,
    string Language);

/// <summary><c>GET /chats/{id}/presence</c> and the <c>chat.presence</c> event: who has the chat open or is typing in it.</summary>
public sealed record PresenceView(string ChatId, IReadOnlyList<ViewerView> Viewers);

public sealed record ViewerView(string OperatorId, string Name, bool Typing, DateTimeOffset Until);

/// <summary><c>GET /chats/search?q=</c>: a chat whose visitor (name, email, phone) or messages match, with the matching text.</summary>
public sealed record ChatSearchHit(ChatView Chat, string? Snippet);

/// <summary><c>GET /chats/requests</c>: transfers and invitations waiting for an answer, to me or from me.</summary>
public sealed record ChatRequestView(
    string Id,
    string ChatId,
    string Kind,
    string FromOperatorId,
    string? FromOperatorName,
    string? ToOperatorId,
    string? ToDepartmentId,
    string? Note,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt);

/// <summary><c>GET/PUT /operators/me/preferences</c>: the console's settings, kept on the server so they follow the operator.</summary>
public sealed record OperatorPreferences(bool EnterSends = true, bool Sound = true, bool DesktopNotifications = true, string? Language = null);

/// <summary><c>POST /chats/{id}/presence</c>: "I have this chat open" (and whether I am typing), repeated while it stays open.</summary>
public sealed record PresenceRequest(bool Typing);
