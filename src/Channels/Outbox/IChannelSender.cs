using LiveChat.Channels.Activities;

namespace LiveChat.Channels.Outbox;

/// <summary>
/// Delivers one outbound activity through a channel's real API. The Gateway's outbox calls it after the
/// message is committed; implementations do not retry beyond their HTTP resilience policy, they report.
/// </summary>
public interface IChannelSender
{
    /// <summary>The channel name this sender serves, e.g. <c>whatsapp</c>.</summary>
    string Channel { get; }

    Task<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}

/// <summary>An activity for the customer on <see cref="ConversationKey"/>, with the time of their last message.</summary>
public sealed record OutboundMessage(
    string MessageId,
    string ConversationKey,
    Activity Activity,
    DateTimeOffset? CustomerLastMessageAt,
    bool FromHumanAgent);

public abstract record SendOutcome
{
    private SendOutcome()
    {
    }

    /// <summary>Accepted by the channel; <paramref name="ExternalId"/> correlates later delivery reports.</summary>
    public sealed record Sent(string? ExternalId) : SendOutcome;

    /// <summary>Worth trying again later (throttled, server error, timeout).</summary>
    public sealed record Retry(string Reason, TimeSpan? After) : SendOutcome;

    /// <summary>Will never succeed as it is (closed window, invalid recipient); the reason is shown to the operator.</summary>
    public sealed record Failed(string Code, string Reason) : SendOutcome;
}
