using LiveChat.Gateway.Operators;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveChat.Gateway.Auth;

/// <summary>Issues the gateway's own operator tokens (HS256) and says how the bearer scheme validates them.</summary>
public sealed class TokenService(SigningKeys keys, IOptions<AuthOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    /// <param name="lifetime">Shorter than the configured lifetime for an embed page's token.</param>
    public (string Token, int ExpiresIn) Issue(OperatorAccount account, TimeSpan? lifetime = null)
    {
        lifetime ??= TimeSpan.FromMinutes(options.Value.TokenLifetimeMinutes);
        var now = time.GetUtcNow().UtcDateTime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime.Value,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [OperatorClaims.Id] = account.Id,
                [OperatorClaims.Role] = account.Role,
                [OperatorClaims.Name] = account.Name,
                [OperatorClaims.Email] = account.Email,
            },
        });
        return (token, (int)lifetime.Value.TotalSeconds);
    }

    /// <summary>The key is read per validation: it is loaded (or generated and shared) at start-up, after the schemes are built.</summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = options.Value.Issuer,
        ValidAudience = options.Value.Audience,
        IssuerSigningKeyResolver = (_, _, _, _) => [keys.Key],
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
        LifetimeValidator = (_, expires, _, _) => expires is { } end && end > time.GetUtcNow().UtcDateTime.AddSeconds(-30),
        NameClaimType = OperatorClaims.Name,
        RoleClaimType = OperatorClaims.Role,
    };
}
