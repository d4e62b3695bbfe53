using Refit;

namespace LiveChat.Tickets.ZohoDesk;

/// <summary>
/// The Zoho Desk calls the sink makes. Every call carries the OAuth access token (<c>Zoho-oauthtoken …</c>, refreshed
/// by <see cref="ZohoDeskTokenCache"/>) and the organisation id, so both are parameters rather than client defaults.
/// </summary>
internal interface IZohoDeskApi
{
    [Post("/api/v1/tickets")]
    Task<IApiResponse<ZohoTicket>> CreateTicketAsync(
        [Body] ZohoTicketCreate ticket, [Header("Authorization")] string authorization, [Header("orgId")] string orgId, CancellationToken cancellationToken);

    /// <summary>Full-text (<paramref name="all"/>) or by custom field (<paramref name="customField"/> = <c>field:value</c>); null terms are left out.</summary>
    [Get("/api/v1/tickets/search")]
    Task<IApiResponse<ZohoSearchResult>> SearchAsync(
        [AliasAs("_all")] string? all,
        [AliasAs("customField1")] string? customField,
        int limit,
        [Header("Authorization")] string authorization,
        [Header("orgId")] string orgId,
        CancellationToken cancellationToken);

    /// <summary>A requester's tickets by contact email or phone (null terms are left out), sorted by <paramref name="sortBy"/>.</summary>
    [Get("/api/v1/tickets/search")]
    Task<IApiResponse<ZohoFoundTickets>> SearchByContactAsync(
        string? email,
        string? phone,
        int limit,
        string sortBy,
        [Header("Authorization")] string authorization,
        [Header("orgId")] string orgId,
        CancellationToken cancellationToken);

    [Post("/api/v1/tickets/{ticketId}/associateTag")]
    Task<IApiResponse> TagAsync(
        string ticketId, [Body] ZohoTagList tags, [Header("Authorization")] string authorization, [Header("orgId")] string orgId, CancellationToken cancellationToken);

    [Post("/api/v1/tickets/{ticketId}/comments")]
    Task<IApiResponse> CommentAsync(
        string ticketId, [Body] ZohoComment comment, [Header("Authorization")] string authorization, [Header("orgId")] string orgId, CancellationToken cancellationToken);
}

/// <summary>Zoho accounts: the refresh-token grant (a form post) for a new access token.</summary>
internal interface IZohoAccountsApi
{
    [Post("/oauth/v2/token")]
    Task<IApiResponse<ZohoTokenResponse>> RefreshAsync(
        [Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> grant, CancellationToken cancellationToken);
}
