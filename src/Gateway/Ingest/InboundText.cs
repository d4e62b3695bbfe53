using LiveChat.Channels.Inbox;

namespace LiveChat.Gateway.Ingest;

/// <summary>
/// PostgreSQL text cannot hold U+0000, which JSON can carry ("\u0000") and a customer's app may send. Left in, it
/// fails the transaction, the channel gets a 500 and redelivers the same message for days. It is dropped from what
/// is stored as text; the activity's own JSON keeps it escaped.
/// </summary>
internal static class InboundText
{
    public static InboundItem Clean(InboundItem item)
    {
        if (!HasNul(item.ExternalId) && !HasNul(item.ConversationKey) && !HasNul(item.Activity.Text) && !HasNul(item.Activity.From?.Name)
            && !VisitorHasNul(item.Visitor))
        {
            return item;
        }

        var sender = item.Activity.From;
        var v = item.Visitor;
        return item with
        {
            ExternalId = Strip(item.ExternalId)!,
            ConversationKey = Strip(item.ConversationKey)!,
            Activity = item.Activity with { Text = Strip(item.Activity.Text), From = sender is null ? null : sender with { Name = Strip(sender.Name) } },
            Visitor = v with
            {
                Name = Strip(v.Name), Email = Strip(v.Email), Phone = Strip(v.Phone), Page = Strip(v.Page), PageTitle = Strip(v.PageTitle),
                Referrer = Strip(v.Referrer), Language = Strip(v.Language), Country = Strip(v.Country), Browser = Strip(v.Browser), Os = Strip(v.Os),
                DepartmentId = Strip(v.DepartmentId), Question = Strip(v.Question),
            },
        };
    }

    private static bool VisitorHasNul(VisitorProfile v) =>
        HasNul(v.Name) || HasNul(v.Email) || HasNul(v.Phone) || HasNul(v.Page) || HasNul(v.PageTitle) || HasNul(v.Referrer)
        || HasNul(v.Language) || HasNul(v.Country) || HasNul(v.Browser) || HasNul(v.Os) || HasNul(v.DepartmentId) || HasNul(v.Question);

    private static bool HasNul(string? text) => text is not null && text.Contains('\0', StringComparison.Ordinal);

    private static string? Strip(string? text) => HasNul(text) ? text!.Replace("\0", string.Empty, StringComparison.Ordinal) : text;
}
