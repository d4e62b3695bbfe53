using Refit;

namespace LiveChat.Tickets.Freshdesk;

/// <summary>The two Freshdesk API v2 calls the sink makes; Basic auth (<c>{api key}:X</c>) is set on the client.</summary>
internal interface IFreshdeskApi
{
    [Post("/api/v2/tickets")]
    Task<IApiResponse<FreshdeskTicket>> CreateTicketAsync([Body] FreshdeskCreate ticket, CancellationToken cancellationToken);

    /// <param name="query">The search expression with its quotes, e.g. <c>"tag:'livechat-…'"</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [Get("/api/v2/search/tickets")]
    Task<IApiResponse<FreshdeskSearchResult>> SearchAsync(string query, CancellationToken cancellationToken);
}
