using System.Security.Claims;
using FluentValidation;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Chats;
using LiveChat.Summaries;

namespace LiveChat.Gateway.Summaries;

/// <summary>POST /api/v1/chats/{id}/summary: a summary now, in the operator's language unless another is asked for.</summary>
public static class SummarizeChat
{
    public sealed record Request(string? Language);

    public sealed record Response(string Text, string Provider, string Language, DateTimeOffset GeneratedAt, string? FallbackReason);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator() => RuleFor(r => r.Language).MaximumLength(35).Matches("^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
            .When(r => r.Language is not null).WithMessage("'language' must be a language tag such as en or de-CH.");
    }

    public static IEndpointRouteBuilder MapSummarizeChat(this IEndpointRouteBuilder api)
    {
        api.MapPost("/chats/{id}/summary", HandleAsync).Validate<Request>().WithTags("Chats").WithName("SummarizeChat")
            .WithSummary("Summarise the chat now (in your language, or the one asked for) and keep the result on the chat.");
        return api;
    }

    private static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(
        string id, Request request, ClaimsPrincipal user, Db db, ReplyWindowClock windows, ChatSummaries summaries, CancellationToken cancellationToken)
    {
        string language;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            var (chat, problem) = await ReadChats.FindVisibleAsync(connection, id, user, windows, cancellationToken);
            if (chat is null)
            {
                return problem!;
            }

            language = request.Language ?? await connection.ExecuteScalarAsync<string>(new CommandDefinition(
                "SELECT language FROM operators WHERE id = @me", new { me = user.OperatorId() }, cancellationToken: cancellationToken)) ?? SummaryLanguage.Default;
        }

        var summary = await summaries.GenerateAsync(id, "manual", language, user.OperatorId(), cancellationToken);
        return summary is null
            ? ProblemDetailsBody.NotFound("chat", id)
            : TypedResults.Ok(new Response(summary.Text, summary.Provider, summary.Language, summary.GeneratedAt, summary.FallbackReason));
    }
}
