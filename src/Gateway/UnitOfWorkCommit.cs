using LiveChat.Gateway.Bots;
using LiveChat.Gateway.Events;
using LiveChat.Gateway.Outbox;
using LiveChat.Gateway.Tickets;

namespace LiveChat.Gateway;

/// <summary>
/// What every unit of work's commit sets in motion: its raised events are appended in its transaction; after the
/// commit, this node's event streams wake and the other nodes are told (coalesced NOTIFY) when it raised events, and
/// each worker wakes whose rows it wrote. A commit that raised nothing and wrote no work wakes no one: every node
/// would read the log for nothing.
/// </summary>
public sealed class UnitOfWorkCommit(
    EventLog log, EventHub hub, PostgresNotifier notifier, TicketSignal tickets, OutboxSignal outbox, BotDeliveries bots) : IUnitOfWorkCommit
{
    public Task AppendAsync(UnitOfWork work, CancellationToken cancellationToken) => log.AppendAsync(work, cancellationToken);

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

        hub.Wake();
        if (work.Connection is Npgsql.NpgsqlConnection)
        {
            notifier.Ping();
        }
    }
}
