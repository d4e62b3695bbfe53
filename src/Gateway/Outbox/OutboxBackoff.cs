namespace LiveChat.Gateway.Outbox;

/// <summary>Exponential backoff with jitter, never sooner than the channel's Retry-After.</summary>
public static class OutboxBackoff
{
    private static readonly TimeSpan s_cap = TimeSpan.FromMinutes(5);

    public static DateTimeOffset NextAttemptAt(int attempt, DateTimeOffset now, TimeSpan? retryAfter, double jitterSample)
    {
        var exponential = TimeSpan.FromSeconds(Math.Min(s_cap.TotalSeconds, Math.Pow(2, Math.Max(0, attempt - 1))));
        var jittered = exponential * (0.5 + (jitterSample / 2));
        return now + (retryAfter is { } after && after > jittered ? after : jittered);
    }
}
