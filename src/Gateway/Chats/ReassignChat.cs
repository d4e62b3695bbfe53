using System.Security.Claims;
using FluentValidation;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Summaries;

namespace LiveChat.Gateway.Chats;

/// <summary>POST /chats/{id}/reassign (supervisor/admin): gives a queued, bot or active chat to an online operator at once.</summary>
public static class ReassignChat
{
    public sealed record ReassignRequest(string OperatorId, string? DepartmentId);

    public sealed class ReassignValidator : AbstractValidator<ReassignRequest>
    {
        public ReassignValidator()
        {
            RuleFor(r => r.OperatorId).NotEmpty().MaximumLength(OperatorInput.MaxId);
            RuleFor(r => r.DepartmentId).MaximumLength(OperatorInput.MaxId);
        }
    }

    public static IEndpointRouteBuilder MapReassignChat(this IEndpointRouteBuilder api)
    {
        api.MapPost("/chats/{id}/reassign", RouteAsync).Validate<ReassignRequest>().RequireAuthorization(Policies.Supervisor)
            .WithTags("Chats").WithName("ReassignChat")
            .WithSummary("Supervisors and admins: give the chat to an online operator (optionally of another department); takes effect at once.");
        return api;
    }

    private static Task<Results<Ok<ChatView>, ProblemHttpResult>> RouteAsync(
        string id, ReassignRequest body, ClaimsPrincipal user, Db db, ReplyWindowClock windows, TimeProvider time, CancellationToken cancellationToken) =>
        HandleAsync(id, body, CurrentOperator.From(user), db, time, cancellationToken).ViewOrProblemAsync(db, windows, id, cancellationToken);

    /// <summary>The rules: a chat not yet closed, given to someone who does not hold it already (unless it moves department).</summary>
    public static Refusal? Decide(ChatAction action) => action.Unless(ChatState.Reassignable);

    public static Refusal? DecideTarget(ChatAction action, OperatorSnapshot target, bool movesDepartment) =>
        action.Owner == target.Id && !movesDepartment ? Refusal.Conflict($"{target.Name} has this chat already.") : null;

    public static async Task<Refusal?> HandleAsync(
        string id, ReassignRequest body, CurrentOperator current, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var (action, refusal) = await ChatAction.BeginAsync(work, current, id, Decide);
        if (action is null)
        {
            return refusal;
        }

        if (body.DepartmentId is not null && await work.ScalarAsync<long>("SELECT COUNT(*) FROM departments WHERE id = @DepartmentId", body) == 0)
        {
            return Refusal.Invalid($"There is no department '{body.DepartmentId}'.");
        }

        var target = await OperatorSnapshot.LoadAsync(work, body.OperatorId);
        if ((Check(target, body.OperatorId, body.DepartmentId ?? action.Chat.DepartmentId) ?? DecideTarget(action, target!, body.DepartmentId is not null)) is { } refused)
        {
            return refused;
        }

        var assigned = await ChatLifecycle.TryAssignAsync(work, id, ChatState.Reassignable, target!, body.DepartmentId, "reassigned", action.Me.ToActor(), now);
        if (assigned is null)
        {
            return Refusal.Conflict("The chat changed while it was being reassigned; reload it.");
        }

        await ChatSummaries.EnqueueForAsync(work, id, "reassign", target!.Id, target.Id, now);
        await work.CommitAsync(cancellationToken);
        return null;
    }

    /// <summary>Who may be given a chat of <paramref name="departmentId"/>: an existing, online operator of that department (or a supervisor/admin).</summary>
    public static Refusal? Check(OperatorSnapshot? target, string operatorId, string departmentId)
    {
        if (target is null)
        {
            return Refusal.Invalid($"There is no operator '{operatorId}'.");
        }

        if (!target.IsOnline)
        {
            return Refusal.Conflict($"{target.Name} is offline; only online operators can be given chats.");
        }

        return target.SeesAllDepartments || target.WorksIn(departmentId)
            ? null
            : Refusal.Invalid($"{target.Name} is not a member of department '{departmentId}'.");
    }
}
