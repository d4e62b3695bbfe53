using LiveChat.Tickets;

namespace LiveChat.Gateway.Tickets;

/// <summary>How the gateway works through its ticket queue; the same section <c>Tickets</c> as <see cref="TicketsOptions"/>.</summary>
public sealed record TicketDispatchOptions
{
    /// <summary>How long a node owns a claimed request; it must outlast one whole attempt (all its HTTP calls).</summary>
    public int LeaseSeconds { get; init; } = 300;

    /// <summary>How often a node looks for due requests when nothing woke it (sooner when a scheduled retry comes due).</summary>
    public double PollSeconds { get; init; } = 5;

    /// <summary>Requests claimed per round (sent <see cref="TicketDispatcher.Parallelism"/> at a time).</summary>
    public int BatchSize { get; init; } = 16;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    public TimeSpan Poll => TimeSpan.FromSeconds(PollSeconds);
}

/// <summary>Wakes this node's ticket dispatcher after a commit (a chat ended, a retry was asked for); other nodes find the rows on their next poll.</summary>
public sealed class TicketSignal : WakeSignal;

public static class TicketsRegistration
{
    /// <summary>The ticket dispatcher (a hosted service) and its options; <c>AddTickets()</c> supplies the sink.</summary>
    public static IServiceCollection AddTicketDispatch(this IServiceCollection services)
    {
        services.AddOptions<TicketDispatchOptions>().BindConfiguration(TicketsOptions.Section)
            .Validate(o => o.LeaseSeconds is >= 1 and <= 86_400, "Tickets:LeaseSeconds must be between 1 and 86400.")
            .Validate(o => o.PollSeconds is >= 0.05 and <= 3_600, "Tickets:PollSeconds must be between 0.05 and 3600.")
            .Validate(o => o.BatchSize is >= 1 and <= 500, "Tickets:BatchSize must be between 1 and 500.")
            .Validate<IOptions<TicketsOptions>>(
                (o, tickets) => o.LeaseSeconds > tickets.Value.AttemptTimeoutSeconds,
                "Tickets:LeaseSeconds must be longer than Tickets:AttemptTimeoutSeconds, or a slow attempt could be taken over while it is still running.")
            .ValidateOnStart();
        services.AddSingleton<TicketSignal>();
        services.AddSingleton<TicketDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<TicketDispatcher>());
        return services;
    }
}
