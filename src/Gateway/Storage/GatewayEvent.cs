namespace LiveChat.Gateway.Storage;

/// <summary>
/// Something that happened, raised on a <see cref="UnitOfWork"/> and written to the event log when the unit commits.
/// One sealed record per kind (Events/GatewayEvents.cs); its wire name comes from <c>EventType.NameOf</c>.
/// </summary>
public abstract record GatewayEvent
{
    /// <summary>The payload as it goes on the wire: the record itself, or the shared view it carries.</summary>
    internal virtual object Body => this;
}
