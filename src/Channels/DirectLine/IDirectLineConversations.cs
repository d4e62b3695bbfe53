using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;

namespace LiveChat.Channels.DirectLine;

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
