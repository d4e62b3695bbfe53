using System.Security.Claims;
using FluentValidation;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Events;

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
        api.MapPut("/chats/{id}/tags", RouteAsync).Validate<TagsRequest>().WithTags("Chats").WithName("TagChat")
            .WithSummary("Replace the chat's tags (at most 20, each up to 50 characters; duplicates are dropped).");
        return api;
    }

    private static Task<Results<Ok<TagsResponse>, ProblemHttpResult>> RouteAsync(
        string id, TagsRequest body, ClaimsPrincipal user, Db db, TimeProvider time, CancellationToken cancellationToken) =>
        HandleAsync(id, Normalize(body.Tags!), CurrentOperator.From(user), db, time, cancellationToken).OkOrProblem();

    /// <summary>The rule: a chat's tags are trimmed, each once, in ordinal order.</summary>
    public static IReadOnlyList<string> Normalize(IEnumerable<string> tags) =>
        [.. tags.Select(t => t.Trim()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Replaces the chat's tags with <paramref name="tags"/> (normalized); any operator who may see the chat may.</summary>
    public static async Task<(TagsResponse? Tags, Refusal? Refusal)> HandleAsync(
        string id, IReadOnlyList<string> tags, CurrentOperator me, Db db, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var (snapshot, chat, refusal) = await ChatAction.LoadAsync(work, me.Id, id);
        if (refusal is not null)
        {
            return (null, refusal);
        }

        await work.ExecuteAsync("DELETE FROM chat_tags WHERE chat_id = @id", new { id });
        await work.ExecuteAsync("INSERT INTO chat_tags (chat_id, tag) VALUES (@id, @tag)", tags.Select(tag => new { id, tag }));
        await ChatHistory.AddAsync(work, id, "tagged", ParticipantKind.Operator, snapshot!.Id, string.Join(", ", tags), now);
        work.Raise(new ChatTags(id, tags, snapshot.ToActor().ToData(), now), EventRoute.Chat(id, chat!.DepartmentId));
        await work.CommitAsync(cancellationToken);
        return (new TagsResponse(id, tags), null);
    }

    public sealed record TagsResponse(string ChatId, IReadOnlyList<string> Tags);
}
