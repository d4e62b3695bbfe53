using System.Collections.Frozen;

namespace LiveChat.Gateway.Events;

/// <summary>The wire name of every event the gateway writes to the event log (the stream's <c>event:</c>, a webhook's and Direct Line's source).</summary>
public static class EventType
{
    public const string ChatAlert = "chat.alert";
    public const string ChatAssigned = "chat.assigned";
    public const string ChatBot = "chat.bot";
    public const string ChatEnded = "chat.ended";
    public const string ChatEnding = "chat.ending";
    public const string ChatInviteAccepted = "chat.invite.accepted";
    public const string ChatInviteDeclined = "chat.invite.declined";
    public const string ChatInviteRequested = "chat.invite.requested";
    public const string ChatInviteExpired = "chat.invite.expired";
    public const string ChatMessage = "chat.message";
    public const string ChatMessageDeleted = "chat.message.deleted";
    public const string ChatMessageFailed = "chat.message.failed";
    public const string ChatMessageStatus = "chat.message.status";
    public const string ChatMessageUpdated = "chat.message.updated";
    public const string ChatMissed = "chat.missed";
    public const string ChatOfferDeclined = "chat.offer.declined";
    public const string ChatOfferExpired = "chat.offer.expired";
    public const string ChatOffered = "chat.offered";
    public const string ChatOperatorRead = "chat.operator.read";
    public const string ChatParticipantJoined = "chat.participant.joined";
    public const string ChatParticipantLeft = "chat.participant.left";
    public const string ChatPresence = "chat.presence";
    public const string ChatQueuePosition = "chat.queue.position";
    public const string ChatQueued = "chat.queued";
    public const string ChatRead = "chat.read";
    public const string ChatSummary = "chat.summary";
    public const string ChatTags = "chat.tags";
    public const string ChatTransferAccepted = "chat.transfer.accepted";
    public const string ChatTransferDeclined = "chat.transfer.declined";
    public const string ChatTransferRequested = "chat.transfer.requested";
    public const string ChatTransferExpired = "chat.transfer.expired";
    public const string ChatTyping = "chat.typing";
    public const string ChatUnassigned = "chat.unassigned";
    public const string OperatorStatus = "operator.status";
    public const string TicketCreated = "ticket.created";
    public const string TicketFailed = "ticket.failed";

    private static readonly FrozenDictionary<Type, string> s_names = new Dictionary<Type, string>
    {
        [typeof(ChatAlert)] = ChatAlert,
        [typeof(ChatAssigned)] = ChatAssigned,
        [typeof(ChatBot)] = ChatBot,
        [typeof(ChatEnded)] = ChatEnded,
        [typeof(ChatEnding)] = ChatEnding,
        [typeof(ChatInviteAccepted)] = ChatInviteAccepted,
        [typeof(ChatInviteDeclined)] = ChatInviteDeclined,
        [typeof(ChatInviteRequested)] = ChatInviteRequested,
        [typeof(ChatInviteExpired)] = ChatInviteExpired,
        [typeof(ChatMessageEvent)] = ChatMessage,
        [typeof(ChatMessageDeleted)] = ChatMessageDeleted,
        [typeof(ChatMessageFailed)] = ChatMessageFailed,
        [typeof(ChatMessageStatus)] = ChatMessageStatus,
        [typeof(ChatMessageUpdated)] = ChatMessageUpdated,
        [typeof(ChatMissed)] = ChatMissed,
        [typeof(ChatOfferDeclined)] = ChatOfferDeclined,
        [typeof(ChatOfferExpired)] = ChatOfferExpired,
        [typeof(ChatOffered)] = ChatOffered,
        [typeof(ChatOperatorRead)] = ChatOperatorRead,
        [typeof(ChatParticipantJoined)] = ChatParticipantJoined,
        [typeof(ChatParticipantLeft)] = ChatParticipantLeft,
        [typeof(ChatPresenceChanged)] = ChatPresence,
        [typeof(ChatQueuePosition)] = ChatQueuePosition,
        [typeof(ChatQueued)] = ChatQueued,
        [typeof(ChatRead)] = ChatRead,
        [typeof(ChatSummary)] = ChatSummary,
        [typeof(ChatTags)] = ChatTags,
        [typeof(ChatTransferAccepted)] = ChatTransferAccepted,
        [typeof(ChatTransferDeclined)] = ChatTransferDeclined,
        [typeof(ChatTransferRequested)] = ChatTransferRequested,
        [typeof(ChatTransferExpired)] = ChatTransferExpired,
        [typeof(ChatTyping)] = ChatTyping,
        [typeof(ChatUnassigned)] = ChatUnassigned,
        [typeof(OperatorStatus)] = OperatorStatus,
        [typeof(TicketCreated)] = TicketCreated,
        [typeof(TicketFailed)] = TicketFailed,
    }.ToFrozenDictionary();

    /// <summary>Every event record the gateway raises.</summary>
    public static IEnumerable<Type> Records => s_names.Keys;

    /// <summary>The wire name of <paramref name="e"/>: the one map from event record to name.</summary>
    public static string NameOf(GatewayEvent e) =>
        s_names.TryGetValue(e.GetType(), out var name) ? name : throw new ArgumentException($"{e.GetType().Name} has no wire name in EventType.", nameof(e));
}
