using System.Security.Cryptography;
using FluentValidation;
using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Operators;
using LiveChat.Tickets;
using Microsoft.AspNetCore.Mvc;

namespace LiveChat.Gateway.Helpdesk;

/// <summary>
/// How a helpdesk app opens the embed page: it asks for a one-time URL (authenticated by the installation's key, or a
/// Zendesk app's signed JWT) naming the agent and the ticket's requester; the page trades the URL's code, once and within
/// <see cref="HelpdeskOptions.EmbedUrlSeconds"/>, for a short-lived token of the operator with the agent's email.
/// The names the app passes are hints: what the key or JWT proves is which installation asks, and for a Zendesk JWT which
/// agent (<see cref="EmbedAgent"/>).
/// </summary>
public static class EmbedSessions
{
    private const string Unauthorized = "Unauthorized";

    public sealed class SessionValidator : AbstractValidator<EmbedSessionRequest>
    {
        public SessionValidator()
        {
            RuleFor(r => r.InstallationId).NotEmpty().MaximumLength(OperatorInput.MaxId);
            RuleFor(r => r.AgentEmail).NotEmpty().EmailAddress().MaximumLength(320);
            RuleFor(r => r.RequesterEmail).EmailAddress().MaximumLength(320);
            RuleFor(r => r.RequesterPhone).MaximumLength(50).Matches(@"^\+?[0-9][0-9 ()./-]{2,49}$").WithMessage("'requesterPhone' must be a phone number such as +49 30 1234567.");
            RuleFor(r => r.RequesterName).MaximumLength(200);
            RuleFor(r => r.TicketId).MaximumLength(100);
            RuleFor(r => r).Must(r => !string.IsNullOrWhiteSpace(r.RequesterEmail) || !string.IsNullOrWhiteSpace(r.RequesterPhone))
                .WithName("requesterEmail").WithMessage("Name the ticket's requester: 'requesterEmail' or 'requesterPhone'.");
        }
    }

    public sealed class ExchangeValidator : AbstractValidator<EmbedExchangeRequest>
    {
        public ExchangeValidator() => RuleFor(r => r.Code).NotEmpty().MaximumLength(100);
    }

    public static IEndpointRouteBuilder MapEmbedSessions(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/embed").WithTags("Helpdesk").AllowAnonymous().RequireRateLimiting(AuthRegistration.LoginRateLimit);
        group.MapPost("/sessions", CreateAsync).Validate<EmbedSessionRequest>().WithName("CreateEmbedSession")
            .WithSummary("For a helpdesk app: a one-time URL of the embed page for this agent and this customer (Authorization: Bearer <installation key> or, for Zendesk, <the app's signed JWT>).");
        group.MapPost("/exchange", ExchangeAsync).Validate<EmbedExchangeRequest>().WithName("ExchangeEmbedCode")
            .WithSummary("For the embed page: its one-time code (once, within a minute) for a short-lived operator token and the customer to show.");
        return api;
    }

    private static async Task<Results<Ok<EmbedSessionResponse>, ProblemHttpResult>> CreateAsync(
        EmbedSessionRequest request, HttpRequest http, Db db, ZendeskToken zendesk, IOptions<HelpdeskOptions> options, IOptions<HostingOptions> hosting,
        TimeProvider time, CancellationToken cancellationToken, [FromServices] IHelpdeskUsers? users = null)
    {
        string? header = http.Headers.Authorization;
        var credential = header?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true ? header["Bearer ".Length..].Trim() : null;
        if (string.IsNullOrEmpty(credential))
        {
            return Refused(401, "Send the installation key (or the Zendesk app's JWT) as 'Authorization: Bearer ...'.");
        }

        await using var connection = await db.OpenAsync(cancellationToken);
        var installation = await HelpdeskInstallations.FindAsync(connection, request.InstallationId, cancellationToken);
        if (installation is null)
        {
            return Refused(401, "The installation key is not valid for this installation.");
        }

        string? signedUserId = null;
        if (installation.Kind == "zendesk" && installation.ZendeskPublicKey is not null && ZendeskToken.LooksLikeJwt(credential))
        {
            (var refusal, signedUserId) = await zendesk.CheckAsync(credential, installation);
            if (refusal is not null)
            {
                return Refused(401, refusal);
            }
        }
        else if (!CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(HelpdeskInstallations.Hash(credential)), System.Text.Encoding.ASCII.GetBytes(installation.KeyHash)))
        {
            return Refused(401, "The installation key is not valid for this installation.");
        }

        if (!installation.Enabled)
        {
            return Refused(403, "This helpdesk installation is turned off; an admin turns it on (PUT /api/v1/helpdesk/installations/{id}).");
        }

