using Npgsql;

namespace LiveChat.Gateway.Events;

/// <summary>
/// Tells the other nodes that events were committed, outside any transaction and coalesced: however many
/// commits wake it during one NOTIFY (<see cref="NotifySignal"/>), at most one more follows. A lost notification
/// costs the other nodes at most their one-second fallback poll, never an event. On SQLite there is one node and
/// nothing wakes it.
/// </summary>
public sealed partial class PostgresNotifier(Db db, NotifySignal signal, ILogger<PostgresNotifier> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(Timeout.InfiniteTimeSpan, stoppingToken);
                await using var connection = (NpgsqlConnection)await db.OpenAsync(stoppingToken);
                await using var notify = new NpgsqlCommand($"NOTIFY {PostgresEventListener.Channel}", connection);
                await notify.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                LogNotifyFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifying other nodes of new events failed; they will find them on their next poll")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception);
}
