using System.Security.Claims;
using LiveChat.Gateway.Auth;
using FluentValidation;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Chats;

/// <summary>POST /chats/{id}/end: end now, or after 30/45/60/90 seconds without visitor activity.</summary>
public static class EndChat
{
    public sealed record EndRequest(int AfterSeconds);

    public sealed class EndValidator : AbstractValidator<EndRequest>
    {
        public EndValidator() =>
            RuleFor(r => r.AfterSeconds).Must(s => s is 0 or 30 or 45 or 60 or 90).WithMessage("'afterSeconds' must be one of 0, 30, 45, 60, 90.");
    }

    public static IEndpointRouteBuilder MapEndChat(this IEndpointRouteBuilder api)
    {
        api.MapPost("/chats/{id}/end", RouteAsync).Validate<EndRequest>().WithTags("Chats").WithName("EndChat")
            .WithSummary("End the chat now (afterSeconds 0) or after that many seconds without visitor activity; the visitor typing or writing restarts the countdown.");
        return api;
    }

    private static Task<Results<Ok<ChatView>, ProblemHttpResult>> RouteAsync(
        string id, EndRequest request, ClaimsPrincipal user, Db db, ReplyWindowClock windows, TimeProvider time, CancellationToken cancellationToken) =>
        HandleAsync(id, request, CurrentOperator.From(user), db, time, cancellationToken).ViewOrProblemAsync(db, windows, id, cancellationToken);

    /// <summary>The rules: an open chat (a bot's only at once), ended by an operator in it or a supervisor.</summary>
    public static Refusal? Decide(ChatAction action, int afterSeconds)
    {
        if (action.Unless(ChatState.Open) is { } refusal)
        {
            return refusal;
        }

        if (action.Chat.State == ChatState.Bot && afterSeconds > 0)
        {
            return Refusal.Conflict(ChatAction.StateRefusal(action.Chat.State));
        }

        return action.MeInChatOrSupervisor ? null : Refusal.Forbidden("Only the operators in this chat (or a supervisor) can end it.");
    }

    public static async Task<Refusal?> HandleAsync(
        string id, EndRequest request, CurrentOperator me, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var (action, refusal) = await ChatAction.BeginAsync(work, me, id, a => Decide(a, request.AfterSeconds));
        if (action is null)
        {
            return refusal;
        }

        var by = action.Me.ToActor();
        var changed = request.AfterSeconds == 0
            ? await ChatLifecycle.TryEndAsync(work, id, CloseGuard.Open, now, EndReasons.Operator, by, now)
            : await ChatLifecycle.TryStartEndingAsync(work, id, request.AfterSeconds, by, now);
        if (changed is null)
        {
            return Refusal.Conflict("The chat changed while it was being ended; reload it.");
        }

        await work.CommitAsync(cancellationToken);
        return null;
    }
}
