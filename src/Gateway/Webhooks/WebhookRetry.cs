namespace LiveChat.Gateway.Webhooks;

/// <summary>
/// The retry rule, as the ticket webhook's: timeouts, network errors, 408, 429 and 5xx are retried with exponential
/// backoff and jitter (a longer Retry-After is honoured); any other answer is final; after
/// <see cref="WebhookOptions.MaxAttempts"/> the event is given up so the subscription is not stuck behind it.
/// </summary>
public static class WebhookRetry
{
    /// <param name="attempt">Which attempt this outcome was, 1-based.</param>
    /// <param name="jitterSample">A uniform sample in [0, 1); the delay is scaled into [50 %, 100 %].</param>
    public static DeliveryDecision Decide(DeliveryOutcome outcome, int attempt, WebhookOptions options, DateTimeOffset now, double jitterSample)
    {
        var (transient, reason, retryAfter) = outcome switch
        {
            DeliveryOutcome.Accepted => (false, null, null),
            DeliveryOutcome.Answered a => (a.Status is 408 or 429 || a.Status >= 500, $"HTTP {a.Status}", a.RetryAfter),
            DeliveryOutcome.NoAnswer n => (true, n.Reason, (TimeSpan?)null),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
        };
        if (reason is null)
        {
            return new DeliveryDecision.MoveOn();
        }

        if (!transient)
        {
            return new DeliveryDecision.GiveUp($"{reason} (not retried)");
        }

        if (attempt >= options.MaxAttempts)
        {
            return new DeliveryDecision.GiveUp($"{reason} after {attempt} attempts");
        }

        var ceiling = Math.Min(options.RetryBaseSeconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30)), options.RetryMaxSeconds);
        var delay = TimeSpan.FromSeconds(ceiling * (0.5 + (0.5 * Math.Clamp(jitterSample, 0, 1))));
        return new DeliveryDecision.RetryAt(now + (retryAfter is { } wait && wait > delay ? wait : delay), reason);
    }
}

/// <summary>What became of one POST of an event.</summary>
public abstract record DeliveryOutcome
{
    public sealed record Accepted : DeliveryOutcome;

    /// <summary>The receiver answered a non-2xx status (with its Retry-After, if any).</summary>
    public sealed record Answered(int Status, TimeSpan? RetryAfter) : DeliveryOutcome;

    /// <summary>No answer: a timeout, a refused connection, a reset.</summary>
    public sealed record NoAnswer(string Reason) : DeliveryOutcome;
}

/// <summary>What the relay does next with the event at its cursor.</summary>
public abstract record DeliveryDecision
{
    public sealed record MoveOn : DeliveryDecision;

    public sealed record RetryAt(DateTimeOffset At, string Reason) : DeliveryDecision;

    public sealed record GiveUp(string Reason) : DeliveryDecision;
}
