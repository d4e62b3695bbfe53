using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace LiveChat.Channels.DirectLine;

/// <summary>What a token grants: one conversation, as one user, until it expires.</summary>
public sealed record TokenClaims(string ConversationId, string UserId, string Kind, DateTimeOffset ExpiresAt);

/// <summary>The outcome of reading a token.</summary>
public abstract record TokenCheck
{
    public sealed record Valid(TokenClaims Claims) : TokenCheck;

    public sealed record Expired : TokenCheck;

    public sealed record Invalid : TokenCheck;
}

/// <summary>
/// Conversation and stream tokens: compact JWTs (HS256, keyed from the Direct Line secret) carrying the
/// conversation id, the user id (the <c>user</c> claim Web Chat and directlinejs read) and the expiry. No
/// server state: a token is valid exactly when its signature matches and it has not expired.
/// </summary>
public sealed class DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider time)
{
    public const string ConversationKind = "conversation";
    public const string StreamKind = "stream";

    private static readonly byte[] s_header = Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""");

    public TimeSpan Lifetime => TimeSpan.FromMinutes(options.Value.TokenLifetimeMinutes);

    public string Issue(string conversationId, string userId, string kind = ConversationKind)
    {
        var lifetime = kind == StreamKind ? TimeSpan.FromSeconds(options.Value.StreamTokenLifetimeSeconds) : Lifetime;
        var payload = new TokenPayload(conversationId, userId, kind, time.GetUtcNow().Add(lifetime).ToUnixTimeSeconds());
        var body = $"{Base64Url(s_header)}.{Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload, DirectLineJson.Default.TokenPayload))}";
        return $"{body}.{Base64Url(Sign(body))}";
    }

    public TokenCheck Check(string? token, string expectedKind = ConversationKind)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return new TokenCheck.Invalid();
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || !TryDecode(parts[2], out var signature)
            || !CryptographicOperations.FixedTimeEquals(signature, Sign($"{parts[0]}.{parts[1]}")))
        {
            return new TokenCheck.Invalid();
        }

        TokenPayload? payload;
        try
        {
            payload = TryDecode(parts[1], out var json) ? JsonSerializer.Deserialize(json, DirectLineJson.Default.TokenPayload) : null;
        }
        catch (JsonException)
        {
            payload = null;
        }

        if (payload is null || payload.Kind != expectedKind || string.IsNullOrEmpty(payload.Conv) || string.IsNullOrEmpty(payload.User))
        {
            return new TokenCheck.Invalid();
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(payload.Exp);
        return expires <= time.GetUtcNow()
            ? new TokenCheck.Expired()
            : new TokenCheck.Valid(new TokenClaims(payload.Conv, payload.User, payload.Kind, expires));
    }

    /// <summary>Is this the configured secret (constant time)?</summary>
    public bool IsSecret(string? candidate) =>
        candidate is not null && options.Value.Secret is { } secret
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private byte[] Sign(string body)
    {
        // A key derived for this purpose, so a token signature never equals an HMAC of the secret used elsewhere.
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.Secret ?? string.Empty), "livechat.directline.token"u8);
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(body));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecode(string text, out byte[] bytes)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        bytes = new byte[padded.Length];
        return Convert.TryFromBase64String(padded, bytes, out var written) && (bytes = bytes[..written]).Length >= 0;
    }
}

/// <summary>The token's claims on the wire (short names, as JWTs do).</summary>
public sealed record TokenPayload(string Conv, string User, string Kind, long Exp);
