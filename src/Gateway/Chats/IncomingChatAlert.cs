using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Chats;

/// <summary>
/// The incoming-chat alert: one <c>chat.alert</c> event whose audience is the online operators of the chat's
/// department whose ringer is on (one row, not one per operator: with 500 operators online, 400 new chats wrote
/// 200,000 rows, bench scenario 3). (<c>chat.queued</c> still goes to the whole department, so that every open
/// queue view updates; the alert is what rings.)
/// </summary>
public static class IncomingChatAlert
{
    /// <summary>The operators of @departmentId whose ringer is on; for callers that send it along with other statements.</summary>
    public static readonly string RingingSql =
        $"""
        SELECT o.id FROM operators o JOIN operator_departments d ON d.operator_id = o.id
        WHERE d.department_id = @departmentId AND o.status = {Sql.Literal(OperatorState.Online)} AND o.ringer = @ringerOn
        """;

    public static async Task RaiseAsync(UnitOfWork work, ChatQueued queued) =>
        Raise(work, queued, await work.QueryAsync<string>(RingingSql, new { departmentId = queued.DepartmentId, ringerOn = true }));

    public static void Raise(UnitOfWork work, ChatQueued queued, IEnumerable<string> ringing)
    {
        var audience = ringing.ToList();
        if (audience.Count > 0)
        {
            work.Raise(new ChatAlert(queued), EventRoute.Chat(queued.ChatId, queued.DepartmentId) with { Audience = audience });
        }
    }
}
