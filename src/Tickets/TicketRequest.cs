using System.Security.Cryptography;
using System.Text;

namespace LiveChat.Tickets;

/// <summary>
/// Everything a helpdesk ticket is built from. The Gateway stores it with the pending ticket request and
/// passes the same value on every attempt (Zendesk, for one, refuses a reused idempotency key with a
/// different payload).
/// </summary>
/// <param name="ChatId">The gateway's chat id.</param>
/// <param name="Kind">Transcript of an ended chat, or a missed chat.</param>
/// <param name="Question">The visitor's first question; null when they never wrote one.</param>
/// <param name="Contact">The visitor as far as known.</param>
/// <param name="Channel"><c>whatsapp</c>, <c>messenger</c>, <c>instagram</c> or <c>webchat</c>.</param>
/// <param name="DepartmentId">The gateway's department id (mapped to a helpdesk department where supported).</param>
/// <param name="DepartmentName">The department's display name.</param>
/// <param name="Tags">The chat's labels.</param>
/// <param name="Summary">The chat summary, when one was made.</param>
/// <param name="Lines">The transcript, oldest first.</param>
/// <param name="ChatUrl">Link back to the chat in the gateway.</param>
/// <param name="StartedAt">When the chat started.</param>
/// <param name="EndedAt">When the chat ended or was declared missed.</param>
public sealed record TicketRequest(
    string ChatId,
    TicketKind Kind,
    string? Question,
    TicketContact Contact,
    string Channel,
    string? DepartmentId,
    string? DepartmentName,
    IReadOnlyList<string> Tags,
    string? Summary,
    IReadOnlyList<TicketLine> Lines,
    string? ChatUrl,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt)
{
    private const int MaxKeyLength = 255;

    /// <summary>
    /// Stable per chat and kind, at most 255 characters: <c>livechat-{chatId}-{transcript|missed}</c>
    /// (a chat id too long for that is replaced by its SHA-256).
    /// </summary>
    public string IdempotencyKey
    {
        get
        {
            var kind = Kind == TicketKind.Missed ? "missed" : "transcript";
            var key = $"livechat-{ChatId}-{kind}";
            return key.Length <= MaxKeyLength ? key : $"livechat-{Sha256Hex(ChatId)}-{kind}";
        }
    }

    internal static string Sha256Hex(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}

/// <summary>Why a ticket is being opened.</summary>
public enum TicketKind
{
    /// <summary>The chat ended; the ticket carries its transcript.</summary>
    Transcript,

    /// <summary>Nobody picked the chat up (or the visitor left first); the ticket carries the visitor's question.</summary>
    Missed,
}

/// <summary>Who the ticket is for. Any part may be unknown.</summary>
public sealed record TicketContact(string? Name, string? Email, string? Phone);

/// <summary>One line of the transcript.</summary>
/// <param name="SpeakerKind"><c>visitor</c>, <c>operator</c>, <c>bot</c> or <c>system</c>.</param>
/// <param name="SpeakerName">The display name, e.g. the operator's name; null for "unknown".</param>
/// <param name="At">When the line was sent.</param>
/// <param name="Text">The message text, as typed (it is escaped wherever it is rendered).</param>
/// <param name="AttachmentUrls">Links to the line's attachments.</param>
public sealed record TicketLine(
    string SpeakerKind,
    string? SpeakerName,
    DateTimeOffset At,
    string Text,
    IReadOnlyList<string> AttachmentUrls);
