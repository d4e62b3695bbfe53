using System.Security.Claims;
using FluentValidation;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Operators;

/// <summary>
/// PUT /operators/me/status: the signed-in operator goes online or offline (and turns the ringer on or off). Only online
/// operators are offered, rung, reassigned, transferred or invited chats; everyone watching the operators sees it at once.
/// </summary>
public static class SetMyStatus
{
    public sealed class StatusValidator : AbstractValidator<StatusRequest>
    {
        public StatusValidator() =>
            RuleFor(r => r.Status).Must(s => s is OperatorState.Online or OperatorState.Offline).WithMessage("'status' must be online or offline.");
    }

    public static IEndpointRouteBuilder MapSetMyStatus(this IEndpointRouteBuilder api)
    {
        api.MapPut("/operators/me/status", RouteAsync).Validate<StatusRequest>().WithTags("Operators").WithName("SetMyStatus")
            .WithSummary("Go online or offline; only online operators are offered, reassigned or transferred chats.");
        return api;
    }

    private static Task<Results<Ok<OperatorView>, ProblemHttpResult>> RouteAsync(
        StatusRequest request, ClaimsPrincipal user, Db db, TimeProvider time, CancellationToken cancellationToken) =>
        HandleAsync(request, CurrentOperator.From(user), db, time, cancellationToken).OkOrProblem();

    public static async Task<(OperatorView? Operator, Refusal? Refusal)> HandleAsync(
        StatusRequest request, CurrentOperator me, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var updated = await work.ExecuteAsync(
            "UPDATE operators SET status = @Status, ringer = COALESCE(@Ringer, ringer), status_changed_at = @now, updated_at = @now WHERE id = @operatorId",
            new { request.Status, request.Ringer, now, operatorId = me.Id });
        if (updated == 0)
        {
            return (null, Refusal.NotFound("operator", me.Id));
        }

        var account = (await OperatorAccount.FindAsync(work.Connection, "id", me.Id, work.CancellationToken, work.Transaction))!;
        RaiseStatus(work, account, now);
        await work.CommitAsync(cancellationToken);
        return (account.ToView(), null);
    }

    /// <summary>Tells everyone watching the operators (the monitor, the transfer and invite pickers) the operator's status now.</summary>
    public static void RaiseStatus(UnitOfWork work, OperatorAccount account, DateTimeOffset at) =>
        work.Raise(new OperatorStatus(account.Id, account.Name, account.Status, account.Ringer, at), EventRoute.Everyone);
}
