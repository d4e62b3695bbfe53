using LiveChat.Channels.Meta;
using LiveChat.Channels.Outbox;
using Microsoft.Extensions.Options;

namespace LiveChat.Channels.Instagram;

/// <summary>Sends Instagram direct messages (<c>POST /{version}/{account-id}/messages</c>, Messenger-style body).</summary>
internal sealed class InstagramSender(
    IInstagramSendApi api, IOptions<InstagramOptions> options, SendThrottle throttle, TimeProvider time) : IChannelSender
{
    public string Channel => InstagramChannel.Name;

    public ReplyWindowDecision CheckReplyWindow(DateTimeOffset? customerLastMessageAt, bool fromHumanAgent, DateTimeOffset now) =>
        ReplyWindows.PageMessaging(options.Value.DisplayName, customerLastMessageAt, fromHumanAgent, options.Value.UseHumanAgentTag, now);

    public DateTimeOffset? ReplyWindowClosesAt(DateTimeOffset? customerLastMessageAt) => ReplyWindows.ClosesAt(customerLastMessageAt, options.Value.UseHumanAgentTag);

    public Task<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        PageSendApi.SendAsync(
            api, options.Value, Channel, throttle, PageSendApi.WindowFor(message, options.Value, time.GetUtcNow()), message, cancellationToken);
}
