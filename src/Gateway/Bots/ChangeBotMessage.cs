using LiveChat.Channels.Activities;
using LiveChat.Channels.BotConnector;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Bots;

/// <summary>
/// PUT and DELETE /v3/conversations/{id}/activities/{activityId}: a bot edits or withdraws a message it sent. The
/// widget reads the transcript, so a webchat customer sees the change (Direct Line messageUpdate / messageDelete);
/// WhatsApp, Messenger and Instagram cannot change a message already delivered, so those chats answer 405 as the Bot
/// Connector does for channels without the operation. Operators get chat.message.updated / chat.message.deleted.
/// </summary>
public static class ChangeBotMessage
{
    public const string MessageDelete = "messageDelete";
    public const string Unsupported = "This channel does not support this operation";

    /// <summary>Why the bot may not change <paramref name="message"/>, or null when it may (checked in this order, as the Connector does).</summary>
    public static BotActivityResult? Refusal(TranscriptMessage? message, string bot, string activityId, string channel, bool channelCanChange) => message switch
    {
        _ when !channelCanChange => new BotActivityResult.Unsupported($"{Unsupported}: a message sent on {channel} cannot be edited or deleted."),
        null => new BotActivityResult.NotFound($"This conversation has no message '{activityId}'."),
        { SenderKind: not ParticipantKind.Bot } or { Internal: true } => new BotActivityResult.NotOwn("A bot can only change the messages it sent."),
        _ when message.SenderId != bot => new BotActivityResult.NotOwn("A bot can only change the messages it sent."),
        _ => null,
    };

    public static async Task<BotActivityResult> UpdateAsync(
        UnitOfWork work, ChatRef chat, string bot, string activityId, Activity activity, bool channelCanChange, DateTimeOffset now)
    {
        var message = await FindAsync(work, chat, activityId);
        if (Refusal(message, bot, activityId, chat.Channel, channelCanChange) is { } refusal)
        {
            return refusal;
        }

        var stored = JsonSerializer.Deserialize(message!.Activity, ActivityJson.Default.Activity)!;
        var edited = BotConversationStore.Clean(activity, stored.ReplyToId) with
        {
            Id = stored.Id,
            Timestamp = stored.Timestamp,
            ChannelId = stored.ChannelId,
            From = stored.From,
            Recipient = stored.Recipient,
            Conversation = stored.Conversation,
        };
        var fields = TranscriptMessage.Create(chat.Id, chat.Channel, null, edited, SenderKind.Bot, bot, bot, message.SentAt, now, Channels.Inbox.DeliveryState.Sent);
        var updated = message with { ActivityType = fields.ActivityType, Text = fields.Text, Attachments = fields.Attachments, Activity = fields.Activity };
        await work.ExecuteAsync("UPDATE messages SET text = @Text, attachments = @Attachments, activity = @Activity WHERE id = @Id", updated);
        await ChatHistory.AddAsync(work, chat.Id, "messageUpdated", ParticipantKind.Bot, bot, message.Id, now);
        work.Raise(new ChatMessageUpdated(updated.ToView()), EventRoute.Chat(chat.Id, chat.DepartmentId));
        return new BotActivityResult.Accepted(message.Id);
    }

    /// <summary>The message leaves the transcript (its row stays as a messageDelete tombstone, so replays drop it too).</summary>
    public static async Task<BotActivityResult> DeleteAsync(
        UnitOfWork work, ChatRef chat, string bot, string activityId, bool channelCanChange, DateTimeOffset now)
    {
        var message = await FindAsync(work, chat, activityId);
        if (Refusal(message, bot, activityId, chat.Channel, channelCanChange) is { } refusal)
        {
            return refusal;
        }

        var tombstone = new Activity { Type = MessageDelete, Id = message!.Id, Conversation = new ConversationAccount { Id = chat.ConversationKey } };
        await work.ExecuteAsync(
            "UPDATE messages SET activity_type = @MessageDelete, text = NULL, attachments = NULL, activity = @activity WHERE id = @Id",
            new { MessageDelete, activity = JsonSerializer.Serialize(tombstone, ActivityJson.Default.Activity), message.Id });
        await work.ExecuteAsync("DELETE FROM outbox WHERE message_id = @Id", new { message.Id });
        await ChatHistory.AddAsync(work, chat.Id, "messageDeleted", ParticipantKind.Bot, bot, message.Id, now);
        work.Raise(new ChatMessageDeleted(chat.Id, message.Id, new EventActor(ParticipantKind.Bot, bot), now), EventRoute.Chat(chat.Id, chat.DepartmentId));
        return new BotActivityResult.Accepted(message.Id);
    }

    private static Task<TranscriptMessage?> FindAsync(UnitOfWork work, ChatRef chat, string activityId) =>
        work.SingleOrDefaultAsync<TranscriptMessage>(
            $"SELECT {TranscriptMessage.Columns} FROM messages WHERE chat_id = @Id AND id = @activityId AND activity_type = 'message'",
            new { chat.Id, activityId });
}
