using LiveChat.Gateway.Events;

namespace LiveChat.Gateway.Routing;

/// <summary>
/// The incoming-chat alert: a <c>chat.alert</c> event addressed to each online operator of the chat's
/// department whose ringer is on. (<c>chat.queued</c> still goes to the whole department, so that every
/// open queue view updates; the alert is what rings.)
/// </summary>
public static class IncomingChatAlert
{
    /// <summary>The operators of @departmentId whose ringer is on; for callers that send it along with other statements.</summary>
    public const string RingingSql =
        """
        SELECT o.id FROM operators o JOIN operator_departments d ON d.operator_id = o.id
        WHERE d.department_id = @departmentId AND o.status = 'online' AND o.ringer = @ringerOn
        """;

    public static async Task RaiseAsync(UnitOfWork work, string chatId, string departmentId, object data, List<NewEvent> pending) =>
        Raise(chatId, departmentId, data, await work.QueryAsync<string>(RingingSql, new { departmentId, ringerOn = true }), pending);

    public static void Raise(string chatId, string departmentId, object data, IEnumerable<string> ringing, List<NewEvent> pending)
    {
        foreach (var operatorId in ringing)
        {
            pending.Add(new NewEvent("chat.alert", chatId, departmentId, operatorId, data));
        }
    }
}
