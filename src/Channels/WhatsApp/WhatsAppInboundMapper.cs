using System.Globalization;
using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;
using LiveChat.Channels.Meta;
using Microsoft.Extensions.Logging;

namespace LiveChat.Channels.WhatsApp;

/// <summary>WhatsApp Cloud API notification → one inbound batch: messages, delivery statuses; system errors are logged.</summary>
internal sealed class WhatsAppInboundMapper(TimeProvider time, ILogger<WhatsAppInboundMapper> logger) : IMetaInboundMapper
{
    private const string ExpectedObject = "whatsapp_business_account";
    private const string Display = "WhatsApp";

    public InboundMapping Map(ReadOnlySpan<byte> body)
    {
        WhatsAppNotification? notification;
        try
        {
            notification = JsonSerializer.Deserialize(body, WhatsAppJson.Default.WhatsAppNotification);
        }
        catch (JsonException)
        {
            return new InboundMapping.InvalidJson();
        }

        if (notification is null)
        {
            return new InboundMapping.InvalidJson();
        }

        if (!string.Equals(notification.Object, ExpectedObject, StringComparison.Ordinal))
        {
            return new InboundMapping.WrongObject(notification.Object);
        }

        var receivedAt = time.GetUtcNow();
        var items = new List<InboundItem>();
        var deliveries = new List<DeliveryUpdate>();
        var skipped = 0;
        foreach (var change in (notification.Entry ?? []).SelectMany(entry => entry?.Changes ?? []))
        {
            if (change is not { Field: "messages", Value: { } value })
            {
                MetaLog.FieldIgnored(logger, Display, change?.Field ?? "(none)");
                continue;
            }

            foreach (var error in value.Errors ?? [])
            {
                var read = MetaJsonReading.TryRead(error, WhatsAppJson.Default.WhatsAppError);
                MetaLog.SystemError(logger, Display, read?.Code, read?.Title);
            }

            foreach (var raw in value.Messages ?? [])
            {
                if (MapMessage(raw, value, receivedAt) is { } item)
                {
                    items.Add(item);
                }
                else
                {
                    skipped++;
                }
            }

            foreach (var raw in value.Statuses ?? [])
            {
                if (MapStatus(raw, receivedAt) is { } update)
                {
                    deliveries.Add(update);
                }
                else
                {
                    skipped++;
                }
            }
        }

        return new InboundMapping.Mapped(new InboundBatch(items, deliveries), skipped);
    }

    private InboundItem? MapMessage(JsonElement raw, WhatsAppValue value, DateTimeOffset receivedAt)
    {
        var message = MetaJsonReading.TryRead(raw, WhatsAppJson.Default.WhatsAppMessage);
        if (message?.Id is not { Length: > 0 } id)
        {
            return Skip("message without an id", null);
        }

        var contact = FindContact(value.Contacts, message);
        var waId = NonEmpty(message.From) ?? NonEmpty(contact?.WaId);
        var key = waId ?? NonEmpty(message.FromUserId) ?? NonEmpty(contact?.UserId);
        if (key is null)
        {
            return Skip("message without a sender", id);
        }

        if (WhatsAppMessageContent.Read(message) is not { } content)
        {
            return Skip($"message of type {message.Type ?? "(none)"} without the fields it needs or not supported", id);
        }

        var visitor = new VisitorProfile
        {
            Name = NonEmpty(contact?.Profile?.Name),
            Phone = waId is null ? null : "+" + waId,
        };
        var activity = new Activity
        {
            Type = content.Type,
            ChannelId = WhatsAppChannel.Name,
            Timestamp = message.Timestamp ?? receivedAt,
            From = new ChannelAccount
            {
                Id = MetaActivityParts.CustomerAccountId(WhatsAppChannel.Name, key),
                Name = visitor.Name,
                Role = MetaActivityParts.UserRole,
            },
            Conversation = new ConversationAccount { Id = key },
            Recipient = new ChannelAccount
            {
                Id = value.Metadata?.PhoneNumberId,
                Name = value.Metadata?.DisplayPhoneNumber,
                Role = MetaActivityParts.BusinessRole,
            },
            Text = content.Text,
            Attachments = content.Attachments,
            Entities = content.Entities,
            Value = content.Value,
            ReplyToId = content.ReplyToId ?? NonEmpty(message.Context?.Id),
            ChannelData = raw,
            Properties = content.Properties,
        };
        return new InboundItem(WhatsAppChannel.Name, id, key, activity, visitor);
    }

    private DeliveryUpdate? MapStatus(JsonElement raw, DateTimeOffset receivedAt)
    {
        var status = MetaJsonReading.TryRead(raw, WhatsAppJson.Default.WhatsAppStatus);
        if (status?.Id is not { Length: > 0 } id)
        {
            return Skip<DeliveryUpdate>("status without an id", null);
        }

        DeliveryState? state = status.Status switch
        {
            "sent" => DeliveryState.Sent,
            "delivered" => DeliveryState.Delivered,
            "read" or "played" => DeliveryState.Read,
            "failed" => DeliveryState.Failed,
            _ => null,
        };
        if (state is null)
        {
            return Skip<DeliveryUpdate>($"status {status.Status ?? "(none)"} not tracked", id);
        }

        var error = status.Errors?.FirstOrDefault();
        return new DeliveryUpdate(
            WhatsAppChannel.Name,
            id,
            state.Value,
            status.Timestamp ?? receivedAt,
            error?.Code?.ToString(CultureInfo.InvariantCulture),
            Describe(error));
    }

    private static string? Describe(WhatsAppError? error)
    {
        if (error is null)
        {
            return null;
        }

        var title = NonEmpty(error.Title) ?? NonEmpty(error.Message);
        var details = NonEmpty(error.ErrorData?.Details);
        return (title, details) switch
        {
            (null, null) => null,
            (null, _) => details,
            (_, null) => title,
            _ => $"{title}: {details}",
        };
    }

    private static WhatsAppContact? FindContact(List<WhatsAppContact?>? contacts, WhatsAppMessage message)
    {
        if (contacts is null || contacts.Count == 0)
        {
            return null;
        }

        return contacts.FirstOrDefault(c => c?.WaId is not null && string.Equals(c.WaId, message.From, StringComparison.Ordinal))
            ?? contacts.FirstOrDefault(c => c?.UserId is not null && string.Equals(c.UserId, message.FromUserId, StringComparison.Ordinal))
            ?? (contacts.Count == 1 ? contacts[0] : null);
    }

    private InboundItem? Skip(string reason, string? externalId) => Skip<InboundItem>(reason, externalId);

    private T? Skip<T>(string reason, string? externalId)
        where T : class
    {
        MetaLog.ItemSkipped(logger, Display, reason, externalId);
        return null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
