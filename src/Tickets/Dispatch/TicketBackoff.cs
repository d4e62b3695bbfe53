namespace LiveChat.Tickets;

/// <summary>When to try a ticket again: exponential from 30 s, doubled per attempt, capped at 15 min, with jitter, never before Retry-After.</summary>
public static class TicketBackoff
{
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);

    /// <param name="attemptNumber">The attempt that just failed, 1-based.</param>
    /// <param name="now">The current time.</param>
    /// <param name="retryAfter">The helpdesk's Retry-After, honoured even beyond the cap.</param>
    /// <param name="jitterSample">A uniform sample in [0, 1) (e.g. <c>Random.Shared.NextDouble()</c>); the delay is scaled into [50 %, 100 %].</param>
    public static DateTimeOffset NextAttemptAt(int attemptNumber, DateTimeOffset now, TimeSpan? retryAfter, double jitterSample)
    {
        var exponent = Math.Clamp(attemptNumber - 1, 0, 20);
        var ceiling = Math.Min(BaseDelay.TotalSeconds * Math.Pow(2, exponent), MaxDelay.TotalSeconds);
        var jitter = 0.5 + (0.5 * Math.Clamp(jitterSample, 0, 1));
        var delay = TimeSpan.FromSeconds(ceiling * jitter);
        if (retryAfter is { } wait && wait > delay)
        {
            delay = wait;
        }

        return now + delay;
    }
}
