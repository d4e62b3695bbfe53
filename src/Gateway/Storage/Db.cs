using System.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace LiveChat.Gateway.Storage;

/// <summary>
/// The database: opens connections and knows the few places where PostgreSQL and SQLite speak differently.
/// Handlers use it with Dapper directly; there is no repository layer on top.
/// </summary>
/// <param name="commit">What a unit's commit sets in motion (its events' handlers and append, waking workers). Nothing behind
/// it needs the database. Null for a bare database (migrations, tests): units then cannot raise events.</param>
public sealed class Db(DbDataSource dataSource, StorageProvider provider, IUnitOfWorkCommit? commit = null) : IAsyncDisposable
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
            return new UnitOfWork(connection, transaction, commit, cancellationToken);
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

/// <summary>
/// One connection with one open transaction; disposing without commit rolls back. Every statement runs with the
/// token the unit was begun with (the request's or the worker's). The unit owns the events it raises: its one
/// <see cref="CommitAsync"/> appends them, commits, and wakes whoever has work because of it.
/// </summary>
public sealed class UnitOfWork(DbConnection connection, DbTransaction transaction, IUnitOfWorkCommit? commit, CancellationToken cancellationToken) : IAsyncDisposable
{
    private readonly List<RaisedEvent> _raised = [];

    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    /// <summary>The token every statement of this unit runs with.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    public Task<int> ExecuteAsync(string sql, object? parameters = null) =>
        Connection.ExecuteAsync(Command(sql, parameters));

    public Task<T?> ScalarAsync<T>(string sql, object? parameters = null) =>
        Connection.ExecuteScalarAsync<T>(Command(sql, parameters));

    public Task<T?> SingleOrDefaultAsync<T>(string sql, object? parameters = null) =>
        Connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters));

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters = null) =>
        Connection.QueryAsync<T>(Command(sql, parameters));

    public Task<SqlMapper.GridReader> QueryMultipleAsync(string sql, object? parameters = null) =>
        Connection.QueryMultipleAsync(Command(sql, parameters));

    private CommandDefinition Command(string sql, object? parameters) => new(sql, parameters, Transaction, cancellationToken: CancellationToken);

    /// <summary>The events raised so far, in order; the commit appends them.</summary>
    public IReadOnlyList<RaisedEvent> Raised => _raised;

    /// <summary>Raises <paramref name="e"/> for <paramref name="route"/>: it is written in this transaction when the unit commits, and never if it does not.</summary>
    public void Raise(GatewayEvent e, EventRoute route) => _raised.Add(new RaisedEvent(e, route));

    /// <summary>True once a ticket request was written in this unit: its commit wakes the ticket relay, which hands it to Hangfire.</summary>
    public bool WroteTicketRequest { get; set; }

    /// <summary>True once an outbox row was written in this unit: its commit wakes the outbox dispatcher.</summary>
    public bool WroteOutbox { get; set; }

    /// <summary>True once a bot delivery was written in this unit: its commit wakes the bot delivery worker.</summary>
    public bool WroteBotDelivery { get; set; }

    private bool HasEffects => _raised.Count > 0 || WroteTicketRequest || WroteOutbox || WroteBotDelivery;

    /// <summary>
    /// Hands the raised events to their in-transaction handlers and appends them, commits, then wakes the event streams
    /// and the workers this unit gave work to.
    /// </summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        var effects = HasEffects
            ? commit ?? throw new InvalidOperationException("This unit raised events or wrote work for a worker, but its database has no commit effects (a bare Db).")
            : null;
        if (effects is not null && _raised.Count > 0)
        {
            await effects.BeforeCommitAsync(this, cancellationToken);
        }

        await Transaction.CommitAsync(cancellationToken);
        effects?.Committed(this);
    }

    public async ValueTask DisposeAsync()
    {
        await Transaction.DisposeAsync();
        await Connection.DisposeAsync();
    }
}
