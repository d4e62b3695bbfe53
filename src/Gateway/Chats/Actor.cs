using LiveChat.Gateway.Auth;
using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Chats;

/// <summary>Who did something to a chat: an operator, the visitor, or the gateway itself (a timer).</summary>
public sealed record Actor(string Kind, string? Id, string? Name)
{
    public static Actor System { get; } = new(ParticipantKind.System, null, null);

    public static Actor Visitor(string visitorId) => new(ParticipantKind.Visitor, visitorId, null);

    public static Actor Operator(string id, string? name) => new(ParticipantKind.Operator, id, name);

    public static Actor Bot(string bot) => new(ParticipantKind.Bot, bot, null);

    public EventActor ToData() => new(Kind, Id, Name);
}

/// <summary>An operator as the chat actions need them: availability, capacity and departments.</summary>
public sealed record OperatorSnapshot
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Role { get; init; }
    public required string Status { get; init; }
    public int MaxConcurrentChats { get; init; }
    public IReadOnlySet<string> DepartmentIds { get; init; } = new HashSet<string>();

    public bool IsOnline => Status == OperatorState.Online;

    public bool SeesAllDepartments => Role is Roles.Supervisor or Roles.Admin;

    public bool WorksIn(string departmentId) => DepartmentIds.Contains(departmentId);

    public Actor ToActor() => Actor.Operator(Id, Name);

    /// <summary>Loads the operator; on PostgreSQL the row is locked so one operator's concurrent actions take turns (capacity).</summary>
    public static async Task<OperatorSnapshot?> LoadAsync(UnitOfWork work, string id, bool forUpdate = false)
    {
        var row = await work.SingleOrDefaultAsync<OperatorSnapshot>(
            $"SELECT id, name, role, status, max_concurrent_chats FROM operators WHERE id = @id{(forUpdate && work.Connection is Npgsql.NpgsqlConnection ? " FOR NO KEY UPDATE" : string.Empty)}",
            new { id });
        if (row is null)
        {
            return null;
        }

        var departments = await work.QueryAsync<string>("SELECT department_id FROM operator_departments WHERE operator_id = @id", new { id });
        return row with { DepartmentIds = departments.ToHashSet(StringComparer.Ordinal) };
    }

    /// <summary>The chats this operator owns and that still need them (active or ending).</summary>
    public static Task<long> OpenChatsAsync(UnitOfWork work, string id) => work.ScalarAsync<long>(OpenChatsSql("@id"), new { id });

    /// <summary>The count of <see cref="OpenChatsAsync"/> as SQL, for the operator id SQL expression <paramref name="operatorId"/>.</summary>
    public static string OpenChatsSql(string operatorId) =>
        $"""
        SELECT COUNT(*) FROM chat_participants p JOIN chats c ON c.id = p.chat_id
        WHERE p.participant_id = {operatorId} AND p.kind = {Sql.Literal(ParticipantKind.Operator)} AND p.role = {Sql.Literal(ParticipantRole.Owner)} AND p.left_at IS NULL AND c.state {Sql.In(ChatState.WithOperator)}
        """;
}
