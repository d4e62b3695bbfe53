using LiveChat.Channels.Activities;
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

/// <summary>Where the Direct Line channel keeps its conversations. The Gateway implements it over its database.</summary>
public interface IDirectLineConversations
{
    /// <summary>Stores a new conversation (ids are fresh and random, so a clash is a bug).</summary>
    Task CreateAsync(DirectLineConversation conversation, CancellationToken cancellationToken);

    Task<DirectLineConversation?> FindAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Marks the conversation started; true only for the call that started it.</summary>
    Task<bool> StartAsync(string conversationId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Replaces the conversation's visitor profile (the caller merges).</summary>
    Task SaveVisitorAsync(string conversationId, VisitorProfile visitor, CancellationToken cancellationToken);
}

/// <summary>
/// What the visitor sees of a conversation: the visitor's own activities (the echo) and every reply sent to
/// them, in a total order that never changes, resumable by an opaque watermark. The Gateway implements it.
/// </summary>
public interface IDirectLineActivities
{
    /// <summary>
    /// Up to <paramref name="limit"/> activities after <paramref name="watermark"/> (null or empty: from the
    /// beginning), each with a stable unique id, and the watermark to resume from. An activity committed after
    /// this read is never ordered before the returned watermark.
    /// </summary>
    Task<ActivitySet> ReadAsync(string conversationId, string? watermark, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Starts watching for new activities. Create it before the read it guards: anything committed after
    /// this call wakes <see cref="IDirectLineWatch.WaitAsync"/>.
    /// </summary>
    IDirectLineWatch Watch(string conversationId);
}

public interface IDirectLineWatch : IDisposable
{
    /// <summary>Completes when the conversation may have new activities, or after <paramref name="timeout"/> (false).</summary>
    Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
