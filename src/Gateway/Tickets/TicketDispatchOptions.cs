using LiveChat.Tickets;

namespace LiveChat.Gateway.Tickets;

/// <summary>How the gateway hands its ticket requests to Hangfire; the same section <c>Tickets</c> as <see cref="TicketsOptions"/>.</summary>
public sealed record TicketDispatchOptions
{
    /// <summary>
    /// How long a started attempt keeps other runs of the request away; it must outlast one whole attempt (all its HTTP
    /// calls). A run that finds a lease older than this was cut short (its node died), so it looks for the ticket first.
    /// A dead node's job runs again after <c>Hangfire:InvisibilityTimeoutSeconds</c>, and waits for the lease if it is longer.
    /// </summary>
    public int LeaseSeconds { get; init; } = 300;

    /// <summary>How often the relay looks for committed requests with no job (another node's commit, a crash before the hand-over).</summary>
    public double PollSeconds { get; init; } = 5;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public TimeSpan Poll => TimeSpan.FromSeconds(PollSeconds);
}
