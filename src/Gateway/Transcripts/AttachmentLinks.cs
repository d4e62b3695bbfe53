using System.Text.RegularExpressions;

namespace LiveChat.Gateway.Transcripts;

/// <summary>
/// Where a transcript's attachments are fetched: the shapes of the links, which the routes serving them (Chats/ChatFileRoutes.cs,
/// Media/GetMedia.cs) and a message's public shape (<see cref="TranscriptMessageViews"/>) share.
/// </summary>
public static partial class AttachmentLinks
{
    /// <summary>The operators' API, before a channel media reference such as <c>media/whatsapp/{id}</c>.</summary>
    public const string ApiPrefix = "/api/v1/";

    /// <summary>A file an operator sent, at its signed link for the customer's channel: <c>/files/{id}?expires=&amp;sig=</c>.</summary>
    public const string SignedFilePrefix = "/files/";

    /// <summary>A stored file's signed link as the operator API shows it: the chat's authenticated route instead; null for any other link.</summary>
    public static string? OperatorUrl(string chatId, string? contentUrl) =>
        contentUrl is not null && Uri.TryCreate(contentUrl, UriKind.Absolute, out var uri) && SignedPath().Match(uri.AbsolutePath) is { Success: true } match
            ? $"/api/v1/chats/{chatId}/attachments/{match.Groups[1].Value}"
            : null;

    [GeneratedRegex("/files/(file_[0-9a-f]{32})$")]
    private static partial Regex SignedPath();
}
