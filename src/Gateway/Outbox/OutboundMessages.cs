using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Outbox;

/// <summary>
/// Appends a message for the customer to a chat in the caller's transaction, together with its outbox row,
/// so that a committed reply is always delivered (DESIGN.md §3.4). Delivery happens after commit, by the
/// outbox dispatcher; call <see cref="OutboxSignal.Wake"/> after committing to start it at once.
/// </summary>
public static class OutboundMessages
{
    public static async Task<TranscriptMessage> AppendAsync(
        UnitOfWork work, ChatRef chat, OutboundSender sender, Activity activity, DateTimeOffset now)
    {
        var stamped = activity with
        {
            ChannelId = chat.Channel,
            From = new ChannelAccount { Id = sender.Id ?? "livechat", Name = sender.Name, Role = ActivityRoles.Bot },
            Conversation = new ConversationAccount { Id = chat.ConversationKey },
            Recipient = new ChannelAccount { Id = chat.VisitorId, Role = ActivityRoles.User },
        };
        var message = TranscriptMessage.Create(
            chat.Id, chat.Channel, externalId: null, stamped, sender.Kind, sender.Id, sender.Name, now, now, DeliveryState.Pending);
        // The message and its outbox row in one round trip (a gateway message has no external id, so it is never a duplicate).
        await work.ExecuteAsync(
            $"""
            {TranscriptMessage.InsertSql};
            INSERT INTO outbox (message_id, chat_id, channel, attempts, next_attempt_at, created_at) VALUES (@Id, @ChatId, @Channel, 0, @CreatedAt, @CreatedAt)
            """,
            message);
        work.WroteOutbox = true;
        work.Raise(new ChatMessageEvent(message.ToView()), EventRoute.Chat(chat.Id, chat.DepartmentId));
        return message;
    }

    /// <summary>A plain text message from the gateway to the customer, e.g. "An operator joined".</summary>
    public static Task<TranscriptMessage> AppendSystemTextAsync(UnitOfWork work, ChatRef chat, string text, DateTimeOffset now) =>
        AppendAsync(work, chat, OutboundSender.System, new Activity { Type = ActivityTypes.Message, Text = text }, now);
}
