using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Tickets;

/// <summary>
/// Stands in for the <see cref="TicketRelay"/> on a node without a helpdesk (Tickets:Provider empty): nothing is handed to
/// Hangfire; the requests stay pending (a provider configured later sends them) and say why.
/// </summary>
public sealed partial class TicketsWithoutHelpdesk(
    Db db, TicketSignal signal, IOptions<TicketDispatchOptions> options, TimeProvider time, ILogger<TicketsWithoutHelpdesk> logger) : WakeableWorker(signal)
{
    protected override TimeSpan IdlePoll => options.Value.Poll;

    protected override async Task<int> WorkDueAsync(CancellationToken cancellationToken)
    {
        await TicketRelay.MarkUnconfiguredAsync(db, time.GetUtcNow(), cancellationToken);
        return 0;
    }

    protected override void OnRoundFailed(Exception exception) => LogMarkFailed(logger, exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Marking ticket requests as waiting for a helpdesk failed; retrying")]
    private static partial void LogMarkFailed(ILogger logger, Exception exception);
}
