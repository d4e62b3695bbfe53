namespace LiveChat.Tickets;

/// <summary>
/// Creates a ticket in one helpdesk. The Gateway's dispatcher owns the durable retry: it calls
/// <see cref="CreateAsync"/> once per attempt, stores the outcome and schedules the next attempt
/// (see <see cref="TicketDispatch"/>). An implementation makes one attempt per call and never throws for
/// an HTTP or network failure: it reports it as an outcome. Only cancellation of
/// <c>cancellationToken</c> (host shutdown) surfaces as an exception.
/// </summary>
public interface ITicketSink
{
    /// <summary>The configured provider name: <c>ZohoDesk</c>, <c>Zendesk</c>, <c>Freshdesk</c> or <c>Webhook</c>.</summary>
    string Provider { get; }

    /// <summary>
    /// How long after an ambiguous attempt this sink's lookup can be trusted to see a ticket that attempt
    /// created: zero when it looks up by idempotency key or an exact listing, the search index's delay when it
    /// searches. The dispatcher never retries an ambiguous request sooner.
    /// </summary>
    TimeSpan LookupDelay { get; }

    /// <summary>
    /// Makes one attempt to create the ticket for <paramref name="request"/>. Exactly one ticket per chat
    /// and kind: when <see cref="TicketAttempt.PreviousWasAmbiguous"/> is true the sink first looks for
    /// the ticket an earlier attempt may have created and returns <see cref="TicketOutcome.Created"/> if
    /// it finds it.
    /// </summary>
    Task<TicketOutcome> CreateAsync(TicketRequest request, TicketAttempt attempt, CancellationToken cancellationToken);
}

/// <summary>Which attempt this is.</summary>
/// <param name="Number">1 for the first attempt.</param>
/// <param name="PreviousWasAmbiguous">
/// True when ANY earlier attempt ended with <see cref="TicketOutcome.Retry.Ambiguous"/> (keep it sticky: a
/// later 429 does not prove the earlier timeout created nothing).
/// </param>
public sealed record TicketAttempt(int Number, bool PreviousWasAmbiguous);

/// <summary>What one attempt achieved.</summary>
public abstract record TicketOutcome
{
    private TicketOutcome()
    {
    }

    /// <summary>The ticket exists: <paramref name="ExternalId"/> is the helpdesk's id, <paramref name="Url"/> an agent link when known.</summary>
    public sealed record Created(string ExternalId, string? Url) : TicketOutcome;

    /// <summary>
    /// Try again later, no earlier than <paramref name="RetryAfter"/> when the helpdesk said so.
    /// <paramref name="Ambiguous"/> is true when the request may have reached the helpdesk and created the
    /// ticket (timeout or connection lost after sending, 5xx other than 503); the next attempt must then
    /// say <see cref="TicketAttempt.PreviousWasAmbiguous"/>. <paramref name="Throttled"/> is true for a 429:
    /// the helpdesk asked us to slow down, so the retry is never a quick one.
    /// </summary>
    public sealed record Retry(string Reason, TimeSpan? RetryAfter, bool Ambiguous, bool Throttled = false) : TicketOutcome;

    /// <summary>The helpdesk refused the ticket (a 4xx other than 408/429): it will not succeed as it is. <paramref name="Reason"/> carries the helpdesk's error text.</summary>
    public sealed record Rejected(string Reason) : TicketOutcome;
}
