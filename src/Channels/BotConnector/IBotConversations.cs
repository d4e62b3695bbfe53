using LiveChat.Channels.Activities;

namespace LiveChat.Channels.BotConnector;

/// <summary>What the host (the gateway) provides behind the Connector API: chats are the bots' conversations.</summary>
public interface IBotConversations
{
    /// <summary>The name of the bot that currently answers this conversation, or null when no bot does (or there is no such chat).</summary>
    Task<string?> FrontingBotAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// Takes an activity from <paramref name="bot"/> (a reply when <paramref name="replyToId"/> is set). Returns the id
    /// given to it, or null when the bot no longer fronts the conversation.
    /// </summary>
    Task<BotPostResult> PostAsync(string bot, string conversationId, Activity activity, string? replyToId, CancellationToken cancellationToken);

    /// <summary>The conversation's members: the customer and the bot.</summary>
    Task<IReadOnlyList<ChannelAccount>> MembersAsync(string bot, string conversationId, CancellationToken cancellationToken);
}

/// <summary>The outcome of a bot's activity.</summary>
public abstract record BotPostResult
{
    private BotPostResult()
    {
    }

    public sealed record Accepted(string Id) : BotPostResult;

    public sealed record NotFronted : BotPostResult;

    public sealed record Rejected(string Message) : BotPostResult;
}
