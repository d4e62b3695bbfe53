using LiveChat.Channels.Activities;
using LiveChat.Channels.BotConnector;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Outbox;

namespace LiveChat.Gateway.Bots;

/// <summary>
/// The Connector API over the gateway's chats: a bot's message becomes an outbound message on the customer's
/// channel, typing an event for the operators' stream, handoff.initiate queues the chat for humans; the bot may edit
/// or withdraw its own messages where the channel can show that (<see cref="ChangeBotMessage"/>).
/// </summary>
public sealed partial class BotConversationStore(
    Db db, IOptions<OutboxOptions> outboxOptions, TimeProvider time, ILogger<BotConversationStore> logger)
    : IBotConversations
{
    public const string HandoffInitiate = "handoff.initiate";

    public async Task<string?> FrontingBotAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        return await BotDeliveries.FrontingBotAsync(work, conversationId);
    }

    public Task<BotActivityResult> PostAsync(string bot, string conversationId, Activity activity, string? replyToId, CancellationToken cancellationToken) =>
        activity.Type is not (ActivityTypes.Message or ActivityTypes.Typing or ActivityTypes.Event or ActivityTypes.EndOfConversation or ActivityTypes.ConversationUpdate or "trace")
            ? Task.FromResult<BotActivityResult>(new BotActivityResult.Rejected($"Activities of type '{activity.Type}' are not accepted on this channel."))
            : InFrontedChatAsync(bot, conversationId, (work, chat, now) => TakeAsync(work, chat, bot, activity, replyToId, now), cancellationToken);

    public Task<BotActivityResult> UpdateAsync(string bot, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken) =>
        activity.Type != ActivityTypes.Message
            ? Task.FromResult<BotActivityResult>(new BotActivityResult.Rejected("Only message activities can be updated."))
            : InFrontedChatAsync(bot, conversationId, (work, chat, now) => ChangeBotMessage.UpdateAsync(work, chat, bot, activityId, activity, CanChange(chat), now), cancellationToken);

    public Task<BotActivityResult> DeleteAsync(string bot, string conversationId, string activityId, CancellationToken cancellationToken) =>
        InFrontedChatAsync(bot, conversationId, (work, chat, now) => ChangeBotMessage.DeleteAsync(work, chat, bot, activityId, CanChange(chat), now), cancellationToken);

    public async Task<IReadOnlyList<ChannelAccount>> MembersAsync(string bot, string conversationId, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var visitor = await work.SingleOrDefaultAsync<Member>(
            "SELECT v.id, v.name FROM chats c JOIN visitors v ON v.id = c.visitor_id WHERE c.id = @conversationId", new { conversationId });
        return visitor is null
            ? [BotDeliveries.Bot(bot)]
            : [new ChannelAccount { Id = visitor.Id, Name = visitor.Name, Role = "user" }, BotDeliveries.Bot(bot)];
    }

    /// <summary>
    /// Runs <paramref name="act"/> in one transaction on the chat <paramref name="bot"/> fronts (locked on PostgreSQL), and
    /// commits when it accepted; NotFronted when the chat is not the bot's (anymore).
    /// </summary>
    private async Task<BotActivityResult> InFrontedChatAsync(
        string bot, string conversationId, Func<UnitOfWork, ChatRef, DateTimeOffset, Task<BotActivityResult>> act, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var chat = await work.SingleOrDefaultAsync<ChatRef>(
            $"SELECT {ChatOpener.ChatColumns} FROM chats WHERE id = @conversationId AND state = {Sql.Literal(ChatState.Bot)}{(db.IsPostgres ? " FOR NO KEY UPDATE" : string.Empty)}",
            new { conversationId });
        if (chat is null || await BotDeliveries.FrontingBotAsync(work, chat.Id) != bot)
        {
            return new BotActivityResult.NotFronted();
        }

        var result = await act(work, chat, now);
        if (result is BotActivityResult.Accepted)
        {
            await work.CommitAsync(cancellationToken);
        }

        return result;
    }

    private async Task<BotActivityResult> TakeAsync(
        UnitOfWork work, ChatRef chat, string bot, Activity activity, string? replyToId, DateTimeOffset now)
    {
        var id = Ids.New("bact");
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                var message = await OutboundMessages.AppendAsync(
                    work, chat, new OutboundSender(SenderKind.Bot, bot, bot), Clean(activity, replyToId), now);
                id = message.Id;
                break;
            case ActivityTypes.Typing:
                work.Raise(new ChatTyping(chat.Id, new EventActor(ParticipantKind.Bot, bot), now), EventRoute.Chat(chat.Id, chat.DepartmentId));
                break;
            case ActivityTypes.Event when activity.Name == HandoffInitiate:
                await BotHandoff.StoreTranscriptAsync(work, chat, bot, activity, now);
                var department = await BotHandoff.DepartmentAsync(work, activity.Value);
                await BotHandoff.ToHumansAsync(work, chat.Id, bot, department, BotHandoff.BotAsked, notifyBot: true, now);
                LogHandoff(logger, bot, chat.Id);
                break;
            default:
                break;
        }

        return new BotActivityResult.Accepted(id);
    }

    /// <summary>Whether the customer's channel can show an edit: only where the client reads the transcript (the widget).</summary>
    private bool CanChange(ChatRef chat) => outboxOptions.Value.PullChannels.Contains(chat.Channel, StringComparer.Ordinal);

    /// <summary>What of a bot's message goes to the customer; ids, addresses and the channel are the gateway's.</summary>
    internal static Activity Clean(Activity activity, string? replyToId) => new()
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
