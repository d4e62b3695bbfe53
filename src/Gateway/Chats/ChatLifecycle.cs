using LiveChat.Gateway.Events;
using LiveChat.Gateway.Outbox;
using LiveChat.Gateway.Summaries;

namespace LiveChat.Gateway.Chats;

/// <summary>
/// The state changes every path shares (an operator's action, a timer, the visitor leaving). Each one starts
/// with a conditional UPDATE that names the state it leaves, so of two nodes or two requests racing for the
/// same change exactly one wins; the loser gets null and changes nothing. All writes join the caller's
/// transaction, so the chat's final state, its history, its events and its ticket request commit together. Features
/// above the core follow its events in that same transaction (<see cref="IRaisedEventHandler"/>: a bot hears how its
/// handoff went) instead of being called from here.
/// </summary>
public static class ChatLifecycle
{
    /// <summary>The condition a closing chat must still meet, as SQL over <c>chats</c> (<c>@cutoff</c> is the timer's limit).</summary>
    public static string Condition(CloseGuard guard) => guard switch
    {
        CloseGuard.Open => $"state {Sql.In(ChatState.Open)}",
        CloseGuard.Queued => $"state = {Sql.Literal(ChatState.Queued)}",
        CloseGuard.EndingDue => $"state = {Sql.Literal(ChatState.Ending)} AND auto_end_at <= @cutoff",
        CloseGuard.ActiveIdle => $"state = {Sql.Literal(ChatState.Active)} AND last_visitor_activity_at <= @cutoff",
        CloseGuard.QueuedTooLong => $"state = {Sql.Literal(ChatState.Queued)} AND queued_at <= @cutoff",
        _ => throw new ArgumentOutOfRangeException(nameof(guard), guard, null),
    };

    /// <summary>The ids of the chats a timer closes (<paramref name="due"/> with <c>@cutoff</c>), the longest due first.</summary>
    public static string DueSql(CloseGuard due) =>
        $"SELECT id FROM chats WHERE {Condition(due)} ORDER BY " + due switch
        {
            CloseGuard.EndingDue => "auto_end_at",
            CloseGuard.ActiveIdle => "last_visitor_activity_at",
            CloseGuard.QueuedTooLong => "queued_at",
            _ => throw new ArgumentOutOfRangeException(nameof(due), due, "Only a timer's guard has a due time."),
        };

    /// <summary>Ends an open chat: final state, participants leave, pending requests lapse, a transcript ticket is requested.</summary>
    public static async Task<ChatRef?> TryEndAsync(
        UnitOfWork work, string chatId, CloseGuard guard, DateTimeOffset cutoff, string reason, Actor by, DateTimeOffset now)
    {
        var chat = await work.SingleOrDefaultAsync<ChatRef>(
            $"""
            UPDATE chats SET state = {Sql.Literal(ChatState.Ended)}, ended_at = @now, end_reason = @reason, auto_end_at = NULL,
                             offered_operator_id = NULL, offer_expires_at = NULL, updated_at = @now
            WHERE id = @chatId AND {Condition(guard)}
            RETURNING {ChatOpener.ChatColumns}
            """,
            new { chatId, cutoff, reason, now });
        if (chat is null)
        {
            return null;
        }

        // The closing summary, in the owner's language, is made after commit and goes into the ticket.
        await ChatSummaries.EnqueueForAsync(work, chat.Id, "end", await ChatRows.OwnerAsync(work, chat.Id), notify: null, now);
        await CloseAsync(work, chat, TicketRequestKind.Transcript, now);
        await ChatHistory.AddAsync(work, chat.Id, "ended", by.Kind, by.Id, reason, now);
        work.Raise(new ChatEnded(chat.Id, reason, now, by.ToData()), EventRoute.Chat(chat.Id, chat.DepartmentId));
        if (reason != EndReasons.VisitorLeft)
        {
            await OutboundMessages.AppendSystemTextAsync(work, chat, VisitorTexts.Ended, now);
        }

        return chat;
    }

    /// <summary>A queued chat nobody took (or whose visitor left) becomes missed, with a missed-chat ticket request.</summary>
    public static async Task<ChatRef?> TryMissAsync(
        UnitOfWork work, string chatId, CloseGuard guard, DateTimeOffset cutoff, string reason, Actor by, DateTimeOffset now)
    {
        var chat = await work.SingleOrDefaultAsync<ChatRef>(
            $"""
            UPDATE chats SET state = {Sql.Literal(ChatState.Missed)}, ended_at = @now, end_reason = @reason, offered_operator_id = NULL, offer_expires_at = NULL, updated_at = @now
            WHERE id = @chatId AND {Condition(guard)}
            RETURNING {ChatOpener.ChatColumns}
            """,
            new { chatId, cutoff, reason, now });
        if (chat is null)
        {
            return null;
        }

        await CloseAsync(work, chat, TicketRequestKind.Missed, now);
        if (await work.ScalarAsync<DateTimeOffset?>("SELECT queued_at FROM chats WHERE id = @Id", new { chat.Id }) is { } queuedAt)
        {
            await QueueNotices.QueueMovedAsync(work, chat.DepartmentId, chat.Id, queuedAt, now);
        }

        await ChatHistory.AddAsync(work, chat.Id, "missed", by.Kind, by.Id, reason, now);
        work.Raise(new ChatMissed(chat.Id, reason, now), EventRoute.Chat(chat.Id, chat.DepartmentId));
        if (reason != EndReasons.VisitorLeft)
        {
            await OutboundMessages.AppendSystemTextAsync(work, chat, VisitorTexts.Missed, now);
        }

        return chat;
    }

