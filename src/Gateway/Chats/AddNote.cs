using System.Security.Claims;
using FluentValidation;
using LiveChat.Gateway.Auth;
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
        api.MapPost("/chats/{id}/notes", RouteAsync).Validate<NoteRequest>().WithTags("Chats").WithName("AddNote")
            .WithSummary("A private note to colleagues: in the transcript and the operators' chat.message events, never sent to the customer.");
        return api;
    }

    private static Task<Results<Created<MessageView>, ProblemHttpResult>> RouteAsync(
        string id, NoteRequest request, ClaimsPrincipal user, Db db, TimeProvider time, CancellationToken cancellationToken) =>
        HandleAsync(id, request.Text, CurrentOperator.From(user), db, time, cancellationToken).CreatedOrProblem($"/api/v1/chats/{id}/messages");

    public static async Task<(MessageView? Note, Refusal? Refusal)> HandleAsync(
        string id, string text, CurrentOperator me, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var work = await db.BeginAsync(cancellationToken);
        var (snapshot, chat, refusal) = await ChatAction.LoadAsync(work, me.Id, id);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        var note = await ChatNotes.AddAsync(
            work, chat!, text, time.GetUtcNow(), new OutboundSender(SenderKind.Operator, snapshot!.Id, snapshot.Name));
        await work.CommitAsync(cancellationToken);
        return (note.ToView(), null);
    }
}
