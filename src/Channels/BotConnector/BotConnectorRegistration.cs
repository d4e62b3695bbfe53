using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LiveChat.Channels.BotConnector;

public static class BotConnectorRegistration
{
    /// <summary>
    /// The Bots options (every Bots:{Name} child, validated on start). The host provides <see cref="IBotConversations"/>
    /// <see cref="IBotSigningKeys"/> and <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddBotConnector(this IServiceCollection services)
    {
        services.AddOptions<BotsOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                foreach (var child in configuration.GetSection(BotsOptions.Section).GetChildren())
                {
                    options.Bots[child.Key] = child.Get<BotOptions>() ?? new BotOptions();
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotsOptions>, BotsOptionsValidator>());
        return services;
    }

    /// <summary>
    /// Maps POST /v3/conversations/{id}/activities[/{activityId}], PUT and DELETE .../activities/{activityId}, GET .../members,
    /// and what stock bots read to authenticate: /botframework/v2.0/.well-known/openid-configuration, /keys and /token.
    /// </summary>
    public static IEndpointRouteBuilder MapBotConnector(this IEndpointRouteBuilder endpoints)
    {
        BotConnectorEndpoints.Map(endpoints.MapGroup(BotConnectorEndpoints.Prefix).WithTags("Bot Connector"));
        BotChannelAuthEndpoints.Map(endpoints);
        return endpoints;
    }
}
