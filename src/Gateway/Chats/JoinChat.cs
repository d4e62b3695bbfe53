using System.Security.Claims;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Outbox;

namespace LiveChat.Gateway.Chats;

/// <summary>
/// POST /chats/{id}/join: a supervisor or admin joins a chat an operator is answering, beside them and without an
/// invitation (to help, coach or take over the conversation's tone), as an invited operator would after accepting:
/// both can write, the visitor is told, and the supervisor leaves with /leave while the owner stays.
/// </summary>
public static class JoinChat
{
    public static IEndpointRouteBuilder MapJoinChat(this IEndpointRouteBuilder api)
    {
        api.MapPost("/chats/{id}/join", RouteAsync).WithTags("Chats").WithName("JoinChat")
            .WithSummary("A supervisor or admin joins a chat with an operator, beside its owner (both can write); they leave with /leave.");
        return api;
    }

    private static Task<Results<Ok<ChatView>, ProblemHttpResult>> RouteAsync(
        string id, ClaimsPrincipal user, Db db, ReplyWindowClock windows, TimeProvider time, CancellationToken cancellationToken) =>
        JoinAsync(id, CurrentOperator.From(user), db, time, cancellationToken).ViewOrProblemAsync(db, windows, id, cancellationToken);

    /// <summary>The rules for joining uninvited: a supervisor or admin, online, not in it yet, and an operator has the chat.</summary>
    public static Refusal? Decide(ChatAction action) =>
        !action.Me.SeesAllDepartments ? Refusal.Forbidden("Only supervisors and admins join chats uninvited; ask an operator in the chat to invite you.")
        : action.Unless(ChatState.WithOperator)
        ?? (action.IsIn(action.Me.Id) ? Refusal.Conflict("You are in this chat already.")
            : !action.Me.IsOnline ? Refusal.Conflict("You are offline. Go online to join chats.")
            : null);

    public static async Task<Refusal?> JoinAsync(
        string id, CurrentOperator current, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var (action, refusal) = await ChatAction.BeginAsync(work, current, id, Decide);
        if (action is null)
        {
            return refusal;
        }

        var (me, chat) = (action.Me, action.Chat);
        await work.ExecuteAsync(
            $"INSERT INTO chat_participants (chat_id, kind, participant_id, name, role, joined_at) VALUES (@chatId, {Sql.Literal(ParticipantKind.Operator)}, @Id, @Name, {Sql.Literal(ParticipantRole.Invited)}, @now)",
            new { chatId = id, me.Id, me.Name, now });
        await ChatHistory.AddAsync(work, id, "joined", ParticipantKind.Operator, me.Id, "joined uninvited as " + me.Role, now);
        work.Raise(new ChatParticipantJoined(id, me.Id, me.Name, ParticipantRole.Invited, now), EventRoute.Chat(id, chat.DepartmentId));
        await OutboundMessages.AppendSystemTextAsync(work, chat, VisitorTexts.Joined(me.Name), now);
        await work.CommitAsync(cancellationToken);
        return null;
    }
}
