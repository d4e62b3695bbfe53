using LiveChat.Channels.Activities;

namespace LiveChat.Channels.BotConnector;

/// <summary>What the host (the gateway) provides behind the Connector API: chats are the bots' conversations.</summary>
public interface IBotConversations
{
    /// <summary>The name of the bot that currently answers this conversation, or null when no bot does (or there is no such chat).</summary>
    Task<string?> FrontingBotAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// Takes an activity from <paramref name="bot"/> (a reply when <paramref name="replyToId"/> is set). Returns the id
    /// given to it, or <see cref="BotActivityResult.NotFronted"/> when the bot no longer fronts the conversation.
    /// </summary>
    Task<BotActivityResult> PostAsync(string bot, string conversationId, Activity activity, string? replyToId, CancellationToken cancellationToken);

    /// <summary>Replaces the text (and attachments) of a message <paramref name="bot"/> sent earlier in the conversation.</summary>
    Task<BotActivityResult> UpdateAsync(string bot, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken);

    /// <summary>Withdraws a message <paramref name="bot"/> sent earlier in the conversation.</summary>
    Task<BotActivityResult> DeleteAsync(string bot, string conversationId, string activityId, CancellationToken cancellationToken);

    /// <summary>The conversation's members: the customer and the bot.</summary>
    Task<IReadOnlyList<ChannelAccount>> MembersAsync(string bot, string conversationId, CancellationToken cancellationToken);
}

/// <summary>The outcome of a bot's activity; each failure becomes one Connector ErrorResponse.</summary>
public abstract record BotActivityResult
{
    private BotActivityResult()
    {
    }

    public sealed record Accepted(string Id) : BotActivityResult;

    /// <summary>403: the bot does not (or no longer) front the conversation.</summary>
    public sealed record NotFronted : BotActivityResult;

    /// <summary>400: the activity is not one the channel takes.</summary>
    public sealed record Rejected(string Message) : BotActivityResult;

    /// <summary>404: the conversation has no such activity.</summary>
    public sealed record NotFound(string Message) : BotActivityResult;

    /// <summary>403: the activity is someone else's (the customer's, an operator's, the gateway's).</summary>
    public sealed record NotOwn(string Message) : BotActivityResult;

    /// <summary>405: the customer's channel cannot do this (as the Bot Connector answers for such channels).</summary>
    public sealed record Unsupported(string Message) : BotActivityResult;
}
