namespace LiveChat.Gateway.Hosting;

/// <summary>
/// Wakes one of this node's background workers after a commit gave it work; many wakes while it is busy
/// collapse into one. Each worker has its own subclass so that it is its own DI service.
/// </summary>
public abstract class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // already signalled
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
