using LiveChat.Tickets.Http;
using Microsoft.Extensions.Options;

namespace LiveChat.Tickets.Zendesk;

/// <summary>
/// Zendesk users by id (<c>GET /api/v2/users/{id}.json</c>) and a requester's tickets (the search API:
/// <c>type:ticket requester:{email}</c>; by phone, the user found by <c>/users/search</c> first), with the sink's API token.
/// </summary>
internal sealed class ZendeskDirectory(IZendeskApi api, IOptions<TicketsOptions> options, TimeProvider time) : IHelpdeskUsers, IHelpdeskTickets
{
    private const string Name = "Zendesk";

    public string Provider => TicketProviders.Zendesk;

    public Uri BaseUrl => new(options.Value.Zendesk.BaseUrl!);

    public Task<HelpdeskAnswer<string>> UserEmailAsync(string userId, CancellationToken cancellationToken) =>
        DirectoryFailure.AskAsync(
            () => TicketHttp.CallAsync(() => api.GetUserAsync(userId, cancellationToken), Name, cancellationToken), Name, ZendeskSink.Describe, time,
            response => HelpdeskAnswer<string>.Of(response.IsSuccessStatusCode && response.Content?.User is { Active: not false, Email: { Length: > 0 } email } ? email : null));

    public async Task<HelpdeskAnswer<IReadOnlyList<HelpdeskTicket>>> RecentTicketsAsync(string? email, string? phone, int limit, CancellationToken cancellationToken)
    {
        var requester = email;
        if (requester is null && phone is not null)
        {
            var users = await DirectoryFailure.AskAsync(
                () => TicketHttp.CallAsync(() => api.SearchUsersAsync(phone, cancellationToken), Name, cancellationToken), Name, ZendeskSink.Describe, time,
                response => HelpdeskAnswer<string>.Of(response.Content?.Users?.Select(u => TicketHttp.Id(u.Id)).FirstOrDefault(id => id is not null)));
            if (users.Unavailable is not null || users.Value is null)
            {
                return new(users.Unavailable is null ? [] : null, users.Unavailable);
            }

            requester = users.Value;
        }

        // Search terms are words: quotes keep an address with a plus or a dot one term.
        var query = $"type:ticket requester:\"{requester!.Replace("\"", "", StringComparison.Ordinal)}\"";
        return await DirectoryFailure.AskAsync(
            () => TicketHttp.CallAsync(() => api.SearchAsync(query, "updated_at", "desc", limit, cancellationToken), Name, cancellationToken), Name, ZendeskSink.Describe, time,
            response => HelpdeskAnswer<IReadOnlyList<HelpdeskTicket>>.Of([.. (response.Content?.Results ?? [])
                .Select(t => (Ticket: t, Id: TicketHttp.Id(t.Id)))
                .Where(t => t.Id is not null)
                .Take(limit)
                .Select(t => new HelpdeskTicket(
                    t.Id!, t.Ticket.Subject ?? "(no subject)", t.Ticket.Status, DirectoryFailure.Time(t.Ticket.UpdatedAt),
                    TicketHttp.Url(options.Value.Zendesk.BaseUrl!, $"/agent/tickets/{t.Id}").ToString()))]));
    }
}
