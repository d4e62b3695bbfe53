using System.Security.Claims;
using FluentValidation;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Summaries;
using LiveChat.Gateway.Outbox;
using LiveChat.Gateway.Routing;

namespace LiveChat.Gateway.Chats;

/// <summary>
/// POST /chats/{id}/transfer → 202, then .../transfer/accept or .../transfer/decline by the target. The chat
/// stays with the sender until the target accepts; a decline or a timeout leaves it there.
/// </summary>
public static class TransferChat
{
    public sealed record TransferRequest(string? OperatorId, string? DepartmentId, string? Note);

    public sealed class TransferValidator : AbstractValidator<TransferRequest>
    {
        public TransferValidator()
        {
            RuleFor(r => r.OperatorId).NotEmpty().When(r => r.DepartmentId is null).WithMessage("Name an 'operatorId' or a 'departmentId' to transfer to.");
            RuleFor(r => r.Note).MaximumLength(1000);
            RuleFor(r => r.OperatorId).MaximumLength(OperatorInput.MaxId);
            RuleFor(r => r.DepartmentId).MaximumLength(OperatorInput.MaxId);
        }
    }

    public static IEndpointRouteBuilder MapTransferChat(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/chats/{id}/transfer").WithTags("Chats");
        group.MapPost("/", RequestAsync).Validate<TransferRequest>().WithName("TransferChat")
            .WithSummary("Offer the chat to an online operator or a department; it stays yours until they accept (202).");
        group.MapPost("/accept", AcceptAsync).WithName("AcceptTransfer").WithSummary("Take over a chat transferred to you or your department.");
        group.MapPost("/decline", DeclineAsync).WithName("DeclineTransfer").WithSummary("Refuse a transfer; the chat stays with the sender.");
        return api;
    }

    private static async Task<Results<Accepted<object>, ProblemHttpResult>> RequestAsync(
        string id, TransferRequest body, ClaimsPrincipal user, Db db, EventLog events, OutboxSignal outbox, TimeProvider time, IOptions<RoutingOptions> options, CancellationToken cancellationToken)
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

        if (!me!.SeesAllDepartments && await ChatCommands.OwnerAsync(work, id) != me.Id)
        {
            return ProblemDetailsBody.Forbidden("Only the chat's owner (or a supervisor) can transfer it.");
        }

        if (body.DepartmentId is not null && await work.ScalarAsync<long>("SELECT COUNT(*) FROM departments WHERE id = @DepartmentId", body) == 0)
        {
            return new Refusal(422, $"There is no department '{body.DepartmentId}'.").ToProblem();
        }

        if (body.OperatorId is not null)
        {
            var (target, refused) = await ChatRequests.TargetAsync(work, me, body.OperatorId);
            if (refused is not null)
            {
                return refused.ToProblem();
            }

            var department = body.DepartmentId ?? chat.DepartmentId;
            if (!target!.SeesAllDepartments && !target.WorksIn(department))
            {
                return new Refusal(422, $"{target.Name} is not a member of department '{department}'; name the department to transfer to.").ToProblem();
            }
        }
        else if (!await ChatRequests.AnyoneOnlineAsync(work, body.DepartmentId!, me.Id))
        {
            return ProblemDetailsBody.Conflict("Nobody in that department is online.");
        }

        var request = await ChatRequests.InsertAsync(work, new ChatRequest
        {
            Id = Ids.New("xfer"),
            ChatId = id,
            Kind = RequestKind.Transfer,
            FromOperatorId = me.Id,
            ToOperatorId = body.OperatorId,
            ToDepartmentId = body.DepartmentId,
            Note = string.IsNullOrWhiteSpace(body.Note) ? null : body.Note.Trim(),
            State = RequestState.Pending,
            CreatedAt = now,
            ExpiresAt = now + ChatRequests.Timeout(options.Value, RequestKind.Transfer),
        });
        if (request is null)
        {
            return ProblemDetailsBody.Conflict("A transfer of this chat is already waiting for an answer.");
        }

