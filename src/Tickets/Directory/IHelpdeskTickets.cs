namespace LiveChat.Tickets;

/// <summary>
/// A customer's recent tickets in the configured helpdesk (Zendesk, Zoho Desk, Freshdesk), found by the requester's email
/// or phone with the ticket sink's credentials: the console shows them beside the tickets the gateway created.
/// </summary>
public interface IHelpdeskTickets
{
    string Provider { get; }

    /// <summary>Newest first, at most <paramref name="limit"/>; by email when there is one, else by phone.</summary>
    Task<HelpdeskAnswer<IReadOnlyList<HelpdeskTicket>>> RecentTicketsAsync(string? email, string? phone, int limit, CancellationToken cancellationToken);
}

/// <summary>A ticket as the helpdesk has it, with the address an agent opens it at.</summary>
public sealed record HelpdeskTicket(string Id, string Subject, string? Status, DateTimeOffset? UpdatedAt, string Url);
