using LiveChat.Gateway.Chats;
using LiveChat.Gateway.Outbox;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiveChat.Gateway.Routing;

public static class RoutingRegistration
{
    public static IHostApplicationBuilder AddChatRouting(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<RoutingOptions>()
            .BindConfiguration(RoutingOptions.Section)
            .Validate(o => !RoutingOptions.Problems(o).Any(), "Routing settings are not valid.")
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>();
        services.TryAddSingleton<OutboxSignal>();
        services.AddSingleton<ChatRequests>();
        services.AddSingleton<OfferRouter>();
        services.AddSingleton<ChatSweeper>();
        services.AddHostedService<ChatTimerLoop>();
        return builder;
    }

    private sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
    {
        public ValidateOptionsResult Validate(string? name, RoutingOptions options)
        {
            var problems = RoutingOptions.Problems(options).ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
