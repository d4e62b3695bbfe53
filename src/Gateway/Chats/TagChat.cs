using System.Security.Claims;
using FluentValidation;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Outbox;

namespace LiveChat.Gateway.Chats;

/// <summary>PUT /chats/{id}/tags: replaces the chat's labels (VIP, Billing, ...); lists filter by them with ?tag=.</summary>
public static class TagChat
{
    public sealed record TagsRequest(IReadOnlyList<string>? Tags);

    public sealed class TagsValidator : AbstractValidator<TagsRequest>
    {
        public TagsValidator()
        {
            RuleFor(r => r.Tags).NotNull().Must(t => t is null || t.Count <= 20).WithMessage("A chat may carry at most 20 tags.");
            RuleForEach(r => r.Tags).Must(t => !string.IsNullOrWhiteSpace(t) && t.Trim().Length <= 50)
                .WithMessage("Each tag must be 1 to 50 characters long.");
        }
    }

    public static IEndpointRouteBuilder MapTagChat(this IEndpointRouteBuilder api)
    {
        api.MapPut("/chats/{id}/tags", HandleAsync).Validate<TagsRequest>().WithTags("Chats").WithName("TagChat")
            .WithSummary("Replace the chat's tags (at most 20, each up to 50 characters; duplicates are dropped).");
        return api;
    }

    private static async Task<Results<Ok<TagsResponse>, ProblemHttpResult>> HandleAsync(
        string id, TagsRequest body, ClaimsPrincipal user, Db db, EventLog events, OutboxSignal outbox, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var tags = body.Tags!.Select(t => t.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        await using var work = await db.BeginAsync(cancellationToken);
        var (me, chat, refusal) = await ChatCommands.LoadAsync(work, user.OperatorId(), id);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        await work.ExecuteAsync("DELETE FROM chat_tags WHERE chat_id = @id", new { id });
        await work.ExecuteAsync("INSERT INTO chat_tags (chat_id, tag) VALUES (@id, @tag)", tags.Select(tag => new { id, tag }));
        await ChatHistory.AddAsync(work, id, "tagged", ParticipantKind.Operator, me!.Id, string.Join(", ", tags), now);
        await ChatCommands.CommitAsync(work, events, outbox, [new NewEvent(EventType.ChatTags, id, chat!.DepartmentId, null, new { chatId = id, tags, by = me.ToActor().ToData(), at = now })], cancellationToken);
        return TypedResults.Ok(new TagsResponse(id, tags));
    }

    public sealed record TagsResponse(string ChatId, IReadOnlyList<string> Tags);
}
