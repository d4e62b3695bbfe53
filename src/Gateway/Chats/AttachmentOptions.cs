namespace LiveChat.Gateway.Chats;

/// <summary>Attachments: how big a file operators may send, which types, and how long its public link stays valid.</summary>
public sealed record AttachmentOptions
{
    public const string Section = "Attachments";

    public long MaxBytes { get; init; } = 5 * 1024 * 1024;

    public IReadOnlyList<string> ContentTypes { get; init; } =
    [
        "image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf", "text/plain", "text/csv",
        "audio/mpeg", "audio/ogg", "audio/aac", "video/mp4",
    ];

    /// <summary>How long a file's signed public link (what the channels and the widget fetch) stays valid.</summary>
    public int LinkLifetimeMinutes { get; init; } = 7 * 24 * 60;

    public bool Allows(string contentType) => ContentTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase);
}
