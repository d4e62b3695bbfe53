using LiveChat.Tickets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LiveChat.Tickets.Tests.Support;

/// <summary>The module as the Gateway wires it: configuration → AddTickets → the registered sink.</summary>
internal static class SinkHost
{
    public static ServiceProvider Build(IDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddTickets(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    public static ITicketSink Sink(this ServiceProvider services)
    {
        _ = services.GetRequiredService<IOptions<TicketsOptions>>().Value;
        return services.GetRequiredService<ITicketSink>();
    }

    public static Dictionary<string, string?> Zoho(Uri api, params (string Key, string? Value)[] extra) => With(
        new()
        {
            ["Tickets:Provider"] = "ZohoDesk",
            ["Tickets:AttemptTimeoutSeconds"] = "2",
            ["Tickets:ZohoDesk:BaseUrl"] = api.ToString(),
            ["Tickets:ZohoDesk:AccountsUrl"] = api.ToString(),
            ["Tickets:ZohoDesk:OrgId"] = "org-1",
            ["Tickets:ZohoDesk:DepartmentId"] = "dep-default",
            ["Tickets:ZohoDesk:ClientId"] = "client-id",
            ["Tickets:ZohoDesk:ClientSecret"] = "client-secret",
            ["Tickets:ZohoDesk:RefreshToken"] = "refresh-token",
        },
        extra);

    public static Dictionary<string, string?> Zendesk(Uri api) => new()
    {
        ["Tickets:Provider"] = "Zendesk",
        ["Tickets:AttemptTimeoutSeconds"] = "2",
        ["Tickets:Zendesk:BaseUrl"] = api.ToString(),
        ["Tickets:Zendesk:Email"] = "bot@acme.example",
        ["Tickets:Zendesk:ApiToken"] = "zd-token",
    };

    public static Dictionary<string, string?> Freshdesk(Uri api) => new()
    {
        ["Tickets:Provider"] = "Freshdesk",
        ["Tickets:AttemptTimeoutSeconds"] = "2",
        ["Tickets:Freshdesk:BaseUrl"] = api.ToString(),
        ["Tickets:Freshdesk:ApiKey"] = "fd-key",
    };

    public static Dictionary<string, string?> Webhook(string url, string timeoutSeconds = "2") => new()
    {
        ["Tickets:Provider"] = "Webhook",
        ["Tickets:AttemptTimeoutSeconds"] = timeoutSeconds,
        ["Tickets:Webhook:Url"] = url,
        ["Tickets:Webhook:Secret"] = "whsec-test",
    };

    private static Dictionary<string, string?> With(Dictionary<string, string?> settings, (string Key, string? Value)[] extra)
    {
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }
}

/// <summary>A clock the test moves.</summary>
internal sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
