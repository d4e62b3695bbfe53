using LiveChat.Channels.Activities;
using LiveChat.Channels.Inbox;

namespace LiveChat.Gateway.Ingest;

/// <summary>
/// The ingest edge for what channels hand over: PostgreSQL text cannot hold U+0000 and the driver refuses lone
/// surrogates, both of which JSON can carry and a customer's app may send; and an id above
/// <see cref="InboundLimits.Id"/> would exceed the index row limit of the dedupe key. Left in, any of these fails
/// the transaction, the channel gets a 500 and redelivers the same message for days. So NULs are dropped, lone
/// surrogates become U+FFFD, text is cut to its limit between text elements, and an item, status or read receipt
/// whose id is too long is dropped (reported, so that the caller logs it once). The activity's own JSON keeps what
/// it carried, escaped.
/// </summary>
internal static class InboundText
{
    public static InboundBatch Clean(InboundBatch batch, List<string> dropped)
    {
        var items = batch.Items.Where(i => Fits(i.ExternalId, "a message id", dropped) && Fits(i.ConversationKey, "a conversation id", dropped)).Select(Clean).ToList();
        var deliveries = batch.Deliveries.Where(d => Fits(d.ExternalId, "a status's message id", dropped))
            .Select(d => Fine(d.ExternalId, InboundLimits.Id) && Fine(d.ErrorCode, InboundLimits.Field) && Fine(d.ErrorMessage, InboundLimits.Url)
                ? d
                : d with { ExternalId = Short(d.ExternalId, InboundLimits.Id)!, ErrorCode = Short(d.ErrorCode, InboundLimits.Field), ErrorMessage = Short(d.ErrorMessage, InboundLimits.Url) })
            .ToList();
        var receipts = batch.ReadReceipts.Where(r => Fits(r.ConversationKey, "a read receipt's conversation id", dropped))
            .Select(r => Fine(r.ConversationKey, InboundLimits.Id) ? r : r with { ConversationKey = Short(r.ConversationKey, InboundLimits.Id)! })
            .ToList();
        return Same(items, batch.Items) && Same(deliveries, batch.Deliveries) && Same(receipts, batch.ReadReceipts)
            ? batch
            : new InboundBatch(items, deliveries) { ReadReceipts = receipts };
    }

    private static bool Same<T>(List<T> cleaned, IReadOnlyList<T> original) where T : class =>
        cleaned.Count == original.Count && cleaned.Zip(original).All(pair => ReferenceEquals(pair.First, pair.Second));

    private static InboundItem Clean(InboundItem item)
    {
        var a = item.Activity;
        var v = item.Visitor;
        if (Fine(item.ExternalId, InboundLimits.Id) && Fine(item.ConversationKey, InboundLimits.Id) && Fine(a.Text, InboundLimits.Text)
            && Fine(a.From?.Id, InboundLimits.Id) && Fine(a.From?.Name, InboundLimits.Field) && Fine(v))
        {
            return item;
        }

        return item with
        {
            ExternalId = Short(item.ExternalId, InboundLimits.Id)!,
            ConversationKey = Short(item.ConversationKey, InboundLimits.Id)!,
            Activity = a with
            {
                Text = Short(a.Text, InboundLimits.Text),
                From = a.From is null ? null : a.From with { Id = Short(a.From.Id, InboundLimits.Id), Name = Short(a.From.Name, InboundLimits.Field) },
            },
            Visitor = v with
            {
                Name = Short(v.Name, InboundLimits.Field), Email = Short(v.Email, InboundLimits.Field), Phone = Short(v.Phone, InboundLimits.Field),
                Page = Short(v.Page, InboundLimits.Url), PageTitle = Short(v.PageTitle, InboundLimits.Field), Referrer = Short(v.Referrer, InboundLimits.Url),
                Language = Short(v.Language, InboundLimits.Field), Country = Short(v.Country, InboundLimits.Field), Browser = Short(v.Browser, InboundLimits.Field),
                Os = Short(v.Os, InboundLimits.Field), DepartmentId = Short(v.DepartmentId, InboundLimits.Id), Question = Short(v.Question, InboundLimits.Text),
            },
        };
    }

    private static bool Fine(VisitorProfile v) =>
        Fine(v.Name, InboundLimits.Field) && Fine(v.Email, InboundLimits.Field) && Fine(v.Phone, InboundLimits.Field) && Fine(v.Page, InboundLimits.Url)
        && Fine(v.PageTitle, InboundLimits.Field) && Fine(v.Referrer, InboundLimits.Url) && Fine(v.Language, InboundLimits.Field)
        && Fine(v.Country, InboundLimits.Field) && Fine(v.Browser, InboundLimits.Field) && Fine(v.Os, InboundLimits.Field)
        && Fine(v.DepartmentId, InboundLimits.Id) && Fine(v.Question, InboundLimits.Text);

    private static bool Fine(string? text, int max) => text is null || (text.Length <= max && SafeText.Problem(text) is null);

    private static bool Fits(string? id, string what, List<string> dropped)
    {
        if ((id?.Length ?? 0) <= InboundLimits.Id)
        {
            return true;
        }

        dropped.Add($"{what} longer than {InboundLimits.Id} characters");
        return false;
    }

    private static string? Short(string? text, int max) => text is null ? null : SafeText.Cut(SafeText.Clean(text), max);
}
