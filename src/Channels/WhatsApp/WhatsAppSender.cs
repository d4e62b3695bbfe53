using LiveChat.Channels.Activities;
using LiveChat.Channels.Meta;
using LiveChat.Channels.Outbox;
using Microsoft.Extensions.Options;

namespace LiveChat.Channels.WhatsApp;

/// <summary>Sends to WhatsApp through the Cloud API (<c>POST /{version}/{phone-number-id}/messages</c>).</summary>
internal sealed class WhatsAppSender(
    IWhatsAppSendApi api, IOptions<WhatsAppOptions> options, SendThrottle throttle, TimeProvider time) : IChannelSender
{
    public string Channel => WhatsAppChannel.Name;

    public ReplyWindowDecision CheckReplyWindow(DateTimeOffset? customerLastMessageAt, bool fromHumanAgent, DateTimeOffset now) =>
        ReplyWindows.WhatsApp(customerLastMessageAt, now);

    public DateTimeOffset? ReplyWindowClosesAt(DateTimeOffset? customerLastMessageAt) => ReplyWindows.ClosesAt(customerLastMessageAt, useHumanAgentTag: false);

    public async Task<SendOutcome> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // Unknown last-message time: Meta stays the judge (131047).
        if (message.CustomerLastMessageAt is not null
            && CheckReplyWindow(message.CustomerLastMessageAt, message.FromHumanAgent, time.GetUtcNow()) is ReplyWindowDecision.Refused refused)
        {
            return new SendOutcome.Failed(GraphSend.WindowClosedCode, refused.Reason);
        }

        if (Build(message) is not { } request)
        {
            return new SendOutcome.Failed(
                "unsupported_content",
                "WhatsApp messages carry text and at most one attachment with a public https URL.");
        }

        using var lease = await throttle.AcquireAsync(Channel, settings.PhoneNumberId!, settings.EffectiveMessagesPerSecond, cancellationToken);
        if (!lease.IsAcquired)
        {
            return new SendOutcome.Retry("Too many WhatsApp messages queued for this phone number.", TimeSpan.FromSeconds(1));
        }

        return await GraphSend.SendAsync(
            () => api.SendAsync(settings.ApiVersion, settings.PhoneNumberId!, request, settings.AccessToken!, cancellationToken), cancellationToken);
    }

    /// <summary>The Send API body for this activity, or null when WhatsApp cannot carry it in one message.</summary>
    internal static WhatsAppSendRequest? Build(OutboundMessage message)
    {
        var activity = message.Activity;
        var text = string.IsNullOrWhiteSpace(activity.Text) ? null : activity.Text;
        var context = activity.ReplyToId is { } replyTo && replyTo.StartsWith("wamid.", StringComparison.Ordinal)
            ? new WhatsAppSendContext(replyTo)
            : null;
        var attachments = activity.Attachments ?? [];
        if (attachments.Count == 0)
        {
            return text is null
                ? null
                : new WhatsAppSendRequest(message.ConversationKey, "text", Text: new WhatsAppSendText(false, text), Context: context);
        }

        if (attachments.Count > 1 || attachments[0] is not { } attachment || !GraphSend.IsPublicHttps(attachment.ContentUrl))
        {
            return null;
        }

        var link = attachment.ContentUrl!;
        var contentType = attachment.ContentType ?? string.Empty;
        if (contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase))
        {
            return new WhatsAppSendRequest(message.ConversationKey, "image", Image: new WhatsAppSendMedia(link, text), Context: context);
        }

        if (contentType.StartsWith("video/", StringComparison.OrdinalIgnoreCase))
        {
            return new WhatsAppSendRequest(message.ConversationKey, "video", Video: new WhatsAppSendMedia(link, text), Context: context);
        }

        // Audio cannot have a caption: text and audio need two messages.
        if (contentType.StartsWith("audio/", StringComparison.OrdinalIgnoreCase))
        {
            return text is null
                ? new WhatsAppSendRequest(message.ConversationKey, "audio", Audio: new WhatsAppSendMedia(link), Context: context)
                : null;
        }

        return new WhatsAppSendRequest(
            message.ConversationKey, "document", Document: new WhatsAppSendMedia(link, text, attachment.Name), Context: context);
    }
}
