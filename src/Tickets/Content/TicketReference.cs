namespace LiveChat.Tickets;

/// <summary>
/// Our reference as helpdesks can store and search it: the idempotency key when it is short and made of
/// letters, digits, '-' and '_' only (safe in tags and search queries), else <c>livechat-</c> plus 20 hex
/// digits of its SHA-256. Freshdesk tags are short, Zoho's search values are restricted, hence the cap.
/// </summary>
public static class TicketReference
{
    public const int MaxLength = 32;

    public static string For(TicketRequest request)
    {
        var key = request.IdempotencyKey;
        return key.Length <= MaxLength && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? key.ToLowerInvariant()
            : "livechat-" + TicketRequest.Sha256Hex(key)[..20];
    }
}
