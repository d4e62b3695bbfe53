namespace LiveChat.Tickets;

/// <summary>
/// When to try a ticket again. While the helpdesk answers other requests a failure is bad luck (a flaky 5xx, a
/// lost answer), so the retry comes within a second (bench/ scenario 5: per-request exponential backoff left a
/// few unlucky tickets waiting minutes on a healthy helpdesk). When it looks down, throttles us, or one request
/// keeps failing alone, the retry backs off exponentially from 2 s to 15 min. Always jittered, never before
/// Retry-After.
/// </summary>
public static class TicketBackoff
{
    public static readonly TimeSpan QuickDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);

    /// <summary>Quick retries one request may have; after these it backs off even on a healthy helpdesk (a request the helpdesk chokes on).</summary>
    public const int QuickRetries = 20;

    /// <summary>How long a searched helpdesk (Zoho Desk, Freshdesk) may take to index a new ticket; see <see cref="ITicketSink.LookupDelay"/>.</summary>
    public static readonly TimeSpan SearchIndexDelay = TimeSpan.FromSeconds(15);

    /// <param name="now">The current time.</param>
    /// <param name="retryAfter">The helpdesk's Retry-After, honoured even beyond the cap.</param>
    /// <param name="jitterSample">A uniform sample in [0, 1) (e.g. <c>Random.Shared.NextDouble()</c>); the delay is scaled into [50 %, 100 %].</param>
    public static DateTimeOffset QuickAt(DateTimeOffset now, TimeSpan? retryAfter, double jitterSample) =>
        At(now, QuickDelay.TotalSeconds, retryAfter, jitterSample);

    /// <param name="backoff">Which backed-off retry this is, 1-based: 2 s × 2ⁿ⁻¹, capped at 15 min.</param>
    /// <param name="now">The current time.</param>
    /// <param name="retryAfter">The helpdesk's Retry-After, honoured even beyond the cap.</param>
    /// <param name="jitterSample">A uniform sample in [0, 1); the delay is scaled into [50 %, 100 %].</param>
    public static DateTimeOffset BackoffAt(int backoff, DateTimeOffset now, TimeSpan? retryAfter, double jitterSample)
    {
        var exponent = Math.Clamp(backoff - 1, 0, 20);
        return At(now, Math.Min(BaseDelay.TotalSeconds * Math.Pow(2, exponent), MaxDelay.TotalSeconds), retryAfter, jitterSample);
    }

    private static DateTimeOffset At(DateTimeOffset now, double ceilingSeconds, TimeSpan? retryAfter, double jitterSample)
    {
        var jitter = 0.5 + (0.5 * Math.Clamp(jitterSample, 0, 1));
        var delay = TimeSpan.FromSeconds(ceilingSeconds * jitter);
        return now + (retryAfter is { } wait && wait > delay ? wait : delay);
    }
}
