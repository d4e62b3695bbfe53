using Npgsql;

namespace LiveChat.Gateway.Tests.Infrastructure;

/// <summary>
/// A fresh, empty PostgreSQL database on the server test.sh started (LIVECHAT_TEST_PG), dropped afterwards.
/// Every test class gets its own, so no test sees another's data.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _server;

    private TestDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("LIVECHAT_TEST_PG") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "LIVECHAT_TEST_PG is not set. Run the suite with ./test.sh, which starts a throwaway PostgreSQL and sets it, " +
                "or point it at a server you own, e.g. LIVECHAT_TEST_PG='Host=127.0.0.1;Port=5432;Username=postgres;Password=...'.");

    public static async Task<TestDatabase> CreateAsync()
    {
        var server = ServerConnectionString;
        var name = $"lc_test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new TestDatabase(server, name);
    }

    public async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
