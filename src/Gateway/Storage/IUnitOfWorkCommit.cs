namespace LiveChat.Gateway.Storage;

/// <summary>
/// What a unit of work's commit sets in motion besides the commit itself (UnitOfWorkCommit.cs, at the root). It is made
/// before <see cref="Db"/> and handed to it, so nothing behind it may need the database: it works on the unit it is given.
/// </summary>
public interface IUnitOfWorkCommit
{
    /// <summary>
    /// Just before the commit, in the unit's transaction: hands each raised event to the <see cref="IRaisedEventHandler"/>s
    /// (events they raise included), then writes them all to the event log.
    /// </summary>
    Task BeforeCommitAsync(UnitOfWork work, CancellationToken cancellationToken);

    /// <summary>After the commit: wakes whoever has new work because of it (event streams, other nodes, outbox, bots, tickets).</summary>
    void Committed(UnitOfWork work);
}
