using System.Security.Cryptography;
using System.Text;
using LiveChat.Gateway.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace LiveChat.Gateway.Widgets;

/// <summary>
/// A widget's secret and the tokens it signs (docs/widgets.md). The secret is random, shown once, and stored encrypted
/// (AES-GCM, the widget's id as associated data) under a key derived (HKDF-SHA256) from the operator signing key, so a
/// copy of the widgets table alone does not reveal it. A token is a JWT, HS256 with the secret's UTF-8 bytes, for the
/// widget (aud) about one chat, valid for <see cref="WidgetOptions.TokenSeconds"/>.
/// </summary>
public sealed class WidgetSigning(SigningKeys keys, IOptions<WidgetOptions> options, TimeProvider time)
{
    public const string Issuer = "livechat-gateway";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private static readonly byte[] s_info = Encoding.UTF8.GetBytes("livechat widget secrets v1");
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>32 random bytes, URL-safe; the prefix tells a leaked secret's reader what it signs.</summary>
    public static string NewSecret() => $"lcws_{Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32))}";

    public string Protect(string widgetId, string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key(), TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), Encoding.UTF8.GetBytes(widgetId));
        return Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The secret, or null when it cannot be read (the operator signing key changed since it was stored).</summary>
    public string? Unprotect(string widgetId, string cipher)
    {
        try
        {
            var sealedBytes = Convert.FromBase64String(cipher);
            var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
            using var aes = new AesGcm(Key(), TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), plain, Encoding.UTF8.GetBytes(widgetId));
            return Encoding.UTF8.GetString(plain);
        }
        catch (Exception exception) when (exception is CryptographicException or FormatException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>A token for the widget about this chat, and when it expires.</summary>
    public (string Token, DateTimeOffset ExpiresAt) Mint(string widgetId, string secret, WidgetContext context)
    {
        var now = time.GetUtcNow();
        var expires = now.AddSeconds(options.Value.TokenSeconds);
        var claims = new Dictionary<string, object>
        {
            [JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N"),
            ["chat_id"] = context.ChatId,
            ["visitor_id"] = context.VisitorId,
            ["operator_id"] = context.OperatorId,
            ["department_id"] = context.DepartmentId,
        };
        AddIfSet(claims, "visitor_name", context.VisitorName);
        AddIfSet(claims, "visitor_email", context.Email);
        AddIfSet(claims, "visitor_phone", context.Phone);
        AddIfSet(claims, "operator_name", context.OperatorName);
        AddIfSet(claims, "operator_email", context.OperatorEmail);
        AddIfSet(claims, "department_name", context.DepartmentName);
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = widgetId,
            Subject = new System.Security.Claims.ClaimsIdentity([new(JwtRegisteredClaimNames.Sub, context.ChatId)]),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256),
            Claims = claims,
        });
        return (token, expires);
    }

    private static void AddIfSet(Dictionary<string, object> claims, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            claims[name] = value;
        }
    }

    private byte[] Key() => HKDF.DeriveKey(HashAlgorithmName.SHA256, keys.Key.Key, 32, salt: [], info: s_info);
}
