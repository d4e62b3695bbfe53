using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Outbox;

namespace LiveChat.Gateway.Chats;

/// <summary>
/// Notes for the operators: system messages in the chat's transcript (and its <c>chat.message</c> events) marked
/// <c>internal</c>. The customer never gets them: no outbox row, not in the Direct Line feed, not in tickets or summaries.
/// </summary>
public static class ChatNotes
{
    /// <summary>Adds a note by <paramref name="author"/> (an operator's private note), or by the gateway when null.</summary>
    public static async Task<TranscriptMessage> AddAsync(
        UnitOfWork work, ChatRef chat, string text, DateTimeOffset now, OutboundSender? author = null)
    {
        author ??= OutboundSender.System;
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Text = text,
            ChannelId = chat.Channel,
            From = new ChannelAccount { Id = author.Id ?? "livechat", Name = author.Name, Role = ActivityRoles.Bot },
            Conversation = new ConversationAccount { Id = chat.ConversationKey },
        };
        var note = TranscriptMessage.Create(
            chat.Id, chat.Channel, externalId: null, activity, author.Kind, author.Id, author.Name, now, now, DeliveryState.Delivered)
            with { Internal = true };
        await TranscriptMessage.InsertAsync(work, note);
        work.Raise(new ChatMessageEvent(note.ToView()), EventRoute.Chat(chat.Id, chat.DepartmentId));
        return note;
    }
}
