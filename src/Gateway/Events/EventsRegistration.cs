namespace LiveChat.Gateway.Events;

public static class EventsRegistration
{
    public static IServiceCollection AddEvents(this IServiceCollection services)
    {
        services.AddSingleton<EventLog>();
        services.AddSingleton<IUnitOfWorkCommit, UnitOfWorkCommit>();
        services.AddSingleton<PostgresNotifier>();
        services.AddSingleton<EventHub>();
        services.AddHostedService(sp => sp.GetRequiredService<EventHub>());
        services.AddHostedService<PostgresEventListener>();
        return services;
    }
}
