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

    /// <summary>A transfer or invite request nobody answered in time.</summary>
    public static string RequestExpired(string kind) => kind == RequestKind.Transfer ? ChatTransferExpired : ChatInviteExpired;
}
