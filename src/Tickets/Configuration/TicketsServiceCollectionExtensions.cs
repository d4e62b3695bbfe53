using LiveChat.Resilience;
using LiveChat.Tickets.Freshdesk;
using LiveChat.Tickets.Webhook;
using LiveChat.Tickets.ZohoDesk;
using LiveChat.Tickets.Zendesk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LiveChat.Tickets;

public static class TicketsServiceCollectionExtensions
{
    /// <summary>
    /// Binds and validates <see cref="TicketsOptions"/> (section <c>Tickets</c>, checked at start-up) and
    /// registers the one <see cref="ITicketSink"/> of <c>Tickets:Provider</c> in the builder's configuration, or none when it is empty.
    /// </summary>
    public static IHostApplicationBuilder AddTickets(this IHostApplicationBuilder builder)
    {
        builder.Services.AddTickets(builder.Configuration);
        return builder;
    }

    /// <inheritdoc cref="AddTickets(IHostApplicationBuilder)"/>
    public static IServiceCollection AddTickets(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TicketsOptions>().BindConfiguration(TicketsOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TicketsOptions>, TicketsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        var settings = configuration.GetSection(TicketsOptions.Section).Get<TicketsOptions>() ?? new TicketsOptions();
        var resilience = new HttpResilienceOptions
        {
            // The dispatcher retries durably; in-process retries would only hide ambiguity.
            MaxRetries = 0,
            AttemptTimeout = TimeSpan.FromSeconds(Math.Clamp(settings.AttemptTimeoutSeconds, 1, 300)),
        };
        switch (TicketProviders.Normalise(settings.Provider))
        {
            case TicketProviders.ZohoDesk:
                services.TryAddSingleton<ZohoDeskTokenCache>();
                services.AddApi<IZohoDeskApi>(ZohoDeskJson.Default, sp => Options(sp).ZohoDesk.BaseUrl, resilience);
                services.AddApi<IZohoAccountsApi>(ZohoDeskJson.Default, sp => Options(sp).ZohoDesk.AccountsUrl, resilience);
                services.AddTransient<ZohoDeskSink>();
                services.AddTransient<ITicketSink>(sp => sp.GetRequiredService<ZohoDeskSink>());
                services.AddTransient<IHelpdeskTickets, ZohoDeskDirectory>();
                break;
            case TicketProviders.Zendesk:
                services.AddApi<IZendeskApi>(ZendeskJson.Default, sp => Options(sp).Zendesk.BaseUrl!, resilience)
                    .ConfigureHttpClient((sp, client) => client.DefaultRequestHeaders.Authorization = ZendeskSink.Credentials(Options(sp).Zendesk));
                services.AddTransient<ITicketSink, ZendeskSink>();
                services.AddTransient<ZendeskDirectory>();
                services.AddTransient<IHelpdeskUsers>(sp => sp.GetRequiredService<ZendeskDirectory>());
                services.AddTransient<IHelpdeskTickets>(sp => sp.GetRequiredService<ZendeskDirectory>());
                break;
            case TicketProviders.Freshdesk:
                services.AddApi<IFreshdeskApi>(FreshdeskJson.Default, sp => Options(sp).Freshdesk.BaseUrl!, resilience)
                    .ConfigureHttpClient((sp, client) => client.DefaultRequestHeaders.Authorization = FreshdeskSink.Credentials(Options(sp).Freshdesk));
                services.AddTransient<ITicketSink, FreshdeskSink>();
                services.AddTransient<IHelpdeskTickets, FreshdeskDirectory>();
                break;
            case TicketProviders.Webhook:
                // A signed POST of exact bytes to one configured URL: a typed HttpClient, not a REST API.
                services.AddHttpClient<WebhookSink>(client => client.Timeout = Timeout.InfiniteTimeSpan).AddLiveChatResilience(resilience);
                services.AddTransient<ITicketSink>(sp => sp.GetRequiredService<WebhookSink>());
                break;
            default:
                // No provider (or an unknown one, which ValidateOnStart reports): no sink.
                break;
        }

        return services;
    }

    private static TicketsOptions Options(IServiceProvider services) => services.GetRequiredService<IOptions<TicketsOptions>>().Value;
}
