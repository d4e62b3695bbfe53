using Npgsql;

namespace LiveChat.Gateway.Events;

/// <summary>
/// Tells the other nodes that events were committed, outside any transaction and coalesced: however many
/// commits ping it during one NOTIFY, at most one more follows. A lost notification costs the other
/// nodes at most their one-second fallback poll, never an event.
/// </summary>
public sealed partial class PostgresNotifier(Db db, ILogger<PostgresNotifier> logger)
{
    private int _pending;
    private int _running;

    public void Ping()
    {
        Volatile.Write(ref _pending, 1);
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
        {
            _ = Task.Run(SendAsync);
        }
    }

    private async Task SendAsync()
    {
        try
        {
            while (Interlocked.Exchange(ref _pending, 0) == 1)
            {
                await using var connection = (NpgsqlConnection)await db.OpenAsync(CancellationToken.None);
                await using var notify = new NpgsqlCommand($"NOTIFY {PostgresEventListener.Channel}", connection);
                await notify.ExecuteNonQueryAsync();
            }
        }
        catch (Exception exception)
        {
            LogNotifyFailed(logger, exception);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
            if (Volatile.Read(ref _pending) == 1)
            {
                Ping();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notifying other nodes of new events failed; they will find them on their next poll")]
    private static partial void LogNotifyFailed(ILogger logger, Exception exception);
}
