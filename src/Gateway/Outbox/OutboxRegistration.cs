using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiveChat.Gateway.Outbox;

public static class OutboxRegistration
{
    public static IHostApplicationBuilder AddOutbox(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section)
            .Validate(o => o.MaxAttempts is >= 1 and <= 100, "Outbox:MaxAttempts must be between 1 and 100.")
            .ValidateOnStart();
        services.TryAddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return builder;
    }
}
