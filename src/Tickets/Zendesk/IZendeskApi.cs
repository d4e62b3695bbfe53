using Refit;

namespace LiveChat.Tickets.Zendesk;

/// <summary>The Zendesk API calls of the sink and the directory; Basic auth (<c>{email}/token:{api token}</c>) is set on the client.</summary>
internal interface IZendeskApi
{
    [Post("/api/v2/tickets")]
    Task<IApiResponse<ZendeskTicketResponse>> CreateTicketAsync(
        [Body] ZendeskCreate ticket, [Header(HttpResilience.IdempotencyKeyHeader)] string idempotencyKey, CancellationToken cancellationToken);

    [Get("/api/v2/tickets")]
    Task<IApiResponse<ZendeskTicketList>> ListByExternalIdAsync(
        [AliasAs("external_id")] string externalId, CancellationToken cancellationToken);

    [Get("/api/v2/users/{userId}.json")]
    Task<IApiResponse<ZendeskUserResponse>> GetUserAsync(string userId, CancellationToken cancellationToken);

    [Get("/api/v2/users/search.json")]
    Task<IApiResponse<ZendeskUserList>> SearchUsersAsync(string query, CancellationToken cancellationToken);

    [Get("/api/v2/search.json")]
    Task<IApiResponse<ZendeskSearchResult>> SearchAsync(
        string query,
        [AliasAs("sort_by")] string sortBy,
        [AliasAs("sort_order")] string sortOrder,
        [AliasAs("per_page")] int perPage,
        CancellationToken cancellationToken);
}
