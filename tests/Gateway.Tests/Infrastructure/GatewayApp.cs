using LiveChat.Channels.Inbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LiveChat.Gateway.Tests.Infrastructure;

/// <summary>
/// One gateway node on real Kestrel (127.0.0.1, a free port) against a test database. Several nodes
/// may share one database, as a cluster does.
/// </summary>
public sealed class GatewayApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@example.test";
    public const string AdminPassword = "admin-password-1";

    private readonly Dictionary<string, string?> _settings;

    private readonly ILoggerProvider? _logs;

    public GatewayApp(string connectionString, IDictionary<string, string?>? settings = null, TimeProvider? time = null, string provider = "Postgres", ILoggerProvider? logs = null)
    {
        Time = time;
        _logs = logs;
        _settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["Storage:ConnectionString"] = connectionString,
            ["Bootstrap:AdminEmail"] = AdminEmail,
            ["Bootstrap:AdminPassword"] = AdminPassword,
            ["Auth:LoginAttemptsPerMinute"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:LiveChat"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        UseKestrel(0);
    }

    public TimeProvider? Time { get; }

    public Uri BaseAddress
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    public IChannelInbox Inbox => Services.GetRequiredService<IChannelInbox>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging =>
        {
            // LIVECHAT_TEST_LOGS=1 shows the nodes' own logs when a test needs explaining.
            if (Environment.GetEnvironmentVariable("LIVECHAT_TEST_LOGS") != "1")
            {
                logging.ClearProviders();
            }

            if (_logs is not null)
            {
                logging.AddProvider(_logs);
            }
        });
        builder.ConfigureTestServices(services =>
        {
            if (Time is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(Time);
            }
        });
    }

    /// <summary>An HTTP client for this node with no credentials.</summary>
    public HttpClient Anonymous()
    {
        StartServer();
        return CreateClient();
    }

    public async Task<OperatorClient> AdminAsync() => await SignInAsync(AdminEmail, AdminPassword);

    public async Task<OperatorClient> SignInAsync(string email, string password)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { email, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", body.GetProperty("accessToken").GetString());
        return new OperatorClient(client, body.GetProperty("operator").GetProperty("id").GetString()!);
    }
}

/// <summary>A signed-in operator's HTTP client.</summary>
public sealed record OperatorClient(HttpClient Http, string Id);
