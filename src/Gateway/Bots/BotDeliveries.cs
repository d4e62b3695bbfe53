using System.Text.Json.Serialization;
using LiveChat.Channels.Activities;
using LiveChat.Channels.BotConnector;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Bots;

/// <summary>
/// Queues activities for a bot in the caller's transaction (the bot_deliveries table); the
/// <see cref="BotDeliveryWorker"/> POSTs them after commit. <see cref="Wake"/> starts it at once.
/// </summary>
public sealed class BotDeliveries(IOptions<BotsOptions> bots) : WakeSignal
{
    public const string ActivityKind = "activity";
    public const string StatusKind = "status";

    /// <summary>The bot currently answering a chat (its open bot participant), if any.</summary>
    public static Task<string?> FrontingBotAsync(UnitOfWork work, string chatId) =>
        work.ScalarAsync<string>(
            $"""
            SELECT p.participant_id FROM chat_participants p JOIN chats c ON c.id = p.chat_id
            WHERE p.chat_id = @chatId AND p.kind = {Sql.Literal(ParticipantKind.Bot)} AND p.left_at IS NULL AND c.state = {Sql.Literal(ChatState.Bot)}
            """,
            new { chatId });

    /// <summary>
    /// A customer's stored message in a chat a bot answers: one of the bot's HumanKeywords takes the chat to the human
    /// queue; anything else goes to the bot, after a conversationUpdate (membersAdded: the customer and the bot, as
    /// Bot Framework channels send) when this message opened the chat. Returns whether the bot got it.
    /// </summary>
    public async Task<bool> OnCustomerMessageAsync(
        UnitOfWork work, ChatRef chat, TranscriptMessage message, string? visitorName, DateTimeOffset now)
    {
        if (chat.State != ChatState.Bot || await FrontingBotAsync(work, chat.Id) is not { } bot)
        {
            return false;
        }

        if (bots.Value.Find(bot)?.AsksForHuman(message.Text) == true)
        {
            await CustomerAsksForHumanAsync(work, chat, now);
            return false;
        }

        var original = JsonSerializer.Deserialize(message.Activity, ActivityJson.Default.Activity)!;
        if (chat.JustOpened)
        {
            var opened = Addressed(chat, bot, visitorName) with
            {
                Type = ActivityTypes.ConversationUpdate,
                Id = Ids.New("bcu"),
                Timestamp = message.SentAt,
                Locale = original.Locale,
                MembersAdded = [Customer(chat, visitorName), Bot(bot)],
            };
            await EnqueueAsync(work, chat.Id, bot, ActivityKind, opened, now);
        }

        var activity = Addressed(chat, bot, visitorName) with
        {
            Type = original.Type,
            Id = message.Id,
            Timestamp = message.SentAt,
            LocalTimestamp = original.LocalTimestamp,
            LocalTimezone = original.LocalTimezone,
            Text = original.Text,
            TextFormat = original.TextFormat ?? "plain",
            Locale = original.Locale,
            Attachments = original.Attachments,
            Value = original.Value,
            Name = original.Name,
        };
        await EnqueueAsync(work, chat.Id, bot, ActivityKind, activity, now);
        return true;
    }

    /// <summary>
    /// The customer asked for a human (one of the bot's HumanKeywords, or the widget's handoff.request): a chat a bot
    /// answers is queued for operators. The bot is not told and gets nothing more. False when no bot answers the chat.
    /// </summary>
    public static async Task<bool> CustomerAsksForHumanAsync(UnitOfWork work, ChatRef chat, DateTimeOffset now) =>
        chat.State == ChatState.Bot
        && await FrontingBotAsync(work, chat.Id) is { } bot
        && await BotHandoff.ToHumansAsync(work, chat.Id, bot, null, BotHandoff.CustomerAsked, notifyBot: false, now) is not null;

    public static ChannelAccount Customer(ChatRef chat, string? name) => new() { Id = chat.VisitorId, Name = name, Role = "user" };

    public static ChannelAccount Bot(string bot) => new() { Id = bot, Name = bot, Role = ActivityRoles.Bot };

    /// <summary>An activity from the customer to the bot in the chat's conversation.</summary>
    private static Activity Addressed(ChatRef chat, string bot, string? visitorName) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = chat.Channel,
        From = Customer(chat, visitorName),
        Recipient = Bot(bot),
        Conversation = new ConversationAccount { Id = chat.Id },
    };

    /// <summary>handoff.status (accepted, failed, completed) for the bot that asked for a human.</summary>
    public static Task EnqueueHandoffStatusAsync(UnitOfWork work, string chatId, string bot, string state, string? message, DateTimeOffset now)
    {
        var value = JsonSerializer.SerializeToElement(new HandoffStatus(state, message), BotJson.Default.HandoffStatus);
        var activity = new Activity
        {
            Type = ActivityTypes.Event,
            Name = "handoff.status",
            Id = Ids.New("bev"),
            Timestamp = now,
            From = new ChannelAccount { Id = "livechat", Name = "LiveChat", Role = "user" },
            Recipient = Bot(bot),
            Conversation = new ConversationAccount { Id = chatId },
            Value = value,
        };
        return EnqueueAsync(work, chatId, bot, StatusKind, activity, now);
    }

    private static Task EnqueueAsync(UnitOfWork work, string chatId, string bot, string kind, Activity activity, DateTimeOffset now)
    {
        work.WroteBotDelivery = true;
        return work.ExecuteAsync(
            "INSERT INTO bot_deliveries (chat_id, bot, kind, payload, attempts, next_attempt_at, created_at) VALUES (@chatId, @bot, @kind, @payload, 0, @now, @now)",
            new { chatId, bot, kind, payload = JsonSerializer.Serialize(activity, ActivityJson.Default.Activity), now });
    }
}

/// <summary>The value of a handoff.status event (PROTOCOLS.md §4.5).</summary>
public sealed record HandoffStatus(string State, string? Message);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HandoffStatus))]
[JsonSerializable(typeof(HandoffRequest))]
[JsonSerializable(typeof(HandoffTranscript))]
internal sealed partial class BotJson : JsonSerializerContext;
