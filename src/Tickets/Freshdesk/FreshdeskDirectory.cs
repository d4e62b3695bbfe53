using LiveChat.Tickets.Http;
using Microsoft.Extensions.Options;

namespace LiveChat.Tickets.Freshdesk;

/// <summary>
/// A requester's Freshdesk tickets: <c>GET /api/v2/tickets?email=</c> (by phone: the contact found by
/// <c>GET /api/v2/contacts?phone=</c>, then <c>?requester_id=</c>), newest update first, with the sink's API key.
/// </summary>
internal sealed class FreshdeskDirectory(IFreshdeskApi api, IOptions<TicketsOptions> options, TimeProvider time) : IHelpdeskTickets
{
    private const string Name = "Freshdesk";

    public string Provider => TicketProviders.Freshdesk;

    public async Task<HelpdeskAnswer<IReadOnlyList<HelpdeskTicket>>> RecentTicketsAsync(string? email, string? phone, int limit, CancellationToken cancellationToken)
    {
        string? requesterId = null;
        if (email is null && phone is not null)
        {
            var contact = await DirectoryFailure.AskAsync(
                () => TicketHttp.CallAsync(() => api.ListContactsAsync(phone, cancellationToken), Name, cancellationToken), Name, FreshdeskSink.Describe, time,
                response => HelpdeskAnswer<string>.Of(response.Content?.Select(c => TicketHttp.Id(c.Id)).FirstOrDefault(id => id is not null)));
            if (contact.Unavailable is not null || contact.Value is null)
            {
                return new(contact.Unavailable is null ? [] : null, contact.Unavailable);
            }

            requesterId = contact.Value;
        }

        return await DirectoryFailure.AskAsync(
            () => TicketHttp.CallAsync(() => api.ListTicketsAsync(email, requesterId, "updated_at", "desc", limit, cancellationToken), Name, cancellationToken),
            Name, FreshdeskSink.Describe, time,
            response => HelpdeskAnswer<IReadOnlyList<HelpdeskTicket>>.Of([.. (response.Content ?? [])
                .Select(t => (Ticket: t, Id: TicketHttp.Id(t.Id)))
                .Where(t => t.Id is not null)
                .Take(limit)
                .Select(t => new HelpdeskTicket(
                    t.Id!, t.Ticket.Subject ?? "(no subject)", Status(t.Ticket.Status), DirectoryFailure.Time(t.Ticket.UpdatedAt),
                    TicketHttp.Url(options.Value.Freshdesk.BaseUrl!, $"/a/tickets/{t.Id}").ToString()))]));
    }

    /// <summary>Freshdesk's status numbers (a custom status keeps its number).</summary>
    private static string? Status(int? status) => status switch
    {
        null => null,
        2 => "open",
        3 => "pending",
        4 => "resolved",
        5 => "closed",
        var other => other.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
