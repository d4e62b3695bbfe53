namespace LiveChat.Tickets;

/// <summary>
/// When to try a ticket again: exponential from 2 s, doubled per attempt, capped at 15 min, with jitter, never
/// before Retry-After. A single 5xx or lost answer is retried within seconds (bench/ scenario 5: a 30 s first
/// delay made a flaky helpdesk drain at a fraction of its speed); with the default 12 attempts the dispatcher
/// still keeps trying for about 45 minutes of outage before a request is failed.
/// </summary>
public static class TicketBackoff
{
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(2);
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
