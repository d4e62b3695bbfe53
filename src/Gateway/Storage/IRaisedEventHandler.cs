namespace LiveChat.Gateway.Storage;

/// <summary>
/// Follows an event in the transaction that raised it, just before the commit, as one more step of the same change: a
/// feature above the chat core reacts to what the core did without the core calling it (the bot that handed a chat over
/// hears that it was picked up, missed or ended). Its writes commit or roll back with the unit, and what it raises is
/// handled and appended too. Handlers are made before <see cref="Db"/> (see <see cref="IUnitOfWorkCommit"/>), so one may
/// not depend on the database: the unit is all it gets.
/// </summary>
public interface IRaisedEventHandler
{
    /// <summary>Called for every event raised on <paramref name="work"/>; one it does not follow is a completed task.</summary>
    Task HandleAsync(UnitOfWork work, GatewayEvent raised);
}
