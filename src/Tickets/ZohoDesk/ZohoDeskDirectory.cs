using LiveChat.Tickets.Http;

namespace LiveChat.Tickets.ZohoDesk;

/// <summary>
/// A requester's Zoho Desk tickets: <c>GET /api/v1/tickets/search?email=</c> (or <c>phone=</c>), newest change first,
/// with the sink's OAuth token and organisation; Zoho answers 204 when there are none.
/// </summary>
internal sealed class ZohoDeskDirectory(ZohoDeskSink sink, IZohoDeskApi api, Microsoft.Extensions.Options.IOptions<TicketsOptions> options, TimeProvider time) : IHelpdeskTickets
{
    private const string Name = "Zoho Desk";

    public string Provider => TicketProviders.ZohoDesk;

    public Task<HelpdeskAnswer<IReadOnlyList<HelpdeskTicket>>> RecentTicketsAsync(string? email, string? phone, int limit, CancellationToken cancellationToken) =>
        DirectoryFailure.AskAsync(
            () => sink.CallAsync(auth => api.SearchByContactAsync(email, email is null ? phone : null, limit, "-modifiedTime", auth, options.Value.ZohoDesk.OrgId!, cancellationToken), cancellationToken),
            Name, ZohoDeskSink.Describe, time,
            response => HelpdeskAnswer<IReadOnlyList<HelpdeskTicket>>.Of([.. (response.Content?.Data ?? [])
                .Select(t => (Ticket: t, Id: TicketHttp.Id(t.Id)))
                .Where(t => t.Id is not null)
                .Take(limit)
                .Select(t => new HelpdeskTicket(
                    t.Ticket.TicketNumber ?? t.Id!, t.Ticket.Subject ?? "(no subject)", t.Ticket.Status, DirectoryFailure.Time(t.Ticket.ModifiedTime),
                    t.Ticket.WebUrl ?? TicketHttp.Url(options.Value.ZohoDesk.BaseUrl, $"/agent/tickets/{t.Id}").ToString()))]));
}
