using System.Security.Claims;
using FluentValidation;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Summaries;
using LiveChat.Gateway.Outbox;

namespace LiveChat.Gateway.Chats;

/// <summary>POST /chats/{id}/invite → 202; the invited operator accepts (joins, both can write) or declines.</summary>
public static class InviteOperator
{
    public sealed record InviteRequest(string OperatorId, string? Note);

    public sealed class InviteValidator : AbstractValidator<InviteRequest>
    {
        public InviteValidator()
        {
            RuleFor(r => r.OperatorId).NotEmpty().MaximumLength(OperatorInput.MaxId);
            RuleFor(r => r.Note).MaximumLength(1000);
        }
    }

    public static IEndpointRouteBuilder MapInviteOperator(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/chats/{id}/invite").WithTags("Chats");
        group.MapPost("/", RouteInviteAsync).Validate<InviteRequest>().WithName("InviteOperator")
            .WithSummary("Ask an online operator to join the chat (202); they join once they accept.");
        group.MapPost("/accept", RouteAcceptAsync).WithName("AcceptInvite").WithSummary("Join a chat you were invited to.");
        group.MapPost("/decline", RouteDeclineAsync).WithName("DeclineInvite").WithSummary("Refuse an invitation.");
        api.MapPost("/chats/{id}/leave", RouteLeaveAsync).WithTags("Chats").WithName("LeaveChat")
            .WithSummary("An invited operator leaves the chat; the owner stays (the owner transfers or ends it instead).");
        return api;
    }

    private static Task<Results<Accepted<object>, ProblemHttpResult>> RouteInviteAsync(
        string id, InviteRequest body, ClaimsPrincipal user, Db db, TimeProvider time, IOptions<RoutingOptions> options, CancellationToken cancellationToken) =>
        InviteAsync(id, body, CurrentOperator.From(user), db, time, options.Value, cancellationToken).AcceptedOrProblem($"/api/v1/chats/{id}");

    private static Task<Results<Ok<ChatView>, ProblemHttpResult>> RouteAcceptAsync(
        string id, ClaimsPrincipal user, Db db, ReplyWindowClock windows, TimeProvider time, CancellationToken cancellationToken) =>
        AcceptAsync(id, CurrentOperator.From(user), db, time, cancellationToken).ViewOrProblemAsync(db, windows, id, cancellationToken);

    private static Task<Results<Ok<object>, ProblemHttpResult>> RouteDeclineAsync(
        string id, ClaimsPrincipal user, Db db, TimeProvider time, CancellationToken cancellationToken) =>
        DeclineAsync(id, CurrentOperator.From(user), db, time, cancellationToken).OkOrProblem();

    private static Task<Results<NoContent, ProblemHttpResult>> RouteLeaveAsync(
        string id, ClaimsPrincipal user, Db db, TimeProvider time, CancellationToken cancellationToken) =>
        LeaveAsync(id, CurrentOperator.From(user), db, time, cancellationToken).NoContentOrProblem();

    /// <summary>The rules for inviting: a chat with an operator, by an operator in it or a supervisor.</summary>
    public static Refusal? Decide(ChatAction action) =>
        action.Unless(ChatState.WithOperator)
        ?? (action.MeInChatOrSupervisor ? null : Refusal.Forbidden("Only the operators in this chat (or a supervisor) can invite others to it."));

    /// <summary>Someone already in the chat cannot be invited to it.</summary>
    public static Refusal? DecideTarget(ChatAction action, OperatorSnapshot target) =>
        action.IsIn(target.Id) ? Refusal.Conflict($"{target.Name} is in this chat already.") : null;

    /// <summary>The rules for leaving: only an invited operator leaves; the owner transfers or ends the chat instead.</summary>
    public static Refusal? DecideLeave(OperatorSnapshot me, ChatRef chat, bool left, string? owner) =>
        left ? null
        : !me.SeesAllDepartments && !me.WorksIn(chat.DepartmentId) && owner != me.Id ? Refusal.Forbidden(ChatAccess.OtherDepartmentDetail)
        : Refusal.Conflict(owner == me.Id ? "The owner cannot leave the chat; transfer it or end it." : "You are not in this chat.");

    public static async Task<(object? Request, Refusal? Refusal)> InviteAsync(
        string id, InviteRequest body, CurrentOperator current, Db db, TimeProvider time, RoutingOptions options, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var (action, refusal) = await ChatAction.BeginAsync(work, current, id, Decide);
        if (action is null)
        {
            return (null, refusal);
        }

        var me = action.Me;
        var (target, refused) = await ChatRequests.TargetAsync(work, me, body.OperatorId);
        if ((refused ?? DecideTarget(action, target!)) is { } notThem)
        {
            return (null, notThem);
        }

        var request = await ChatRequests.InsertAsync(work, new ChatRequest
        {
            Id = Ids.New("inv"),
            ChatId = id,
            Kind = RequestKind.Invite,
            FromOperatorId = me.Id,
            ToOperatorId = target!.Id,
            Note = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim(),
            State = RequestState.Pending,
            CreatedAt = now,
            ExpiresAt = now + ChatRequests.Timeout(options, RequestKind.Invite),
        });
        if (request is null)
        {
            return (null, Refusal.Conflict($"{target.Name} has been invited already and has not answered yet."));
        }

        await ChatHistory.AddAsync(work, id, "inviteRequested", ParticipantKind.Operator, me.Id, target.Id, now);
        await ChatSummaries.EnqueueForAsync(work, id, RequestKind.Invite, target.Id, target.Id, now);
        work.Raise(new ChatInviteRequested(request.ToData(), me.ToActor().ToData(), action.Chat.Question), request.ToTarget());
        await work.CommitAsync(cancellationToken);
        return (request.ToData(), null);
    }

