namespace LiveChat.Tickets;

/// <summary>
/// Who a user of the configured helpdesk (<c>Tickets:Provider</c>) is: for the embed page's agent check. Only Zendesk signs
/// which user opens its app, so only Zendesk has one; it uses the ticket sink's credentials.
/// </summary>
public interface IHelpdeskUsers
{
    /// <summary>The provider's name, as in <see cref="TicketProviders"/>.</summary>
    string Provider { get; }

    /// <summary>The helpdesk's address (<c>Tickets:{Provider}:BaseUrl</c>): whose users it knows.</summary>
    Uri BaseUrl { get; }

    /// <summary>The email of the helpdesk user with this id (null: no such active user), or why the helpdesk could not say.</summary>
    Task<HelpdeskAnswer<string>> UserEmailAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>A helpdesk's answer, or why there is none (it was down, slow or refused): failures are values, not exceptions.</summary>
public sealed record HelpdeskAnswer<T>(T? Value, string? Unavailable)
{
    public static HelpdeskAnswer<T> Of(T? value) => new(value, null);

    public static HelpdeskAnswer<T> Failed(string reason) => new(default, reason);
}
