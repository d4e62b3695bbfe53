using Refit;

namespace LiveChat.Tickets.Freshdesk;

/// <summary>The Freshdesk API v2 calls of the sink and the directory; Basic auth (<c>{api key}:X</c>) is set on the client.</summary>
internal interface IFreshdeskApi
{
    [Post("/api/v2/tickets")]
    Task<IApiResponse<FreshdeskTicket>> CreateTicketAsync([Body] FreshdeskCreate ticket, CancellationToken cancellationToken);

    /// <param name="query">The search expression with its quotes, e.g. <c>"tag:'livechat-…'"</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    [Get("/api/v2/search/tickets")]
    Task<IApiResponse<FreshdeskSearchResult>> SearchAsync(string query, CancellationToken cancellationToken);

    /// <summary>Tickets by requester email or id (null terms are left out); all of them, not only the last 30 days.</summary>
    [Get("/api/v2/tickets?updated_since=2000-01-01T00:00:00Z")]
    Task<IApiResponse<List<FreshdeskListedTicket>>> ListTicketsAsync(
        string? email,
        [AliasAs("requester_id")] string? requesterId,
        [AliasAs("order_by")] string orderBy,
        [AliasAs("order_type")] string orderType,
        [AliasAs("per_page")] int perPage,
        CancellationToken cancellationToken);

    [Get("/api/v2/contacts")]
    Task<IApiResponse<List<FreshdeskContact>>> ListContactsAsync(string phone, CancellationToken cancellationToken);
}
