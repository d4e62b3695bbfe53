namespace LiveChat.Gateway.Hosting;

/// <summary>
/// The loop every durable queue worker shares (outbox, bot deliveries, summaries, tickets): work through what is
/// due; when nothing was, sleep until woken by <paramref name="signal"/> or until <see cref="IdlePoll"/> passes
/// (other nodes' commits do not wake this one); a failed round is reported and retried after the same pause.
/// </summary>
public abstract class WakeableWorker(WakeSignal signal) : BackgroundService
{
    /// <summary>How long to sleep when nothing was due, and after a failed round.</summary>
    protected virtual TimeSpan IdlePoll => TimeSpan.FromSeconds(1);

    /// <summary>Handles what is due now; returns how many items it took.</summary>
    protected abstract Task<int> WorkDueAsync(CancellationToken cancellationToken);

    /// <summary>Reports a failed round (the worker's own log message).</summary>
    protected abstract void OnRoundFailed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await WorkDueAsync(stoppingToken) == 0)
                {
                    await signal.WaitAsync(IdlePoll, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                OnRoundFailed(exception);
                await Task.Delay(IdlePoll, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
