using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Bots;

/// <summary>
/// A bot's chat goes to the human queue (the bot asked, or failed), and the bot that asked hears how it went:
/// handoff.status accepted at pick-up, failed when missed, completed when the chat ends.
/// </summary>
public static class BotHandoff
{
    public const string Requested = HandoffState.Requested;
    public const string BotAsked = "the bot asked for a human";
    public const string CustomerAsked = "the customer asked for a human";

    private static readonly StateSet s_requested = new(HandoffState.Requested);
    private static readonly StateSet s_accepted = new(HandoffState.Accepted);
    private static readonly StateSet s_open = new(HandoffState.Requested, HandoffState.Accepted);

    /// <summary>
    /// Queues a chat a bot answers for humans; the bot leaves, the operators get a note saying why (<paramref name="detail"/>)
    /// and the customer the queue notice. Null when the chat is no longer the bot's.
    /// </summary>
    public static async Task<ChatRef?> ToHumansAsync(
        UnitOfWork work, string chatId, string bot, string? departmentId, string detail, bool notifyBot, DateTimeOffset now)
    {
        var chat = await ChatLifecycle.TryQueueAsync(
            work, chatId, ChatState.WithBot, departmentId, Actor.Bot(bot), detail, $"From bot {bot} to the queue: {detail}.", now);
        if (chat is null)
        {
            return null;
        }

        await work.ExecuteAsync($"UPDATE chat_participants SET left_at = @now WHERE chat_id = @chatId AND kind = {Sql.Literal(ParticipantKind.Bot)} AND left_at IS NULL", new { chatId, now });
        await work.ExecuteAsync("DELETE FROM bot_deliveries WHERE chat_id = @chatId AND kind = 'activity'", new { chatId });
        if (notifyBot)
        {
            await work.ExecuteAsync(
                """
                INSERT INTO bot_handoffs (chat_id, bot, state, updated_at) VALUES (@chatId, @bot, @Requested, @now)
                ON CONFLICT (chat_id) DO UPDATE SET bot = excluded.bot, state = excluded.state, updated_at = excluded.updated_at
                """,
                new { chatId, bot, Requested, now });
        }

        await ChatHistory.AddAsync(work, chatId, "handedOff", ParticipantKind.Bot, bot, detail, now);
        return chat;
    }

    /// <summary>An operator gives an open chat back to <paramref name="bot"/>: operators leave, the bot owns it again.</summary>
    public static async Task ToBotAsync(UnitOfWork work, ChatRef chat, string bot, Actor by, DateTimeOffset now)
    {
        await work.ExecuteAsync(
            $"UPDATE chats SET state = {Sql.Literal(ChatState.Bot)}, auto_end_at = NULL, end_after_seconds = NULL, updated_at = @now WHERE id = @Id",
            new { chat.Id, now });
        var operators = await work.QueryAsync<string>(
            $"SELECT participant_id FROM chat_participants WHERE chat_id = @Id AND kind = {Sql.Literal(ParticipantKind.Operator)} AND left_at IS NULL", new { chat.Id });
        await work.ExecuteAsync("UPDATE chat_participants SET left_at = @now WHERE chat_id = @Id AND left_at IS NULL", new { chat.Id, now });
        foreach (var operatorId in operators)
        {
            work.Raise(new ChatUnassigned(chat.Id, operatorId, null, bot, "handedBack", by.ToData(), now), new EventRoute(chat.Id, chat.DepartmentId, operatorId));
        }

        await work.ExecuteAsync(
            $"INSERT INTO chat_participants (chat_id, kind, participant_id, name, role, joined_at) VALUES (@Id, {Sql.Literal(ParticipantKind.Bot)}, @bot, @bot, {Sql.Literal(ParticipantRole.Owner)}, @now)",
            new { chat.Id, bot, now });
        await AdvanceAsync(work, chat.Id, s_open, HandoffState.Completed, null, now);
        await work.ExecuteAsync("DELETE FROM bot_handoffs WHERE chat_id = @Id", new { chat.Id });
        await ChatHistory.AddAsync(work, chat.Id, "handedBack", by.Kind, by.Id, $"to bot {bot}", now);
        work.Raise(new ChatBot(chat.Id, chat.Channel, chat.DepartmentId, null, bot, null, by.ToData(), now), EventRoute.Chat(chat.Id, chat.DepartmentId));
    }

