using System.Collections.Frozen;
using System.Globalization;
using LiveChat.Channels.Activities;
using LiveChat.Channels.DirectLine;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.DirectLine;

/// <summary>
/// A conversation's activities for Direct Line, read from the transcript and the event log: its chats' messages
/// (withdrawn and edited ones as messageDelete / messageUpdate), a <c>chat.state</c> event activity whenever a
/// chat goes to a bot, the queue, an operator or ends, and a <c>typing</c> activity when an operator or the bot types
/// (only while it is fresh: a typing activity read long after says nothing true). Operators' internal notes and the
/// visitor's own typing are left out. The watermark is the
/// id of the event: every message is written with its <c>chat.message</c> event in one transaction. Ids are
/// taken before commit, so a lower one can become visible after a higher one; reads therefore stop at the
/// EventHub's settled position, below which nothing can appear later, and no watermark given out ever
/// passes over a message still being committed.
/// </summary>
public sealed class DirectLineActivityFeed(Db db, EventHub hub, TimeProvider time) : IDirectLineActivities
{
    private static readonly TimeSpan s_catchUp = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a typing event is worth showing (Web Chat shows one for 5 seconds after it arrives).</summary>
    private static readonly TimeSpan s_typingFresh = TimeSpan.FromSeconds(5);

    /// <summary>The name of the event activity that tells the widget a chat's state (value {"state": "bot"|"queued"|...}).</summary>
    public const string ChatStateEvent = "chat.state";

    private const string MessageUpdate = "messageUpdate";
    private const string Typing = EventType.ChatTyping;

    /// <summary>How a visitor's own typing event starts its sender (events are written by one serializer, camelCase).</summary>
    private const string VisitorTypingMark = "\"from\":{\"kind\":\"visitor\"";
    private const string ChatsOfConversation = "SELECT id FROM chats WHERE channel = @channel AND conversation_key = @conversationId";

    private static readonly FrozenDictionary<string, JsonElement> s_states = new Dictionary<string, string>
    {
        [EventType.ChatBot] = ChatState.Bot,
        [EventType.ChatQueued] = ChatState.Queued,
        [EventType.ChatAssigned] = ChatState.Active,
        [EventType.ChatEnded] = ChatState.Ended,
        [EventType.ChatMissed] = ChatState.Missed,
    }.ToFrozenDictionary(p => p.Key, p => JsonDocument.Parse($$"""{"state":"{{p.Value}}"}""").RootElement.Clone(), StringComparer.Ordinal);

    /// <summary>The events a conversation's feed is made of: its chats' messages (new, edited, withdrawn) and state changes.</summary>
    private static readonly FrozenSet<string> s_feedEvents = new[] { EventType.ChatMessage, EventType.ChatMessageUpdated, EventType.ChatMessageDeleted, Typing }
        .Concat(s_states.Keys).ToFrozenSet(StringComparer.Ordinal);

    private static readonly string s_feedEventsSql = string.Join(", ", s_feedEvents.Order(StringComparer.Ordinal).Select(t => $"'{t}'"));

    /// <summary>The event types that change what a conversation's feed shows; a stream wakes for them.</summary>
    internal static bool IsFeedEvent(StoredEvent stored) =>
        s_feedEvents.Contains(stored.Type) && !(stored.Type == Typing && stored.Payload.Contains(VisitorTypingMark, StringComparison.Ordinal));

