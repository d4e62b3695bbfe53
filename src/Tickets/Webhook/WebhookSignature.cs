using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LiveChat.Tickets;

/// <summary>
/// The signature of a ticket webhook: <c>X-LiveChat-Signature: sha256=&lt;hex HMAC-SHA256(secret, "{timestamp}.{rawBody}")&gt;</c>
/// with <c>X-LiveChat-Timestamp</c> = unix seconds. Receivers recompute it over the raw body bytes and
/// compare in constant time; rejecting old timestamps (e.g. older than 5 minutes) stops replays.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampHeader = "X-LiveChat-Timestamp";
    public const string SignatureHeader = "X-LiveChat-Signature";

    public static string Compute(string secret, long unixSeconds, ReadOnlySpan<byte> rawBody)
    {
        var prefix = Encoding.UTF8.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + rawBody.Length];
        prefix.CopyTo(signed, 0);
        rawBody.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>True when <paramref name="signature"/> is the signature of <paramref name="rawBody"/> at <paramref name="timestamp"/>.</summary>
    public static bool Verify(string secret, string? timestamp, ReadOnlySpan<byte> rawBody, string? signature)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || signature is null)
        {
            return false;
        }

        var expected = Encoding.UTF8.GetBytes(Compute(secret, seconds, rawBody));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(signature));
    }
}