        var (agentEmail, unproven) = await EmbedAgent.ResolveAsync(
            installation, signedUserId, request.AgentEmail, users, cancellationToken);
        if (unproven is not null)
        {
            return unproven;
        }

        var agent = await OperatorAccount.FindAsync(connection, "email_normalized", OperatorAccount.Normalize(agentEmail!), cancellationToken);
        if (agent is null)
        {
            return Refused(403, $"No operator has the email '{agentEmail}'; an admin adds the agent as an operator with their helpdesk email.");
        }

        if (agent.Disabled)
        {
            return Refused(403, "The operator with this email is disabled.");
        }

        var code = HelpdeskInstallations.Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var expiresAt = now.AddSeconds(options.Value.EmbedUrlSeconds);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM embed_sessions WHERE created_at < @dayAgo;
            INSERT INTO embed_sessions (code_hash, installation_id, operator_id, requester_email, requester_phone, requester_name, ticket_id, created_at, expires_at)
            VALUES (@hash, @installation, @operatorId, @email, @phone, @name, @ticket, @now, @expiresAt);
            """,
            new
            {
                dayAgo = now.AddDays(-1),
                hash = HelpdeskInstallations.Hash(code),
                installation = installation.Id,
                operatorId = agent.Id,
                email = Blank(request.RequesterEmail),
                phone = Blank(request.RequesterPhone),
                name = Blank(request.RequesterName),
                ticket = Blank(request.TicketId),
                now,
                expiresAt,
            },
            cancellationToken: cancellationToken));
        var origin = hosting.Value.PublicBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : $"{http.Scheme}://{http.Host}{http.PathBase}";
        return TypedResults.Ok(new EmbedSessionResponse($"{origin}{EmbedPage.PathPrefix}{Uri.EscapeDataString(installation.Id)}#code={code}", expiresAt));
    }

    private static async Task<Results<Ok<EmbedExchangeResponse>, ProblemHttpResult>> ExchangeAsync(
        EmbedExchangeRequest request, Db db, TokenService tokens, IOptions<HelpdeskOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var hash = HelpdeskInstallations.Hash(request.Code);
        await using var connection = await db.OpenAsync(cancellationToken);
        // One statement claims the code, so two nodes (or two tabs) racing for it cannot both win.
        var session = await connection.QuerySingleOrDefaultAsync<SessionRow>(new CommandDefinition(
            """
            UPDATE embed_sessions SET used_at = @now WHERE code_hash = @hash AND used_at IS NULL AND expires_at > @now
            RETURNING installation_id, operator_id, requester_email, requester_phone, requester_name, ticket_id
            """,
            new { hash, now },
            cancellationToken: cancellationToken));
        if (session is null)
        {
            var known = await connection.QuerySingleOrDefaultAsync<KnownRow>(new CommandDefinition(
                "SELECT expires_at, used_at FROM embed_sessions WHERE code_hash = @hash", new { hash }, cancellationToken: cancellationToken));
            return Refused(401, known switch
            {
                { UsedAt: not null } => "This embed link was already used; the helpdesk app asks for a new one when it is opened again.",
                not null => $"This embed link has expired (it is valid for {options.Value.EmbedUrlSeconds} seconds); open the helpdesk app again.",
                _ => "This embed link is not valid.",
            });
        }

        var installation = await HelpdeskInstallations.FindAsync(connection, session.InstallationId, cancellationToken);
        if (installation is not { Enabled: true })
        {
            return Refused(403, "This helpdesk installation is turned off; an admin turns it on.");
        }

        var agent = await OperatorAccount.FindAsync(connection, "id", session.OperatorId, cancellationToken);
        if (agent is not { Disabled: false })
        {
            return Refused(403, "The operator this link was made for is disabled.");
        }

        var (token, expiresIn) = tokens.Issue(agent, TimeSpan.FromMinutes(options.Value.EmbedTokenMinutes));
        return TypedResults.Ok(new EmbedExchangeResponse(
            token, "Bearer", expiresIn, agent.ToView(),
            new EmbedCustomer(session.RequesterEmail, session.RequesterPhone, session.RequesterName, session.TicketId), installation.Kind));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static ProblemHttpResult Refused(int status, string detail) =>
        TypedResults.Problem(statusCode: status, title: status == 401 ? Unauthorized : "Forbidden", detail: detail);

    private sealed record KnownRow
    {
        public DateTimeOffset ExpiresAt { get; init; }
        public DateTimeOffset? UsedAt { get; init; }
    }

    private sealed record SessionRow
    {
        public required string InstallationId { get; init; }
        public required string OperatorId { get; init; }
        public string? RequesterEmail { get; init; }
        public string? RequesterPhone { get; init; }
        public string? RequesterName { get; init; }
        public string? TicketId { get; init; }
    }
}
