using LiveChat.Channels.Meta;
using LiveChat.Channels.Outbox;
using Microsoft.Extensions.Options;

namespace LiveChat.Channels.Messenger;

/// <summary>Sends to Messenger through the Page Send API (<c>POST /{version}/{page-id}/messages</c>).</summary>
internal sealed class MessengerSender(
    IMessengerSendApi api, IOptions<MessengerOptions> options, SendThrottle throttle, TimeProvider time) : IChannelSender
{
    public string Channel => MessengerChannel.Name;

    public ReplyWindowDecision CheckReplyWindow(DateTimeOffset? customerLastMessageAt, bool fromHumanAgent, DateTimeOffset now) =>
        ReplyWindows.PageMessaging(options.Value.DisplayName, customerLastMessageAt, fromHumanAgent, options.Value.UseHumanAgentTag, now);

    public DateTimeOffset? ReplyWindowClosesAt(DateTimeOffset? customerLastMessageAt) => ReplyWindows.ClosesAt(customerLastMessageAt, options.Value.UseHumanAgentTag);

    public Task<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        PageSendApi.SendAsync(
            api, options.Value, Channel, throttle, PageSendApi.WindowFor(message, options.Value, time.GetUtcNow()), message, cancellationToken);
}
