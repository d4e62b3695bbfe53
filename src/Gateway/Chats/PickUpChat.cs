using System.Security.Claims;
using LiveChat.Gateway.Auth;

namespace LiveChat.Gateway.Chats;

/// <summary>POST /chats/{id}/pickup: an operator takes a queued chat; the first one wins, the others get 409.</summary>
public static class PickUpChat
{
    public static IEndpointRouteBuilder MapPickUpChat(this IEndpointRouteBuilder api)
    {
        api.MapPost("/chats/{id}/pickup", RouteAsync).WithTags("Chats").WithName("PickUpChat")
            .WithSummary("Take a queued chat. 409 when someone else has it already, you are offline or at your limit of concurrent chats.");
        return api;
    }

    /// <summary>Whether <paramref name="me"/> may take a queued chat of <paramref name="departmentId"/> while holding <paramref name="openChats"/>.</summary>
    public static Refusal? Check(OperatorSnapshot me, string departmentId, long openChats)
    {
        if (!me.SeesAllDepartments && !me.WorksIn(departmentId))
        {
            return Refusal.Forbidden("This chat belongs to a department you are not a member of.");
        }

        if (!me.IsOnline)
        {
            return Refusal.Conflict("You are offline. Go online to pick up chats.");
        }

        return openChats >= me.MaxConcurrentChats
            ? Refusal.Conflict($"You already have {openChats} open chats, your limit is {me.MaxConcurrentChats}. End one first.")
            : null;
    }

    private static Task<Results<Ok<ChatView>, ProblemHttpResult>> RouteAsync(
        string id, ClaimsPrincipal user, Db db, ReplyWindowClock windows, TimeProvider time, CancellationToken cancellationToken) =>
        HandleAsync(id, CurrentOperator.From(user), db, time, cancellationToken).ViewOrProblemAsync(db, windows, id, cancellationToken);

    /// <summary>Takes the queued chat for <paramref name="current"/>; the first of several wins.</summary>
    public static async Task<Refusal?> HandleAsync(string id, CurrentOperator current, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var (me, chat, refusal) = await ChatAction.LoadAsync(work, current.Id, id, lockOperator: true);
        if (refusal is not null)
        {
            return refusal;
        }

        if (chat!.State != ChatState.Queued)
        {
            return Refusal.Conflict(await AlreadyTakenAsync(work, chat));
        }

        if (Check(me!, chat.DepartmentId, await OperatorSnapshot.OpenChatsAsync(work, me!.Id)) is { } refused)
        {
            return refused;
        }

        if (await ChatLifecycle.TryAssignAsync(work, id, ChatState.InQueue, me, null, "pickedUp", me.ToActor(), now) is null)
        {
            return Refusal.Conflict("Someone else picked up this chat first.");
        }

        await work.CommitAsync(cancellationToken);
        return null;
    }

    private static async Task<string> AlreadyTakenAsync(UnitOfWork work, ChatRef chat)
    {
        if (ChatState.WithOperator.Contains(chat.State))
        {
            var owner = await work.ScalarAsync<string>(
                $"SELECT name FROM chat_participants WHERE chat_id = @Id AND kind = {Sql.Literal(ParticipantKind.Operator)} AND role = {Sql.Literal(ParticipantRole.Owner)} AND left_at IS NULL", new { chat.Id });
            return owner is null ? "Someone else picked up this chat first." : $"{owner} picked up this chat first.";
        }

        return ChatAction.StateRefusal(chat.State);
    }
}