    public async Task<ActivitySet> ReadAsync(string conversationId, string? watermark, int limit, CancellationToken cancellationToken)
    {
        // Read-your-writes: what was committed before this poll (the visitor's own post, say) is in it.
        var settled = await hub.CatchUpAsync(s_catchUp, cancellationToken);
        var window = new Window(settled, time.GetUtcNow() - s_typingFresh);
        await using var connection = await db.OpenAsync(cancellationToken);
        return long.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var after) && after > 0
            ? await ReadAfterAsync(connection, conversationId, after, window, limit, cancellationToken)
            : await ReadAfterAsync(connection, conversationId, 0, window, int.MaxValue, cancellationToken);
    }

    public IDirectLineWatch Watch(string conversationId) => new ConversationWatch(db, hub, conversationId);

    private static async Task<ActivitySet> ReadAfterAsync(
        DbConnection connection, string conversationId, long after, Window window, int limit, CancellationToken cancellationToken)
    {
        var events = (await connection.QueryAsync<EventRow>(new CommandDefinition(
            $"""
            SELECT id, type, payload, created_at FROM events
            WHERE id > @after AND id <= @settled AND type IN ({s_feedEventsSql}) AND chat_id IN ({ChatsOfConversation})
              AND (type <> '{Typing}' OR (created_at > @typingSince AND payload NOT LIKE '%{VisitorTypingMark}%'))
            ORDER BY id LIMIT @limit
            """,
            new { after, settled = window.Settled, typingSince = window.TypingSince, limit, channel = DirectLineChannel.Name, conversationId },
            cancellationToken: cancellationToken))).ToList();
        if (events.Count == 0)
        {
            return new ActivitySet([], after.ToString(CultureInfo.InvariantCulture));
        }

        var rows = events.Select(e => (Event: e, MessageId: MessageIdOf(e))).ToList();
        var messageIds = rows.Select(r => r.MessageId).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var messages = messageIds.Length == 0
            ? new Dictionary<string, MessageRow>(StringComparer.Ordinal)
            : (await connection.QueryAsync<MessageRow>(new CommandDefinition(
                $"SELECT id, sender_kind, activity FROM messages WHERE {Db.AnyOf(connection, "id", "messageIds")} AND NOT internal",
                new { messageIds },
                cancellationToken: cancellationToken))).ToDictionary(m => m.Id, StringComparer.Ordinal);
        var activities = new List<Activity>(events.Count);
        foreach (var (e, messageId) in rows)
        {
            if (s_states.TryGetValue(e.Type, out var state))
            {
                activities.Add(StateActivity(conversationId, e, state));
            }
            else if (e.Type == Typing)
            {
                activities.Add(TypingActivity(conversationId, e));
            }
            else if (messageId is { } id && messages.TryGetValue(id, out var message))
            {
                var activity = ToActivity(id, message.SenderKind, message.Activity);
                activities.Add(e.Type == EventType.ChatMessageUpdated && activity.Type == ActivityTypes.Message ? activity with { Type = MessageUpdate } : activity);
            }
        }

        return new ActivitySet(activities, events[^1].Id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The stored activity as the visitor sees it. The visitor's own keep the id Direct Line gave them (and their
    /// channelData, for the echo); everything else is identified by its message id, which is unique and stable.
    /// </summary>
    internal static Activity ToActivity(string messageId, string senderKind, string json)
    {
        var activity = JsonSerializer.Deserialize(json, ActivityJson.Default.Activity) ?? new Activity { Type = ActivityTypes.Message };
        if (senderKind == ParticipantKind.Visitor)
        {
            return activity.Id is { Length: > 0 } ? activity : activity with { Id = messageId, Recipient = null };
        }

        // Operators and the gateway speak for the channel: role bot (older rows say "agent", which is no Activity role).
        return activity with { Id = messageId, Recipient = null, From = (activity.From ?? new ChannelAccount()) with { Role = ActivityRoles.Bot } };
    }

    /// <summary>An operator or the bot is typing: from is who types, as Web Chat shows it ("{name} is typing").</summary>
    private static Activity TypingActivity(string conversationId, EventRow e)
    {
        using var document = JsonDocument.Parse(e.Payload);
        var from = document.RootElement.TryGetProperty("from", out var f) && f.ValueKind == JsonValueKind.Object ? f : default;
        return new Activity
        {
            Type = ActivityTypes.Typing,
            Id = $"typing-{e.Id.ToString(CultureInfo.InvariantCulture)}",
            Timestamp = e.CreatedAt,
            ChannelId = DirectLineChannel.WireChannelId,
            Conversation = new ConversationAccount { Id = conversationId },
            From = new ChannelAccount { Id = Text(from, "id") ?? "livechat", Name = Text(from, "name") ?? Text(from, "id"), Role = ActivityRoles.Bot },
        };
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Who answers the chat now, for the widget (its "talk to a human" button shows while a bot does).</summary>
    private static Activity StateActivity(string conversationId, EventRow e, JsonElement state) => new()
    {
        Type = ActivityTypes.Event,
        Name = ChatStateEvent,
        Id = $"state-{e.Id.ToString(CultureInfo.InvariantCulture)}",
        Timestamp = e.CreatedAt,
        ChannelId = DirectLineChannel.WireChannelId,
        Conversation = new ConversationAccount { Id = conversationId },
        From = new ChannelAccount { Id = "livechat", Name = "LiveChat", Role = ActivityRoles.Bot },
        Value = state,
    };

    private static string? MessageIdOf(EventRow e)
    {
        if (s_states.ContainsKey(e.Type) || e.Type == Typing)
        {
            return null;
        }

        using var document = JsonDocument.Parse(e.Payload);
        var name = e.Type == EventType.ChatMessageDeleted ? "messageId" : "id";
        return document.RootElement.TryGetProperty(name, out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
    }

    /// <summary>Read up to the hub's settled position; typing only when newer than <paramref name="TypingSince"/>.</summary>
    private readonly record struct Window(long Settled, DateTimeOffset TypingSince);

    private sealed record EventRow
    {
        public long Id { get; init; }
        public required string Type { get; init; }
        public required string Payload { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
    }

    private sealed record MessageRow
    {
        public required string Id { get; init; }
        public required string SenderKind { get; init; }
        public required string Activity { get; init; }
    }
}
