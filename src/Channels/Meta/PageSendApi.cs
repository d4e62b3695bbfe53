using LiveChat.Channels.Outbox;

namespace LiveChat.Channels.Meta;

/// <summary>Messenger and Instagram share the Send API body and the window rules; this is the part they share.</summary>
internal static class PageSendApi
{
    public static async Task<SendOutcome> SendAsync(
        IPageSendApi api,
        PageMessagingOptions settings,
        string channel,
        SendThrottle throttle,
        ReplyWindowDecision? window,
        OutboundMessage message,
        CancellationToken cancellationToken)
    {
        if (window is ReplyWindowDecision.Refused refused)
        {
            return new SendOutcome.Failed("reply_window_closed", refused.Reason);
        }

        if (BuildMessage(message) is not { } body)
        {
            return new SendOutcome.Failed(
                "unsupported_content",
                $"{settings.DisplayName} messages carry either text or one attachment with a public https URL.");
        }

        var request = window is ReplyWindowDecision.AllowedWithTag tagged
            ? new PageSendRequest(new PageRecipient(message.ConversationKey), "MESSAGE_TAG", body, tagged.Tag)
            : new PageSendRequest(new PageRecipient(message.ConversationKey), "RESPONSE", body);

        using var lease = await throttle.AcquireAsync(channel, settings.SenderId!, settings.EffectiveMessagesPerSecond, cancellationToken);
        if (!lease.IsAcquired)
        {
            return new SendOutcome.Retry($"Too many {settings.DisplayName} messages queued for this sender.", TimeSpan.FromSeconds(1));
        }

        return await GraphSend.SendAsync(
            () => api.SendAsync(settings.ApiVersion, settings.SenderId!, request, settings.Token!, cancellationToken), cancellationToken);
    }

    internal static PageSendMessage? BuildMessage(OutboundMessage message)
    {
        var text = string.IsNullOrWhiteSpace(message.Activity.Text) ? null : message.Activity.Text;
        var attachments = message.Activity.Attachments ?? [];
        if (attachments.Count == 0)
        {
            return text is null ? null : new PageSendMessage(text);
        }

        if (text is not null || attachments.Count > 1 || !GraphSend.IsPublicHttps(attachments[0].ContentUrl))
        {
            return null;
        }

        var contentType = attachments[0].ContentType ?? string.Empty;
        var kind = contentType.Split('/')[0].ToLowerInvariant() switch
        {
            "image" => "image",
            "video" => "video",
            "audio" => "audio",
            _ => "file",
        };
        return new PageSendMessage(Attachment: new PageSendAttachment(kind, new PageAttachmentPayload(attachments[0].ContentUrl!, true)));
    }

    /// <summary>The window decision SendAsync applies: unknown last-message time means "let Meta judge" (plain RESPONSE).</summary>
    public static ReplyWindowDecision? WindowFor(OutboundMessage message, PageMessagingOptions settings, DateTimeOffset now) =>
        message.CustomerLastMessageAt is null
            ? null
            : ReplyWindows.PageMessaging(settings.DisplayName, message.CustomerLastMessageAt, message.FromHumanAgent, settings.UseHumanAgentTag, now);
}
