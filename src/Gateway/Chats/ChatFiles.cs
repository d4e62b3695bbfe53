using System.Security.Cryptography;
using System.Text;
using LiveChat.Gateway.Auth;

namespace LiveChat.Gateway.Chats;

/// <summary>
/// Files operators send, stored in the database (every node serves them). Customers' apps fetch them at a signed, expiring
/// link that needs no credentials (<c>GET /files/{id}?expires=&amp;sig=</c>); operators at an authenticated route of the chat.
/// </summary>
public sealed class ChatFiles(SigningKeys keys, IOptions<AttachmentOptions> options, IOptions<HostingOptions> hosting, TimeProvider time)
{
    public const string PublicPrefix = AttachmentLinks.SignedFilePrefix;

    /// <summary>
    /// The absolute, signed link to a stored file: under the configured public address (Hosting:PublicBaseUrl), else
    /// under <paramref name="requestOrigin"/>, where the operator's request came in (<see cref="Origin"/>).
    /// </summary>
    public string SignedUrl(string requestOrigin, string fileId)
    {
        var expires = (time.GetUtcNow() + TimeSpan.FromMinutes(options.Value.LinkLifetimeMinutes)).ToUnixTimeSeconds();
        var origin = hosting.Value.PublicBaseUrl is { Length: > 0 } configured ? configured.TrimEnd('/') : requestOrigin;
        return $"{origin}{PublicPrefix}{fileId}?expires={expires}&sig={Sign(fileId, expires)}";
    }

    /// <summary>Scheme, host and base path of <paramref name="request"/>.</summary>
    public static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";

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
