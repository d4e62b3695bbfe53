using LiveChat.Tickets.Http;
using Microsoft.Extensions.Options;

namespace LiveChat.Tickets.Zendesk;

/// <summary>Zendesk users by id (<c>GET /api/v2/users/{id}</c>) with the ticket sink's API token.</summary>
internal sealed class ZendeskDirectory(IZendeskApi api, IOptions<TicketsOptions> options, TimeProvider time) : IHelpdeskDirectory
{
    private const string Name = "Zendesk";

    public string Provider => TicketProviders.Zendesk;

    public Uri BaseUrl => new(options.Value.Zendesk.BaseUrl!);

    public async Task<HelpdeskAnswer<string>> UserEmailAsync(string userId, CancellationToken cancellationToken)
    {
        var exchange = await TicketHttp.CallAsync(() => api.GetUserAsync(userId, cancellationToken), Name, cancellationToken);
        if (exchange.Failure is { } failure)
        {
            return HelpdeskAnswer<string>.Failed(DirectoryFailure.Reason(failure));
        }

        using var response = exchange.Response!;
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return HelpdeskAnswer<string>.Of(null);
        }

        return response.IsSuccessStatusCode
            ? HelpdeskAnswer<string>.Of(response.Content?.User is { Active: not false, Email: { Length: > 0 } email } ? email : null)
            : HelpdeskAnswer<string>.Failed(DirectoryFailure.Reason(TicketHttp.Failure(response, Name, ZendeskSink.Describe, time)));
    }
}