    public static async Task<Refusal?> AcceptAsync(
        string id, CurrentOperator current, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var me = await OperatorSnapshot.LoadAsync(work, current.Id);
        var request = me is null ? null : await ChatRequests.PendingAsync(work, id, RequestKind.Invite, me.Id);
        if (request is null)
        {
            return Refusal.Conflict("You have no invitation to this chat waiting for an answer.");
        }

        if (!me!.IsOnline)
        {
            return Refusal.Conflict("You are offline. Go online to join chats.");
        }

        var chat = await ChatRows.LockAsync(work, id);
        if (chat is null || !ChatState.WithOperator.Contains(chat.State) || !await ChatRequests.ResolveAsync(work, request, RequestState.Accepted, me.Id, now))
        {
            return Refusal.Conflict("The invitation is no longer valid (it timed out, or the chat ended).");
        }

        await work.ExecuteAsync(
            $"INSERT INTO chat_participants (chat_id, kind, participant_id, name, role, joined_at) VALUES (@chatId, {Sql.Literal(ParticipantKind.Operator)}, @Id, @Name, {Sql.Literal(ParticipantRole.Invited)}, @now)",
            new { chatId = id, me.Id, me.Name, now });
        await ChatHistory.AddAsync(work, id, "joined", ParticipantKind.Operator, me.Id, $"invited by {request.FromOperatorId}", now);
        work.Raise(new ChatParticipantJoined(id, me.Id, me.Name, ParticipantRole.Invited, now), EventRoute.Chat(id, chat.DepartmentId));
        work.Raise(new ChatInviteAccepted(request.ToData(), me.ToActor().ToData()), request.ToSender());
        await OutboundMessages.AppendSystemTextAsync(work, chat, VisitorTexts.Joined(me.Name), now);
        await work.CommitAsync(cancellationToken);
        return null;
    }

    public static async Task<(object? Request, Refusal? Refusal)> DeclineAsync(
        string id, CurrentOperator current, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var me = current.Id;
        var request = await ChatRequests.PendingAsync(work, id, RequestKind.Invite, me);
        if (request is null || !await ChatRequests.ResolveAsync(work, request, RequestState.Declined, me, now))
        {
            return (null, Refusal.Conflict("You have no invitation to this chat waiting for an answer."));
        }

        await ChatHistory.AddAsync(work, id, "inviteDeclined", ParticipantKind.Operator, me, null, now);
        var declined = request with { State = RequestState.Declined };
        work.Raise(new ChatInviteDeclined(declined.ToData(), new EventActor(ParticipantKind.Operator, me)), declined.ToSender());
        await work.CommitAsync(cancellationToken);
        return (declined.ToData(), null);
    }

    public static async Task<Refusal?> LeaveAsync(
        string id, CurrentOperator current, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var me = await OperatorSnapshot.LoadAsync(work, current.Id);
        var chat = await ChatRows.LockAsync(work, id);
        if (me is null || chat is null)
        {
            return Refusal.NotFound("chat", id);
        }

        var left = await work.ExecuteAsync(
            $"UPDATE chat_participants SET left_at = @now WHERE chat_id = @chatId AND kind = {Sql.Literal(ParticipantKind.Operator)} AND participant_id = @Id AND role = {Sql.Literal(ParticipantRole.Invited)} AND left_at IS NULL",
            new { now, chatId = id, me.Id });
        if (DecideLeave(me, chat, left > 0, left > 0 ? null : await ChatRows.OwnerAsync(work, id)) is { } refusal)
        {
            return refusal;
        }

        await OnLeftAsync(work, chat, me.Id, me.Name, me.ToActor(), null, now);
        await work.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>An invited operator is out of the chat (they left, or were disabled): its operators and the visitor are told.</summary>
    public static async Task OnLeftAsync(
        UnitOfWork work, ChatRef chat, string operatorId, string operatorName, Actor by, string? detail, DateTimeOffset now)
    {
        await ChatHistory.AddAsync(work, chat.Id, "left", by.Kind, by.Id, detail, now);
        work.Raise(new ChatParticipantLeft(chat.Id, operatorId, operatorName, now), EventRoute.Chat(chat.Id, chat.DepartmentId));
        await OutboundMessages.AppendSystemTextAsync(work, chat, $"{operatorName} left the chat.", now);
    }
}
