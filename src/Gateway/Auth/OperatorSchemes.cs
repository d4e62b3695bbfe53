using System.Security.Claims;
using LiveChat.Gateway.Operators;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveChat.Gateway.Auth;

/// <summary>
/// Operator authentication with ASP.NET Core's JwtBearer: the gateway's own HS256 tokens, and optionally an external
/// issuer's (Auth:External), behind one policy scheme that picks by the token's issuer. There is no default scheme: only
/// endpoints whose policy names <see cref="SchemeName"/> (the operator API) run it, so Direct Line and Bot Connector
/// tokens are never tried as operator tokens. Every validated token is checked against the operator's current role and
/// disabled flag (<see cref="OperatorAccess"/>); failures answer with ProblemDetails that say what was wrong.
/// </summary>
public static class OperatorSchemes
{
    public const string SchemeName = "Operator";
    public const string OwnTokens = JwtBearerDefaults.AuthenticationScheme;
    public const string ExternalTokens = "External";

    private static readonly JsonWebTokenHandler s_reader = new();

    public static IServiceCollection AddOperatorSchemes(this IServiceCollection services)
    {
        services.AddSingleton<OperatorAccess>();
        services.AddAuthentication()
            .AddPolicyScheme(SchemeName, "Operator bearer token", o => o.ForwardDefaultSelector = SelectScheme)
            .AddJwtBearer(OwnTokens, o => o.MapInboundClaims = false)
            .AddJwtBearer(ExternalTokens, o => o.MapInboundClaims = false);
        services.AddOptions<JwtBearerOptions>(OwnTokens).Configure<TokenService>((o, tokens) =>
        {
            o.TokenValidationParameters = tokens.ValidationParameters();
            o.Events = Events(external: false);
        });
        services.AddOptions<JwtBearerOptions>(ExternalTokens).Configure<IOptions<AuthOptions>>((o, auth) =>
        {
            var external = auth.Value.External;
            o.Authority = external.Authority;
            o.Audience = external.Audience;
            o.RequireHttpsMetadata = external.RequireHttpsMetadata;
            o.Events = Events(external: true);
        });
        return services;
    }

    /// <summary>The gateway's own tokens name its issuer; any other bearer token goes to the external issuer when one is configured.</summary>
    private static string SelectScheme(HttpContext context)
    {
        var external = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (!external.External.Enabled)
        {
            return OwnTokens;
        }

        string? header = context.Request.Headers.Authorization;
        var token = header?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true ? header["Bearer ".Length..].Trim() : null;
        return token is not null && s_reader.CanReadToken(token) && !string.Equals(s_reader.ReadJsonWebToken(token).Issuer, external.Issuer, StringComparison.Ordinal)
            ? ExternalTokens
            : OwnTokens;
    }

    private static JwtBearerEvents Events(bool external) => new()
    {
        OnTokenValidated = context => CheckOperatorAsync(context, external),
        OnChallenge = async context =>
        {
            context.HandleResponse();
            var detail = context.AuthenticateFailure switch
            {
                null => "A bearer access token is required.",
                OperatorRefusedException refused => refused.Message,
                SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException => "The access token has expired.",
                _ => "The access token is not valid.",
            };
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
        },
        OnForbidden = context => WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this action."),
    };

    /// <summary>The operator behind a valid token, as stored now: refused when unknown or disabled, with their current role.</summary>
    private static async Task CheckOperatorAsync(TokenValidatedContext context, bool external)
    {
        var services = context.HttpContext.RequestServices;
        var cancellationToken = context.HttpContext.RequestAborted;
        var id = context.Principal?.FindFirstValue(OperatorClaims.Id);
        if (external)
        {
            var emailClaim = services.GetRequiredService<IOptions<AuthOptions>>().Value.External.EmailClaim;
            id = context.Principal?.FindFirstValue(emailClaim) is { Length: > 0 } email
                ? await OperatorIdByEmailAsync(services.GetRequiredService<Db>(), email, cancellationToken)
                : null;
        }

        var current = id is null ? null : await services.GetRequiredService<OperatorAccess>().GetAsync(id, cancellationToken);
        if (current is null || current.Disabled)
        {
            context.Fail(new OperatorRefusedException(current is null ? "No operator matches this access token." : "This operator is disabled."));
            return;
        }

        context.Principal = OperatorClaims.Principal(id!, current.Role, current.Name, current.Email, context.Scheme.Name);
    }

    private static async Task<string?> OperatorIdByEmailAsync(Db db, string email, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT id FROM operators WHERE email_normalized = @normalized", new { normalized = OperatorAccount.Normalize(email) }, cancellationToken: cancellationToken));
    }

    private static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    private sealed class OperatorRefusedException(string message) : Exception(message);
}
