using System.Reflection;

namespace LiveChat.Gateway.Storage;

/// <summary>
/// Applies the embedded SQL migrations of the configured provider, in order, once each, at start-up.
/// On PostgreSQL a session advisory lock makes nodes that start together take turns.
/// </summary>
public sealed partial class Migrator(Db db, ILogger<Migrator> logger)
{
    private const long MigrationLockKey = 0x4C43_4D49_4752; // "LCMIGR"

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        if (db.IsPostgres)
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = MigrationLockKey }, cancellationToken: cancellationToken));
        }
        else
        {
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        }

        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)",
                cancellationToken: cancellationToken));
            var applied = (await connection.QueryAsync<long>(new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: cancellationToken))).ToHashSet();
            var done = new List<string>();
            foreach (var migration in Discover(db.Provider))
            {
                if (applied.Contains(migration.Version))
                {
                    continue;
                }

                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @At)",
                    new { migration.Version, migration.Name, At = DateTimeOffset.UtcNow.ToString("O") },
                    transaction,
                    cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                LogApplied(logger, migration.Name, db.Provider);
                done.Add(migration.Name);
            }

            return done;
        }
        finally
        {
            if (db.IsPostgres)
            {
                await connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = MigrationLockKey });
            }
        }
    }

    internal static IReadOnlyList<Migration> Discover(StorageProvider provider)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"{assembly.GetName().Name}.Storage.Migrations.{provider}.";
        return [.. assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Load(assembly, name, name[prefix.Length..^4]))
            .OrderBy(m => m.Version)];
    }

    private static Migration Load(Assembly assembly, string resource, string name)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var version = int.Parse(name.AsSpan(1, name.IndexOf('_', StringComparison.Ordinal) - 1), System.Globalization.CultureInfo.InvariantCulture);
        return new Migration(version, name, reader.ReadToEnd());
    }

    internal sealed record Migration(long Version, string Name, string Sql);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Migration} ({Provider})")]
    private static partial void LogApplied(ILogger logger, string migration, StorageProvider provider);
}