    /// <summary>The department a handoff asks for: by id or by name (case-insensitive), else the chat's own.</summary>
    public static async Task<string?> DepartmentAsync(UnitOfWork work, JsonElement? value)
    {
        if (value is not { ValueKind: JsonValueKind.Object } element)
        {
            return null;
        }

        HandoffRequest? request;
        try
        {
            request = element.Deserialize(BotJson.Default.HandoffRequest);
        }
        catch (JsonException)
        {
            return null;
        }

        var wanted = request?.Department ?? request?.Skill;
        return wanted is null
            ? null
            : await work.ScalarAsync<string>("SELECT id FROM departments WHERE id = @wanted OR LOWER(name) = LOWER(@wanted) ORDER BY id LIMIT 1", new { wanted });
    }

    /// <summary>Stores a Transcript attachment's lines the chat does not have yet (by activity id) into its history.</summary>
    public static async Task StoreTranscriptAsync(UnitOfWork work, ChatRef chat, string bot, Activity handoff, DateTimeOffset now)
    {
        var attachment = handoff.Attachments?.FirstOrDefault(a => string.Equals(a.Name, "Transcript", StringComparison.OrdinalIgnoreCase) && a.Content is not null);
        HandoffTranscript? transcript = null;
        try
        {
            transcript = attachment?.Content?.Deserialize(BotJson.Default.HandoffTranscript);
        }
        catch (JsonException)
        {
            return;
        }

        foreach (var line in transcript?.Activities ?? [])
        {
            if (line.Type != ActivityTypes.Message || string.IsNullOrEmpty(line.Text) ||
                (line.Id is not null && await work.ScalarAsync<long>("SELECT COUNT(*) FROM messages WHERE chat_id = @Id AND id = @lineId", new { chat.Id, lineId = line.Id }) > 0))
            {
                continue;
            }

            var fromBot = line.From?.Role == ActivityRoles.Bot || line.From?.Id == bot;
            var message = TranscriptMessage.Create(
                chat.Id, chat.Channel, externalId: null, line with { Id = null }, fromBot ? SenderKind.Bot : SenderKind.Visitor,
                fromBot ? bot : chat.VisitorId, fromBot ? bot : line.From?.Name, line.Timestamp ?? now, now,
                fromBot ? DeliveryState.Sent : DeliveryState.Delivered);
            await TranscriptMessage.InsertAsync(work, message);
        }
    }

    /// <summary>Pick-up hook: the bot that handed the chat over hears "accepted".</summary>
    public static Task OnAssignedAsync(UnitOfWork work, string chatId, DateTimeOffset now) =>
        AdvanceAsync(work, chatId, s_requested, HandoffState.Accepted, null, now);

    /// <summary>Missed hook: nobody took the chat.</summary>
    public static Task OnMissedAsync(UnitOfWork work, string chatId, string reason, DateTimeOffset now) =>
        AdvanceAsync(work, chatId, s_requested, HandoffState.Failed, $"No operator took the chat ({reason}).", now);

    /// <summary>End hook: a taken chat completed; one ended before anyone took it failed.</summary>
    public static async Task OnEndedAsync(UnitOfWork work, string chatId, DateTimeOffset now)
    {
        await AdvanceAsync(work, chatId, s_accepted, HandoffState.Completed, null, now);
        await AdvanceAsync(work, chatId, s_requested, HandoffState.Failed, "The chat ended before an operator took it.", now);
    }

    private static async Task AdvanceAsync(UnitOfWork work, string chatId, StateSet from, string state, string? message, DateTimeOffset now)
    {
        var bot = await work.ScalarAsync<string>(
            $"UPDATE bot_handoffs SET state = @state, updated_at = @now WHERE chat_id = @chatId AND state {Sql.In(from)} RETURNING bot",
            new { chatId, state, now });
        if (bot is not null)
        {
            await BotDeliveries.EnqueueHandoffStatusAsync(work, chatId, bot, state, message, now);
        }
    }
}
