namespace LiveChat.Gateway.Storage;

/// <summary>What a unit of work's commit sets in motion besides the commit itself (UnitOfWorkCommit.cs, at the root).</summary>
public interface IUnitOfWorkCommit
{
    /// <summary>Writes the unit's raised events in its transaction, just before it commits.</summary>
    Task AppendAsync(UnitOfWork work, CancellationToken cancellationToken);

    /// <summary>After the commit: wakes whoever has new work because of it (event streams, outbox, bots, tickets).</summary>
    void Committed(UnitOfWork work);
}
