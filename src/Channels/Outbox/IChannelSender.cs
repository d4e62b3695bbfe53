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

    /// <summary>
    /// Whether the channel still lets the business reply, decided from the time of the customer's last
    /// message (null = the customer never wrote). Pure: no I/O. The Gateway calls it before accepting a
    /// reply and turns <see cref="ReplyWindowDecision.Refused"/> into a ProblemDetails the operator sees.
    /// Channels without a window keep this default.
    /// </summary>
    ReplyWindowDecision CheckReplyWindow(DateTimeOffset? customerLastMessageAt, bool fromHumanAgent, DateTimeOffset now) =>
        new ReplyWindowDecision.Allowed();

    /// <summary>
    /// When the channel stops accepting a human operator's reply, given the time of the customer's last message; null where
    /// no window applies or the time is unknown. Pure: no I/O. Channels without a window keep this default.
    /// </summary>
    DateTimeOffset? ReplyWindowClosesAt(DateTimeOffset? customerLastMessageAt) => null;
}

/// <summary>The answer of <see cref="IChannelSender.CheckReplyWindow"/>.</summary>
public abstract record ReplyWindowDecision
{
    private ReplyWindowDecision()
    {
    }

    /// <summary>A normal reply is allowed.</summary>
    public sealed record Allowed : ReplyWindowDecision;

    /// <summary>Allowed only as a tagged message (e.g. Meta's <c>HUMAN_AGENT</c>); the sender applies the tag itself.</summary>
    public sealed record AllowedWithTag(string Tag) : ReplyWindowDecision;

    /// <summary>Not allowed; <paramref name="Reason"/> is written for the operator.</summary>
    public sealed record Refused(string Reason) : ReplyWindowDecision;
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
