using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;

namespace LiveChat.Gateway.Transcripts;

/// <summary>A stored message in its public shape: what the operators' API, the stream and the console show.</summary>
public static class TranscriptMessageViews
{
    public static MessageView ToView(this TranscriptMessage message) => new(
        message.Id,
        message.ChatId,
        new SenderView(message.SenderKind, message.SenderId, message.SenderName),
        message.ActivityType,
        message.Text,
        message.Attachments is null
            ? []
            : [.. (JsonSerializer.Deserialize(message.Attachments, ActivityJson.Default.IReadOnlyListAttachment) ?? []).Select(a => PublicView(message.ChatId, a))],
        message.SentAt,
        TranscriptMessage.StatusName((DeliveryState)message.Status),
        message.ErrorCode is null && message.ErrorMessage is null ? null : new MessageError(message.ErrorCode, message.ErrorMessage),
        message.Internal);

    /// <summary>
    /// Channel media references ("media/whatsapp/{id}") become the operator API's download route, and an operator's file
    /// (a signed public link) the chat's authenticated attachment route.
    /// </summary>
    private static AttachmentView PublicView(string chatId, Attachment attachment) => new()
    {
        ContentType = attachment.ContentType,
        ContentUrl = attachment.ContentUrl is { } url && url.StartsWith("media/", StringComparison.Ordinal)
            ? AttachmentLinks.ApiPrefix + url
            : AttachmentLinks.OperatorUrl(chatId, attachment.ContentUrl) ?? attachment.ContentUrl,
        Content = attachment.Content,
        Name = attachment.Name,
        ThumbnailUrl = attachment.ThumbnailUrl,
    };
}
