using System.Globalization;
using System.Text;
using LiveChat.Channels.Activities;
using LiveChat.Channels.Meta;

namespace LiveChat.Channels.WhatsApp;

/// <summary>Pure translation of one inbound WhatsApp message by type; null = unknown type or missing fields.</summary>
internal static class WhatsAppMessageContent
{
    /// <summary>Where the Gateway serves a WhatsApp media id on demand (the bytes are not fetched at ingest).</summary>
    public static string MediaReference(string mediaId) => $"media/{WhatsAppChannel.Name}/{Uri.EscapeDataString(mediaId)}";

    public static MessageContent? Read(WhatsAppMessage message) => message.Type switch
    {
        "text" => message.Text?.Body is { } body ? new MessageContent(ActivityTypes.Message, body) : null,
        "image" => Media(message.Image, "image/jpeg"),
        "video" => Media(message.Video, "video/mp4"),
        "audio" => Media(message.Audio, "audio/ogg"),
        "document" => Media(message.Document, "application/octet-stream"),
        "sticker" => Media(message.Sticker, "image/webp"),
        "location" => Location(message.Location),
        "contacts" => Contacts(message.Contacts),
        "interactive" => Interactive(message.Interactive),
        "button" => message.Button is { Text: { } text } button
            ? new MessageContent(ActivityTypes.Message, text, Value: Optional(button.Payload))
            : null,
        "reaction" => Reaction(message.Reaction),
        // Meta could not deliver the content; the raw message (with its errors[]) travels in channelData.
        "unsupported" => new MessageContent(ActivityTypes.Message, null),
        _ => null,
    };

    private static MessageContent? Media(WhatsAppMedia? media, string fallbackType)
    {
        if (media?.Id is not { Length: > 0 } id)
        {
            return null;
        }

        var attachment = new Attachment
        {
            ContentType = string.IsNullOrWhiteSpace(media.MimeType) ? fallbackType : media.MimeType,
            ContentUrl = MediaReference(id),
            Name = media.Filename,
        };
        return new MessageContent(ActivityTypes.Message, media.Caption, [attachment]);
    }

    private static MessageContent? Location(WhatsAppLocation? location)
    {
        if (location is not { Latitude: { } latitude, Longitude: { } longitude })
        {
            return null;
        }

        var label = string.Join(", ", new[] { location.Name, location.Address }.Where(part => !string.IsNullOrWhiteSpace(part)));
        // 1e400, "NaN" and "-Infinity" read as doubles no JSON can carry: the place keeps its name, not the impossible position.
        if (!IsPosition(latitude, 90) || !IsPosition(longitude, 180))
        {
            return new MessageContent(ActivityTypes.Message, label.Length == 0 ? "📍" : $"📍 {label}");
        }

        var coordinates = string.Create(CultureInfo.InvariantCulture, $"({latitude}, {longitude})");
        var text = label.Length == 0 ? $"📍 {coordinates}" : $"📍 {label} {coordinates}";
        return new MessageContent(
            ActivityTypes.Message,
            text,
            Entities: [MetaActivityParts.GeoCoordinates(latitude, longitude, location.Name)]);
    }

    private static bool IsPosition(double degrees, double limit) => double.IsFinite(degrees) && Math.Abs(degrees) <= limit;

    private static MessageContent? Contacts(List<WhatsAppSharedContact>? contacts)
    {
        if (contacts is not { Count: > 0 })
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var contact in contacts)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            var name = contact.Name?.FormattedName
                ?? string.Join(' ', new[] { contact.Name?.FirstName, contact.Name?.LastName }.Where(p => !string.IsNullOrWhiteSpace(p)));
            text.Append("👤 ").Append(string.IsNullOrWhiteSpace(name) ? "(no name)" : name).Append('\n');
            foreach (var phone in contact.Phones ?? [])
            {
                text.Append("📞 ").Append(phone.Phone ?? phone.WaId).Append(phone.Type is { } type ? $" ({type})" : string.Empty).Append('\n');
            }

            foreach (var email in contact.Emails ?? [])
            {
                text.Append("✉️ ").Append(email.Email).Append('\n');
            }

            if (contact.Org?.Company is { } company)
            {
                text.Append("🏢 ").Append(company).Append('\n');
            }
        }

        return new MessageContent(ActivityTypes.Message, text.ToString().TrimEnd('\n'));
    }

    private static MessageContent? Interactive(WhatsAppInteractive? interactive)
    {
        var reply = interactive?.Type switch
        {
            "button_reply" => interactive.ButtonReply,
            "list_reply" => interactive.ListReply,
            _ => null,
        };
        return reply is { Title: { } title }
            ? new MessageContent(ActivityTypes.Message, title, Value: Optional(reply.Id))
            : null;
    }

    private static MessageContent? Reaction(WhatsAppReaction? reaction)
    {
        if (reaction?.MessageId is not { Length: > 0 } target)
        {
            return null;
        }

        // An empty emoji is WhatsApp's "reaction removed".
        var added = !string.IsNullOrEmpty(reaction.Emoji);
        return new MessageContent(
            ActivityTypes.MessageReaction,
            added ? reaction.Emoji : null,
            ReplyToId: target,
            Properties: MetaActivityParts.Reaction(reaction.Emoji ?? string.Empty, added));
    }

    private static JsonElement? Optional(string? value) => value is null ? null : MetaActivityParts.StringValue(value);
}

/// <summary>What a WhatsApp message says, in Activity terms.</summary>
internal sealed record MessageContent(
    string Type,
    string? Text,
    IReadOnlyList<Attachment>? Attachments = null,
    IReadOnlyList<JsonElement>? Entities = null,
    JsonElement? Value = null,
    string? ReplyToId = null,
    Dictionary<string, JsonElement>? Properties = null);
