using LiveChat.Gateway.Events;
using LiveChat.Tickets;

namespace LiveChat.Gateway.Tickets;

public static class TicketsRegistration
{
    /// <summary>The ticket job, the relay that hands committed requests to Hangfire, and their options; <c>AddTickets()</c>, called before, supplies the sink (or none: then the requests only wait).</summary>
    public static IHostApplicationBuilder AddTicketDispatch(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TicketDispatchOptions>().BindConfiguration(TicketsOptions.Section)
            .Validate(o => o.LeaseSeconds is >= 1 and <= 86_400, "Tickets:LeaseSeconds must be between 1 and 86400.")
            .Validate(o => o.PollSeconds is >= 0.05 and <= 3_600, "Tickets:PollSeconds must be between 0.05 and 3600.")
            .Validate<IOptions<TicketsOptions>>(
                (o, tickets) => o.LeaseSeconds > tickets.Value.AttemptTimeoutSeconds,
                "Tickets:LeaseSeconds must be longer than Tickets:AttemptTimeoutSeconds, or a slow attempt could be taken over while it is still running.")
            .ValidateOnStart();
        services.AddSingleton<TicketSignal>();
        services.AddSingleton<TicketRecorder>();
        services.AddSingleton<TicketSending>();
        services.AddTransient<TicketJob>();
        if (services.Any(d => d.ServiceType == typeof(ITicketSink)))
        {
            services.AddHostedService<TicketRelay>();
        }
        else
        {
            services.AddHostedService<TicketsWithoutHelpdesk>();
        }

        return builder;
    }
}
