using Microsoft.Extensions.Logging;

namespace LiveChat.Gateway.Tests.Infrastructure;

/// <summary>A test class's own database and gateway node (on PostgreSQL unless a subclass says otherwise).</summary>
public class GatewayFixture : IAsyncLifetime
{
    /// <summary>The storage the node runs on.</summary>
    public virtual DatabaseKind Kind => DatabaseKind.Postgres;

    public TestDatabase Database { get; private set; } = null!;

    public GatewayApp App { get; private set; } = null!;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected virtual TimeProvider? Time => null;

    /// <summary>A certificate for the node to listen with HTTPS too (<see cref="GatewayApp.HttpsAddress"/>), or null.</summary>
    protected virtual System.Security.Cryptography.X509Certificates.X509Certificate2? Https => null;

    protected virtual ILoggerProvider? Logs => null;

    public virtual async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(Kind);
        App = new GatewayApp(Database.ConnectionString, Settings, Time, Database.Provider, Https, logs: Logs);
        _ = App.BaseAddress;
    }

    public virtual async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>The same, on the embedded SQLite default.</summary>
public sealed class SqliteGatewayFixture : GatewayFixture
{
    public override DatabaseKind Kind => DatabaseKind.Sqlite;
}
