namespace LiveChat.Gateway.Chats;

/// <summary>
/// Removes lapsed presence heartbeats (an operator closed the tab or lost the connection) and tells each chat's operators
/// who still has it open. The DELETE claims each row once, so with several nodes sweeping one event is raised per change.
/// </summary>
public sealed partial class PresenceSweeper(Db db, TimeProvider time, ILogger<PresenceSweeper> logger) : BackgroundService
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(5);

    /// <summary>One sweep; returns the chats whose viewers changed.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var work = await db.BeginAsync(cancellationToken);
        var chats = (await work.QueryAsync<string>("DELETE FROM chat_presence WHERE until <= @now RETURNING chat_id", new { now })).Distinct().ToList();
        foreach (var chatId in chats)
        {
            var departmentId = await work.ScalarAsync<string>("SELECT department_id FROM chats WHERE id = @chatId", new { chatId });
            await ChatPresence.RaiseAsync(work, chatId, departmentId!, now);
        }

        await work.CommitAsync(cancellationToken);
        return chats.Count;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(s_interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await SweepAsync(stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Presence sweep failed; trying again shortly")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
