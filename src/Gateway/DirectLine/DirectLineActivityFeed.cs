using System.Globalization;
using LiveChat.Channels.Activities;
using LiveChat.Channels.DirectLine;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.DirectLine;

/// <summary>
/// A conversation's activities for Direct Line, read from the transcript. The watermark is the id of the
/// message's <c>chat.message</c> event: every message is written with that event in one transaction, and event ids
/// become visible in commit order (EventLog), so nothing committed later can sort before a watermark already given
/// out. (messages.seq would not do: a sequence value is taken before commit, so a lower seq can appear later.)
/// </summary>
public sealed class DirectLineActivityFeed(Db db, EventHub hub) : IDirectLineActivities
{
    private const string ChatsOfConversation = "SELECT id FROM chats WHERE channel = @channel AND conversation_key = @conversationId";

    public async Task<ActivitySet> ReadAsync(string conversationId, string? watermark, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var after) && after > 0
            ? await ReadAfterAsync(connection, conversationId, after, limit, cancellationToken)
            : await ReadAllAsync(connection, conversationId, cancellationToken);
    }

    public IDirectLineWatch Watch(string conversationId) => new ConversationWatch(db, hub, conversationId);

    /// <summary>Everything so far and the log's high-water mark, from one statement (one snapshot), so they agree.</summary>
    private static async Task<ActivitySet> ReadAllAsync(DbConnection connection, string conversationId, CancellationToken cancellationToken)
    {
        var rows = (await connection.QueryAsync<SnapshotRow>(new CommandDefinition(
            $"""
            SELECT h.high, x.id, x.sender_kind, x.activity
            FROM (SELECT COALESCE(MAX(id), 0) AS high FROM events) h
            LEFT JOIN (SELECT m.seq, m.id, m.sender_kind, m.activity FROM messages m
                       WHERE m.chat_id IN ({ChatsOfConversation})) x ON 1 = 1
            ORDER BY x.seq
            """,
            new { channel = DirectLineChannel.Name, conversationId },
            cancellationToken: cancellationToken))).ToList();
        var activities = rows.Where(r => r.Id is not null).Select(r => ToActivity(r.Id!, r.SenderKind!, r.Activity!)).ToList();
        return new ActivitySet(activities, (rows.FirstOrDefault()?.High ?? 0).ToString(CultureInfo.InvariantCulture));
    }

    private static async Task<ActivitySet> ReadAfterAsync(DbConnection connection, string conversationId, long after, int limit, CancellationToken cancellationToken)
    {
        var events = (await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"""
            SELECT id, payload FROM events
            WHERE id > @after AND type = 'chat.message' AND chat_id IN ({ChatsOfConversation})
            ORDER BY id LIMIT @limit
            """,
            new { after, limit, channel = DirectLineChannel.Name, conversationId },
            cancellationToken: cancellationToken))).ToList();
        if (events.Count == 0)
        {
            return new ActivitySet([], after.ToString(CultureInfo.InvariantCulture));
        }

        var messageIds = events.Select(e => MessageIdOf(e.Payload)).OfType<string>().ToArray();
        var messages = (await connection.QueryAsync<MessageRow>(new CommandDefinition(
            $"SELECT id, sender_kind, activity FROM messages WHERE {Db.AnyOf(connection, "id", "messageIds")}",
            new { messageIds },
            cancellationToken: cancellationToken))).ToDictionary(m => m.Id, StringComparer.Ordinal);
        var activities = messageIds.Where(messages.ContainsKey).Select(id => ToActivity(id, messages[id].SenderKind, messages[id].Activity)).ToList();
        return new ActivitySet(activities, events[^1].Id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The stored activity as the visitor sees it. The visitor's own keep the id Direct Line gave them (and their
    /// channelData, for the echo); everything else is identified by its message id, which is unique and stable.
    /// </summary>
    internal static Activity ToActivity(string messageId, string senderKind, string json)
    {
        var activity = JsonSerializer.Deserialize(json, ActivityJson.Default.Activity) ?? new Activity { Type = ActivityTypes.Message };
        return senderKind == "visitor" && activity.Id is { Length: > 0 }
            ? activity
            : activity with { Id = messageId, Recipient = null };
    }

    private static string? MessageIdOf(string payload)
    {
        using var document = JsonDocument.Parse(payload);
        return document.RootElement.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
    }

    private sealed record SnapshotRow
    {
        public long High { get; init; }
        public string? Id { get; init; }
        public string? SenderKind { get; init; }
        public string? Activity { get; init; }
    }

    private sealed record EventRow
    {
        public long Id { get; init; }
        public required string Payload { get; init; }
    }

    private sealed record MessageRow
    {
        public required string Id { get; init; }
        public required string SenderKind { get; init; }
        public required string Activity { get; init; }
    }
}
