using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using LiveChat.Gateway.Auth;

namespace LiveChat.Gateway.Chats;

/// <summary>
/// Files operators send, stored in the database (every node serves them). Customers' apps fetch them at a signed, expiring
/// link that needs no credentials (<c>GET /files/{id}?expires=&amp;sig=</c>); operators at an authenticated route of the chat.
/// </summary>
public sealed partial class ChatFiles(SigningKeys keys, IOptions<AttachmentOptions> options, IOptions<HostingOptions> hosting, TimeProvider time)
{
    public const string PublicPrefix = "/files/";

    /// <summary>The absolute, signed link to a stored file.</summary>
    public string SignedUrl(HttpRequest request, string fileId)
    {
        var expires = (time.GetUtcNow() + TimeSpan.FromMinutes(options.Value.LinkLifetimeMinutes)).ToUnixTimeSeconds();
        var origin = hosting.Value.PublicBaseUrl is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{request.Scheme}://{request.Host}{request.PathBase}";
        return $"{origin}{PublicPrefix}{fileId}?expires={expires}&sig={Sign(fileId, expires)}";
    }

    /// <summary>A stored file's public link as the operator API shows it: the chat's authenticated route instead.</summary>
    public static string? OperatorUrl(string chatId, string? contentUrl) =>
        contentUrl is not null && Uri.TryCreate(contentUrl, UriKind.Absolute, out var uri) && SignedPath().Match(uri.AbsolutePath) is { Success: true } match
            ? $"/api/v1/chats/{chatId}/attachments/{match.Groups[1].Value}"
            : null;

    public static Task InsertAsync(UnitOfWork work, StoredFile file) =>
        work.ExecuteAsync(
            "INSERT INTO chat_files (id, chat_id, name, content_type, length, content, created_by, created_at) VALUES (@Id, @ChatId, @Name, @ContentType, @Length, @Content, @CreatedBy, @CreatedAt)",
            file);

    /// <summary>Whether <paramref name="signature"/> is this file's link signature for <paramref name="expires"/> (constant time).</summary>
    public bool Verifies(string fileId, long expires, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(fileId, expires)), Encoding.ASCII.GetBytes(signature));

    private string Sign(string fileId, long expires)
    {
        var key = HMACSHA256.HashData(keys.Key.Key, "livechat.files"u8);
        var signature = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{fileId}\n{expires}"));
        return Convert.ToBase64String(signature).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    [GeneratedRegex("/files/(file_[0-9a-f]{32})$")]
    private static partial Regex SignedPath();
}

/// <summary>A file as stored in <c>chat_files</c>.</summary>
public sealed record StoredFile
{
    public required string Id { get; init; }
    public required string ChatId { get; init; }
    public required string Name { get; init; }
    public required string ContentType { get; init; }
    public long Length { get; init; }
    public required byte[] Content { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
