using System.Security.Claims;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Chats;

/// <summary>
/// Who has a chat open, and who is typing in it: heartbeats stored with the time they lapse (every node sees them), and a
/// <c>chat.presence</c> event with the live viewers whenever someone starts or stops viewing or typing.
/// </summary>
public static class ChatPresence
{
    public const string EventType = Events.EventType.ChatPresence;

    /// <summary>How long one heartbeat keeps an operator in the chat's viewers; the console repeats it well within this.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    public static IEndpointRouteBuilder MapChatPresence(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/chats/{id}/presence").WithTags("Chats");
        group.MapPost("/", RouteBeatAsync).WithName("BeatChatPresence")
            .WithSummary("I have this chat open (and am typing or not), for the next 30 seconds; raises chat.presence when that changes.");
        group.MapDelete("/", RouteLeaveAsync).WithName("EndChatPresence").WithSummary("I closed this chat; raises chat.presence.");
        group.MapGet("/", GetAsync).WithName("GetChatPresence").WithSummary("The operators who have this chat open now, and whether they are typing.");
        return api;
    }

    /// <summary>The live viewers of a chat (their heartbeat has not lapsed).</summary>
    public static async Task<PresenceView> ViewAsync(
        DbConnection connection, DbTransaction? transaction, string chatId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var viewers = await connection.QueryAsync<Viewer>(new CommandDefinition(
            """
            SELECT p.operator_id, o.name, p.typing, p.until FROM chat_presence p JOIN operators o ON o.id = p.operator_id
            WHERE p.chat_id = @chatId AND p.until > @now ORDER BY o.name, p.operator_id
            """,
            new { chatId, now },
            transaction,
            cancellationToken: cancellationToken));
        return new PresenceView(chatId, [.. viewers.Select(v => new ViewerView(v.OperatorId, v.Name, v.Typing, v.Until))]);
    }

    /// <summary>Raises the <c>chat.presence</c> event for a chat's operators, with its live viewers.</summary>
    public static async Task RaiseAsync(UnitOfWork work, string chatId, string departmentId, DateTimeOffset now) =>
        work.Raise(new ChatPresenceChanged(await ViewAsync(work.Connection, work.Transaction, chatId, now, work.CancellationToken)), EventRoute.Chat(chatId, departmentId));

    private static Task<Results<NoContent, ProblemHttpResult>> RouteBeatAsync(
        string id, PresenceRequest request, ClaimsPrincipal user, Db db, TimeProvider time, CancellationToken cancellationToken) =>
        BeatAsync(id, request.Typing, CurrentOperator.From(user), db, time, cancellationToken).NoContentOrProblem();

    private static Task<Results<NoContent, ProblemHttpResult>> RouteLeaveAsync(
        string id, ClaimsPrincipal user, Db db, TimeProvider time, CancellationToken cancellationToken) =>
        LeaveAsync(id, CurrentOperator.From(user), db, time, cancellationToken).NoContentOrProblem();

    /// <summary>The rule: the chat's operators hear of a heartbeat only when it starts a view (none, or a lapsed one) or changes typing.</summary>
    public static bool Changes(bool wasLive, bool wasTyping, bool typing) => !wasLive || wasTyping != typing;

    /// <summary>I have the chat open (typing or not) for the next <see cref="Lifetime"/>.</summary>
    public static async Task<Refusal?> BeatAsync(string id, bool typing, CurrentOperator current, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var me = current.Id;
        await using var work = await db.BeginAsync(cancellationToken);
        var (_, chat, refusal) = await ChatAction.LoadAsync(work, me, id);
        if (refusal is not null)
        {
            return refusal;
        }

        var before = await work.SingleOrDefaultAsync<Viewer>(
            "SELECT operator_id, '' AS name, typing, until FROM chat_presence WHERE chat_id = @id AND operator_id = @me", new { id, me });
        await work.ExecuteAsync(
            """
            INSERT INTO chat_presence (chat_id, operator_id, typing, until) VALUES (@id, @me, @Typing, @until)
            ON CONFLICT (chat_id, operator_id) DO UPDATE SET typing = excluded.typing, until = excluded.until
            """,
            new { id, me, Typing = typing, until = now + Lifetime });
        if (Changes(before is not null && before.Until > now, before?.Typing ?? false, typing))
        {
            await RaiseAsync(work, id, chat!.DepartmentId, now);
        }

        await work.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>I closed the chat; its operators hear of it when my view was live.</summary>
    public static async Task<Refusal?> LeaveAsync(string id, CurrentOperator current, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var (_, chat, refusal) = await ChatAction.LoadAsync(work, current.Id, id);
        if (refusal is not null)
        {
            return refusal;
        }

        var wasLive = await work.ExecuteAsync(
            "DELETE FROM chat_presence WHERE chat_id = @id AND operator_id = @me AND until > @now", new { id, me = current.Id, now });
        if (wasLive > 0)
        {
            await RaiseAsync(work, id, chat!.DepartmentId, now);
        }

        await work.CommitAsync(cancellationToken);
        return null;
    }

    private static async Task<Results<Ok<PresenceView>, ProblemHttpResult>> GetAsync(
        string id, ClaimsPrincipal user, Db db, ReplyWindowClock windows, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var (chat, problem) = await ReadChats.FindVisibleAsync(connection, id, user, windows, cancellationToken);
        return chat is null ? problem! : TypedResults.Ok(await ViewAsync(connection, null, id, time.GetUtcNow(), cancellationToken));
    }

    private sealed record Viewer
    {
        public required string OperatorId { get; init; }
        public required string Name { get; init; }
        public bool Typing { get; init; }
        public DateTimeOffset Until { get; init; }
    }
}
