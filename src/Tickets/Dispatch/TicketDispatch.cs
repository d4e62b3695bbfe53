namespace LiveChat.Tickets;

/// <summary>The dispatcher's decision after one <see cref="ITicketSink.CreateAsync"/>, pure so it is tested without a database.</summary>
public static class TicketDispatch
{
    /// <param name="outcome">What the attempt achieved.</param>
    /// <param name="attempt">The attempt that was made (its number counts every attempt, quick or not).</param>
    /// <param name="backoffs">Backed-off retries the request had before this attempt.</param>
    /// <param name="health">What this node saw of the helpdesk lately.</param>
    /// <param name="policy">Attempts allowed and the sink's lookup delay.</param>
    /// <param name="now">The current time.</param>
    /// <param name="jitterSample">A uniform sample in [0, 1).</param>
    public static TicketNextStep Next(
        TicketOutcome outcome, TicketAttempt attempt, int backoffs, HelpdeskHealth health, TicketRetryPolicy policy, DateTimeOffset now, double jitterSample) =>
        outcome switch
        {
            TicketOutcome.Created created => new TicketNextStep.MarkCreated(created.ExternalId, created.Url),
            TicketOutcome.Rejected rejected => new TicketNextStep.MarkFailed(rejected.Reason, attempt.PreviousWasAmbiguous),
            TicketOutcome.Retry retry => Retry(retry, attempt, backoffs, health, policy, now, jitterSample),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown ticket outcome."),
        };

    private static TicketNextStep Retry(
        TicketOutcome.Retry retry, TicketAttempt attempt, int backoffs, HelpdeskHealth health, TicketRetryPolicy policy, DateTimeOffset now, double jitterSample)
    {
        var ambiguous = attempt.PreviousWasAmbiguous || retry.Ambiguous;
        var quickRetriesSoFar = attempt.Number - 1 - backoffs;
        var quick = !retry.Throttled && !health.LooksDown && quickRetriesSoFar < TicketBackoff.QuickRetries;
        if (!quick && backoffs + 1 >= policy.MaxAttempts)
        {
            return new TicketNextStep.MarkFailed($"Gave up after {attempt.Number} attempt(s): {retry.Reason}", ambiguous);
        }

        var at = quick
            ? TicketBackoff.QuickAt(now, retry.RetryAfter, jitterSample)
            : TicketBackoff.BackoffAt(backoffs + 1, now, retry.RetryAfter, jitterSample);
        if (ambiguous && at < now + policy.LookupDelay)
        {
            // A searched helpdesk may not have indexed the ticket that attempt created yet; looking too early would create a second one.
            at = now + policy.LookupDelay;
        }

        return new TicketNextStep.RetryAt(at, ambiguous, retry.Reason, Backoff: !quick);
    }
}

/// <summary>What the dispatcher stores after an attempt.</summary>
public abstract record TicketNextStep
{
    private TicketNextStep()
    {
    }

    /// <summary>Record the helpdesk's ticket: state <c>created</c>.</summary>
    public sealed record MarkCreated(string ExternalId, string? Url) : TicketNextStep;

    /// <summary>
    /// Keep pending until <paramref name="At"/>; store <paramref name="Ambiguous"/> and pass it as the next attempt's
    /// <see cref="TicketAttempt.PreviousWasAmbiguous"/>. <paramref name="Backoff"/>: a backed-off retry, which counts
    /// towards <see cref="TicketRetryPolicy.MaxAttempts"/>; a quick one does not.
    /// </summary>
    public sealed record RetryAt(DateTimeOffset At, bool Ambiguous, string Reason, bool Backoff) : TicketNextStep;

    /// <summary>Give up: state <c>failed</c>, with the reason shown in the API.</summary>
    public sealed record MarkFailed(string Reason, bool Ambiguous) : TicketNextStep;
}

/// <summary>How hard to try one helpdesk.</summary>
/// <param name="MaxAttempts">Backed-off failures before a request is failed (<c>Tickets:MaxAttempts</c>).</param>
/// <param name="LookupDelay">The sink's <see cref="ITicketSink.LookupDelay"/>: the earliest retry after an ambiguous attempt.</param>
public sealed record TicketRetryPolicy(int MaxAttempts, TimeSpan LookupDelay);
