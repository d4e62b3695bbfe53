using System.Security.Cryptography;
using System.Text;

namespace LiveChat.Channels.BotConnector;

/// <summary>
/// HS256 JWTs signed with a bot's shared secret, both ways: the gateway (issuer <see cref="Gateway"/>, audience the
/// bot's name) signs what it posts to the bot; the bot (issuer its name, audience <see cref="Gateway"/>) signs its
/// Connector calls.
/// </summary>
public static class BotTokens
{
    public const string Gateway = "livechat-gateway";
    private static readonly TimeSpan s_skew = TimeSpan.FromMinutes(5);

    public static string Create(string issuer, string audience, string secret, DateTimeOffset now, TimeSpan lifetime, string? serviceUrl = null)
    {
        var claims = new BotTokenClaims(issuer, audience, now.ToUnixTimeSeconds(), now.ToUnixTimeSeconds(), now.Add(lifetime).ToUnixTimeSeconds(), serviceUrl);
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new BotTokenHeader("HS256", "JWT"), BotConnectorJson.Default.BotTokenHeader));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims, BotConnectorJson.Default.BotTokenClaims));
        var signed = $"{header}.{payload}";
        return $"{signed}.{Base64Url(Sign(signed, secret))}";
    }

    /// <summary>The token's issuer, unverified: which bot claims to be calling (to pick the secret to verify with).</summary>
    public static string? PeekIssuer(string token) => Parse(token)?.Claims.Iss;

    /// <summary>Whether the token is signed with <paramref name="secret"/>, meant for <paramref name="audience"/> and current.</summary>
    public static bool IsValid(string token, string secret, string issuer, string audience, DateTimeOffset now)
    {
        var parsed = Parse(token);
        if (parsed is null || parsed.Header.Alg != "HS256")
        {
            return false;
        }

        var expected = Sign(parsed.Signed, secret);
        var actual = FromBase64Url(parsed.Signature);
        var claims = parsed.Claims;
        var at = now.ToUnixTimeSeconds();
        return actual is not null
            && CryptographicOperations.FixedTimeEquals(expected, actual)
            && claims.Iss == issuer
            && claims.Aud == audience
            && claims.Exp is { } exp && exp + (long)s_skew.TotalSeconds >= at
            && (claims.Nbf is not { } nbf || nbf - (long)s_skew.TotalSeconds <= at);
    }

    private static Parsed? Parse(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var header = FromBase64Url(parts[0]) is { } h ? JsonSerializer.Deserialize(h, BotConnectorJson.Default.BotTokenHeader) : null;
            var claims = FromBase64Url(parts[1]) is { } c ? JsonSerializer.Deserialize(c, BotConnectorJson.Default.BotTokenClaims) : null;
            return header is null || claims is null ? null : new Parsed(header, claims, $"{parts[0]}.{parts[1]}", parts[2]);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static byte[] Sign(string signed, string secret) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signed));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[]? FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", _ => string.Empty };
        try
        {
            return Convert.FromBase64String(s);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed record Parsed(BotTokenHeader Header, BotTokenClaims Claims, string Signed, string Signature);
}

public sealed record BotTokenHeader(string Alg, string Typ);

public sealed record BotTokenClaims(string? Iss, string? Aud, long? Iat, long? Nbf, long? Exp, string? ServiceUrl);
