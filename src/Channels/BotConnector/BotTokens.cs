using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveChat.Channels.BotConnector;

/// <summary>
/// The JWTs between the gateway and its bots, built and checked by <see cref="JsonWebTokenHandler"/>. Two kinds:
/// <list type="bullet">
/// <item>HS256 with a bot's shared <c>Secret</c>, both ways: the gateway (issuer <see cref="Gateway"/>, audience the bot's
/// name) signs what it posts to the bot; the bot (issuer its name, audience <see cref="Gateway"/>) signs its Connector calls.</item>
/// <item>RS256 with the gateway's published keys (JWKS), the way the Bot Framework channel service does it: to a bot with an
/// <c>AppId</c> (issuer <see cref="Gateway"/>, audience the app id, a <c>serviceUrl</c> claim), and the access tokens its
/// OAuth endpoint gives bots (issuer and audience <see cref="Gateway"/>, <c>appid</c>/<c>azp</c> the bot's app id).</item>
/// </list>
/// </summary>
public static class BotTokens
{
    /// <summary>The gateway's name in every bot token: the issuer of what it signs, and the audience (OAuth scope) of bots' tokens.</summary>
    public const string Gateway = "livechat-gateway";

    /// <summary>The serviceUrl claim as Bot Framework names it (botframework-connector AuthenticationConstants.ServiceUrlClaim).</summary>
    public const string ServiceUrlClaim = "serviceurl";

    /// <summary>The serviceUrl claim of the HS256 tokens, as the gateway has always written it.</summary>
    public const string SharedServiceUrlClaim = "serviceUrl";
    public const string AppIdClaim = "appid";
    public const string AuthorizedPartyClaim = "azp";

    private static readonly TimeSpan s_skew = TimeSpan.FromMinutes(5);
    private static readonly JsonWebTokenHandler s_handler = new() { MapInboundClaims = false, SetDefaultTimesOnTokenCreation = false };

    /// <summary>An HS256 token signed with a bot's shared secret.</summary>
    public static string Create(string issuer, string audience, string secret, DateTimeOffset now, TimeSpan lifetime, string? serviceUrl = null) =>
        Create(new SigningCredentials(SharedKey(secret), SecurityAlgorithms.HmacSha256), issuer, audience, now, lifetime,
            serviceUrl is null ? [] : new Dictionary<string, object> { [SharedServiceUrlClaim] = serviceUrl });

    /// <summary>A token signed with <paramref name="credentials"/> (RS256 with one of the gateway's keys).</summary>
    public static string Create(
        SigningCredentials credentials, string issuer, string audience, DateTimeOffset now, TimeSpan lifetime, IDictionary<string, object> claims) =>
        s_handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(lifetime).UtcDateTime,
            SigningCredentials = credentials,
            Claims = claims,
        });

    /// <summary>The token's algorithm and issuer, unverified: how the caller signs, and which bot claims to be calling.</summary>
    public static (string Algorithm, string? Issuer)? Peek(string token)
    {
        if (!s_handler.CanReadToken(token))
        {
            return null;
        }

        try
        {
            var read = s_handler.ReadJsonWebToken(token);
            return (read.Alg, read.Issuer);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Whether the HS256 token is signed with <paramref name="secret"/>, meant for <paramref name="audience"/> and current.</summary>
    public static async Task<bool> IsValidAsync(string token, string secret, string issuer, string audience, DateTimeOffset now) =>
        (await ValidateAsync(token, [SharedKey(secret)], SecurityAlgorithms.HmacSha256, issuer, audience, now)).IsValid;

    /// <summary>The claims of an RS256 token signed with one of <paramref name="keys"/>, or null when it is not valid.</summary>
    public static async Task<IDictionary<string, object>?> ValidateSignedAsync(
        string token, IEnumerable<SecurityKey> keys, string issuer, string audience, DateTimeOffset now)
    {
        var result = await ValidateAsync(token, keys, SecurityAlgorithms.RsaSha256, issuer, audience, now);
        return result.IsValid ? result.Claims : null;
    }

    private static Task<TokenValidationResult> ValidateAsync(
        string token, IEnumerable<SecurityKey> keys, string algorithm, string issuer, string audience, DateTimeOffset now) =>
        s_handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = audience,
            IssuerSigningKeys = keys,
            ValidAlgorithms = [algorithm],
            RequireExpirationTime = true,
            LifetimeValidator = (notBefore, expires, _, _) =>
                expires is { } end && end + s_skew >= now.UtcDateTime && (notBefore is not { } start || start - s_skew <= now.UtcDateTime),
        });

    private static SymmetricSecurityKey SharedKey(string secret) => new(Encoding.UTF8.GetBytes(secret));
}
