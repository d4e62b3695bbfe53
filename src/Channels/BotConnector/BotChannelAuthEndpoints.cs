using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace LiveChat.Channels.BotConnector;

/// <summary>
/// What a stock Bot Framework bot reads to trust the gateway and to sign its calls, by configuration alone (docs/bots.md):
/// OpenID metadata (for botbuilder's <c>ToBotFromChannelOpenIdMetadataUrl</c>, and for MSAL, which reads it under the
/// authority <c>ToChannelFromBotLoginUrl</c>), the JWKS, and an OAuth 2.0 client-credentials token endpoint (app id and
/// password per bot). URLs are built from the request's own scheme and host: the bot reaches the gateway there.
/// </summary>
internal static class BotChannelAuthEndpoints
{
    /// <summary>The authority a bot configures as its login URL; MSAL reads {Authority}/.well-known/openid-configuration.</summary>
    public const string Authority = "/botframework/v2.0";

    private static readonly TimeSpan s_accessTokenLifetime = TimeSpan.FromHours(1);

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Authority).WithTags("Bot Connector");
        group.MapGet("/.well-known/openid-configuration", Metadata)
            .WithName("BotOpenIdConfiguration").WithSummary("OpenID metadata for bots: issuer, JWKS and token endpoint.");
        group.MapGet("/keys", KeysAsync)
            .WithName("BotSigningKeys").WithSummary("The gateway's public RS256 keys (JWKS) for what it sends to bots and the tokens it gives them.");
        group.MapPost("/token", TokenAsync).DisableAntiforgery()
            .WithName("BotToken").WithSummary("OAuth 2.0 client credentials (a bot's app id and password) → an access token for the Connector API.");
        group.MapGet("/authorize", Authorize)
            .WithName("BotAuthorize").WithSummary("Listed in the metadata because OpenID requires it; bots have no interactive sign-in, so it always refuses.");
    }

    private static JsonHttpResult<OpenIdConfiguration> Metadata(HttpContext context)
    {
        var authority = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{Authority}";
        return TypedResults.Json(new OpenIdConfiguration(
            Issuer: BotTokens.Gateway,
            AuthorizationEndpoint: $"{authority}/authorize",
            TokenEndpoint: $"{authority}/token",
            JwksUri: $"{authority}/keys",
            ResponseTypesSupported: ["token"],
            GrantTypesSupported: ["client_credentials"],
            SubjectTypesSupported: ["public"],
            IdTokenSigningAlgValuesSupported: [SecurityAlgorithms.RsaSha256],
            TokenEndpointAuthMethodsSupported: ["client_secret_post"]), BotConnectorJson.Default.OpenIdConfiguration);
    }

    private static async Task<JsonHttpResult<JsonWebKeySetDocument>> KeysAsync(IBotSigningKeys keys, HttpContext context)
    {
        var published = await keys.PublishedAsync(context.RequestAborted);
        context.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Json(new JsonWebKeySetDocument([.. published.Select(PublicJwk)]), BotConnectorJson.Default.JsonWebKeySetDocument);
    }

    private static async Task<Results<JsonHttpResult<AccessTokenResponse>, JsonHttpResult<OAuthError>>> TokenAsync(
        HttpContext context, IOptions<BotsOptions> options, IBotSigningKeys keys, TimeProvider time)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!context.Request.HasFormContentType)
        {
            return Refuse("invalid_request", "The request must be application/x-www-form-urlencoded.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!string.Equals(form["grant_type"], "client_credentials", StringComparison.Ordinal))
        {
            return Refuse("unsupported_grant_type", "Only grant_type=client_credentials is supported.");
        }

        var clientId = form["client_id"].ToString();
        var bot = options.Value.FindByAppId(clientId);
        if (bot is null || options.Value.Find(bot)?.AppPassword is not { } password || !SameSecret(form["client_secret"].ToString(), password))
        {
            return Refuse("invalid_client", "Unknown client_id or wrong client_secret.", StatusCodes.Status401Unauthorized);
        }

        var scopes = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (!scopes.Contains($"{BotTokens.Gateway}/.default", StringComparer.Ordinal) && !scopes.Contains(BotTokens.Gateway, StringComparer.Ordinal))
        {
            return Refuse("invalid_scope", $"The scope must be {BotTokens.Gateway}/.default (the bot's ToChannelFromBotOAuthScope is {BotTokens.Gateway}).");
        }

        var token = BotTokens.Create(
            await keys.CurrentAsync(context.RequestAborted), BotTokens.Gateway, BotTokens.Gateway, time.GetUtcNow(), s_accessTokenLifetime,
            new Dictionary<string, object> { [BotTokens.AppIdClaim] = clientId, [BotTokens.AuthorizedPartyClaim] = clientId });
        var seconds = (int)s_accessTokenLifetime.TotalSeconds;
        return TypedResults.Json(new AccessTokenResponse("Bearer", seconds, seconds, token), BotConnectorJson.Default.AccessTokenResponse);
    }

    private static JsonHttpResult<OAuthError> Authorize() =>
        Refuse("unsupported_response_type", "Bots sign in with client credentials at the token endpoint; there is no interactive sign-in.");

    private static JsonHttpResult<OAuthError> Refuse(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Json(new OAuthError(error, description), BotConnectorJson.Default.OAuthError, statusCode: status);

    private static bool SameSecret(string candidate, string secret) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static JsonWebKeyEntry PublicJwk(RsaSecurityKey key)
    {
        var parameters = key.Rsa?.ExportParameters(includePrivateParameters: false) ?? key.Parameters;
        return new JsonWebKeyEntry("RSA", "sig", key.KeyId, SecurityAlgorithms.RsaSha256,
            Base64UrlEncoder.Encode(parameters.Modulus), Base64UrlEncoder.Encode(parameters.Exponent));
    }
}

/// <summary>The OpenID Provider Metadata fields botbuilder and MSAL read.</summary>
public sealed record OpenIdConfiguration(
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("authorization_endpoint")] string AuthorizationEndpoint,
    [property: JsonPropertyName("token_endpoint")] string TokenEndpoint,
    [property: JsonPropertyName("jwks_uri")] string JwksUri,
    [property: JsonPropertyName("response_types_supported")] IReadOnlyList<string> ResponseTypesSupported,
    [property: JsonPropertyName("grant_types_supported")] IReadOnlyList<string> GrantTypesSupported,
    [property: JsonPropertyName("subject_types_supported")] IReadOnlyList<string> SubjectTypesSupported,
    [property: JsonPropertyName("id_token_signing_alg_values_supported")] IReadOnlyList<string> IdTokenSigningAlgValuesSupported,
    [property: JsonPropertyName("token_endpoint_auth_methods_supported")] IReadOnlyList<string> TokenEndpointAuthMethodsSupported);

public sealed record JsonWebKeySetDocument([property: JsonPropertyName("keys")] IReadOnlyList<JsonWebKeyEntry> Keys);

public sealed record JsonWebKeyEntry(
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("use")] string Use,
    [property: JsonPropertyName("kid")] string Kid,
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("n")] string N,
    [property: JsonPropertyName("e")] string E);

/// <summary>RFC 6749 §5.1.</summary>
public sealed record AccessTokenResponse(
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("ext_expires_in")] int ExtExpiresIn,
    [property: JsonPropertyName("access_token")] string AccessToken);

/// <summary>RFC 6749 §5.2.</summary>
public sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);
