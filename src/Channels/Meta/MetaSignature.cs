using System.Security.Cryptography;
using System.Text;

namespace LiveChat.Channels.Meta;

/// <summary>Meta's webhook signature: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256(app secret, raw body)&gt;</c>.</summary>
public static class MetaSignature
{
    public const string HeaderName = "X-Hub-Signature-256";
    private const string Prefix = "sha256=";

    public static string Compute(string appSecret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body));

    /// <summary>True when <paramref name="header"/> is the signature of exactly these bytes; constant-time.</summary>
    public static bool IsValid(string? header, ReadOnlySpan<byte> body, string appSecret)
    {
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var hex = header.AsSpan(Prefix.Length).Trim();
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (hex.Length != given.Length * 2
            || Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != given.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>Constant-time comparison of the verify token of the GET handshake.</summary>
    public static bool TokenMatches(string? given, string? expected) =>
        given is not null && expected is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
