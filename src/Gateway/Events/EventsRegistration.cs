namespace LiveChat.Gateway.Events;

public static class EventsRegistration
{
    public static IHostApplicationBuilder AddEvents(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<EventLog>();
        services.AddSingleton<EventSignal>();
        services.AddSingleton<NotifySignal>();
        services.AddHostedService<PostgresNotifier>();
        services.AddSingleton<EventHub>();
        services.AddHostedService(sp => sp.GetRequiredService<EventHub>());
        services.AddHostedService<PostgresEventListener>();
        return builder;
    }
}
