namespace LiveChat.Channels.DirectLine;

public interface IDirectLineWatch : IDisposable
{
    /// <summary>Completes when the conversation may have new activities, or after <paramref name="timeout"/> (false).</summary>
    Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken);
}