    /// <summary>Starts the countdown: the chat ends after <paramref name="seconds"/> without visitor activity.</summary>
    public static async Task<ChatRef?> TryStartEndingAsync(UnitOfWork work, string chatId, int seconds, Actor by, DateTimeOffset now)
    {
        var autoEndAt = now.AddSeconds(seconds);
        var chat = await work.SingleOrDefaultAsync<ChatRef>(
            $"""
            UPDATE chats SET state = {Sql.Literal(ChatState.Ending)}, end_after_seconds = @seconds, auto_end_at = @autoEndAt, updated_at = @now
            WHERE id = @chatId AND state {Sql.In(ChatState.WithOperator)}
            RETURNING {ChatOpener.ChatColumns}
            """,
            new { chatId, seconds, autoEndAt, now });
        if (chat is null)
        {
            return null;
        }

        await ChatHistory.AddAsync(work, chat.Id, "ending", by.Kind, by.Id, $"after {seconds}s without visitor activity", now);
        work.Raise(new ChatEnding(chat.Id, autoEndAt, seconds, Restarted: false, by.ToData()), EventRoute.Chat(chat.Id, chat.DepartmentId));
        return chat;
    }

    /// <summary>
    /// Makes <paramref name="to"/> the chat's owner at once (pick-up, reassign, accepted transfer or offer): the
    /// previous owner and any bot leave, the chat becomes active in <paramref name="departmentId"/>, the visitor is told.
    /// Returns the chat and the previous owner's id, or null when the chat was not in one of <paramref name="from"/>.
    /// </summary>
    public static async Task<(ChatRef Chat, string? PreviousOwner)?> TryAssignAsync(
        UnitOfWork work, string chatId, StateSet from, OperatorSnapshot to, string? departmentId, string action, Actor by, DateTimeOffset now)
    {
        var before = await work.SingleOrDefaultAsync<QueueSlot>("SELECT state, queued_at, department_id FROM chats WHERE id = @chatId", new { chatId });
        var chat = await work.SingleOrDefaultAsync<ChatRef>(
            $"""
            UPDATE chats SET state = {Sql.Literal(ChatState.Active)}, department_id = COALESCE(@departmentId, department_id), assigned_at = @now,
                             auto_end_at = NULL, end_after_seconds = NULL, offered_operator_id = NULL, offer_expires_at = NULL, updated_at = @now
            WHERE id = @chatId AND state {Sql.In(from)}
            RETURNING {ChatOpener.ChatColumns}
            """,
            new { chatId, departmentId, now });
        if (chat is null || before is null)
        {
            return null;
        }

        var previous = await ChatRows.OwnerAsync(work, chatId);
        await work.ExecuteAsync(
            $"""
            UPDATE chat_participants SET left_at = @now
            WHERE chat_id = @chatId AND left_at IS NULL AND (role = {Sql.Literal(ParticipantRole.Owner)} OR kind = {Sql.Literal(ParticipantKind.Bot)} OR participant_id = @To)
            """,
            new { chatId, now, To = to.Id });
        await work.ExecuteAsync(
            $"INSERT INTO chat_participants (chat_id, kind, participant_id, name, role, joined_at) VALUES (@chatId, {Sql.Literal(ParticipantKind.Operator)}, @Id, @Name, {Sql.Literal(ParticipantRole.Owner)}, @now)",
            new { chatId, to.Id, to.Name, now });
        await work.ExecuteAsync("UPDATE operators SET last_assigned_at = @now WHERE id = @Id", new { now, to.Id });
        if (action != "transferred")
        {
            await work.ExecuteAsync(
                $"UPDATE chat_requests SET state = {Sql.Literal(RequestState.Cancelled)}, resolved_at = @now WHERE chat_id = @chatId AND state = {Sql.Literal(RequestState.Pending)} AND kind = {Sql.Literal(RequestKind.Transfer)}",
                new { chatId, now });
        }

        await ChatHistory.AddAsync(work, chatId, action, by.Kind, by.Id, $"to {to.Id}" + (previous is null ? string.Empty : $" from {previous}"), now);
        work.Raise(new ChatAssigned(chatId, chat.DepartmentId, to.Id, to.Name, previous, action, by.ToData(), now), EventRoute.Chat(chatId, chat.DepartmentId));
        if (previous is not null && previous != to.Id)
        {
            work.Raise(new ChatUnassigned(chatId, previous, to.Id, null, action, by.ToData(), now), new EventRoute(chatId, chat.DepartmentId, previous));
        }

        await OutboundMessages.AppendSystemTextAsync(work, chat, VisitorTexts.Joined(to.Name), now);
        if (before.State == ChatState.Queued && before.QueuedAt is { } queuedAt)
        {
            await QueueNotices.QueueMovedAsync(work, before.DepartmentId, chatId, queuedAt, now);
        }

        return (chat, previous);
    }

