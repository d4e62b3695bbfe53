using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;
using Microsoft.Extensions.Logging;

namespace LiveChat.Channels.Meta;

/// <summary>
/// Messenger (<c>object: page</c>) and Instagram (<c>object: instagram</c>) notifications → one inbound batch:
/// messages, postbacks, reactions, echoes, delivery and read reports, from <c>messaging[]</c> and <c>standby[]</c>.
/// </summary>
internal sealed class MessagingInboundMapper(
    string channel, string displayName, string expectedObject, TimeProvider time, ILogger logger) : IMetaInboundMapper
{
    public InboundMapping Map(ReadOnlySpan<byte> body)
    {
        MessagingNotification? notification;
        try
        {
            notification = JsonSerializer.Deserialize(body, MetaJson.Default.MessagingNotification);
        }
        catch (JsonException)
        {
            return new InboundMapping.InvalidJson();
        }

        if (notification is null)
        {
            return new InboundMapping.InvalidJson();
        }

        if (!string.Equals(notification.Object, expectedObject, StringComparison.Ordinal))
        {
            return new InboundMapping.WrongObject(notification.Object);
        }

        var batch = new Collected(new List<InboundItem>(), new List<DeliveryUpdate>(), new List<ReadReceipt>());
        var receivedAt = time.GetUtcNow();
        var skipped = 0;
        foreach (var entry in notification.Entry ?? [])
        {
            foreach (var raw in (entry?.Messaging ?? []).Concat(entry?.Standby ?? []))
            {
                if (!MapEvent(raw, batch, receivedAt))
                {
                    skipped++;
                }
            }
        }

        return new InboundMapping.Mapped(new InboundBatch(batch.Items, batch.Deliveries) { ReadReceipts = batch.Reads }, skipped);
    }

    private bool MapEvent(JsonElement raw, Collected batch, DateTimeOffset receivedAt)
    {
        var e = MetaJsonReading.TryRead(raw, MetaJson.Default.MessagingEvent);
        if (e is null)
        {
            return Skip("event that is not an object of the expected shape", null);
        }

        var sender = NonEmpty(e.Sender?.Id);
        var recipient = NonEmpty(e.Recipient?.Id);
        var at = e.Timestamp ?? receivedAt;
        switch (e)
        {
            case { Message: { } message }:
                return MapMessage(raw, message, sender, recipient, at, batch);
            case { Postback: { } postback } when sender is not null && (postback.Title ?? postback.Payload) is not null:
                var postbackId = NonEmpty(postback.Mid) ?? $"postback:{sender}:{at.ToUnixTimeMilliseconds()}";
                batch.Items.Add(Customer(postbackId, sender, recipient, at, raw, new Activity
                {
                    Type = ActivityTypes.Message,
                    Text = postback.Title,
                    Value = postback.Payload is { } payload ? MetaActivityParts.StringValue(payload) : null,
                }));
                return true;
            case { Reaction: { Mid: { Length: > 0 } target } reaction } when sender is not null:
                var added = !string.Equals(reaction.Action, "unreact", StringComparison.Ordinal);
                var emoji = reaction.Emoji ?? reaction.Reaction ?? string.Empty;
                var reactionId = $"reaction:{target}:{sender}:{reaction.Action}:{at.ToUnixTimeMilliseconds()}";
                batch.Items.Add(Customer(reactionId, sender, recipient, at, raw, new Activity
                {
                    Type = ActivityTypes.MessageReaction,
                    Text = added ? emoji : null,
                    ReplyToId = target,
                    Properties = MetaActivityParts.Reaction(emoji, added),
                }));
                return true;
            case { Delivery: { Mids: { Count: > 0 } mids } delivery }:
                batch.Deliveries.AddRange(mids.Where(mid => !string.IsNullOrWhiteSpace(mid))
                    .Select(mid => new DeliveryUpdate(channel, mid, DeliveryState.Delivered, delivery.Watermark ?? at)));
                return true;
            case { Delivery: not null }:
                // A watermark-only delivery names no message; the read receipt that follows carries the same information.
                return Skip("delivery report without message ids", null);
            case { Read: { Mid: { Length: > 0 } readMid } }:
                batch.Deliveries.Add(new DeliveryUpdate(channel, readMid, DeliveryState.Read, at));
                return true;
            case { Read.Watermark: { } watermark } when sender is not null:
                batch.Reads.Add(new ReadReceipt(channel, sender, watermark));
                return true;
            default:
                return Skip("event kind not handled", null);
        }
    }

    private bool MapMessage(
        JsonElement raw, MessagingMessage message, string? sender, string? recipient, DateTimeOffset at, Collected batch)
    {
        var mid = NonEmpty(message.Mid);
        if (message.IsDeleted == true)
        {
            return Skip("unsent message", mid);
        }

        var echo = message.IsEcho == true;
        var customer = echo ? recipient : sender;
        var business = echo ? sender : recipient;
        if (mid is null || customer is null)
        {
            return Skip("message without a mid or a customer id", mid);
        }

        var attachments = (message.Attachments ?? []).OfType<MessagingAttachment>().Select(ToAttachment).ToList();
        if (message.Text is null && attachments.Count == 0)
        {
            return Skip("message without text or attachments", mid);
        }

        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Text = message.Text,
            Attachments = attachments.Count == 0 ? null : attachments,
            Value = message.QuickReply?.Payload is { } payload ? MetaActivityParts.StringValue(payload) : null,
            ReplyToId = NonEmpty(message.ReplyTo?.Mid),
        };
        if (!echo)
        {
            batch.Items.Add(Customer(mid, customer, business, at, raw, activity));
            return true;
        }

        batch.Items.Add(new InboundItem(
            channel,
            mid,
            customer,
            activity with
            {
                ChannelId = channel,
                Timestamp = at,
                From = new ChannelAccount { Id = business, Role = MetaActivityParts.BusinessRole },
                Recipient = new ChannelAccount { Id = MetaActivityParts.CustomerAccountId(channel, customer), Role = MetaActivityParts.UserRole },
                Conversation = new ConversationAccount { Id = customer },
                ChannelData = raw,
            },
            VisitorProfile.Unknown,
            InboundDirection.EchoFromBusiness));
        return true;
    }

    private InboundItem Customer(string externalId, string customer, string? business, DateTimeOffset at, JsonElement raw, Activity activity) =>
        new(
            channel,
            externalId,
            customer,
            activity with
            {
                ChannelId = channel,
                Timestamp = at,
                From = new ChannelAccount { Id = MetaActivityParts.CustomerAccountId(channel, customer), Role = MetaActivityParts.UserRole },
                Recipient = new ChannelAccount { Id = business, Role = MetaActivityParts.BusinessRole },
                Conversation = new ConversationAccount { Id = customer },
                ChannelData = raw,
            },
            VisitorProfile.Unknown);

    /// <summary>Meta names a kind, not a MIME type: the common kinds become MIME wildcards, the rest a vendor type.</summary>
    internal static Attachment ToAttachment(MessagingAttachment attachment) => new()
    {
        ContentType = attachment.Type switch
        {
            "image" or "sticker" => "image/*",
            "video" => "video/*",
            "audio" => "audio/*",
            "file" => "application/octet-stream",
            { Length: > 0 } other => $"application/vnd.meta.{other}",
            _ => "application/octet-stream",
        },
        ContentUrl = NonEmpty(attachment.Payload?.Url),
        Name = NonEmpty(attachment.Payload?.Title),
    };

    private bool Skip(string reason, string? externalId)
    {
        MetaLog.ItemSkipped(logger, displayName, reason, externalId);
        return false;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private sealed record Collected(List<InboundItem> Items, List<DeliveryUpdate> Deliveries, List<ReadReceipt> Reads);
}
