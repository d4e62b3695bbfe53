using LiveChat.Channels.Activities;
using LiveChat.Channels.BotConnector;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Outbox;

namespace LiveChat.Gateway.Bots;

/// <summary>
/// The Connector API over the gateway's chats: a bot's message becomes an outbound message on the customer's
/// channel, typing an event for the operators' stream, handoff.initiate queues the chat for humans.
/// </summary>
public sealed partial class BotConversationStore(Db db, EventLog events, OutboxSignal outbox, BotDeliveries deliveries, TimeProvider time, ILogger<BotConversationStore> logger)
    : IBotConversations
{
    public const string HandoffInitiate = "handoff.initiate";

    public async Task<string?> FrontingBotAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        return await BotDeliveries.FrontingBotAsync(work, conversationId);
    }

    public async Task<BotPostResult> PostAsync(string bot, string conversationId, Activity activity, string? replyToId, CancellationToken cancellationToken)
    {
        if (activity.Type is not (ActivityTypes.Message or ActivityTypes.Typing or ActivityTypes.Event or ActivityTypes.EndOfConversation or ActivityTypes.ConversationUpdate or "trace"))
        {
            return new BotPostResult.Rejected($"Activities of type '{activity.Type}' are not accepted on this channel.");
        }

        var now = time.GetUtcNow();
        var pending = new List<NewEvent>();
        await using var work = await db.BeginAsync(cancellationToken);
        var chat = await work.SingleOrDefaultAsync<ChatRef>(
            $"SELECT {ChatOpener.ChatColumns} FROM chats WHERE id = @conversationId AND state = 'bot'{(db.IsPostgres ? " FOR NO KEY UPDATE" : string.Empty)}",
            new { conversationId });
        if (chat is null || await BotDeliveries.FrontingBotAsync(work, chat.Id) != bot)
        {
            return new BotPostResult.NotFronted();
        }

        var id = Ids.New("bact");
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                var message = await OutboundMessages.AppendAsync(
                    work, chat, new OutboundSender(SenderKind.Bot, bot, bot), Clean(activity, replyToId), now, pending);
                id = message.Id;
                break;
            case ActivityTypes.Typing:
                pending.Add(new NewEvent("chat.typing", chat.Id, chat.DepartmentId, null, new { chatId = chat.Id, from = new { kind = "bot", id = bot }, at = now }));
                break;
            case ActivityTypes.Event when activity.Name == HandoffInitiate:
                await BotHandoff.StoreTranscriptAsync(work, chat, bot, activity, now);
                var department = await BotHandoff.DepartmentAsync(work, activity.Value);
                await BotHandoff.ToHumansAsync(work, chat.Id, bot, department, "the bot asked for a human", notifyBot: true, now, pending);
                LogHandoff(logger, bot, chat.Id);
                break;
            default:
                break;
        }

        await events.AppendAsync(work, pending);
        await events.CommitAsync(work, cancellationToken);
        outbox.Wake();
        deliveries.Wake();
        return new BotPostResult.Accepted(id);
    }

    public async Task<IReadOnlyList<ChannelAccount>> MembersAsync(string bot, string conversationId, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var visitor = await work.SingleOrDefaultAsync<Member>(
            "SELECT v.id, v.name FROM chats c JOIN visitors v ON v.id = c.visitor_id WHERE c.id = @conversationId", new { conversationId });
        return visitor is null
            ? [new ChannelAccount { Id = bot, Name = bot, Role = "bot" }]
            : [new ChannelAccount { Id = visitor.Id, Name = visitor.Name, Role = "user" }, new ChannelAccount { Id = bot, Name = bot, Role = "bot" }];
    }

    /// <summary>What of a bot's message goes to the customer; ids, addresses and the channel are the gateway's.</summary>
    private static Activity Clean(Activity activity, string? replyToId) => new()
    {
        Type = ActivityTypes.Message,
        Text = activity.Text,
        TextFormat = activity.TextFormat,
        Locale = activity.Locale,
        Attachments = activity.Attachments,
        AttachmentLayout = activity.AttachmentLayout,
        SuggestedActions = activity.SuggestedActions,
        InputHint = activity.InputHint,
        ReplyToId = replyToId,
    };

    private sealed record Member
    {
        public required string Id { get; init; }
        public string? Name { get; init; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bot {Bot} handed chat {ChatId} to humans")]
    private static partial void LogHandoff(ILogger logger, string bot, string chatId);
}
