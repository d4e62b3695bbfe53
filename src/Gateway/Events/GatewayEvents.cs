namespace LiveChat.Gateway.Events;

// One record per kind of event, its properties in wire order (the payloads are camelCase, nulls omitted:
// GatewayJson). EventType maps each record to its wire name. A record that carries a shared view (a message, a
// request) sends that view as its payload.

/// <summary>Who did something, as events name them: an operator, the visitor, a bot, or the gateway itself.</summary>
public sealed record EventActor(string Kind, string? Id, string? Name = null);

/// <summary>A chat's visitor, as <c>chat.queued</c> and <c>chat.bot</c> name them.</summary>
public sealed record EventVisitor(string Id, string? Name = null);

/// <summary>Where a chat put back in the queue came from (a bot's handoff, a disabled operator).</summary>
public sealed record QueuedFrom(string Kind, string? Id, string Detail);

/// <summary>A transfer or invite request as events and the API show it.</summary>
public sealed record RequestView(
    string Id, string ChatId, string Kind, string FromOperatorId, string? ToOperatorId, string? ToDepartmentId, string? Note, string State,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

public sealed record ChatMessageEvent(MessageView Message) : GatewayEvent
{
    internal override object Body => Message;
}

public sealed record ChatMessageUpdated(MessageView Message) : GatewayEvent
{
    internal override object Body => Message;
}

public sealed record ChatMessageDeleted(string ChatId, string MessageId, EventActor By, DateTimeOffset At) : GatewayEvent;

/// <summary>A message's delivery moved on (<c>chat.message.status</c>).</summary>
public record ChatMessageStatus(string ChatId, string MessageId, string Status, DateTimeOffset At, MessageError? Error = null) : GatewayEvent;

/// <summary>A message could not be delivered (<c>chat.message.failed</c>): the same payload as a status change.</summary>
public sealed record ChatMessageFailed : ChatMessageStatus
{
    public ChatMessageFailed(ChatMessageStatus status) : base(status)
    {
    }
}

public sealed record ChatTyping(string ChatId, EventActor From, DateTimeOffset At) : GatewayEvent;

public sealed record ChatRead(string ChatId, DateTimeOffset UpTo, int Messages) : GatewayEvent;

public sealed record ChatOperatorRead(UnreadView View) : GatewayEvent
{
    internal override object Body => View;
}

public sealed record ChatPresenceChanged(PresenceView View) : GatewayEvent
{
    internal override object Body => View;
}

public sealed record ChatTags(string ChatId, IReadOnlyList<string> Tags, EventActor By, DateTimeOffset At) : GatewayEvent;

/// <summary>A chat waits in its department's queue (<c>chat.queued</c>).</summary>
public record ChatQueued(
    string ChatId, string Channel, string DepartmentId, string? Question, EventVisitor Visitor, DateTimeOffset QueuedAt, QueuedFrom? From = null) : GatewayEvent;

/// <summary>The incoming-chat alert (<c>chat.alert</c>) for the ringing operators: the same payload as <see cref="ChatQueued"/>.</summary>
public sealed record ChatAlert : ChatQueued
{
    public ChatAlert(ChatQueued queued) : base(queued)
    {
    }
}

public sealed record ChatQueuePosition(string ChatId, int Position, int EstimatedWaitSeconds, DateTimeOffset At) : GatewayEvent;

public sealed record ChatBot(
    string ChatId, string Channel, string DepartmentId, string? Question, string Bot, EventVisitor? Visitor, EventActor? By, DateTimeOffset At) : GatewayEvent;

public sealed record ChatOffered(string ChatId, string DepartmentId, string OperatorId, DateTimeOffset ExpiresAt, DateTimeOffset QueuedAt) : GatewayEvent;

public sealed record ChatOfferDeclined(string ChatId, string OperatorId, DateTimeOffset At) : GatewayEvent;

public sealed record ChatOfferExpired(string ChatId, string OperatorId, DateTimeOffset At) : GatewayEvent;

public sealed record ChatAssigned(
    string ChatId, string DepartmentId, string OperatorId, string OperatorName, string? PreviousOperatorId, string Action, EventActor By, DateTimeOffset At) : GatewayEvent;

/// <summary>An operator no longer owns the chat: someone took it over (<c>NewOperatorId</c>), a bot took it back, or it was requeued.</summary>
public sealed record ChatUnassigned(
    string ChatId, string OperatorId, string? NewOperatorId, string? Bot, string Action, EventActor By, DateTimeOffset At) : GatewayEvent;

public sealed record ChatEnding(string ChatId, DateTimeOffset AutoEndAt, int? AfterSeconds, bool Restarted, EventActor? By) : GatewayEvent;

public sealed record ChatEnded(string ChatId, string Reason, DateTimeOffset EndedAt, EventActor By) : GatewayEvent;

public sealed record ChatMissed(string ChatId, string Reason, DateTimeOffset MissedAt) : GatewayEvent;

public sealed record ChatParticipantJoined(string ChatId, string OperatorId, string OperatorName, string Role, DateTimeOffset At) : GatewayEvent;

public sealed record ChatParticipantLeft(string ChatId, string OperatorId, string OperatorName, DateTimeOffset At) : GatewayEvent;

/// <summary>A transfer or invite was asked for.</summary>
public abstract record ChatRequested(RequestView Request, EventActor From, string? Question) : GatewayEvent;

public sealed record ChatTransferRequested(RequestView Request, EventActor From, string? Question) : ChatRequested(Request, From, Question);

public sealed record ChatInviteRequested(RequestView Request, EventActor From, string? Question) : ChatRequested(Request, From, Question);

/// <summary>A transfer or invite was accepted or declined.</summary>
public abstract record ChatRequestAnswered(RequestView Request, EventActor By) : GatewayEvent;

public sealed record ChatTransferAccepted(RequestView Request, EventActor By) : ChatRequestAnswered(Request, By);

public sealed record ChatTransferDeclined(RequestView Request, EventActor By) : ChatRequestAnswered(Request, By);

public sealed record ChatInviteAccepted(RequestView Request, EventActor By) : ChatRequestAnswered(Request, By);

public sealed record ChatInviteDeclined(RequestView Request, EventActor By) : ChatRequestAnswered(Request, By);

/// <summary>Nobody answered a transfer or invite in time: the request is the payload.</summary>
public abstract record ChatRequestExpired(RequestView Request) : GatewayEvent
{
    internal override object Body => Request;

    public static ChatRequestExpired Of(RequestView request) =>
        request.Kind == RequestKind.Transfer ? new ChatTransferExpired(request) : new ChatInviteExpired(request);
}

public sealed record ChatTransferExpired(RequestView Request) : ChatRequestExpired(Request);

public sealed record ChatInviteExpired(RequestView Request) : ChatRequestExpired(Request);

public sealed record ChatSummary(
    string ChatId, string Trigger, string Text, string Provider, string Language, DateTimeOffset GeneratedAt, string? FallbackReason) : GatewayEvent;

public sealed record OperatorStatus(string OperatorId, string Name, string Status, bool Ringer, DateTimeOffset At) : GatewayEvent;

public sealed record TicketCreated(string Id, string ChatId, string Kind, string Provider, string? ExternalId, string? Url, int Attempts) : GatewayEvent;

public sealed record TicketFailed(string Id, string ChatId, string Kind, string Provider, string? Error, int Attempts) : GatewayEvent;
