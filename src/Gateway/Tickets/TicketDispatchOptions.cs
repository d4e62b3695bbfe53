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

/// <summary>Wakes this node's ticket relay after a commit (a chat ended, a retry was asked for); other nodes find the rows on their next poll.</summary>
public sealed class TicketSignal : WakeSignal;

public static class TicketsRegistration
{
    /// <summary>The ticket job, the relay that hands committed requests to Hangfire, and their options; <c>AddTickets()</c> supplies the sink.</summary>
    public static IServiceCollection AddTicketDispatch(this IServiceCollection services)
    {
        services.AddOptions<TicketDispatchOptions>().BindConfiguration(TicketsOptions.Section)
            .Validate(o => o.LeaseSeconds is >= 1 and <= 86_400, "Tickets:LeaseSeconds must be between 1 and 86400.")
            .Validate(o => o.PollSeconds is >= 0.05 and <= 3_600, "Tickets:PollSeconds must be between 0.05 and 3600.")
            .Validate<IOptions<TicketsOptions>>(
                (o, tickets) => o.LeaseSeconds > tickets.Value.AttemptTimeoutSeconds,
                "Tickets:LeaseSeconds must be longer than Tickets:AttemptTimeoutSeconds, or a slow attempt could be taken over while it is still running.")
            .ValidateOnStart();
        services.AddSingleton<TicketSignal>();
        services.AddSingleton<TicketRecorder>();
        services.AddSingleton<TicketJob>();
        services.AddSingleton<TicketRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<TicketRelay>());
        return services;
    }
}
