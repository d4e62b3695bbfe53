using FluentValidation;
using LiveChat.Gateway.Operators;

namespace LiveChat.Gateway.Auth;

public static class IssueToken
{
    public sealed record Request(string Email, string Password);

    public sealed record Response(string AccessToken, string TokenType, int ExpiresIn, OperatorView Operator);

    public sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Email).NotEmpty().MaximumLength(320);
            RuleFor(r => r.Password).NotEmpty().MaximumLength(1024);
        }
    }

    public static IEndpointRouteBuilder MapIssueToken(this IEndpointRouteBuilder api)
    {
        api.MapPost("/auth/token", HandleAsync)
            .Validate<Request>()
            .AllowAnonymous()
            .RequireRateLimiting(AuthRegistration.LoginRateLimit)
            .WithName("IssueToken")
            .WithSummary("Exchange an operator's email and password for a bearer token.")
            .WithTags("Auth");
        return api;
    }

    private static async Task<Results<Ok<Response>, ProblemHttpResult>> HandleAsync(
        Request request, Db db, Passwords passwords, TokenService tokens, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var account = await OperatorAccount.FindAsync(connection, "email_normalized", OperatorAccount.Normalize(request.Email), cancellationToken);
        if (account is null || !passwords.Verify(account.PasswordHash, request.Password))
        {
            return TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: "The email or password is wrong.");
        }

        if (account.Disabled)
        {
            return TypedResults.Problem(statusCode: 401, title: "Unauthorized", detail: "This operator is disabled.");
        }

        var (token, expiresIn) = tokens.Issue(account);
        return TypedResults.Ok(new Response(token, "Bearer", expiresIn, account.ToView()));
    }
}
