using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveChat.Channels.DirectLine;

/// <summary>
/// Conversation and stream tokens: compact JWTs (HS256, keyed from the Direct Line secret, built and checked by
/// <see cref="JsonWebTokenHandler"/>) carrying the conversation id (<c>conv</c>), the user id (the <c>user</c> claim Web
/// Chat and directlinejs read), the kind and the expiry. No server state: a token is valid exactly when its signature
/// matches and it has not expired.
/// </summary>
public sealed class DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider time)
{
    public const string ConversationKind = "conversation";
    public const string StreamKind = "stream";

    private const string ConversationClaim = "conv";
    private const string UserClaim = "user";
    private const string KindClaim = "kind";

    private static readonly JsonWebTokenHandler s_handler = new() { MapInboundClaims = false, SetDefaultTimesOnTokenCreation = false };

    // A key derived for this purpose, so a token signature never equals an HMAC of the secret used elsewhere.
    private readonly SymmetricSecurityKey _key = new(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.Secret ?? string.Empty), "livechat.directline.token"u8));

    public TimeSpan Lifetime => TimeSpan.FromMinutes(options.Value.TokenLifetimeMinutes);

    public string Issue(string conversationId, string userId, string kind = ConversationKind)
    {
        var lifetime = kind == StreamKind ? TimeSpan.FromSeconds(options.Value.StreamTokenLifetimeSeconds) : Lifetime;
        return s_handler.CreateToken(new SecurityTokenDescriptor
        {
            Expires = time.GetUtcNow().Add(lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object> { [ConversationClaim] = conversationId, [UserClaim] = userId, [KindClaim] = kind },
        });
    }

    public async Task<TokenCheck> CheckAsync(string? token, string expectedKind = ConversationKind)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return new TokenCheck.Invalid();
        }

        // The lifetime is judged below, by the TimeProvider, so that an expired token answers "expired", not "invalid".
        var result = await s_handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
        });
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt
            || !jwt.TryGetPayloadValue<string>(ConversationClaim, out var conversationId) || string.IsNullOrEmpty(conversationId)
            || !jwt.TryGetPayloadValue<string>(UserClaim, out var userId) || string.IsNullOrEmpty(userId)
            || !jwt.TryGetPayloadValue<string>(KindClaim, out var kind) || kind != expectedKind
            || jwt.ValidTo == DateTime.MinValue)
        {
            return new TokenCheck.Invalid();
        }

        var expires = new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero);
        return expires <= time.GetUtcNow()
            ? new TokenCheck.Expired()
            : new TokenCheck.Valid(new TokenClaims(conversationId, userId, kind, expires));
    }

    /// <summary>Is this the configured secret (constant time)?</summary>
    public bool IsSecret(string? candidate) =>
        candidate is not null && options.Value.Secret is { } secret
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

/// <summary>What a token grants: one conversation, as one user, until it expires.</summary>
public sealed record TokenClaims(string ConversationId, string UserId, string Kind, DateTimeOffset ExpiresAt);

/// <summary>The outcome of reading a token.</summary>
public abstract record TokenCheck
{
    public sealed record Valid(TokenClaims Claims) : TokenCheck;

    public sealed record Expired : TokenCheck;

    public sealed record Invalid : TokenCheck;
}
