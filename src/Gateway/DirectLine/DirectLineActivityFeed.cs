using System.Globalization;
using LiveChat.Channels.Activities;
using LiveChat.Channels.DirectLine;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.DirectLine;

/// <summary>
/// A conversation's activities for Direct Line, read from the transcript. The watermark is the id of the
/// message's <c>chat.message</c> event: every message is written with that event in one transaction. Ids are
/// taken before commit, so a lower one can become visible after a higher one; reads therefore stop at the
/// EventHub's settled position, below which nothing can appear later, and no watermark given out ever
/// passes over a message still being committed.
/// </summary>
public sealed class DirectLineActivityFeed(Db db, EventHub hub) : IDirectLineActivities
{
    private static readonly TimeSpan s_catchUp = TimeSpan.FromMilliseconds(500);

    private const string ChatsOfConversation = "SELECT id FROM chats WHERE channel = @channel AND conversation_key = @conversationId";

    public async Task<ActivitySet> ReadAsync(string conversationId, string? watermark, int limit, CancellationToken cancellationToken)
    {
        // Read-your-writes: what was committed before this poll (the visitor's own post, say) is in it.
        var settled = await hub.CatchUpAsync(s_catchUp, cancellationToken);
        await using var connection = await db.OpenAsync(cancellationToken);
        return long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var after) && after > 0
            ? await ReadAfterAsync(connection, conversationId, after, settled, limit, cancellationToken)
            : await ReadAfterAsync(connection, conversationId, 0, settled, int.MaxValue, cancellationToken);
    }

    public IDirectLineWatch Watch(string conversationId) => new ConversationWatch(db, hub, conversationId);

    private static async Task<ActivitySet> ReadAfterAsync(
        DbConnection connection, string conversationId, long after, long settled, int limit, CancellationToken cancellationToken)
    {
        var events = (await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"""
            SELECT id, payload FROM events
            WHERE id > @after AND id <= @settled AND type = 'chat.message' AND chat_id IN ({ChatsOfConversation})
            ORDER BY id LIMIT @limit
            """,
            new { after, settled, limit, channel = DirectLineChannel.Name, conversationId },
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
