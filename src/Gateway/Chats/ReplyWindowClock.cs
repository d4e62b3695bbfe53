using LiveChat.Channels.Outbox;

namespace LiveChat.Gateway.Chats;

/// <summary>Each channel's reply window as the chat views show it (<see cref="ChatView.ReplyWindowClosesAt"/>), from the channels' senders.</summary>
public sealed class ReplyWindowClock(IEnumerable<IChannelSender> senders)
{
    private readonly IReadOnlyDictionary<string, IChannelSender> _byChannel =
        senders.GroupBy(s => s.Channel, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public DateTimeOffset? ClosesAt(string channel, DateTimeOffset? customerLastMessageAt) =>
        _byChannel.TryGetValue(channel, out var sender) ? sender.ReplyWindowClosesAt(customerLastMessageAt) : null;
}
