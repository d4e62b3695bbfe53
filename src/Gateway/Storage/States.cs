namespace LiveChat.Gateway.Storage;

// The one place that spells the values the state columns hold (the migrations' CHECK constraints list the same).
// SQL gets them through Sql.Is/Sql.In, so every state in a query is a name here, and no query text is passed as a value.

/// <summary>A chat's state (chats.state) and the groups the rules speak of.</summary>
public static class ChatState
{
    public const string Queued = "queued";
    public const string Bot = "bot";
    public const string Active = "active";
    public const string Ending = "ending";
    public const string Ended = "ended";
    public const string Missed = "missed";

    /// <summary>Held by a human: an operator owns it, possibly counting down to its end.</summary>
    public static readonly StateSet WithOperator = new(Active, Ending);

    /// <summary>Still talking to someone: a bot or an operator.</summary>
    public static readonly StateSet Open = new(Bot, Active, Ending);

    /// <summary>An operator may take it over: waiting, with a bot, or with another operator.</summary>
    public static readonly StateSet Reassignable = new(Queued, Bot, Active, Ending);

    /// <summary>Over, one way or the other.</summary>
    public static readonly StateSet Closed = new(Ended, Missed);

    public static readonly StateSet InQueue = new(Queued);

    public static readonly StateSet WithBot = new(Bot);
}

/// <summary>Whether an operator takes chats (operators.status): only online operators are offered, rung, transferred or invited.</summary>
public static class OperatorState
{
    public const string Online = "online";
    public const string Offline = "offline";
}

/// <summary>A transfer or invite request (chat_requests.kind and .state).</summary>
public static class RequestKind
{
    public const string Transfer = "transfer";
    public const string Invite = "invite";
}

/// <inheritdoc cref="RequestKind"/>
public static class RequestState
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Declined = "declined";
    public const string Expired = "expired";
    public const string Cancelled = "cancelled";
}

/// <summary>Who takes part in a chat and how (chat_participants.kind and .role; messages.sender_kind; an actor's kind).</summary>
public static class ParticipantKind
{
    public const string Operator = "operator";
    public const string Bot = "bot";
    public const string Visitor = "visitor";
    public const string System = "system";
}

/// <inheritdoc cref="ParticipantKind"/>
public static class ParticipantRole
{
    public const string Owner = "owner";
    public const string Invited = "invited";
}

/// <summary>A ticket request (ticket_requests.kind and .state).</summary>
public static class TicketRequestKind
{
    public const string Transcript = "transcript";
    public const string Missed = "missed";
}

/// <inheritdoc cref="TicketRequestKind"/>
public static class TicketState
{
    public const string Pending = "pending";
    public const string Created = "created";
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All = [Pending, Created, Failed];
}

/// <summary>What a bot that handed a chat over hears (bot_handoffs.state).</summary>
public static class HandoffState
{
    public const string Requested = "requested";
    public const string Accepted = "accepted";
    public const string Failed = "failed";
    public const string Completed = "completed";
}

/// <summary>A summary job (summary_jobs.state).</summary>
public static class SummaryJobState
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string Failed = "failed";
}

/// <summary>A named group of states, for rules (<see cref="Contains"/>) and for SQL (<see cref="Sql.In"/>).</summary>
public sealed class StateSet(params string[] states)
{
    public IReadOnlyList<string> States { get; } = states;

    public bool Contains(string state) => States.Contains(state, StringComparer.Ordinal);
}

/// <summary>States rendered into SQL text from their names: literals, not parameters, so partial indexes still match.</summary>
public static class Sql
{
    /// <summary><c>'queued'</c></summary>
    public static string Literal(string state) => $"'{state}'";

    /// <summary><c>IN ('active', 'ending')</c></summary>
    public static string In(StateSet set) => $"IN ({string.Join(", ", set.States.Select(Literal))})";
}
