using Microsoft.Data.Sqlite;
using Npgsql;

namespace LiveChat.Gateway.Storage;

public static class StorageRegistration
{
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        DapperSetup.Apply();
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .Validate(
                o => o.Provider != StorageProvider.Postgres || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Storage:ConnectionString is required when Storage:Provider is Postgres.")
            .ValidateOnStart();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var environment = sp.GetRequiredService<IHostEnvironment>();
            var commit = sp.GetRequiredService<IUnitOfWorkCommit>();
            return options.Provider == StorageProvider.Postgres
                ? new Db(BuildPostgres(options), StorageProvider.Postgres, commit)
                : new Db(BuildSqlite(options, environment), StorageProvider.Sqlite, commit);
        });
        services.AddSingleton<Migrator>();
        services.AddHostedService<MigrateOnStart>();
        return builder;
    }

    internal static NpgsqlDataSource BuildPostgres(StorageOptions options)
    {
        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            MaxPoolSize = options.MaxPoolSize,
            MaxAutoPrepare = options.MaxAutoPrepare,
            AutoPrepareMinUsages = 2,
            // The gateway leaves no session state on a connection it hands back (no session SET or temporary tables; the
            // migration lock and the event listener's LISTEN are undone explicitly), so the pool's reset (RESET ALL,
            // UNLISTEN *, pg_advisory_unlock_all() and four more statements before each reuse) is work for nothing.
            NoResetOnClose = true,
        };
        return new NpgsqlDataSourceBuilder(connection.ConnectionString).Build();
    }

    private static DbDataSource BuildSqlite(StorageOptions options, IHostEnvironment environment)
    {
        var connectionString = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? $"Data Source={Path.Combine(environment.ContentRootPath, "livechat.db")}"
            : options.ConnectionString;
        return SqliteFactory.Instance.CreateDataSource(connectionString);
    }

    /// <summary>Migrations run before the server accepts requests; a failure stops the host.</summary>
    private sealed class MigrateOnStart(Migrator migrator) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
