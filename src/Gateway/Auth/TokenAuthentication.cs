using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using LiveChat.Gateway.Operators;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveChat.Gateway.Auth;

/// <summary>
/// Bearer-token authentication for operators. Microsoft.AspNetCore.Authentication.JwtBearer cannot be
/// restored from our package source, so this is the same validation done directly with
/// Microsoft.IdentityModel.JsonWebTokens; failures answer with ProblemDetails that say what was wrong.
/// </summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    TokenService tokens,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggerFactory, encoder)
{
    public const string SchemeName = "Bearer";
    private const string FailureKey = "livechat.auth.failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var result = await tokens.ValidateAsync(header["Bearer ".Length..].Trim());
        if (!result.IsValid)
        {
            var reason = result.Exception is SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException ? "The access token has expired." : "The access token is not valid.";
            Context.Items[FailureKey] = reason;
            return AuthenticateResult.Fail(reason);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(result.ClaimsIdentity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var detail = Context.Items.TryGetValue(FailureKey, out var reason) ? (string)reason! : "A bearer access token is required.";
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = 401, Title = "Unauthorized", Detail = detail },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = 403, Title = "Forbidden", Detail = "Your role does not allow this action." },
        });
    }
}

/// <summary>Issues and validates the gateway's own operator tokens.</summary>
public sealed class TokenService(SigningKeys keys, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public (string Token, int ExpiresIn) Issue(OperatorAccount account)
    {
        var lifetime = TimeSpan.FromMinutes(options.Value.TokenLifetimeMinutes);
        var now = time.GetUtcNow().UtcDateTime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [OperatorClaims.Id] = account.Id,
                [OperatorClaims.Role] = account.Role,
                [OperatorClaims.Name] = account.Name,
                [OperatorClaims.Email] = account.Email,
            },
        });
        return (token, (int)lifetime.TotalSeconds);
    }

    public Task<TokenValidationResult> ValidateAsync(string token) =>
        _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = options.Value.Issuer,
            ValidAudience = options.Value.Audience,
            IssuerSigningKey = keys.Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } end && end > time.GetUtcNow().UtcDateTime.AddSeconds(-30),
            NameClaimType = OperatorClaims.Name,
            RoleClaimType = OperatorClaims.Role,
        });
}

public static class OperatorClaims
{
    public const string Id = "sub";
    public const string Role = "role";
    public const string Name = "name";
    public const string Email = "email";

    public static string OperatorId(this ClaimsPrincipal user) =>
        user.FindFirstValue(Id) ?? throw new InvalidOperationException("The request is not an operator's.");

    public static string OperatorRole(this ClaimsPrincipal user) => user.FindFirstValue(Role) ?? Roles.Agent;

    /// <summary>Supervisors and admins see and manage the chats of every department.</summary>
    public static bool SeesAllDepartments(this ClaimsPrincipal user) => user.OperatorRole() is Roles.Supervisor or Roles.Admin;
}