    /// <summary>
    /// Puts an open chat back in the queue of <paramref name="departmentId"/> (else its own): a bot handed it over, or its
    /// operator was disabled. Any countdown or offer ends; the operators get <paramref name="note"/>, the department
    /// <c>chat.queued</c> (<paramref name="from"/> and <paramref name="detail"/> say where it came from), its ringing
    /// operators the alert, and the visitor their place. Who leaves the chat is the caller's business. Null when the
    /// chat was not in one of <paramref name="fromStates"/>.
    /// </summary>
    public static async Task<ChatRef?> TryQueueAsync(
        UnitOfWork work, string chatId, StateSet fromStates, string? departmentId, Actor from, string detail, string note, DateTimeOffset now)
    {
        var chat = await work.SingleOrDefaultAsync<ChatRef>(
            $"""
            UPDATE chats SET state = {Sql.Literal(ChatState.Queued)}, queued_at = @now, department_id = COALESCE(@departmentId, department_id), auto_end_at = NULL,
                             end_after_seconds = NULL, offered_operator_id = NULL, offer_expires_at = NULL, updated_at = @now
            WHERE id = @chatId AND state {Sql.In(fromStates)}
            RETURNING {ChatOpener.ChatColumns}
            """,
            new { chatId, departmentId, now });
        if (chat is null)
        {
            return null;
        }

        await ChatNotes.AddAsync(work, chat, note, now);
        var queued = new ChatQueued(chatId, chat.Channel, chat.DepartmentId, chat.Question, new EventVisitor(chat.VisitorId), now, new QueuedFrom(from.Kind, from.Id, detail));
        work.Raise(queued, EventRoute.Chat(chatId, chat.DepartmentId));
        await IncomingChatAlert.RaiseAsync(work, queued);
        await QueueNotices.TellPositionAsync(work, chat, now, now);
        return chat;
    }

    private static async Task CloseAsync(UnitOfWork work, ChatRef chat, string ticketKind, DateTimeOffset now)
    {
        await work.ExecuteAsync("UPDATE chat_participants SET left_at = @now WHERE chat_id = @Id AND left_at IS NULL", new { now, chat.Id });
        await work.ExecuteAsync(
            $"UPDATE chat_requests SET state = {Sql.Literal(RequestState.Cancelled)}, resolved_at = @now WHERE chat_id = @Id AND state = {Sql.Literal(RequestState.Pending)}", new { now, chat.Id });
        await work.ExecuteAsync(
            $"""
            INSERT INTO ticket_requests (id, chat_id, kind, state, attempts, next_attempt_at, created_at, updated_at)
            VALUES (@ticketId, @Id, @ticketKind, {Sql.Literal(TicketState.Pending)}, 0, @now, @now, @now)
            ON CONFLICT (chat_id, kind) DO NOTHING
            """,
            new { ticketId = Ids.New("tr"), chat.Id, ticketKind, now });
        work.WroteTicketRequest = true;
    }

    private sealed record QueueSlot
    {
        public required string State { get; init; }
        public DateTimeOffset? QueuedAt { get; init; }
        public required string DepartmentId { get; init; }
    }
}

/// <summary>Which chats a close (end or miss) may still take: the state, and for a timer that its time has come.</summary>
public enum CloseGuard
{
    Open,
    Queued,
    EndingDue,
    ActiveIdle,
    QueuedTooLong,
}

/// <summary>Why a chat ended, as stored in end_reason and shown in events.</summary>
public static class EndReasons
{
    public const string Operator = "operator";
    public const string Inactivity = "inactivity";
    public const string Idle = "idle";
    public const string VisitorLeft = "visitorLeft";
    public const string NotPickedUp = "notPickedUp";
}

/// <summary>What the gateway itself says to the visitor.</summary>
public static class VisitorTexts
{
    public const string Ended = "The chat has ended. Thank you for contacting us.";
    public const string Missed = "Sorry, nobody could answer right now. We have your message and will get back to you.";

    public static string Joined(string name) => $"{name} joined the chat.";
}
