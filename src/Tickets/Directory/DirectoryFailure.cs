namespace LiveChat.Tickets;

internal static class DirectoryFailure
{
    /// <summary>The words of a failed exchange, read as the ticket sinks read it; a directory does not retry.</summary>
    public static string Reason(TicketOutcome failure) => failure switch
    {
        TicketOutcome.Retry retry => retry.Reason,
        TicketOutcome.Rejected rejected => rejected.Reason,
        _ => "The helpdesk did not answer.",
    };
}
