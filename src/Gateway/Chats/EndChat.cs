using System.Security.Claims;
using LiveChat.Gateway.Auth;
using FluentValidation;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Outbox;

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
        api.MapPost("/chats/{id}/end", HandleAsync).Validate<EndRequest>().WithTags("Chats").WithName("EndChat")
            .WithSummary("End the chat now (afterSeconds 0) or after that many seconds without visitor activity; the visitor typing or writing restarts the countdown.");
        return api;
    }

    private static async Task<Results<Ok<ChatView>, ProblemHttpResult>> HandleAsync(
        string id, EndRequest request, ClaimsPrincipal user, Db db, ReplyWindowClock windows, EventLog events, OutboxSignal outbox, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var pending = new List<NewEvent>();
        await using (var work = await db.BeginAsync(cancellationToken))
        {
            var (me, chat, refusal) = await ChatCommands.LoadAsync(work, user.OperatorId(), id);
            if (refusal is not null)
            {
                return refusal.ToProblem();
            }

            if (!ChatState.Open.Contains(chat!.State) || (chat.State == ChatState.Bot && request.AfterSeconds > 0))
            {
                return ProblemDetailsBody.Conflict(ChatCommands.StateRefusal(chat.State));
            }

            if (!me!.SeesAllDepartments && !await ChatCommands.IsParticipantAsync(work, id, me.Id))
            {
                return ProblemDetailsBody.Forbidden("Only the operators in this chat (or a supervisor) can end it.");
            }

            var changed = request.AfterSeconds == 0
                ? await ChatLifecycle.TryEndAsync(work, id, CloseGuard.Open, now, EndReasons.Operator, me.ToActor(), now, pending)
                : await ChatLifecycle.TryStartEndingAsync(work, id, request.AfterSeconds, me.ToActor(), now, pending);
            if (changed is null)
            {
                return ProblemDetailsBody.Conflict("The chat changed while it was being ended; reload it.");
            }

            await ChatCommands.CommitAsync(work, events, outbox, pending, cancellationToken);
        }

        return TypedResults.Ok(await ChatCommands.ViewAsync(db, windows, id, cancellationToken));
    }
}
