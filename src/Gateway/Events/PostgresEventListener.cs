using Npgsql;

namespace LiveChat.Gateway.Events;

/// <summary>
/// Wakes this node's <see cref="EventHub"/> when another node commits events (PostgreSQL LISTEN/NOTIFY).
/// Missing a notification costs at most the hub's one-second fallback poll, never an event.
/// </summary>
public sealed partial class PostgresEventListener(Db db, EventHub hub, ILogger<PostgresEventListener> logger) : BackgroundService
{
    public const string Channel = "livechat_events";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!db.IsPostgres)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = (NpgsqlConnection)await db.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => hub.Wake();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                hub.Wake();
                try
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await connection.WaitAsync(stoppingToken);
                    }
                }
                finally
                {
                    await UnlistenAsync(connection);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogListenFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>The pool does not reset connections (StorageRegistration): this one goes back to it listening no more.</summary>
    private static async Task UnlistenAsync(NpgsqlConnection connection)
    {
        try
        {
            await using var unlisten = new NpgsqlCommand($"UNLISTEN {Channel}", connection);
            await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            // A broken connection is not pooled again anyway.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening for event notifications failed; reconnecting")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}
