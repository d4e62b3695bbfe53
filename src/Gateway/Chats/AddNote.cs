using System.Security.Claims;
using FluentValidation;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Outbox;

namespace LiveChat.Gateway.Chats;

/// <summary>
/// POST /chats/{id}/notes: a private note to colleagues in the chat's transcript (<c>internal: true</c>). Any operator
/// who may see the chat may write one, in any state (an ended chat's follow-up too); the customer never gets it.
/// </summary>
public static class AddNote
{
    public sealed class Validator : AbstractValidator<NoteRequest>
    {
        public Validator() => RuleFor(r => r.Text).NotEmpty().MaximumLength(ReplyToChat.MaxTextLength);
    }

    public static IEndpointRouteBuilder MapAddNote(this IEndpointRouteBuilder api)
    {
        api.MapPost("/chats/{id}/notes", HandleAsync).Validate<NoteRequest>().WithTags("Chats").WithName("AddNote")
            .WithSummary("A private note to colleagues: in the transcript and the operators' chat.message events, never sent to the customer.");
        return api;
    }

    private static async Task<Results<Created<MessageView>, ProblemHttpResult>> HandleAsync(
        string id, NoteRequest request, ClaimsPrincipal user, Db db, EventLog events, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var (me, chat, refusal) = await ChatCommands.LoadAsync(work, user.OperatorId(), id);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        var pending = new List<NewEvent>();
        var note = await ChatNotes.AddAsync(
            work, chat!, request.Text, time.GetUtcNow(), pending, new OutboundSender(SenderKind.Operator, me!.Id, me.Name));
        await events.AppendAsync(work, pending);
        await events.CommitAsync(work, cancellationToken);
        return TypedResults.Created($"/api/v1/chats/{id}/messages", note.ToView());
    }
}
