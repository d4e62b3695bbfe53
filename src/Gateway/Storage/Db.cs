using System.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LiveChat.Gateway.Storage;

/// <summary>
/// The database: opens connections and knows the few places where PostgreSQL and SQLite speak differently.
/// Handlers use it with Dapper directly; there is no repository layer on top.
/// </summary>
public sealed class Db(DbDataSource dataSource, StorageProvider provider) : IAsyncDisposable
{
    private readonly FailedStatements? _failures = provider == StorageProvider.Postgres ? new FailedStatements() : null;

    public StorageProvider Provider { get; } = provider;

    public bool IsPostgres => Provider == StorageProvider.Postgres;

    public DbDataSource DataSource { get; } = dataSource;

    /// <summary>Appended to a claim query: rows another node holds are skipped, not waited for.</summary>
    public string ForUpdateSkipLocked => IsPostgres ? " FOR UPDATE SKIP LOCKED" : string.Empty;

    /// <summary>Case-insensitive LIKE.</summary>
    public string ILike => IsPostgres ? "ILIKE" : "LIKE";

    /// <summary>Opens a connection. Not async on purpose: the failure watch must live on the caller's flow (see <see cref="FailedStatements"/>).</summary>
    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken) => OpenAsync(_failures?.Begin(), cancellationToken);

    /// <summary>Opens a connection and begins a transaction (SQLite: BEGIN IMMEDIATE, so writers queue instead of failing).</summary>
    public Task<UnitOfWork> BeginAsync(CancellationToken cancellationToken) => BeginAsync(_failures?.Begin(), cancellationToken);

    private async Task<DbConnection> OpenAsync(FailedStatements.Watch? watch, CancellationToken cancellationToken)
    {
        var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        if (connection is NpgsqlConnection npgsql && watch is not null)
        {
            watch.Owner.Heal(npgsql);
            watch.Connection = npgsql;
        }
        else if (!IsPostgres)
        {
            await connection.ExecuteAsync("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000;");
        }

        return connection;
    }

    private async Task<UnitOfWork> BeginAsync(FailedStatements.Watch? watch, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(watch, cancellationToken);
        try
        {
            var transaction = IsPostgres
                ? await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken)
                : ((SqliteConnection)connection).BeginTransaction(deferred: false);
            return new UnitOfWork(connection, transaction);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// "column is one of @parameter": Dapper hands arrays to Npgsql as one array parameter but expands
    /// them for SQLite, so the two need different SQL.
    /// </summary>
    public static string AnyOf(DbConnection connection, string column, string parameter) =>
        connection is NpgsqlConnection ? $"{column} = ANY(@{parameter})" : $"{column} IN @{parameter}";

    public static bool IsUniqueViolation(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException lite => lite.SqliteErrorCode == 19 && lite.SqliteExtendedErrorCode is 2067 or 1555,
        _ => false,
    };

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}

/// <summary>One connection with one open transaction; disposing without commit rolls back.</summary>
public sealed class UnitOfWork(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
{
    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    public Task<int> ExecuteAsync(string sql, object? parameters = null) =>
        Connection.ExecuteAsync(sql, parameters, Transaction);

    public Task<T?> ScalarAsync<T>(string sql, object? parameters = null) =>
        Connection.ExecuteScalarAsync<T>(sql, parameters, Transaction);

    public Task<T?> SingleOrDefaultAsync<T>(string sql, object? parameters = null) =>
        Connection.QuerySingleOrDefaultAsync<T>(sql, parameters, Transaction);

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters = null) =>
        Connection.QueryAsync<T>(sql, parameters, Transaction);

    /// <summary>True once events were appended in this unit: only then does its commit wake the event streams.</summary>
    public bool HasEvents { get; internal set; }

    /// <summary>True once a ticket request was written in this unit: its commit wakes the ticket relay, which hands it to Hangfire.</summary>
    public bool WroteTicketRequest { get; set; }

    public Task CommitAsync(CancellationToken cancellationToken) => Transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
