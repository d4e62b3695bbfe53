using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LiveChat.Gateway.Tests.Infrastructure;

/// <summary>The storage a test runs on; the names are the gateway's <c>Storage:Provider</c> values.</summary>
public enum DatabaseKind
{
    Postgres,
    Sqlite,
}

/// <summary>
/// A fresh, empty database, removed afterwards: a PostgreSQL database on the server test.sh started (LIVECHAT_TEST_PG),
/// or an SQLite file in the temp folder (with its -wal and -shm companions). Every test class gets its own, so no test
/// sees another's data.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _server;

    private TestDatabase(DatabaseKind kind, string? server, string name, string connectionString)
    {
        Kind = kind;
        _server = server;
        Name = name;
        ConnectionString = connectionString;
    }

    public DatabaseKind Kind { get; }

    /// <summary>The gateway's <c>Storage:Provider</c> for this database.</summary>
    public string Provider => Kind.ToString();

    /// <summary>The PostgreSQL database's name, or the SQLite file's path.</summary>
    public string Name { get; }

    public string ConnectionString { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable("LIVECHAT_TEST_PG") is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                "LIVECHAT_TEST_PG is not set. Run the suite with ./test.sh, which starts a throwaway PostgreSQL and sets it, " +
                "or point it at a server you own, e.g. LIVECHAT_TEST_PG='Host=127.0.0.1;Port=5432;Username=postgres;Password=...'.");

    public static async Task<TestDatabase> CreateAsync(DatabaseKind kind = DatabaseKind.Postgres)
    {
        if (kind == DatabaseKind.Sqlite)
        {
            var file = Path.Combine(Path.GetTempPath(), $"lc-test-{Guid.NewGuid():N}.db");
            return new TestDatabase(kind, null, file, $"Data Source={file}");
        }

        var server = ServerConnectionString;
        var name = $"lc_test_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new TestDatabase(kind, server, name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection = Kind == DatabaseKind.Sqlite ? new SqliteConnection(ConnectionString) : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (Kind == DatabaseKind.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { Name, Name + "-wal", Name + "-shm" })
            {
                File.Delete(path);
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
