extern alias gateway;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LiveChat.Bench;

/// <summary>The real gateway on Kestrel (127.0.0.1) against its own PostgreSQL database.</summary>
public sealed class GatewayUnderTest(string connectionString, IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<gateway::Program>
{
    /// <summary>Starts a gateway on a new database, or on <paramref name="database"/> (a connection string) to restart one.</summary>
    public static async Task<GatewayUnderTest> StartAsync(string server, IReadOnlyDictionary<string, string?> settings, string? database = null)
    {
        if (database is null)
        {
            var name = $"lc_bench_{Guid.NewGuid():N}";
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync();
            }

            database = new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        }

        // The gateway needs no files of its own; point its content root at the bench's output.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_LIVECHAT_GATEWAY", AppContext.BaseDirectory);
        var gateway = new GatewayUnderTest(database, settings);
        gateway.UseKestrel(0);
        gateway.StartServer();
        return gateway;
    }

    public Uri Address => ClientOptions.BaseAddress;

    /// <summary>The gateway's database, for the bench's own checks (duplicates, deadlines).</summary>
    public string Database => connectionString;

    /// <summary>
    /// Gives PostgreSQL statistics of the tables as they are now, as autovacuum does within a minute on a live system.
    /// A bench run starts on a new, empty database: without this, statements prepared in its first seconds keep plans
    /// made for empty tables (sequential scans) for the whole run.
    /// </summary>
    public async Task AnalyzeAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var analyze = new NpgsqlCommand("ANALYZE", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Benchmark");
        builder.UseSetting("Storage:Provider", "Postgres");
        builder.UseSetting("Storage:ConnectionString", connectionString);
        builder.UseSetting("Storage:MaxPoolSize", "100");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        // LIVECHAT_BENCH_LOG=1 keeps the gateway's warnings and errors on the console, to see why something failed.
        var log = Environment.GetEnvironmentVariable("LIVECHAT_BENCH_LOG") == "1";
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.ConfigureLogging(logging =>
        {
            logging.ClearProviders();
            if (log)
            {
                logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
            }
        });
    }
}