        await ChatHistory.AddAsync(work, id, "transferRequested", ParticipantKind.Operator, me.Id, body.OperatorId ?? body.DepartmentId, now);
        await ChatSummaries.EnqueueForAsync(work, id, RequestKind.Transfer, body.OperatorId ?? me.Id, body.OperatorId, now);
        var data = new { request = request.ToData(), from = me.ToActor().ToData(), question = chat.Question };
        await ChatCommands.CommitAsync(work, events, outbox, [request.ToTarget(EventType.ChatTransferRequested, data), request.ToSender(EventType.ChatTransferRequested, data)], cancellationToken);
        return TypedResults.Accepted($"/api/v1/chats/{id}", request.ToData());
    }

    private static async Task<Results<Ok<ChatView>, ProblemHttpResult>> AcceptAsync(
        string id, ClaimsPrincipal user, Db db, ReplyWindowClock windows, EventLog events, OutboxSignal outbox, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var pending = new List<NewEvent>();
        await using (var work = await db.BeginAsync(cancellationToken))
        {
            var (me, request, refusal) = await LoadForTargetAsync(work, user.OperatorId(), id);
            if (refusal is not null)
            {
                return refusal.ToProblem();
            }

            if (!me!.IsOnline)
            {
                return ProblemDetailsBody.Conflict("You are offline. Go online to take over chats.");
            }

            if (await OperatorSnapshot.OpenChatsAsync(work, me.Id) >= me.MaxConcurrentChats)
            {
                return ProblemDetailsBody.Conflict($"You are at your limit of {me.MaxConcurrentChats} open chats. End one first.");
            }

            if (!await ChatRequests.ResolveAsync(work, request!, RequestState.Accepted, me.Id, now))
            {
                return ProblemDetailsBody.Conflict("The transfer is no longer waiting for an answer (it timed out or was cancelled).");
            }

            var assigned = await ChatLifecycle.TryAssignAsync(work, id, ChatState.WithOperator, me, request!.ToDepartmentId, "transferred", me.ToActor(), now, pending);
            if (assigned is null)
            {
                return ProblemDetailsBody.Conflict("The chat has ended in the meantime.");
            }

            pending.Add(request.ToSender(EventType.ChatTransferAccepted, new { request = request.ToData(), by = me.ToActor().ToData() }));
            await ChatCommands.CommitAsync(work, events, outbox, pending, cancellationToken);
        }

        return TypedResults.Ok(await ChatCommands.ViewAsync(db, windows, id, cancellationToken));
    }

    private static async Task<Results<Ok<object>, ProblemHttpResult>> DeclineAsync(
        string id, ClaimsPrincipal user, Db db, EventLog events, OutboxSignal outbox, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var (me, request, refusal) = await LoadForTargetAsync(work, user.OperatorId(), id);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        if (!await ChatRequests.ResolveAsync(work, request!, RequestState.Declined, me!.Id, now))
        {
            return ProblemDetailsBody.Conflict("The transfer is no longer waiting for an answer (it timed out or was cancelled).");
        }

        await ChatHistory.AddAsync(work, id, "transferDeclined", ParticipantKind.Operator, me.Id, null, now);
        var declined = request! with { State = RequestState.Declined };
        var data = new { request = declined.ToData(), by = me.ToActor().ToData() };
        await ChatCommands.CommitAsync(work, events, outbox, [declined.ToSender(EventType.ChatTransferDeclined, data), declined.ToTarget(EventType.ChatTransferDeclined, data)], cancellationToken);
        return TypedResults.Ok(declined.ToData());
    }

    private static async Task<(OperatorSnapshot? Me, ChatRequest? Request, Refusal? Refusal)> LoadForTargetAsync(UnitOfWork work, string operatorId, string chatId)
    {
        await ChatCommands.LockAsync(work, chatId);
        var me = await OperatorSnapshot.LoadAsync(work, operatorId, forUpdate: true);
        if (me is null)
        {
            return (null, null, new Refusal(403, "Your operator account no longer exists."));
        }

        var request = await ChatRequests.PendingAsync(work, chatId, RequestKind.Transfer);
        if (request is null)
        {
            return (me, null, new Refusal(409, "There is no transfer of this chat waiting for an answer."));
        }

        return request.IsAddressedTo(me) ? (me, request, null) : (me, null, new Refusal(403, "This transfer is addressed to someone else."));
    }
}
