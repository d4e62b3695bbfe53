using LiveChat.Gateway.Bots;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Outbox;
using LiveChat.Gateway.Tickets;

namespace LiveChat.Gateway;

/// <summary>
/// What every unit of work's commit sets in motion: its raised events go to their in-transaction handlers and are
/// appended in its transaction; after the commit, this node's event streams wake and the other nodes are told
/// (coalesced NOTIFY) when it raised events, and each worker wakes whose rows it wrote. A commit that raised nothing and
/// wrote no work wakes no one: every node would read the log for nothing. Everything here is a signal or a handler of
/// the unit, nothing a database: <see cref="Db"/> is made with this.
/// </summary>
public sealed class UnitOfWorkCommit(
    TimeProvider time,
    IEnumerable<IRaisedEventHandler> handlers,
    EventSignal events,
    NotifySignal otherNodes,
    TicketSignal tickets,
    OutboxSignal outbox,
    BotDeliveries bots) : IUnitOfWorkCommit
{
    private readonly IRaisedEventHandler[] _handlers = [.. handlers];

    public async Task BeforeCommitAsync(UnitOfWork work, CancellationToken cancellationToken)
    {
        // By index: an event a handler raises is handled in its turn.
        for (var i = 0; i < work.Raised.Count; i++)
        {
            foreach (var handler in _handlers)
            {
                await handler.HandleAsync(work, work.Raised[i].Event);
            }
        }

        await EventLog.AppendAsync(work, time.GetUtcNow(), cancellationToken);
    }

    public void Committed(UnitOfWork work)
    {
        if (work.WroteTicketRequest)
        {
            tickets.Wake();
        }

        if (work.WroteOutbox)
        {
            outbox.Wake();
        }

        if (work.WroteBotDelivery)
        {
            bots.Wake();
        }

        if (work.Raised.Count == 0)
        {
            return;
        }

        events.Wake();
        if (work.Connection is Npgsql.NpgsqlConnection)
        {
            otherNodes.Wake();
        }
    }
}
