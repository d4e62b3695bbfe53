using System.Globalization;
using System.Text;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Webhooks;

/// <summary>
/// Which logged events a webhook receiver sees, under which name, and the body it gets. The log's own types are the
/// console's; receivers get a smaller, stable set: a bot hand-off re-queues a chat but does not start it again, a
/// transfer is an assignment with its own name, and private notes never leave the gateway.
/// </summary>
public static class ChatWebhookEvents
{
    public const string Started = "chat.started";
    public const string Assigned = "chat.assigned";
    public const string Transferred = "chat.transferred";
    public const string Ended = "chat.ended";
    public const string Missed = "chat.missed";
    public const string Message = "chat.message";

    public static IReadOnlyList<string> All { get; } = [Started, Assigned, Transferred, Ended, Missed, Message];

    /// <summary>The webhook type of a logged event, or null when receivers do not see it.</summary>
    public static string? TypeOf(StoredEvent e)
    {
        switch (e.Type)
        {
            case EventType.ChatBot:
                return Started;
            case EventType.ChatEnded or EventType.ChatMissed:
                return e.Type;
            case EventType.ChatQueued or EventType.ChatAssigned or EventType.ChatMessage:
                break;
            default:
                return null;
        }

        using var payload = JsonDocument.Parse(e.Payload);
        var data = payload.RootElement;
        return e.Type switch
        {
            // A chat handed from a bot to the queue was started when the bot took it.
            EventType.ChatQueued => data.TryGetProperty("from", out _) ? null : Started,
            EventType.ChatAssigned => data.TryGetProperty("action", out var action) && action.GetString() == "transferred" ? Transferred : Assigned,
            _ => data.TryGetProperty("internal", out var note) && note.ValueKind == JsonValueKind.True ? null : Message,
        };
    }

    /// <summary>The POST body: <c>{id, type, occurredAt, chatId, data}</c>, <c>data</c> being the event as the console's stream carries it.</summary>
    public static byte[] Body(StoredEvent e, string type)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", Id(e));
            json.WriteString("type", type);
            json.WriteString("occurredAt", e.CreatedAt.ToUniversalTime());
            json.WriteString("chatId", e.ChatId);
            json.WritePropertyName("data");
            json.WriteRawValue(Encoding.UTF8.GetBytes(e.Payload));
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The event's id for receivers to de-duplicate by: its position in the log, the same on every attempt.</summary>
    public static string Id(StoredEvent e) => e.Id.ToString(CultureInfo.InvariantCulture);
}
