using LiveChat.Gateway.Chats;

namespace LiveChat.Gateway.Outbox;

/// <summary>Who writes to the customer: an operator, a bot, or the gateway itself (queued, joined, ended...).</summary>
public sealed record OutboundSender(SenderKind Kind, string? Id, string Name)
{
    public static OutboundSender System { get; } = new(SenderKind.System, null, "LiveChat");
}
