using Microsoft.Extensions.Logging;

namespace LiveChat.Gateway.Tests.Infrastructure;

/// <summary>A test class's own database and gateway node.</summary>
public class GatewayFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public GatewayApp App { get; private set; } = null!;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected virtual TimeProvider? Time => null;

    /// <summary>A certificate for the node to listen with HTTPS too (<see cref="GatewayApp.HttpsAddress"/>), or null.</summary>
    protected virtual System.Security.Cryptography.X509Certificates.X509Certificate2? Https => null;

    protected virtual ILoggerProvider? Logs => null;

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        App = new GatewayApp(Database.ConnectionString, Settings, Time, https: Https, logs: Logs);
        _ = App.BaseAddress;
    }

    public virtual async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}
