using System.Security.Claims;
using FluentValidation;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Summaries;

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
        group.MapPost("/", RouteRequestAsync).Validate<TransferRequest>().WithName("TransferChat")
            .WithSummary("Offer the chat to an online operator or a department; it stays yours until they accept (202).");
        group.MapPost("/accept", RouteAcceptAsync).WithName("AcceptTransfer").WithSummary("Take over a chat transferred to you or your department.");
        group.MapPost("/decline", RouteDeclineAsync).WithName("DeclineTransfer").WithSummary("Refuse a transfer; the chat stays with the sender.");
        return api;
    }

    private static Task<Results<Accepted<object>, ProblemHttpResult>> RouteRequestAsync(
        string id, TransferRequest body, ClaimsPrincipal user, Db db, TimeProvider time, IOptions<RoutingOptions> options, CancellationToken cancellationToken) =>
        RequestAsync(id, body, CurrentOperator.From(user), db, time, options.Value, cancellationToken).AcceptedOrProblem($"/api/v1/chats/{id}");

    private static Task<Results<Ok<ChatView>, ProblemHttpResult>> RouteAcceptAsync(
        string id, ClaimsPrincipal user, Db db, ReplyWindowClock windows, TimeProvider time, CancellationToken cancellationToken) =>
        AcceptAsync(id, CurrentOperator.From(user), db, time, cancellationToken).ViewOrProblemAsync(db, windows, id, cancellationToken);

    private static Task<Results<Ok<object>, ProblemHttpResult>> RouteDeclineAsync(
        string id, ClaimsPrincipal user, Db db, TimeProvider time, CancellationToken cancellationToken) =>
        DeclineAsync(id, CurrentOperator.From(user), db, time, cancellationToken).OkOrProblem();

    /// <summary>The rules for asking: a chat with an operator, transferred by its owner or a supervisor.</summary>
    public static Refusal? Decide(ChatAction action) =>
        action.Unless(ChatState.WithOperator)
        ?? (action.Me.SeesAllDepartments || action.Owner == action.Me.Id ? null : Refusal.Forbidden("Only the chat's owner (or a supervisor) can transfer it."));

    /// <summary>A named target must work in the department the chat goes to.</summary>
    public static Refusal? DecideTarget(OperatorSnapshot target, string departmentId) =>
        target.SeesAllDepartments || target.WorksIn(departmentId)
            ? null
            : Refusal.Invalid($"{target.Name} is not a member of department '{departmentId}'; name the department to transfer to.");

    /// <summary>The rules for taking over: the target is online and has room for one more chat.</summary>
    public static Refusal? DecideAccept(OperatorSnapshot me, long openChats) =>
        !me.IsOnline ? Refusal.Conflict("You are offline. Go online to take over chats.")
        : openChats >= me.MaxConcurrentChats ? Refusal.Conflict($"You are at your limit of {me.MaxConcurrentChats} open chats. End one first.")
        : null;

    /// <summary>The rules for answering: there is a transfer waiting, and it is addressed to <paramref name="me"/>.</summary>
    public static Refusal? DecideAnswer(OperatorSnapshot? me, ChatRequest? request) =>
        me is null ? Refusal.Forbidden("Your operator account no longer exists.")
        : request is null ? Refusal.Conflict("There is no transfer of this chat waiting for an answer.")
        : request.IsAddressedTo(me) ? null
        : Refusal.Forbidden("This transfer is addressed to someone else.");

    public static async Task<(object? Request, Refusal? Refusal)> RequestAsync(
        string id, TransferRequest body, CurrentOperator current, Db db, TimeProvider time, RoutingOptions options, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var (action, refusal) = await ChatAction.BeginAsync(work, current, id, Decide);
        if (action is null)
        {
            return (null, refusal);
        }

        var (me, chat) = (action.Me, action.Chat);
        if (body.DepartmentId is not null && await work.ScalarAsync<long>("SELECT COUNT(*) FROM departments WHERE id = @DepartmentId", body) == 0)
        {
            return (null, Refusal.Invalid($"There is no department '{body.DepartmentId}'."));
        }

        if (body.OperatorId is not null)
        {
            var (target, refused) = await ChatRequests.TargetAsync(work, me, body.OperatorId);
            if ((refused ?? DecideTarget(target!, body.DepartmentId ?? chat.DepartmentId)) is { } notThem)
            {
                return (null, notThem);
            }
        }
        else if (!await ChatRequests.AnyoneOnlineAsync(work, body.DepartmentId!, me.Id))
        {
            return (null, Refusal.Conflict("Nobody in that department is online."));
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
            ExpiresAt = now + ChatRequests.Timeout(options, RequestKind.Transfer),
        });
        if (request is null)
        {
            return (null, Refusal.Conflict("A transfer of this chat is already waiting for an answer."));
        }

        await ChatHistory.AddAsync(work, id, "transferRequested", ParticipantKind.Operator, me.Id, body.OperatorId ?? body.DepartmentId, now);
        await ChatSummaries.EnqueueForAsync(work, id, RequestKind.Transfer, body.OperatorId ?? me.Id, body.OperatorId, now);
        var requested = new ChatTransferRequested(request.ToData(), me.ToActor().ToData(), chat.Question);
        work.Raise(requested, request.ToTarget());
        work.Raise(requested, request.ToSender());
        await work.CommitAsync(cancellationToken);
        return (request.ToData(), null);
    }

    public static async Task<Refusal?> AcceptAsync(
        string id, CurrentOperator current, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var (me, request) = await LoadForTargetAsync(work, current.Id, id);
        if (DecideAnswer(me, request) is { } refusal)
        {
            return refusal;
        }

        if (DecideAccept(me!, await OperatorSnapshot.OpenChatsAsync(work, me!.Id)) is { } cannot)
        {
            return cannot;
        }

        if (!await ChatRequests.ResolveAsync(work, request!, RequestState.Accepted, me.Id, now))
        {
            return Refusal.Conflict("The transfer is no longer waiting for an answer (it timed out or was cancelled).");
        }

        var assigned = await ChatLifecycle.TryAssignAsync(work, id, ChatState.WithOperator, me, request!.ToDepartmentId, "transferred", me.ToActor(), now);
        if (assigned is null)
        {
            return Refusal.Conflict("The chat has ended in the meantime.");
        }

        work.Raise(new ChatTransferAccepted(request.ToData(), me.ToActor().ToData()), request.ToSender());
        await work.CommitAsync(cancellationToken);
        return null;
    }

    public static async Task<(object? Request, Refusal? Refusal)> DeclineAsync(
        string id, CurrentOperator current, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var (me, request) = await LoadForTargetAsync(work, current.Id, id);
        if (DecideAnswer(me, request) is { } refusal)
        {
            return (null, refusal);
        }

        if (!await ChatRequests.ResolveAsync(work, request!, RequestState.Declined, me!.Id, now))
        {
            return (null, Refusal.Conflict("The transfer is no longer waiting for an answer (it timed out or was cancelled)."));
        }

        await ChatHistory.AddAsync(work, id, "transferDeclined", ParticipantKind.Operator, me.Id, null, now);
        var declined = request! with { State = RequestState.Declined };
        var declinedEvent = new ChatTransferDeclined(declined.ToData(), me.ToActor().ToData());
        work.Raise(declinedEvent, declined.ToSender());
        work.Raise(declinedEvent, declined.ToTarget());
        await work.CommitAsync(cancellationToken);
        return (declined.ToData(), null);
    }

    /// <summary>The target's side: the chat locked first (the order every path takes), then the operator, then the waiting transfer.</summary>
    private static async Task<(OperatorSnapshot? Me, ChatRequest? Request)> LoadForTargetAsync(UnitOfWork work, string operatorId, string chatId)
    {
        await ChatRows.LockAsync(work, chatId);
        var me = await OperatorSnapshot.LoadAsync(work, operatorId, forUpdate: true);
        return (me, me is null ? null : await ChatRequests.PendingAsync(work, chatId, RequestKind.Transfer));
    }
}
