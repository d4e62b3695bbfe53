using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveChat.Gateway.Helpdesk;

/// <summary>
/// Checks the RS256 JWT a Zendesk app with <c>signedUrls</c> posts: signed by the installation's app public key, for its
/// audience, not expired. Answers why a token is refused, in words the helpdesk admin can act on, and otherwise the
/// Zendesk user it is signed for: its <c>sub</c> claim, the signed-in user's id (a number, or the user's API URL
/// <c>https://acme.zendesk.com/api/v2/users/123.json</c>).
/// </summary>
public sealed class ZendeskToken(TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    // One key object per public key, never disposed: the library caches signature providers by the key's parameters,
    // so a disposed RSA behind an equal key would fail the next validation.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, RsaSecurityKey> _keys = new(StringComparer.Ordinal);

    public static bool LooksLikeJwt(string credential) => credential.Count(c => c == '.') == 2;

    /// <returns>Null when the token is good; otherwise the reason it is refused.</returns>
    public async Task<string?> RefusalAsync(string token, InstallationRow installation) => (await CheckAsync(token, installation)).Refusal;

    /// <returns>The reason the token is refused, or the Zendesk user id it is signed for (null if it names none).</returns>
    public async Task<(string? Refusal, string? UserId)> CheckAsync(string token, InstallationRow installation)
    {
        if (installation.ZendeskPublicKey is not { } pem || installation.ZendeskAudience is not { } audience)
        {
            return ("This installation has no Zendesk public key and audience configured; it takes its installation key.", null);
        }

        var key = _keys.GetOrAdd(pem, static text =>
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(text);
            return new RsaSecurityKey(rsa);
        });
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidAudience = audience,
            ValidateIssuer = false,
            IssuerSigningKey = key,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            LifetimeValidator = (_, expires, _, _) => expires is { } end && end > time.GetUtcNow().UtcDateTime.AddSeconds(-30),
        });
        return result.IsValid
            ? (null, UserId(result.Claims.TryGetValue("sub", out var sub) ? sub?.ToString() : null))
            : (result.Exception switch
            {
                SecurityTokenInvalidAudienceException => "The Zendesk token is for another audience than this installation's.",
                SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException or SecurityTokenNoExpirationException => "The Zendesk token has expired.",
                SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The Zendesk token is not signed by this installation's app key.",
                SecurityTokenInvalidAlgorithmException => "The Zendesk token must be signed with RS256.",
                _ => "The Zendesk token is not valid.",
            }, null);
    }

    /// <summary>The user id of a <c>sub</c> claim: <c>123</c>, or <c>.../api/v2/users/123.json</c>.</summary>
    public static string? UserId(string? subject)
    {
        var id = subject?.Trim() switch
        {
            null or "" => null,
            var text when text.EndsWith(".json", StringComparison.Ordinal) && text.LastIndexOf("/users/", StringComparison.Ordinal) is >= 0 and var at =>
                text[(at + "/users/".Length)..^".json".Length],
            var text => text,
        };
        return id is { Length: > 0 and <= 20 } && id.All(char.IsAsciiDigit) ? id : null;
    }
}
