namespace LiveChat.Tickets;

/// <summary>What the dispatcher stores after an attempt.</summary>
public abstract record TicketNextStep
{
    private TicketNextStep()
    {
    }

    /// <summary>Record the helpdesk's ticket: state <c>created</c>.</summary>
    public sealed record MarkCreated(string ExternalId, string? Url) : TicketNextStep;

    /// <summary>Keep pending until <paramref name="At"/>; store <paramref name="Ambiguous"/> and pass it as the next attempt's <see cref="TicketAttempt.PreviousWasAmbiguous"/>.</summary>
    public sealed record RetryAt(DateTimeOffset At, bool Ambiguous, string Reason) : TicketNextStep;

    /// <summary>Give up: state <c>failed</c>, with the reason shown in the API.</summary>
    public sealed record MarkFailed(string Reason, bool Ambiguous) : TicketNextStep;
}

/// <summary>The dispatcher's decision after one <see cref="ITicketSink.CreateAsync"/>, pure so it is tested without a database.</summary>
public static class TicketDispatch
{
    public static TicketNextStep Next(TicketOutcome outcome, TicketAttempt attempt, int maxAttempts, DateTimeOffset now, double jitterSample) =>
        outcome switch
        {
            TicketOutcome.Created created => new TicketNextStep.MarkCreated(created.ExternalId, created.Url),
            TicketOutcome.Rejected rejected => new TicketNextStep.MarkFailed(rejected.Reason, attempt.PreviousWasAmbiguous),
            TicketOutcome.Retry retry when attempt.Number >= maxAttempts => new TicketNextStep.MarkFailed(
                $"Gave up after {attempt.Number} attempt(s): {retry.Reason}", attempt.PreviousWasAmbiguous || retry.Ambiguous),
            TicketOutcome.Retry retry => new TicketNextStep.RetryAt(
                TicketBackoff.NextAttemptAt(attempt.Number, now, retry.RetryAfter, jitterSample),
                attempt.PreviousWasAmbiguous || retry.Ambiguous,
                retry.Reason),
            _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown ticket outcome."),
        };
}
