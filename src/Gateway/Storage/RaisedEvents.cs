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

/// <summary>
/// Who may see an event: its operator, else its audience, else its chat's department (supervisors and admins see
/// everything). Null throughout: every operator.
/// </summary>
public sealed record EventRoute(string? ChatId, string? DepartmentId, string? OperatorId)
{
    public static EventRoute Everyone { get; } = new(null, null, null);

    /// <summary>
    /// The operators it is for, when that is several (an incoming-chat alert rings these): one row fanned out in
    /// memory instead of one row per operator.
    /// </summary>
    public IReadOnlyCollection<string>? Audience { get; init; }

    /// <summary><see cref="Audience"/> as stored: space-separated.</summary>
    public string? AudienceText => Audience is null ? null : string.Join(' ', Audience);

    /// <summary>The operators of the chat's department (and the chat's participants).</summary>
    public static EventRoute Chat(string? chatId, string? departmentId) => new(chatId, departmentId, null);

    /// <summary>One operator only.</summary>
    public static EventRoute Operator(string? chatId, string operatorId) => new(chatId, null, operatorId);
}

/// <summary>An event raised on a unit of work with where it goes.</summary>
public sealed record RaisedEvent(GatewayEvent Event, EventRoute Route);

/// <summary>What a unit of work's commit sets in motion besides the commit itself (UnitOfWorkCommit.cs, at the root).</summary>
public interface IUnitOfWorkCommit
{
    /// <summary>Writes the unit's raised events in its transaction, just before it commits.</summary>
    Task AppendAsync(UnitOfWork work, CancellationToken cancellationToken);

    /// <summary>After the commit: wakes whoever has new work because of it (event streams, outbox, bots, tickets).</summary>
    void Committed(UnitOfWork work);
}
