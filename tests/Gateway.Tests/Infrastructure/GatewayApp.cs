using System.Security.Cryptography.X509Certificates;
using LiveChat.Channels.Inbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
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

    private readonly string _environment;
    private readonly ILoggerProvider? _logs;

    /// <param name="https">When given, the node also listens with HTTPS (this certificate) on another port: <see cref="HttpsAddress"/>.</param>
    /// <param name="logs">When given, the node's logs also go there (tests that assert what is logged).</param>
    public GatewayApp(
        string connectionString, IDictionary<string, string?>? settings = null, TimeProvider? time = null, string provider = "Postgres",
        X509Certificate2? https = null, string environment = "Testing", ILoggerProvider? logs = null)
    {
        Time = time;
        _environment = environment;
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
            // The 4 helpdesk sends a node makes at once, without the 12 more workers a production node keeps busy with
            // its own database work: a full run starts dozens of gateways, and each idle worker polls the queue every second.
            ["Hangfire:WorkerCount"] = "4",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        if (https is null)
        {
            UseKestrel(0);
        }
        else
        {
            UseKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, 0);
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https));
            });
        }
    }

    /// <summary>A node on <paramref name="database"/>, whichever kind it is.</summary>
    public GatewayApp(TestDatabase database, IDictionary<string, string?>? settings = null, TimeProvider? time = null, string environment = "Testing")
        : this(database.ConnectionString, settings, time, database.Provider, environment: environment)
    {
    }

    /// <summary>The node's HTTPS address (only with a certificate given to the constructor).</summary>
    public Uri HttpsAddress
    {
        get
        {
            Start();
            return new Uri(Addresses().Single(a => a.StartsWith("https:", StringComparison.Ordinal)));
        }
    }

    public TimeProvider? Time { get; }

    public Uri BaseAddress
    {
        get
        {
            Start();
            return ClientOptions.BaseAddress;
        }
    }

    public IChannelInbox Inbox => Services.GetRequiredService<IChannelInbox>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
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

    /// <summary>Starts the node; its clients talk plain HTTP even when it listens with HTTPS too.</summary>
    private void Start()
    {
        StartServer();
        if (ClientOptions.BaseAddress.Scheme == Uri.UriSchemeHttps)
        {
            ClientOptions.BaseAddress = new Uri(Addresses().Single(a => a.StartsWith("http:", StringComparison.Ordinal)));
        }
    }

    private ICollection<string> Addresses() => Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;

    /// <summary>An HTTP client for this node with no credentials.</summary>
    public HttpClient Anonymous()
    {
        Start();
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
