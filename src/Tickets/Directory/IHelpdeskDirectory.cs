namespace LiveChat.Tickets;

/// <summary>
/// What the gateway asks the configured helpdesk (<c>Tickets:Provider</c>) beyond the tickets it creates: who a helpdesk
/// user is. Registered with the sink for Zendesk, Zoho Desk and Freshdesk, with the same credentials.
/// </summary>
public interface IHelpdeskDirectory
{
    /// <summary>The provider's name, as in <see cref="TicketProviders"/>.</summary>
    string Provider { get; }

    /// <summary>The helpdesk's address (<c>Tickets:{Provider}:BaseUrl</c>): whose users the directory knows.</summary>
    Uri BaseUrl { get; }

    /// <summary>The email of the helpdesk user with this id (null: no such user), or why the helpdesk could not say.</summary>
    Task<HelpdeskAnswer<string>> UserEmailAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>A helpdesk's answer, or why there is none (it was down, slow or refused): failures are values, not exceptions.</summary>
public sealed record HelpdeskAnswer<T>(T? Value, string? Unavailable)
{
    public static HelpdeskAnswer<T> Of(T? value) => new(value, null);

    public static HelpdeskAnswer<T> Failed(string reason) => new(default, reason);
}
