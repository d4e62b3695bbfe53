using System.Security.Claims;
using FluentValidation;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Summaries;
using LiveChat.Gateway.Outbox;
using LiveChat.Gateway.Routing;

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
        group.MapPost("/", InviteAsync).Validate<InviteRequest>().WithName("InviteOperator")
            .WithSummary("Ask an online operator to join the chat (202); they join once they accept.");
        group.MapPost("/accept", AcceptAsync).WithName("AcceptInvite").WithSummary("Join a chat you were invited to.");
        group.MapPost("/decline", DeclineAsync).WithName("DeclineInvite").WithSummary("Refuse an invitation.");
        api.MapPost("/chats/{id}/leave", LeaveAsync).WithTags("Chats").WithName("LeaveChat")
            .WithSummary("An invited operator leaves the chat; the owner stays (the owner transfers or ends it instead).");
        return api;
    }

    private static async Task<Results<Accepted<object>, ProblemHttpResult>> InviteAsync(
        string id, InviteRequest body, ClaimsPrincipal user, Db db, EventLog events, OutboxSignal outbox, TimeProvider time, IOptions<RoutingOptions> options, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var (me, chat, refusal) = await ChatCommands.LoadAsync(work, user.OperatorId(), id);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        if (!ChatState.WithOperator.Contains(chat!.State))
        {
            return ProblemDetailsBody.Conflict(ChatCommands.StateRefusal(chat.State));
        }

        if (!me!.SeesAllDepartments && !await ChatCommands.IsParticipantAsync(work, id, me.Id))
        {
            return ProblemDetailsBody.Forbidden("Only the operators in this chat (or a supervisor) can invite others to it.");
        }

        var (target, refused) = await ChatRequests.TargetAsync(work, me, body.OperatorId);
        if (refused is not null)
        {
            return refused.ToProblem();
        }

        if (await ChatCommands.IsParticipantAsync(work, id, target!.Id))
        {
            return ProblemDetailsBody.Conflict($"{target.Name} is in this chat already.");
        }

        var request = await ChatRequests.InsertAsync(work, new ChatRequest
        {
            Id = Ids.New("inv"),
            ChatId = id,
            Kind = RequestKind.Invite,
            FromOperatorId = me.Id,
            ToOperatorId = target.Id,
            Note = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim(),
            State = RequestState.Pending,
            CreatedAt = now,
            ExpiresAt = now + ChatRequests.Timeout(options.Value, RequestKind.Invite),
        });
        if (request is null)
        {
            return ProblemDetailsBody.Conflict($"{target.Name} has been invited already and has not answered yet.");
        }

        await ChatHistory.AddAsync(work, id, "inviteRequested", ParticipantKind.Operator, me.Id, target.Id, now);
        await ChatSummaries.EnqueueForAsync(work, id, RequestKind.Invite, target.Id, target.Id, now);
        var data = new { request = request.ToData(), from = me.ToActor().ToData(), question = chat.Question };
        await ChatCommands.CommitAsync(work, events, outbox, [request.ToTarget(EventType.ChatInviteRequested, data)], cancellationToken);
        return TypedResults.Accepted($"/api/v1/chats/{id}", request.ToData());
    }

    private static async Task<Results<Ok<ChatView>, ProblemHttpResult>> AcceptAsync(
        string id, ClaimsPrincipal user, Db db, ReplyWindowClock windows, EventLog events, OutboxSignal outbox, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var pending = new List<NewEvent>();
        await using (var work = await db.BeginAsync(cancellationToken))
        {
            var me = await OperatorSnapshot.LoadAsync(work, user.OperatorId());
            var request = me is null ? null : await ChatRequests.PendingAsync(work, id, RequestKind.Invite, me.Id);
            if (request is null)
            {
                return ProblemDetailsBody.Conflict("You have no invitation to this chat waiting for an answer.");
            }

            if (!me!.IsOnline)
            {
                return ProblemDetailsBody.Conflict("You are offline. Go online to join chats.");
            }

            var chat = await ChatCommands.LockAsync(work, id);
            if (chat is null || !ChatState.WithOperator.Contains(chat.State) || !await ChatRequests.ResolveAsync(work, request, RequestState.Accepted, me.Id, now))
            {
                return ProblemDetailsBody.Conflict("The invitation is no longer valid (it timed out, or the chat ended).");
            }

            await work.ExecuteAsync(
                $"INSERT INTO chat_participants (chat_id, kind, participant_id, name, role, joined_at) VALUES (@chatId, {Sql.Literal(ParticipantKind.Operator)}, @Id, @Name, {Sql.Literal(ParticipantRole.Invited)}, @now)",
                new { chatId = id, me.Id, me.Name, now });
            await ChatHistory.AddAsync(work, id, "joined", ParticipantKind.Operator, me.Id, $"invited by {request.FromOperatorId}", now);
            pending.Add(new NewEvent(EventType.ChatParticipantJoined, id, chat.DepartmentId, null, new { chatId = id, operatorId = me.Id, operatorName = me.Name, role = ParticipantRole.Invited, at = now }));
            pending.Add(request.ToSender(EventType.ChatInviteAccepted, new { request = request.ToData(), by = me.ToActor().ToData() }));
            await OutboundMessages.AppendSystemTextAsync(work, chat, VisitorTexts.Joined(me.Name), now, pending);
            await ChatCommands.CommitAsync(work, events, outbox, pending, cancellationToken);
        }

        return TypedResults.Ok(await ChatCommands.ViewAsync(db, windows, id, cancellationToken));
    }

    private static async Task<Results<Ok<object>, ProblemHttpResult>> DeclineAsync(
        string id, ClaimsPrincipal user, Db db, EventLog events, OutboxSignal outbox, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var me = user.OperatorId();
        var request = await ChatRequests.PendingAsync(work, id, RequestKind.Invite, me);
        if (request is null || !await ChatRequests.ResolveAsync(work, request, RequestState.Declined, me, now))
        {
            return ProblemDetailsBody.Conflict("You have no invitation to this chat waiting for an answer.");
        }

        await ChatHistory.AddAsync(work, id, "inviteDeclined", ParticipantKind.Operator, me, null, now);
        var declined = request with { State = RequestState.Declined };
        await ChatCommands.CommitAsync(work, events, outbox, [declined.ToSender(EventType.ChatInviteDeclined, new { request = declined.ToData(), by = new { kind = ParticipantKind.Operator, id = me } })], cancellationToken);
        return TypedResults.Ok(declined.ToData());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> LeaveAsync(
        string id, ClaimsPrincipal user, Db db, EventLog events, OutboxSignal outbox, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var pending = new List<NewEvent>();
        await using var work = await db.BeginAsync(cancellationToken);
        var me = await OperatorSnapshot.LoadAsync(work, user.OperatorId());
        var chat = await ChatCommands.LockAsync(work, id);
        if (me is null || chat is null)
        {
            return ProblemDetailsBody.NotFound("chat", id);
        }

        var left = await work.ExecuteAsync(
            $"UPDATE chat_participants SET left_at = @now WHERE chat_id = @chatId AND kind = {Sql.Literal(ParticipantKind.Operator)} AND participant_id = @Id AND role = {Sql.Literal(ParticipantRole.Invited)} AND left_at IS NULL",
            new { now, chatId = id, me.Id });
        if (left == 0 && !me.SeesAllDepartments && !me.WorksIn(chat.DepartmentId) && await ChatCommands.OwnerAsync(work, id) != me.Id)
        {
            return ChatAccess.OtherDepartment();
        }

        if (left == 0)
        {
            return ProblemDetailsBody.Conflict(await ChatCommands.OwnerAsync(work, id) == me.Id
                ? "The owner cannot leave the chat; transfer it or end it."
                : "You are not in this chat.");
        }

        await OnLeftAsync(work, chat, me.Id, me.Name, me.ToActor(), null, now, pending);
        await ChatCommands.CommitAsync(work, events, outbox, pending, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>An invited operator is out of the chat (they left, or were disabled): its operators and the visitor are told.</summary>
    public static async Task OnLeftAsync(
        UnitOfWork work, ChatRef chat, string operatorId, string operatorName, Actor by, string? detail, DateTimeOffset now, List<NewEvent> pending)
    {
        await ChatHistory.AddAsync(work, chat.Id, "left", by.Kind, by.Id, detail, now);
        pending.Add(new NewEvent(EventType.ChatParticipantLeft, chat.Id, chat.DepartmentId, null, new { chatId = chat.Id, operatorId, operatorName, at = now }));
        await OutboundMessages.AppendSystemTextAsync(work, chat, $"{operatorName} left the chat.", now, pending);
    }
}
