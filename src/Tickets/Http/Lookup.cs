namespace LiveChat.Tickets.Http;

/// <summary>The search for an earlier attempt's ticket.</summary>
internal static class Lookup
{
    /// <summary>
    /// The search failed: never create blindly (that is how duplicates happen). Stay ambiguous and retry,
    /// or report a refusal (e.g. a missing search permission) with what was being done.
    /// </summary>
    public static TicketOutcome Failed(TicketOutcome failure) => failure switch
    {
        TicketOutcome.Retry retry => retry with { Reason = "Looking for the ticket of an ambiguous earlier attempt failed: " + retry.Reason, Ambiguous = true },
        TicketOutcome.Rejected rejected => new TicketOutcome.Rejected("Looking for the ticket of an ambiguous earlier attempt was refused: " + rejected.Reason),
        _ => failure,
    };
}
